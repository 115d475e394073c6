package io.mlsteps.compare;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.mlsteps.gate.QualityGate;
import io.mlsteps.step.StepRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * Arguments of {@code compareToBaseline}. Field names are the Jenkinsfile argument names; see
 * {@code docs/steps/compareToBaseline.md}.
 *
 * <p>{@code qualityGates} holds {@link ComparisonGate}s: the generic gate fields plus the relative rules
 * ({@code maxDrop}, {@code maxRelativeDrop}, {@code minImprovement}, {@code maxImprovement}).
 */
public class CompareToBaselineRequest extends StepRequest {
    private String candidate;
    private String candidateModel;
    private String data;
    private String labelColumn;
    private String task;
    private String baseline;
    private String baselineModel;
    private String modelName;
    private String registry;
    private String previousResult;
    private String anchor;
    private String onMissingBaseline = "PASS";
    private String inconclusiveCriticality = "UNSTABLE";
    private double confidence = 0.95;
    private int resamples = 1000;
    private long seed = 42;
    private int minRows = 30;
    private boolean reevaluateBaseline = true;
    private String override;
    private String candidateVersion;
    private List<ComparisonGate> gates = new ArrayList<>();

    /** The comparison gates (JSON/Jenkinsfile: {@code qualityGates}). */
    @JsonProperty("qualityGates")
    public List<ComparisonGate> getGates() {
        return gates;
    }

    @JsonProperty("qualityGates")
    public void setGates(List<ComparisonGate> values) {
        gates = values == null ? new ArrayList<>() : new ArrayList<>(values);
    }

    /** The gates that are plain thresholds, as generic gates (what the shared CLI options add and read). */
    @Override
    @JsonIgnore
    public List<QualityGate> getQualityGates() {
        return gates.stream().filter(ComparisonGate::isThresholdOnly).map(ComparisonGate::toQualityGate).toList();
    }

    /** Replaces the plain threshold gates by these; the relative gates stay. */
    @Override
    @JsonIgnore
    public void setQualityGates(List<QualityGate> values) {
        List<ComparisonGate> kept = new ArrayList<>(gates.stream().filter(g -> !g.isThresholdOnly()).toList());
        if (values != null) {
            values.forEach(g -> kept.add(ComparisonGate.of(g)));
        }
        gates = kept;
    }

    public String getCandidate() { return candidate; }
    public void setCandidate(String v) { candidate = v; }
    public String getCandidateModel() { return candidateModel; }
    public void setCandidateModel(String v) { candidateModel = v; }
    public String getData() { return data; }
    public void setData(String v) { data = v; }
    public String getLabelColumn() { return labelColumn; }
    public void setLabelColumn(String v) { labelColumn = v; }
    public String getTask() { return task; }
    public void setTask(String v) { task = v; }
    public String getBaseline() { return baseline; }
    public void setBaseline(String v) { baseline = v; }
    public String getBaselineModel() { return baselineModel; }
    public void setBaselineModel(String v) { baselineModel = v; }
    public String getModelName() { return modelName; }
    public void setModelName(String v) { modelName = v; }
    public String getRegistry() { return registry; }
    public void setRegistry(String v) { registry = v; }
    public String getPreviousResult() { return previousResult; }
    public void setPreviousResult(String v) { previousResult = v; }
    public String getAnchor() { return anchor; }
    public void setAnchor(String v) { anchor = v; }
    public String getOnMissingBaseline() { return onMissingBaseline; }
    public void setOnMissingBaseline(String v) { onMissingBaseline = v; }
    public String getInconclusiveCriticality() { return inconclusiveCriticality; }
    public void setInconclusiveCriticality(String v) { inconclusiveCriticality = v; }
    public double getConfidence() { return confidence; }
    public void setConfidence(double v) { confidence = v; }
    public int getResamples() { return resamples; }
    public void setResamples(int v) { resamples = v; }
    public long getSeed() { return seed; }
    public void setSeed(long v) { seed = v; }
    public int getMinRows() { return minRows; }
    public void setMinRows(int v) { minRows = v; }
    public boolean isReevaluateBaseline() { return reevaluateBaseline; }
    public void setReevaluateBaseline(boolean v) { reevaluateBaseline = v; }
    public String getCandidateVersion() { return candidateVersion; }
    public void setCandidateVersion(String v) { candidateVersion = v; }
    public String getOverride() { return override; }
    public void setOverride(String v) { override = v; }
}
