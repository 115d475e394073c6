package io.mlsteps.compare;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mlsteps.gate.Criticality;
import io.mlsteps.gate.Direction;
import io.mlsteps.gate.QualityGate;

/**
 * A quality gate of {@code compareToBaseline}: the generic gate's {@code metric}, {@code threshold},
 * {@code criticality} and {@code direction}, plus rules relative to the baseline. Every rule given is a
 * separate check; a gate with no rule at all means {@code maxDrop: 0} (no worse than the baseline).
 *
 * <pre>
 * qualityGates: [[metric: 'accuracy', maxDrop: 0.01, criticality: 'FAILURE'],
 *                [metric: 'accuracy', maxImprovement: 0.05],            // leakage alarm
 *                [metric: 'f1[sex=*]', maxRelativeDrop: 0.02]]           // every slice
 * </pre>
 *
 * @param metric          metric name, {@code *} allowed in the qualifier ({@code accuracy[sex=*]})
 * @param threshold       absolute bound on the candidate's value (a minimum or maximum by direction)
 * @param maxDrop         largest tolerated regression versus the baseline, in the metric's units (>= 0)
 * @param maxRelativeDrop largest tolerated regression as a fraction of the baseline's value (>= 0; 0.02 = 2 %)
 * @param minImprovement  improvement over the baseline the candidate must show, in the metric's units
 * @param maxImprovement  largest believable improvement; more is suspicious (leakage alarm)
 * @param criticality     what a failure does; default UNSTABLE
 * @param direction       overrides the metric's known direction
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ComparisonGate(String metric, Double threshold, Double maxDrop, Double maxRelativeDrop,
                             Double minImprovement, Double maxImprovement, Criticality criticality,
                             Direction direction) {

    public ComparisonGate {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("a quality gate needs a 'metric'");
        }
        nonNegative(metric, "maxDrop", maxDrop);
        nonNegative(metric, "maxRelativeDrop", maxRelativeDrop);
        finite(metric, "threshold", threshold);
        finite(metric, "minImprovement", minImprovement);
        finite(metric, "maxImprovement", maxImprovement);
        if (minImprovement != null && maxImprovement != null && maxImprovement < minImprovement) {
            throw new IllegalArgumentException("quality gate on '" + metric + "': maxImprovement " + maxImprovement
                    + " is below minImprovement " + minImprovement + ", so no candidate could pass");
        }
        if (criticality == null) {
            criticality = Criticality.UNSTABLE;
        }
        if (threshold == null && maxDrop == null && maxRelativeDrop == null && minImprovement == null
                && maxImprovement == null) {
            maxDrop = 0.0;
        }
    }

    /** A generic gate ({@code --gate accuracy>=0.85}) as a threshold rule. */
    public static ComparisonGate of(QualityGate gate) {
        return new ComparisonGate(gate.metric(), gate.threshold(), null, null, null, null, gate.criticality(),
                gate.direction());
    }

    /** Whether this gate has only a threshold, i.e. is a generic quality gate. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isThresholdOnly() {
        return threshold != null && maxDrop == null && maxRelativeDrop == null && minImprovement == null
                && maxImprovement == null;
    }

    public QualityGate toQualityGate() {
        return new QualityGate(metric, threshold, criticality, direction);
    }

    private static void nonNegative(String metric, String field, Double value) {
        finite(metric, field, value);
        if (value != null && value < 0) {
            throw new IllegalArgumentException("quality gate on '" + metric + "': " + field
                    + " must be 0 or more (a tolerated drop), got " + value);
        }
    }

    private static void finite(String metric, String field, Double value) {
        if (value != null && (value.isNaN() || value.isInfinite())) {
            throw new IllegalArgumentException("quality gate on '" + metric + "': " + field + " must be a finite number");
        }
    }
}
