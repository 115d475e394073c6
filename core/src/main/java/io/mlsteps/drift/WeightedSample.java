package io.mlsteps.drift;

import java.util.Arrays;

/**
 * A numeric distribution as sorted distinct values with weights. Exact data gives the values with their
 * counts; a KLL sketch gives its retained items with their weights, so every statistic below is computed
 * the same way on raw data and on sketches (then with the sketch's rank error, see {@code docs/drift.md}).
 *
 * @param values  sorted ascending, distinct, finite
 * @param weights weight of each value (a count for exact data)
 * @param count   number of observations the sample stands for (the n of the tests)
 * @param exact   whether the weights are exact counts (false when they come from a sketch)
 */
public record WeightedSample(double[] values, double[] weights, long count, boolean exact) {

    public WeightedSample {
        if (values.length != weights.length) {
            throw new IllegalArgumentException("values and weights differ in length");
        }
    }

    /** The exact sample of raw values (NaN and infinities must be removed beforehand). */
    public static WeightedSample of(double... raw) {
        double[] sorted = raw.clone();
        Arrays.sort(sorted);
        int distinct = 0;
        double[] values = new double[sorted.length];
        double[] weights = new double[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            if (distinct > 0 && values[distinct - 1] == sorted[i]) {
                weights[distinct - 1]++;
            } else {
                values[distinct] = sorted[i];
                weights[distinct++] = 1;
            }
        }
        return new WeightedSample(Arrays.copyOf(values, distinct), Arrays.copyOf(weights, distinct),
                sorted.length, true);
    }

    public boolean isEmpty() {
        return count == 0 || values.length == 0;
    }

    public int distinct() {
        return values.length;
    }

    public double totalWeight() {
        double s = 0;
        for (double w : weights) {
            s += w;
        }
        return s;
    }

    public double min() {
        return values[0];
    }

    public double max() {
        return values[values.length - 1];
    }

    public double mean() {
        double s = 0;
        double w = 0;
        for (int i = 0; i < values.length; i++) {
            s += values[i] * weights[i];
            w += weights[i];
        }
        return s / w;
    }

    /** Population standard deviation (ddof 0, as {@code numpy.std}). */
    public double std() {
        double mean = mean();
        double s = 0;
        double w = 0;
        for (int i = 0; i < values.length; i++) {
            double d = values[i] - mean;
            s += d * d * weights[i];
            w += weights[i];
        }
        return Math.sqrt(s / w);
    }

    /** The smallest value with at least {@code q} of the weight at or below it. */
    public double quantile(double q) {
        double target = q * totalWeight();
        double seen = 0;
        for (int i = 0; i < values.length; i++) {
            seen += weights[i];
            if (seen >= target) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    /** Whether every value is a whole number. */
    public boolean allIntegers() {
        for (double v : values) {
            if (v != Math.rint(v)) {
                return false;
            }
        }
        return true;
    }
}
