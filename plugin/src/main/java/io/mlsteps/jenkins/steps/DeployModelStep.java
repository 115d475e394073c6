package io.mlsteps.jenkins.steps;

import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code deployModel}: Puts a registered model version behind the model server (local process, Docker, Kubernetes manifests) with smoke tests, and moves the production alias only after they pass.
 * Arguments and their request names: {@link io.mlsteps.jenkins.engine.StepArguments}.
 */
public class DeployModelStep extends MlStep {
    public static final String FUNCTION_NAME = "deployModel";

    private final String model;
    private String target;
    private String strategy;
    private Integer percent;
    private Integer port;
    private String image;
    private String smokeData;
    private String registry;

    @DataBoundConstructor
    public DeployModelStep(String model) {
        this.model = model;
    }

    @Override
    public String getFunctionName() {
        return FUNCTION_NAME;
    }

    public String getModel() {
        return model;
    }

    public String getTarget() {
        return target;
    }

    @DataBoundSetter
    public void setTarget(String target) {
        this.target = target == null || target.isBlank() ? null : target.trim();
    }

    public String getStrategy() {
        return strategy;
    }

    @DataBoundSetter
    public void setStrategy(String strategy) {
        this.strategy = strategy == null || strategy.isBlank() ? null : strategy.trim();
    }

    public Integer getPercent() {
        return percent;
    }

    @DataBoundSetter
    public void setPercent(Integer percent) {
        this.percent = percent;
    }

    public Integer getPort() {
        return port;
    }

    @DataBoundSetter
    public void setPort(Integer port) {
        this.port = port;
    }

    public String getImage() {
        return image;
    }

    @DataBoundSetter
    public void setImage(String image) {
        this.image = image == null || image.isBlank() ? null : image.trim();
    }

    public String getSmokeData() {
        return smokeData;
    }

    @DataBoundSetter
    public void setSmokeData(String smokeData) {
        this.smokeData = smokeData == null || smokeData.isBlank() ? null : smokeData.trim();
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
            return "Deploy a model";
        }
    }
}
