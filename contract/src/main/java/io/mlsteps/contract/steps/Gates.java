package io.mlsteps.contract.steps;

import io.mlsteps.contract.Arg;
import io.mlsteps.contract.ArgumentException;
import io.mlsteps.contract.gate.QualityGate;

import java.util.List;

/**
 * The quality gates of a step, as every step but compareToBaseline takes them: absolute thresholds on the step's
 * metrics. (compareToBaseline declares its own, which may also bound the change against a baseline.)
 */
public record Gates(
        @Arg(doc = "quality gates on this step's metrics: `[[metric: 'accuracy', threshold: 0.85, criticality: "
                + "'FAILURE']]`; a metric the step did not compute fails its gate", cli = "--gate",
                label = "METRIC>=X[:CRITICALITY]", defaultText = "none", group = "gates")
        List<QualityGate> qualityGates) {

    public Gates {
        for (int i = 0; i < qualityGates.size(); i++) {
            QualityGate gate = qualityGates.get(i);
            if (gate.isRelative()) {
                throw new ArgumentException("qualityGates[" + i + "]", "bounds '" + gate.metric() + "' against a "
                        + "baseline (maxDrop, maxRelativeDrop, minImprovement, maxImprovement); only compareToBaseline "
                        + "has a baseline");
            }
            if (gate.threshold() == null) {
                throw new ArgumentException("qualityGates[" + i + "].threshold", "is required: the gate on '"
                        + gate.metric() + "' needs a threshold, e.g. [metric: '" + gate.metric() + "', threshold: 0.8]");
            }
        }
    }
}
