package io.mlsteps.cli;

import io.mlsteps.train.Algorithms;
import io.mlsteps.train.TrainRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code mlsteps train}: the trainModel step. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "trainModel: train a Tribuo model and write model.tribuo, model-card.json and training-profile.json.")
public class TrainCommand extends StepCommand<TrainRequest> {
    @Option(names = "--data", paramLabel = "FILE", description = "Training data (CSV, TSV or JSON Lines, optionally gzip).")
    String data;

    @Option(names = "--label-column", paramLabel = "COLUMN", description = "The column to predict.")
    String labelColumn;

    @Option(names = "--task", description = "classification, regression or auto (default: from the label column).")
    String task;

    @Option(names = "--algorithm", description = "Classification: logistic_regression (default), linear_sgd, cart, "
            + "random_forest, extra_trees, xgboost. Regression: linear_sgd (default), cart, random_forest, extra_trees, "
            + "xgboost. See --list-algorithms.")
    String algorithm;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "A hyper-parameter, repeatable, e.g. --param trees=200.")
    Map<String, String> params;

    @Option(names = "--features", split = ",", paramLabel = "COLUMN", description = "Feature columns (default: all but the label).")
    List<String> features;

    @Option(names = "--exclude-features", split = ",", paramLabel = "COLUMN", description = "Columns never used as features.")
    List<String> excludeFeatures;

    @Option(names = "--categorical-features", split = ",", paramLabel = "COLUMN",
            description = "Columns treated as categories even if they hold numbers.")
    List<String> categoricalFeatures;

    @Option(names = "--validation-data", paramLabel = "FILE", description = "A separate validation file.")
    String validationData;

    @Option(names = "--validation-split", paramLabel = "FRACTION",
            description = "Share of the rows held out for validation when no validation file is given (default 0.2).")
    Double validationSplit;

    @Option(names = "--seed", description = "Seed of the split and the algorithm (default 42).")
    Long seed;

    @Option(names = "--missing-values", split = ",", paramLabel = "MARKER",
            description = "Cell values meaning missing (default: empty, NA, ?, null).")
    List<String> missingValues;

    @Option(names = "--format", description = "auto (from the file name), csv, tsv or jsonl.")
    String format;

    @Option(names = "--model-file", paramLabel = "NAME", description = "Model file name in the step folder (default model.tribuo).")
    String modelFile;

    @Option(names = "--list-algorithms", description = "Print the algorithms and their parameters, then exit.")
    boolean listAlgorithms;

    @Override
    protected String stepName() {
        return "trainModel";
    }

    @Override
    public Integer call() throws Exception {
        if (listAlgorithms) {
            Algorithms.describe().forEach(System.out::println);
            return ExitCodes.PASSED;
        }
        return super.call();
    }

    @Override
    protected void applyFlags(TrainRequest r) {
        if (data != null) {
            r.data = data;
        }
        if (labelColumn != null) {
            r.labelColumn = labelColumn;
        }
        if (task != null) {
            r.task = task;
        }
        if (algorithm != null) {
            r.algorithm = algorithm;
        }
        if (params != null) {
            Map<String, Object> merged = new LinkedHashMap<>(r.params == null ? Map.of() : r.params);
            merged.putAll(params);
            r.params = merged;
        }
        if (features != null) {
            r.features = features;
        }
        if (excludeFeatures != null) {
            r.excludeFeatures = excludeFeatures;
        }
        if (categoricalFeatures != null) {
            r.categoricalFeatures = categoricalFeatures;
        }
        if (validationData != null) {
            r.validationData = validationData;
        }
        if (validationSplit != null) {
            r.validationSplit = validationSplit;
        }
        if (seed != null) {
            r.seed = seed;
        }
        if (missingValues != null) {
            r.missingValues = missingValues;
        }
        if (format != null) {
            r.format = format;
        }
        if (modelFile != null) {
            r.modelFile = modelFile;
        }
    }
}
