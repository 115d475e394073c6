package io.mlsteps.jenkins.steps;

import hudson.Extension;
import java.util.ArrayList;
import java.util.List;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code trainModel}: Trains a model with Oracle Tribuo and writes the model, its model card and the training-data profile.
 * Arguments and their request names: {@link io.mlsteps.jenkins.engine.StepArguments}.
 */
public class TrainModelStep extends MlStep {
    public static final String FUNCTION_NAME = "trainModel";

    private final String data;
    private final String labelColumn;
    private String algorithm;
    private String task;
    private String params;
    private String validationData;
    private List<String> include;
    private List<String> exclude;
    private Integer seed;

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

    public String getAlgorithm() {
        return algorithm;
    }

    @DataBoundSetter
    public void setAlgorithm(String algorithm) {
        this.algorithm = algorithm == null || algorithm.isBlank() ? null : algorithm.trim();
    }

    public String getTask() {
        return task;
    }

    @DataBoundSetter
    public void setTask(String task) {
        this.task = task == null || task.isBlank() ? null : task.trim();
    }

    public String getParams() {
        return params;
    }

    @DataBoundSetter
    public void setParams(String params) {
        this.params = params == null || params.isBlank() ? null : params.trim();
    }

    public String getValidationData() {
        return validationData;
    }

    @DataBoundSetter
    public void setValidationData(String validationData) {
        this.validationData = validationData == null || validationData.isBlank() ? null : validationData.trim();
    }

    public List<String> getInclude() {
        return include;
    }

    @DataBoundSetter
    public void setInclude(List<String> include) {
        this.include = include == null || include.isEmpty() ? null : new ArrayList<>(include);
    }

    public List<String> getExclude() {
        return exclude;
    }

    @DataBoundSetter
    public void setExclude(List<String> exclude) {
        this.exclude = exclude == null || exclude.isEmpty() ? null : new ArrayList<>(exclude);
    }

    public Integer getSeed() {
        return seed;
    }

    @DataBoundSetter
    public void setSeed(Integer seed) {
        this.seed = seed;
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
