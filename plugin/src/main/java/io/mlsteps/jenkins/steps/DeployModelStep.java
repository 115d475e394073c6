package io.mlsteps.jenkins.steps;

import hudson.Extension;
import java.util.List;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code deployModel}: Puts a registered model version behind the model server (local process, Docker, Kubernetes manifests) with smoke tests, and moves the production alias only after they pass.
 * Written by plugin/tools/sync_steps.py from the engine's request class; arguments and their request
 * names: {@link io.mlsteps.jenkins.engine.StepArguments}.
 */
public class DeployModelStep extends MlStep {
    public static final String FUNCTION_NAME = "deployModel";

    private String action;
    private String model;
    private String modelFile;
    private String name;
    private String version;
    private String registry;
    private String target;
    private String strategy;
    private String host;
    private Integer port;
    private String deployDir;
    private String alias;
    private String smokeData;
    private Integer smokeRows;
    private Double tolerance;
    private Double latencyBudgetMillis;
    private Double canaryPercent;
    private Integer analysisRequests;
    private Integer analysisTimeoutSeconds;
    private String trafficData;
    private Double maxErrorRateIncrease;
    private Double maxLatencyRatio;
    private Double latencySlackMillis;
    private Integer startTimeoutSeconds;
    private List<String> javaOptions;
    private String predictionLog;
    private String baseImage;
    private String image;
    private boolean push;
    private String dockerHost;
    private String namespace;
    private Integer replicas;
    private boolean apply = true;

    @DataBoundConstructor
    public DeployModelStep() {
    }

    @Override
    public String getFunctionName() {
        return FUNCTION_NAME;
    }

    public String getAction() {
        return action;
    }

    @DataBoundSetter
    public void setAction(String action) {
        this.action = text(action);
    }

    public String getModel() {
        return model;
    }

    @DataBoundSetter
    public void setModel(String model) {
        this.model = text(model);
    }

    public String getModelFile() {
        return modelFile;
    }

    @DataBoundSetter
    public void setModelFile(String modelFile) {
        this.modelFile = text(modelFile);
    }

    public String getName() {
        return name;
    }

    @DataBoundSetter
    public void setName(String name) {
        this.name = text(name);
    }

    public String getVersion() {
        return version;
    }

    @DataBoundSetter
    public void setVersion(String version) {
        this.version = text(version);
    }

    public String getRegistry() {
        return registry;
    }

    @DataBoundSetter
    public void setRegistry(String registry) {
        this.registry = text(registry);
    }

    public String getTarget() {
        return target;
    }

    @DataBoundSetter
    public void setTarget(String target) {
        this.target = text(target);
    }

    public String getStrategy() {
        return strategy;
    }

    @DataBoundSetter
    public void setStrategy(String strategy) {
        this.strategy = text(strategy);
    }

    public String getHost() {
        return host;
    }

    @DataBoundSetter
    public void setHost(String host) {
        this.host = text(host);
    }

    public Integer getPort() {
        return port;
    }

    @DataBoundSetter
    public void setPort(Integer port) {
        this.port = port;
    }

    public String getDeployDir() {
        return deployDir;
    }

    @DataBoundSetter
    public void setDeployDir(String deployDir) {
        this.deployDir = text(deployDir);
    }

    public String getAlias() {
        return alias;
    }

    @DataBoundSetter
    public void setAlias(String alias) {
        this.alias = text(alias);
    }

    public String getSmokeData() {
        return smokeData;
    }

    @DataBoundSetter
    public void setSmokeData(String smokeData) {
        this.smokeData = text(smokeData);
    }

    public Integer getSmokeRows() {
        return smokeRows;
    }

    @DataBoundSetter
    public void setSmokeRows(Integer smokeRows) {
        this.smokeRows = smokeRows;
    }

    public Double getTolerance() {
        return tolerance;
    }

    @DataBoundSetter
    public void setTolerance(Double tolerance) {
        this.tolerance = tolerance;
    }

    public Double getLatencyBudgetMillis() {
        return latencyBudgetMillis;
    }

    @DataBoundSetter
    public void setLatencyBudgetMillis(Double latencyBudgetMillis) {
        this.latencyBudgetMillis = latencyBudgetMillis;
    }

    public Double getCanaryPercent() {
        return canaryPercent;
    }

    @DataBoundSetter
    public void setCanaryPercent(Double canaryPercent) {
        this.canaryPercent = canaryPercent;
    }

    public Integer getAnalysisRequests() {
        return analysisRequests;
    }

    @DataBoundSetter
    public void setAnalysisRequests(Integer analysisRequests) {
        this.analysisRequests = analysisRequests;
    }

    public Integer getAnalysisTimeoutSeconds() {
        return analysisTimeoutSeconds;
    }

    @DataBoundSetter
    public void setAnalysisTimeoutSeconds(Integer analysisTimeoutSeconds) {
        this.analysisTimeoutSeconds = analysisTimeoutSeconds;
    }

    public String getTrafficData() {
        return trafficData;
    }

    @DataBoundSetter
    public void setTrafficData(String trafficData) {
        this.trafficData = text(trafficData);
    }

    public Double getMaxErrorRateIncrease() {
        return maxErrorRateIncrease;
    }

    @DataBoundSetter
    public void setMaxErrorRateIncrease(Double maxErrorRateIncrease) {
        this.maxErrorRateIncrease = maxErrorRateIncrease;
    }

    public Double getMaxLatencyRatio() {
        return maxLatencyRatio;
    }

    @DataBoundSetter
    public void setMaxLatencyRatio(Double maxLatencyRatio) {
        this.maxLatencyRatio = maxLatencyRatio;
    }

    public Double getLatencySlackMillis() {
        return latencySlackMillis;
    }

    @DataBoundSetter
    public void setLatencySlackMillis(Double latencySlackMillis) {
        this.latencySlackMillis = latencySlackMillis;
    }

    public Integer getStartTimeoutSeconds() {
        return startTimeoutSeconds;
    }

    @DataBoundSetter
    public void setStartTimeoutSeconds(Integer startTimeoutSeconds) {
        this.startTimeoutSeconds = startTimeoutSeconds;
    }

    public List<String> getJavaOptions() {
        return javaOptions;
    }

    @DataBoundSetter
    public void setJavaOptions(List<String> javaOptions) {
        this.javaOptions = list(javaOptions);
    }

    public String getPredictionLog() {
        return predictionLog;
    }

    @DataBoundSetter
    public void setPredictionLog(String predictionLog) {
        this.predictionLog = text(predictionLog);
    }

    public String getBaseImage() {
        return baseImage;
    }

    @DataBoundSetter
    public void setBaseImage(String baseImage) {
        this.baseImage = text(baseImage);
    }

    public String getImage() {
        return image;
    }

    @DataBoundSetter
    public void setImage(String image) {
        this.image = text(image);
    }

    public boolean getPush() {
        return push;
    }

    @DataBoundSetter
    public void setPush(boolean push) {
        this.push = push;
    }

    public String getDockerHost() {
        return dockerHost;
    }

    @DataBoundSetter
    public void setDockerHost(String dockerHost) {
        this.dockerHost = text(dockerHost);
    }

    public String getNamespace() {
        return namespace;
    }

    @DataBoundSetter
    public void setNamespace(String namespace) {
        this.namespace = text(namespace);
    }

    public Integer getReplicas() {
        return replicas;
    }

    @DataBoundSetter
    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public boolean getApply() {
        return apply;
    }

    @DataBoundSetter
    public void setApply(boolean apply) {
        this.apply = apply;
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
