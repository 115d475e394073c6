package io.mlsteps.jenkins.steps;

import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code compareToBaseline}: Compares the candidate's metrics with a baseline (a registry alias, a metrics file, or this job's last successful build) with noise-aware tolerances.
 * Written by plugin/tools/sync_steps.py from the engine's request class; arguments and their request
 * names: {@link io.mlsteps.jenkins.engine.StepArguments}.
 */
public class CompareToBaselineStep extends MlStep {
    public static final String FUNCTION_NAME = "compareToBaseline";

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
    private String onMissingBaseline;
    private String inconclusiveCriticality;
    private Double confidence;
    private Integer resamples;
    private Integer seed;
    private Integer minRows;
    private boolean reevaluateBaseline = true;
    private String override;
    private String candidateVersion;

    @DataBoundConstructor
    public CompareToBaselineStep() {
    }

    @Override
    public String getFunctionName() {
        return FUNCTION_NAME;
    }

    public String getCandidate() {
        return candidate;
    }

    @DataBoundSetter
    public void setCandidate(String candidate) {
        this.candidate = text(candidate);
    }

    public String getCandidateModel() {
        return candidateModel;
    }

    @DataBoundSetter
    public void setCandidateModel(String candidateModel) {
        this.candidateModel = text(candidateModel);
    }

    public String getData() {
        return data;
    }

    @DataBoundSetter
    public void setData(String data) {
        this.data = text(data);
    }

    public String getLabelColumn() {
        return labelColumn;
    }

    @DataBoundSetter
    public void setLabelColumn(String labelColumn) {
        this.labelColumn = text(labelColumn);
    }

    public String getTask() {
        return task;
    }

    @DataBoundSetter
    public void setTask(String task) {
        this.task = text(task);
    }

    public String getBaseline() {
        return baseline;
    }

    @DataBoundSetter
    public void setBaseline(String baseline) {
        this.baseline = text(baseline);
    }

    public String getBaselineModel() {
        return baselineModel;
    }

    @DataBoundSetter
    public void setBaselineModel(String baselineModel) {
        this.baselineModel = text(baselineModel);
    }

    public String getModelName() {
        return modelName;
    }

    @DataBoundSetter
    public void setModelName(String modelName) {
        this.modelName = text(modelName);
    }

    public String getRegistry() {
        return registry;
    }

    @DataBoundSetter
    public void setRegistry(String registry) {
        this.registry = text(registry);
    }

    public String getPreviousResult() {
        return previousResult;
    }

    @DataBoundSetter
    public void setPreviousResult(String previousResult) {
        this.previousResult = text(previousResult);
    }

    public String getAnchor() {
        return anchor;
    }

    @DataBoundSetter
    public void setAnchor(String anchor) {
        this.anchor = text(anchor);
    }

    public String getOnMissingBaseline() {
        return onMissingBaseline;
    }

    @DataBoundSetter
    public void setOnMissingBaseline(String onMissingBaseline) {
        this.onMissingBaseline = text(onMissingBaseline);
    }

    public String getInconclusiveCriticality() {
        return inconclusiveCriticality;
    }

    @DataBoundSetter
    public void setInconclusiveCriticality(String inconclusiveCriticality) {
        this.inconclusiveCriticality = text(inconclusiveCriticality);
    }

    public Double getConfidence() {
        return confidence;
    }

    @DataBoundSetter
    public void setConfidence(Double confidence) {
        this.confidence = confidence;
    }

    public Integer getResamples() {
        return resamples;
    }

    @DataBoundSetter
    public void setResamples(Integer resamples) {
        this.resamples = resamples;
    }

    public Integer getSeed() {
        return seed;
    }

    @DataBoundSetter
    public void setSeed(Integer seed) {
        this.seed = seed;
    }

    public Integer getMinRows() {
        return minRows;
    }

    @DataBoundSetter
    public void setMinRows(Integer minRows) {
        this.minRows = minRows;
    }

    public boolean getReevaluateBaseline() {
        return reevaluateBaseline;
    }

    @DataBoundSetter
    public void setReevaluateBaseline(boolean reevaluateBaseline) {
        this.reevaluateBaseline = reevaluateBaseline;
    }

    public String getOverride() {
        return override;
    }

    @DataBoundSetter
    public void setOverride(String override) {
        this.override = text(override);
    }

    public String getCandidateVersion() {
        return candidateVersion;
    }

    @DataBoundSetter
    public void setCandidateVersion(String candidateVersion) {
        this.candidateVersion = text(candidateVersion);
    }

    @Extension
    public static class DescriptorImpl extends MlStepDescriptor {
        @Override
        public String getFunctionName() {
            return FUNCTION_NAME;
        }

        @Override
        public String getDisplayName() {
            return "Compare a model to its baseline";
        }
    }
}
