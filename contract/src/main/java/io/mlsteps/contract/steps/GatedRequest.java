package io.mlsteps.contract.steps;

import io.mlsteps.contract.gate.QualityGate;

import java.util.List;

/** A request whose gates are the shared threshold gates ({@link Gates}); every step but compareToBaseline. */
public interface GatedRequest extends StepRequest {
    Gates gates();

    @Override
    default List<QualityGate> qualityGates() {
        return gates().qualityGates();
    }
}
