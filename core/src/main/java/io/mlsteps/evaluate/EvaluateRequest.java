package io.mlsteps.evaluate;

import io.mlsteps.step.StepRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * Arguments of {@code evaluateModel}: a model and labelled data, or a predictions file from any framework.
 * Field names are the Jenkinsfile argument names and, in kebab case, the flags of {@code mlsteps evaluate}.
 */
public class EvaluateRequest extends StepRequest {
    /** A Tribuo model file (model.tribuo) to evaluate on {@link #data}. */
    public String model;
    /** Labelled data (with the model), or the source of slice columns for a predictions file. */
    public String data;
    /** A predictions file instead of a model: columns y_true, y_pred and optionally score:&lt;class&gt;. */
    public String predictions;
    /** The label column of {@link #data}; default: the one the model was trained on. */
    public String labelColumn;
    /** {@code classification}, {@code regression} or {@code auto} (from the model or the predictions). */
    public String task = "auto";
    /** Columns whose values define slices, e.g. ['sex', 'race']. */
    public List<String> slices = new ArrayList<>();
    /** Bootstrap resamples for the confidence intervals (0 = none). */
    public Integer bootstrap = 1000;
    /** Confidence level of the intervals. */
    public Double confidenceLevel = 0.95;
    /** Seed of the bootstrap. */
    public Long seed = 42L;
    /** The positive class of a binary task (default: the second class in sorted order). */
    public String positiveClass;
    /** What a category unseen in training does: {@code error} (default) or {@code ignore} (no feature, counted). */
    public String unseenCategories = "error";
    /** Cell values that mean "missing" (default '', NA, ?, null). */
    public List<String> missingValues;
    /** File format of data/predictions: auto (from the name), csv, tsv or jsonl. */
    public String format = "auto";
    /** Whether to draw the charts. */
    public Boolean charts = true;
}
