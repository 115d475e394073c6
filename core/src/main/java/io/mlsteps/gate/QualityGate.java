package io.mlsteps.gate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A threshold on one metric, in the shape Jenkins users know:
 * {@code [metric: 'accuracy', threshold: 0.85, criticality: 'FAILURE']}.
 *
 * <p>The metric name may end in a slice wildcard, e.g. {@code accuracy[sex=*]}, to put the same bound on
 * every slice. The direction (whether the threshold is a minimum or a maximum) is taken from
 * {@link MetricDirections} unless given.
 *
 * @param metric      metric name as it appears in a result's metrics
 * @param threshold   the bound
 * @param criticality what a failure does; default UNSTABLE
 * @param direction   {@code HIGHER_IS_BETTER} (threshold is a minimum) or {@code LOWER_IS_BETTER} (a maximum);
 *                    null to use the metric's known direction
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = false)
public record QualityGate(String metric, Double threshold, Criticality criticality, Direction direction) {

    public QualityGate {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("a quality gate needs a 'metric'");
        }
        if (threshold == null) {
            throw new IllegalArgumentException("quality gate on '" + metric + "' needs a numeric 'threshold'");
        }
        if (criticality == null) {
            criticality = Criticality.UNSTABLE;
        }
    }

    public QualityGate(String metric, double threshold, Criticality criticality) {
        this(metric, threshold, criticality, null);
    }
}
