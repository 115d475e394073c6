package io.mlsteps.jenkins.steps;

import hudson.Extension;
import java.util.ArrayList;
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
    private List<String> slices;
    private Integer bootstrap;
    private Integer seed;

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
        this.model = model == null || model.isBlank() ? null : model.trim();
    }

    public String getData() {
        return data;
    }

    @DataBoundSetter
    public void setData(String data) {
        this.data = data == null || data.isBlank() ? null : data.trim();
    }

    public String getPredictions() {
        return predictions;
    }

    @DataBoundSetter
    public void setPredictions(String predictions) {
        this.predictions = predictions == null || predictions.isBlank() ? null : predictions.trim();
    }

    public String getLabelColumn() {
        return labelColumn;
    }

    @DataBoundSetter
    public void setLabelColumn(String labelColumn) {
        this.labelColumn = labelColumn == null || labelColumn.isBlank() ? null : labelColumn.trim();
    }

    public List<String> getSlices() {
        return slices;
    }

    @DataBoundSetter
    public void setSlices(List<String> slices) {
        this.slices = slices == null || slices.isEmpty() ? null : new ArrayList<>(slices);
    }

    public Integer getBootstrap() {
        return bootstrap;
    }

    @DataBoundSetter
    public void setBootstrap(Integer bootstrap) {
        this.bootstrap = bootstrap;
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
            return "Evaluate a model";
        }
    }
}
