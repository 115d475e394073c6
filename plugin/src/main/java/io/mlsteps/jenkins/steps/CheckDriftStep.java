package io.mlsteps.jenkins.steps;

import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code checkDrift}: Compares current data (a file, a folder or the server's prediction log) with a reference profile and turns drift into checks.
 * Arguments and their request names: {@link io.mlsteps.jenkins.engine.StepArguments}.
 */
public class CheckDriftStep extends MlStep {
    public static final String FUNCTION_NAME = "checkDrift";

    private final String current;
    private String reference;
    private String model;
    private String since;
    private Double driftShare;
    private String maxModelAge;
    private String labelColumn;
    private String registry;

    @DataBoundConstructor
    public CheckDriftStep(String current) {
        this.current = current;
    }

    @Override
    public String getFunctionName() {
        return FUNCTION_NAME;
    }

    public String getCurrent() {
        return current;
    }

    public String getReference() {
        return reference;
    }

    @DataBoundSetter
    public void setReference(String reference) {
        this.reference = reference == null || reference.isBlank() ? null : reference.trim();
    }

    public String getModel() {
        return model;
    }

    @DataBoundSetter
    public void setModel(String model) {
        this.model = model == null || model.isBlank() ? null : model.trim();
    }

    public String getSince() {
        return since;
    }

    @DataBoundSetter
    public void setSince(String since) {
        this.since = since == null || since.isBlank() ? null : since.trim();
    }

    public Double getDriftShare() {
        return driftShare;
    }

    @DataBoundSetter
    public void setDriftShare(Double driftShare) {
        this.driftShare = driftShare;
    }

    public String getMaxModelAge() {
        return maxModelAge;
    }

    @DataBoundSetter
    public void setMaxModelAge(String maxModelAge) {
        this.maxModelAge = maxModelAge == null || maxModelAge.isBlank() ? null : maxModelAge.trim();
    }

    public String getLabelColumn() {
        return labelColumn;
    }

    @DataBoundSetter
    public void setLabelColumn(String labelColumn) {
        this.labelColumn = labelColumn == null || labelColumn.isBlank() ? null : labelColumn.trim();
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
            return "Check data drift";
        }
    }
}
