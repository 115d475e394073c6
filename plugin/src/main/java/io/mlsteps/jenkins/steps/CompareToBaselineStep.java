package io.mlsteps.jenkins.steps;

import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code compareToBaseline}: Compares the candidate's metrics with a baseline (a registry alias, a metrics file, or the last successful build) with noise-aware tolerances.
 * Arguments and their request names: {@link io.mlsteps.jenkins.engine.StepArguments}.
 */
public class CompareToBaselineStep extends MlStep {
    public static final String FUNCTION_NAME = "compareToBaseline";

    private final String baseline;
    private String candidate;
    private String model;
    private String data;
    private String labelColumn;
    private String anchor;
    private Double maxDrop;
    private Double maxRelativeDrop;
    private String onMissingBaseline;
    private String override;
    private String registry;

    @DataBoundConstructor
    public CompareToBaselineStep(String baseline) {
        this.baseline = baseline;
    }

    @Override
    public String getFunctionName() {
        return FUNCTION_NAME;
    }

    public String getBaseline() {
        return baseline;
    }

    public String getCandidate() {
        return candidate;
    }

    @DataBoundSetter
    public void setCandidate(String candidate) {
        this.candidate = candidate == null || candidate.isBlank() ? null : candidate.trim();
    }

    public String getModel() {
        return model;
    }

    @DataBoundSetter
    public void setModel(String model) {
        this.model = model == null || model.isBlank() ? null : model.trim();
    }

    public String getData() {
        return data;
    }

    @DataBoundSetter
    public void setData(String data) {
        this.data = data == null || data.isBlank() ? null : data.trim();
    }

    public String getLabelColumn() {
        return labelColumn;
    }

    @DataBoundSetter
    public void setLabelColumn(String labelColumn) {
        this.labelColumn = labelColumn == null || labelColumn.isBlank() ? null : labelColumn.trim();
    }

    public String getAnchor() {
        return anchor;
    }

    @DataBoundSetter
    public void setAnchor(String anchor) {
        this.anchor = anchor == null || anchor.isBlank() ? null : anchor.trim();
    }

    public Double getMaxDrop() {
        return maxDrop;
    }

    @DataBoundSetter
    public void setMaxDrop(Double maxDrop) {
        this.maxDrop = maxDrop;
    }

    public Double getMaxRelativeDrop() {
        return maxRelativeDrop;
    }

    @DataBoundSetter
    public void setMaxRelativeDrop(Double maxRelativeDrop) {
        this.maxRelativeDrop = maxRelativeDrop;
    }

    public String getOnMissingBaseline() {
        return onMissingBaseline;
    }

    @DataBoundSetter
    public void setOnMissingBaseline(String onMissingBaseline) {
        this.onMissingBaseline = onMissingBaseline == null || onMissingBaseline.isBlank() ? null : onMissingBaseline.trim();
    }

    public String getOverride() {
        return override;
    }

    @DataBoundSetter
    public void setOverride(String override) {
        this.override = override == null || override.isBlank() ? null : override.trim();
    }

    public String getRegistry() {
        return registry;
    }

    @DataBoundSetter
    public void setRegistry(String registry) {
        this.registry = registry == null || registry.isBlank() ? null : registry.trim();
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
