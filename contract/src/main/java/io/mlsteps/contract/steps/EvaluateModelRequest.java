package io.mlsteps.contract.steps;

import io.mlsteps.contract.Arg;
import io.mlsteps.contract.Group;
import io.mlsteps.contract.StepInfo;

import java.util.List;

/** Arguments of {@code evaluateModel}: a model and labelled data, or a predictions file from any framework. */
@StepInfo(name = "evaluateModel", command = "evaluate", title = "Evaluate a model",
        summary = "Computes metrics of a model on labelled data (or of a predictions file from any framework), per "
                + "slice, with bootstrap intervals.")
public record EvaluateModelRequest(
        @Arg(doc = "a model file written by `trainModel` (Tribuo protobuf); exactly one of `model` and `predictions`",
                label = "FILE")
        String model,
        @Arg(doc = "labelled data for `model`; with `predictions`, the file that slice columns are read from (matched "
                + "by the `row` column)", label = "FILE")
        String data,
        @Arg(doc = "instead of `model`: a file with `y_true`, `y_pred`, optionally `score:<class>` per class (or, "
                + "binary, only the positive class) and `row`", label = "FILE")
        String predictions,
        @Arg(doc = "label column of `data`", defaultText = "the model's", label = "COLUMN")
        String labelColumn,
        @Arg(doc = "`classification`, `regression` or `auto`: from the model; for a predictions file classification "
                + "when there are score columns or a label is not a number, else regression", defaultValue = "auto",
                allowed = {"auto", "classification", "regression"})
        String task,
        @Arg(doc = "columns whose values define slices, e.g. `['sex', 'race']`", defaultText = "none", label = "COLUMN")
        List<String> slices,
        @Arg(doc = "resamples of the percentile bootstrap (`0` = no intervals)", defaultValue = "1000")
        int bootstrap,
        @Arg(doc = "level of the intervals", defaultValue = "0.95")
        double confidenceLevel,
        @Arg(doc = "seed of the bootstrap (same seed and rows give the same intervals)", defaultValue = "42")
        long seed,
        @Arg(doc = "positive class of a binary task (scikit-learn's convention: for adult `>50K`)",
                defaultText = "the second class in sorted order", label = "CLASS")
        String positiveClass,
        @Arg(doc = "a category that training never saw: `error` stops with the file, line and column; `ignore` scores "
                + "it as no feature and counts it in `metrics.json`", defaultValue = "error",
                allowed = {"error", "ignore"})
        String unseenCategories,
        @Arg(doc = "what a row whose true label is not a class of the model does (`BAD` where the model knows `bad` "
                + "and `good`): `fail` stops with the file, line and the model's classes; `exclude` leaves such rows "
                + "out of the metrics and counts them", defaultValue = "fail", allowed = {"fail", "exclude"})
        String unknownLabels,
        @Arg(doc = "draw the PNG charts", defaultValue = "true")
        boolean charts,
        @Arg(doc = "explain the model (needs `model`): permutation feature importance of every input column on the "
                + "evaluation data, metrics `importance[column]`, and for linear models the coefficients summed by "
                + "column", defaultValue = "false", group = "explanations")
        boolean importance,
        @Arg(doc = "permutations of each column; the importance is the mean drop of the metric over them, with "
                + "their standard deviation and percentile interval", defaultValue = "5", min = 1,
                group = "explanations")
        int importanceRepeats,
        @Arg(doc = "the metric whose drop measures importance: any metric of this step, e.g. `roc_auc`, "
                + "`log_loss`, `recall[class=>50K]`; its direction comes from the metric catalogue",
                defaultText = "`accuracy` (classification), `rmse` (regression)", label = "METRIC",
                group = "explanations")
        String importanceMetric,
        @Arg(doc = "seed of the row sample and the permutations (docs/steps/evaluateModel.md gives the stream)",
                defaultValue = "42", group = "explanations")
        long importanceSeed,
        @Arg(doc = "rows the importance is computed on: a seeded sample of this many rows when the data has more "
                + "(`0` = every row)", defaultValue = "10000", min = 0, group = "explanations")
        int importanceMaxRows,
        @Arg(doc = "also write the row sample, every permutation and the predictions on permuted data into "
                + "`importance/`, so an independent script reproduces the numbers", defaultValue = "false",
                group = "explanations")
        boolean importanceFiles,
        @Group ReadingArgs reading,
        @Group Gates gates) implements GatedRequest {
}
