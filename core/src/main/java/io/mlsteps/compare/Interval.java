package io.mlsteps.compare;

import io.mlsteps.util.Numbers;

/** A closed interval {@code [lower, upper]}, e.g. a confidence interval of a metric delta. */
public record Interval(double lower, double upper) {

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isDefined() {
        return !Double.isNaN(lower) && !Double.isNaN(upper);
    }

    public double width() {
        return upper - lower;
    }

    @Override
    public String toString() {
        return "[" + Numbers.format(lower) + ", " + Numbers.format(upper) + "]";
    }
}
