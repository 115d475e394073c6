package io.mlsteps.contract.steps;

import io.mlsteps.contract.gate.QualityGate;

import java.util.List;

/** What every step's request has: its quality gates. */
public interface StepRequest {
    /** The gates on this step's metrics. */
    List<QualityGate> qualityGates();
}
