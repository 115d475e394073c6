package io.mlsteps.jenkins.steps;

import hudson.Extension;
import java.util.List;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code registerModel}: Stores a model version (artifact, card, metrics, profile, lineage) in the registry and optionally moves an alias.
 * Written by plugin/tools/sync_steps.py from the engine's request class; arguments and their request
 * names: {@link io.mlsteps.jenkins.engine.StepArguments}.
 */
public class RegisterModelStep extends MlStep {
    public static final String FUNCTION_NAME = "registerModel";

    private String registry;
    private final String name;
    private final String model;
    private String artifactName;
    private String card;
    private String metrics;
    private List<String> results;
    private String profile;
    private String data;
    private String tags;
    private String alias;
    private boolean requireGate;
    private String reason;
    private String description;
    private String openLineage;

    @DataBoundConstructor
    public RegisterModelStep(String name, String model) {
        this.name = name;
        this.model = model;
    }

    @Override
    public String getFunctionName() {
        return FUNCTION_NAME;
    }

    public String getRegistry() {
        return registry;
    }

    @DataBoundSetter
    public void setRegistry(String registry) {
        this.registry = text(registry);
    }

    public String getName() {
        return name;
    }

    public String getModel() {
        return model;
    }

    public String getArtifactName() {
        return artifactName;
    }

    @DataBoundSetter
    public void setArtifactName(String artifactName) {
        this.artifactName = text(artifactName);
    }

    public String getCard() {
        return card;
    }

    @DataBoundSetter
    public void setCard(String card) {
        this.card = text(card);
    }

    public String getMetrics() {
        return metrics;
    }

    @DataBoundSetter
    public void setMetrics(String metrics) {
        this.metrics = text(metrics);
    }

    public List<String> getResults() {
        return results;
    }

    @DataBoundSetter
    public void setResults(List<String> results) {
        this.results = list(results);
    }

    public String getProfile() {
        return profile;
    }

    @DataBoundSetter
    public void setProfile(String profile) {
        this.profile = text(profile);
    }

    public String getData() {
        return data;
    }

    @DataBoundSetter
    public void setData(String data) {
        this.data = text(data);
    }

    public String getTags() {
        return tags;
    }

    @DataBoundSetter
    public void setTags(String tags) {
        this.tags = text(tags);
    }

    public String getAlias() {
        return alias;
    }

    @DataBoundSetter
    public void setAlias(String alias) {
        this.alias = text(alias);
    }

    public boolean getRequireGate() {
        return requireGate;
    }

    @DataBoundSetter
    public void setRequireGate(boolean requireGate) {
        this.requireGate = requireGate;
    }

    public String getReason() {
        return reason;
    }

    @DataBoundSetter
    public void setReason(String reason) {
        this.reason = text(reason);
    }

    public String getDescription() {
        return description;
    }

    @DataBoundSetter
    public void setDescription(String description) {
        this.description = text(description);
    }

    public String getOpenLineage() {
        return openLineage;
    }

    @DataBoundSetter
    public void setOpenLineage(String openLineage) {
        this.openLineage = text(openLineage);
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
