package io.mlsteps.step;

import io.mlsteps.gate.QualityGate;

import java.util.ArrayList;
import java.util.List;

/**
 * Fields every step request has. A request's JSON field names are the step's argument names in a
 * Jenkinsfile and, in kebab case, its CLI flags; unknown fields are rejected with the list of known ones.
 */
public abstract class StepRequest {
    private int schemaVersion = 1;
    private List<QualityGate> qualityGates = new ArrayList<>();

    public int getSchemaVersion() {
        return schemaVersion;
    }

    public void setSchemaVersion(int schemaVersion) {
        this.schemaVersion = schemaVersion;
    }

    /** Gates on this step's metrics: {@code [[metric: 'accuracy', threshold: 0.85, criticality: 'FAILURE']]}. */
    public List<QualityGate> getQualityGates() {
        return qualityGates;
    }

    public void setQualityGates(List<QualityGate> qualityGates) {
        this.qualityGates = qualityGates == null ? new ArrayList<>() : new ArrayList<>(qualityGates);
    }
}
