package io.mlsteps.jenkins.steps;

import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code registerModel}: Stores a model version (artifact, card, metrics, profile, lineage) in the registry and optionally moves an alias.
 * Arguments and their request names: {@link io.mlsteps.jenkins.engine.StepArguments}.
 */
public class RegisterModelStep extends MlStep {
    public static final String FUNCTION_NAME = "registerModel";

    private final String name;
    private final String model;
    private String metrics;
    private String alias;
    private String tags;
    private Boolean requireGate;
    private String registry;

    @DataBoundConstructor
    public RegisterModelStep(String name, String model) {
        this.name = name;
        this.model = model;
    }

    @Override
    public String getFunctionName() {
        return FUNCTION_NAME;
    }

    public String getName() {
        return name;
    }

    public String getModel() {
        return model;
    }

    public String getMetrics() {
        return metrics;
    }

    @DataBoundSetter
    public void setMetrics(String metrics) {
        this.metrics = metrics == null || metrics.isBlank() ? null : metrics.trim();
    }

    public String getAlias() {
        return alias;
    }

    @DataBoundSetter
    public void setAlias(String alias) {
        this.alias = alias == null || alias.isBlank() ? null : alias.trim();
    }

    public String getTags() {
        return tags;
    }

    @DataBoundSetter
    public void setTags(String tags) {
        this.tags = tags == null || tags.isBlank() ? null : tags.trim();
    }

    public Boolean getRequireGate() {
        return requireGate;
    }

    @DataBoundSetter
    public void setRequireGate(Boolean requireGate) {
        this.requireGate = requireGate;
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
            return "Register a model";
        }
    }
}
