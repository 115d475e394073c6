package io.mlsteps.jenkins.steps;

import hudson.Extension;
import java.util.List;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code evaluateModel}: Computes metrics of a model on labelled data (or of a predictions file from any framework), per slice, with bootstrap intervals.
 * Written by plugin/tools/sync_steps.py from the engine's request class; arguments and their request
 * names: {@link io.mlsteps.jenkins.engine.StepArguments}.
 */
public class EvaluateModelStep extends MlStep {
    public static final String FUNCTION_NAME = "evaluateModel";

    private String model;
    private String data;
    private String predictions;
    private String labelColumn;
    private String task;
    private List<String> slices;
    private Integer bootstrap;
    private Double confidenceLevel;
    private Integer seed;
    private String positiveClass;
    private String unseenCategories;
    private List<String> missingValues;
    private String format;
    private boolean charts = true;

    @DataBoundConstructor
    public EvaluateModelStep() {
    }

    @Override
    public String getFunctionName() {
        return FUNCTION_NAME;
    }

    public String getModel() {
        return model;
    }

    @DataBoundSetter
    public void setModel(String model) {
        this.model = text(model);
    }

    public String getData() {
        return data;
    }

    @DataBoundSetter
    public void setData(String data) {
        this.data = text(data);
    }

    public String getPredictions() {
        return predictions;
    }

    @DataBoundSetter
    public void setPredictions(String predictions) {
        this.predictions = text(predictions);
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

    public List<String> getSlices() {
        return slices;
    }

    @DataBoundSetter
    public void setSlices(List<String> slices) {
        this.slices = list(slices);
    }

    public Integer getBootstrap() {
        return bootstrap;
    }

    @DataBoundSetter
    public void setBootstrap(Integer bootstrap) {
        this.bootstrap = bootstrap;
    }

    public Double getConfidenceLevel() {
        return confidenceLevel;
    }

    @DataBoundSetter
    public void setConfidenceLevel(Double confidenceLevel) {
        this.confidenceLevel = confidenceLevel;
    }

    public Integer getSeed() {
        return seed;
    }

    @DataBoundSetter
    public void setSeed(Integer seed) {
        this.seed = seed;
    }

    public String getPositiveClass() {
        return positiveClass;
    }

    @DataBoundSetter
    public void setPositiveClass(String positiveClass) {
        this.positiveClass = text(positiveClass);
    }

    public String getUnseenCategories() {
        return unseenCategories;
    }

    @DataBoundSetter
    public void setUnseenCategories(String unseenCategories) {
        this.unseenCategories = text(unseenCategories);
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

    public boolean getCharts() {
        return charts;
    }

    @DataBoundSetter
    public void setCharts(boolean charts) {
        this.charts = charts;
    }

    @Extension
    public static class DescriptorImpl extends MlStepDescriptor {
        @Override
        public String getFunctionName() {
            return FUNCTION_NAME;
        }

        @Override
        public String getDisplayName() {
            return "Evaluate a model";
        }
    }
}
