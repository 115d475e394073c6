package io.mlsteps.train;

import io.mlsteps.step.StepRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Arguments of {@code trainModel}. Field names are the Jenkinsfile argument names and, in kebab case, the
 * flags of {@code mlsteps train}.
 */
public class TrainRequest extends StepRequest {
    /** Training data file (CSV, TSV or JSON Lines, optionally gzip). */
    public String data;
    /** The column to predict. */
    public String labelColumn;
    /** {@code classification}, {@code regression} or {@code auto} (from the label column's type). */
    public String task = "auto";
    /** Algorithm name; default logistic_regression (classification) or linear_sgd (regression). */
    public String algorithm;
    /** Hyper-parameters by name. */
    public Map<String, Object> params = new LinkedHashMap<>();
    /** Feature columns to use; empty means every column but the label and the excluded ones. */
    public List<String> features = new ArrayList<>();
    /** Columns never used as features (ids, leaks). */
    public List<String> excludeFeatures = new ArrayList<>();
    /** Columns treated as categories even if they hold numbers (codes such as {@code season}). */
    public List<String> categoricalFeatures = new ArrayList<>();
    /** A separate validation file; if absent, {@link #validationSplit} of the training rows are held out. */
    public String validationData;
    /** Fraction of the training rows held out for validation when no validation file is given (0 = none). */
    public Double validationSplit = 0.2;
    /** Seed of the split and of the algorithm. */
    public Long seed = 42L;
    /** Cell values that mean "missing" (default '', NA, ?, null). */
    public List<String> missingValues;
    /** File format: auto (from the name), csv, tsv or jsonl. */
    public String format = "auto";
    /** Model file name inside the step folder. */
    public String modelFile = "model.tribuo";
}
