package io.mlsteps.cli;

import io.mlsteps.evaluate.EvaluateRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code mlsteps evaluate}: the evaluateModel step. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "evaluateModel: evaluate a model on labelled data, or a predictions file from any framework; "
                + "writes metrics.json, predictions.csv and charts.")
public class EvaluateCommand extends StepCommand<EvaluateRequest> {
    @Option(names = "--model", paramLabel = "FILE", description = "A model file written by train (model.tribuo).")
    String model;

    @Option(names = "--data", paramLabel = "FILE",
            description = "Labelled data (with --model), or where slice columns are read for --predictions.")
    String data;

    @Option(names = "--predictions", paramLabel = "FILE",
            description = "Instead of --model: a file with y_true, y_pred and optionally score:<class> columns.")
    String predictions;

    @Option(names = "--label-column", paramLabel = "COLUMN", description = "Label column of --data (default: the model's).")
    String labelColumn;

    @Option(names = "--task", description = "classification, regression or auto.")
    String task;

    @Option(names = "--slices", split = ",", paramLabel = "COLUMN", description = "Columns to slice the metrics by, e.g. sex,race.")
    List<String> slices;

    @Option(names = "--bootstrap", paramLabel = "N", description = "Bootstrap resamples for confidence intervals (default 1000, 0 = none).")
    Integer bootstrap;

    @Option(names = "--confidence-level", paramLabel = "LEVEL", description = "Confidence level (default 0.95).")
    Double confidenceLevel;

    @Option(names = "--seed", description = "Seed of the bootstrap (default 42).")
    Long seed;

    @Option(names = "--positive-class", paramLabel = "CLASS", description = "Positive class of a binary task (default: the second in sorted order).")
    String positiveClass;

    @Option(names = "--unseen-categories", paramLabel = "MODE",
            description = "A category unseen in training: error (default) or ignore (scored as no feature).")
    String unseenCategories;

    @Option(names = "--missing-values", split = ",", paramLabel = "MARKER",
            description = "Cell values meaning missing (default: empty, NA, ?, null).")
    List<String> missingValues;

    @Option(names = "--format", description = "auto (from the file name), csv, tsv or jsonl.")
    String format;

    @Option(names = "--no-charts", description = "Do not draw charts.")
    boolean noCharts;

    @Override
    protected String stepName() {
        return "evaluateModel";
    }

    @Override
    protected void applyFlags(EvaluateRequest r) {
        if (model != null) {
            r.model = model;
        }
        if (data != null) {
            r.data = data;
        }
        if (predictions != null) {
            r.predictions = predictions;
        }
        if (labelColumn != null) {
            r.labelColumn = labelColumn;
        }
        if (task != null) {
            r.task = task;
        }
        if (slices != null) {
            r.slices = slices;
        }
        if (bootstrap != null) {
            r.bootstrap = bootstrap;
        }
        if (confidenceLevel != null) {
            r.confidenceLevel = confidenceLevel;
        }
        if (seed != null) {
            r.seed = seed;
        }
        if (positiveClass != null) {
            r.positiveClass = positiveClass;
        }
        if (unseenCategories != null) {
            r.unseenCategories = unseenCategories;
        }
        if (missingValues != null) {
            r.missingValues = missingValues;
        }
        if (format != null) {
            r.format = format;
        }
        if (noCharts) {
            r.charts = false;
        }
    }
}
