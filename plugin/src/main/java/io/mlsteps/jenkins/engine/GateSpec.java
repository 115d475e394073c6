package io.mlsteps.jenkins.engine;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * A quality gate as the Jenkinsfile gives it: {@code [metric: 'accuracy', threshold: 0.85, criticality: 'FAILURE']}.
 *
 * @param metric      metric name, may carry a slice wildcard such as {@code accuracy[sex=*]}
 * @param threshold   the bound
 * @param criticality NOTE, UNSTABLE, ERROR or FAILURE
 * @param direction   null (the engine knows the metric's direction), {@code HIGHER_IS_BETTER} or {@code LOWER_IS_BETTER}
 */
public record GateSpec(String metric, double threshold, String criticality, String direction) implements Serializable {
    public static final List<String> CRITICALITIES = List.of("NOTE", "UNSTABLE", "ERROR", "FAILURE");
    public static final List<String> DIRECTIONS = List.of("HIGHER_IS_BETTER", "LOWER_IS_BETTER");

    public GateSpec {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("a quality gate needs a 'metric', e.g. [metric: 'accuracy', threshold: 0.85]");
        }
        metric = metric.trim();
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("quality gate on '" + metric + "': threshold is not a number");
        }
        criticality = normalise(criticality, "UNSTABLE", CRITICALITIES, "criticality", metric);
        direction = direction == null || direction.isBlank() ? null
                : normalise(direction, null, DIRECTIONS, "direction", metric);
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
