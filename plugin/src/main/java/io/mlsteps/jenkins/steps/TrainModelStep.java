package io.mlsteps.jenkins.steps;

import hudson.Extension;
import java.util.List;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code trainModel}: Trains a model with Oracle Tribuo and writes the model, its model card and the training-data profile.
 * Written by plugin/tools/sync_steps.py from the engine's request class; arguments and their request
 * names: {@link io.mlsteps.jenkins.engine.StepArguments}.
 */
public class TrainModelStep extends MlStep {
    public static final String FUNCTION_NAME = "trainModel";

    private final String data;
    private final String labelColumn;
    private String task;
    private String algorithm;
    private String params;
    private List<String> features;
    private List<String> excludeFeatures;
    private List<String> categoricalFeatures;
    private String validationData;
    private Double validationSplit;
    private Integer seed;
    private List<String> missingValues;
    private String format;
    private String modelFile;

    @DataBoundConstructor
    public TrainModelStep(String data, String labelColumn) {
        this.data = data;
        this.labelColumn = labelColumn;
    }

    @Override
    public String getFunctionName() {
        return FUNCTION_NAME;
    }

    public String getData() {
        return data;
    }

    public String getLabelColumn() {
        return labelColumn;
    }

    public String getTask() {
        return task;
    }

    @DataBoundSetter
    public void setTask(String task) {
        this.task = text(task);
    }

    public String getAlgorithm() {
        return algorithm;
    }

    @DataBoundSetter
    public void setAlgorithm(String algorithm) {
        this.algorithm = text(algorithm);
    }

    public String getParams() {
        return params;
    }

    @DataBoundSetter
    public void setParams(String params) {
        this.params = text(params);
    }

    public List<String> getFeatures() {
        return features;
    }

    @DataBoundSetter
    public void setFeatures(List<String> features) {
        this.features = list(features);
    }

    public List<String> getExcludeFeatures() {
        return excludeFeatures;
    }

    @DataBoundSetter
    public void setExcludeFeatures(List<String> excludeFeatures) {
        this.excludeFeatures = list(excludeFeatures);
    }

    public List<String> getCategoricalFeatures() {
        return categoricalFeatures;
    }

    @DataBoundSetter
    public void setCategoricalFeatures(List<String> categoricalFeatures) {
        this.categoricalFeatures = list(categoricalFeatures);
    }

    public String getValidationData() {
        return validationData;
    }

    @DataBoundSetter
    public void setValidationData(String validationData) {
        this.validationData = text(validationData);
    }

    public Double getValidationSplit() {
        return validationSplit;
    }

    @DataBoundSetter
    public void setValidationSplit(Double validationSplit) {
        this.validationSplit = validationSplit;
    }

    public Integer getSeed() {
        return seed;
    }

    @DataBoundSetter
    public void setSeed(Integer seed) {
        this.seed = seed;
    }

    public List<String> getMissingValues() {
        return missingValues;
    }

    @DataBoundSetter
    public void setMissingValues(List<String> missingValues) {
        this.missingValues = list(missingValues);
    }

    public String getFormat() {
        return format;
    }

    @DataBoundSetter
    public void setFormat(String format) {
        this.format = text(format);
    }

    public String getModelFile() {
        return modelFile;
    }

    @DataBoundSetter
    public void setModelFile(String modelFile) {
        this.modelFile = text(modelFile);
    }

    @Extension
    public static class DescriptorImpl extends MlStepDescriptor {
        @Override
        public String getFunctionName() {
            return FUNCTION_NAME;
        }

        @Override
        public String getDisplayName() {
            return "Train a model";
        }
    }
}
