package io.mlsteps.jenkins.engine;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * A quality gate as the Jenkinsfile gives it: {@code [metric: 'accuracy', threshold: 0.85, criticality: 'FAILURE']}.
 * compareToBaseline also takes relative bounds ({@code maxDrop}, {@code maxRelativeDrop}, {@code minImprovement},
 * {@code maxImprovement}) and there the threshold is optional; every other step needs the threshold.
 *
 * @param metric          metric name, may carry a slice wildcard such as {@code accuracy[sex=*]}
 * @param threshold       the absolute bound, or null (compareToBaseline only)
 * @param criticality     NOTE, UNSTABLE, ERROR or FAILURE
 * @param direction       null (the engine knows the metric's direction), {@code HIGHER_IS_BETTER} or {@code LOWER_IS_BETTER}
 * @param maxDrop         largest tolerated absolute regression against the baseline, or null
 * @param maxRelativeDrop largest tolerated relative regression, or null
 * @param minImprovement  required improvement, or null
 * @param maxImprovement  suspicious improvement (a leakage alarm), or null
 */
public record GateSpec(String metric, Double threshold, String criticality, String direction, Double maxDrop,
                       Double maxRelativeDrop, Double minImprovement, Double maxImprovement) implements Serializable {
    public static final List<String> CRITICALITIES = List.of("NOTE", "UNSTABLE", "ERROR", "FAILURE");
    public static final List<String> DIRECTIONS = List.of("HIGHER_IS_BETTER", "LOWER_IS_BETTER");

    public GateSpec {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("a quality gate needs a 'metric', e.g. [metric: 'accuracy', threshold: 0.85]");
        }
        metric = metric.trim();
        finite(metric, "threshold", threshold);
        finite(metric, "maxDrop", maxDrop);
        finite(metric, "maxRelativeDrop", maxRelativeDrop);
        finite(metric, "minImprovement", minImprovement);
        finite(metric, "maxImprovement", maxImprovement);
        criticality = normalise(criticality, "UNSTABLE", CRITICALITIES, "criticality", metric);
        direction = direction == null || direction.isBlank() ? null
                : normalise(direction, null, DIRECTIONS, "direction", metric);
    }

    /** A plain threshold gate. */
    public GateSpec(String metric, double threshold, String criticality, String direction) {
        this(metric, threshold, criticality, direction, null, null, null, null);
    }

    /** Whether the gate has a bound relative to a baseline (only compareToBaseline evaluates those). */
    public boolean isRelative() {
        return maxDrop != null || maxRelativeDrop != null || minImprovement != null || maxImprovement != null;
    }

    private static void finite(String metric, String field, Double value) {
        if (value != null && (value.isNaN() || value.isInfinite())) {
            throw new IllegalArgumentException("quality gate on '" + metric + "': " + field + " is not a finite number");
        }
    }

    private static String normalise(String value, String fallback, List<String> allowed, String what, String metric) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String upper = value.trim().toUpperCase(Locale.ROOT);
        if (!allowed.contains(upper)) {
            throw new IllegalArgumentException("quality gate on '" + metric + "': unknown " + what + " '" + value
                    + "'; expected one of " + String.join(", ", allowed));
        }
        return upper;
    }
}
