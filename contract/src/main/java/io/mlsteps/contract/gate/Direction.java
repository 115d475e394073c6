package io.mlsteps.contract.gate;

/** Which way a metric improves. */
public enum Direction {
    HIGHER_IS_BETTER, LOWER_IS_BETTER;

    public String boundOperator() {
        return this == HIGHER_IS_BETTER ? ">=" : "<=";
    }

    public boolean satisfies(double observed, double threshold) {
        return this == HIGHER_IS_BETTER ? observed >= threshold : observed <= threshold;
    }
}
