package io.mlsteps.jenkins.trend;

import java.util.Map;

/**
 * The baseline value of a metric and the delta to it. compareToBaseline reports {@code delta[m]} and, when it
 * knows it, {@code baseline[m]}; for other steps the baseline is the same step's value in the previous build
 * that ran it.
 */
public final class Baselines {
    private Baselines() {
    }

    /** The baseline of {@code metric} in one step's metrics, or null when the step did not compare. */
    public static Double baselineOf(String metric, Map<String, Double> metrics) {
        Double baseline = metrics.get("baseline[" + metric + "]");
        if (baseline != null) {
            return baseline;
        }
        Double value = metrics.get(metric);
        Double delta = metrics.get("delta[" + metric + "]");
        return value != null && delta != null ? value - delta : null;
    }

    /**
     * The delta of {@code metric} to its baseline: the step's own {@code delta[m]} if it has one, else the
     * difference to {@code previous} (the same step's metrics in an earlier build; may be null).
     */
    public static Double deltaOf(String metric, Map<String, Double> metrics, Map<String, Double> previous) {
        Double delta = metrics.get("delta[" + metric + "]");
        if (delta != null) {
            return delta;
        }
        Double value = metrics.get(metric);
        Double before = previous == null ? null : previous.get(metric);
        if (value == null || before == null || value.isNaN() || before.isNaN()) {
            return null;
        }
        return value - before;
    }
}
