package io.mlsteps.contract.steps;

import io.mlsteps.contract.Arg;
import io.mlsteps.contract.Group;
import io.mlsteps.contract.StepInfo;

import java.util.List;
import java.util.Map;

/** Arguments of {@code trainModel}. */
@StepInfo(name = "trainModel", command = "train", title = "Train a model",
        summary = "Trains a model with Oracle Tribuo and writes the model, its model card and the training-data profile.")
public record TrainModelRequest(
        @Arg(doc = "training file: CSV, TSV or JSON Lines, optionally gzip-compressed", required = true, label = "FILE")
        String data,
        @Arg(doc = "the column to predict", required = true, label = "COLUMN")
        String labelColumn,
        @Arg(doc = "`classification`, `regression` or `auto`: text or boolean labels, and integer labels with at most "
                + "20 distinct values, are classification; other numbers are regression", defaultValue = "auto",
                allowed = {"auto", "classification", "regression"})
        String task,
        @Arg(doc = "the algorithm (see the table below, or `mlsteps train --list-algorithms`); an unknown name is an "
                + "error listing the valid ones", defaultText = "`logistic_regression` / `linear_sgd`", label = "NAME")
        String algorithm,
        @Arg(doc = "hyper-parameters by name, e.g. `[trees: 200, max_depth: 20]`; an unknown name or a wrong type is "
                + "an error listing the valid ones", cli = "--param", defaultText = "per algorithm")
        Map<String, Object> params,
        @Arg(doc = "the feature columns", defaultText = "all but the label", label = "COLUMN")
        List<String> features,
        @Arg(doc = "columns never used (ids, leaks such as `casual`/`registered` for `cnt`)", defaultText = "none",
                label = "COLUMN")
        List<String> excludeFeatures,
        @Arg(doc = "columns treated as categories although they hold numbers (codes like `season`)",
                defaultText = "none", label = "COLUMN")
        List<String> categoricalFeatures,
        @Arg(doc = "a separate validation file", label = "FILE")
        String validationData,
        @Arg(doc = "share of the labelled rows held out (seeded shuffle) when no validation file is given; `0` trains "
                + "on all rows", defaultValue = "0.2")
        double validationSplit,
        @Arg(doc = "seed of the split and of the algorithm (same data, parameters and seed give the same model bytes)",
                defaultValue = "42")
        long seed,
        @Arg(doc = "name of the model file in the step folder", defaultValue = "model.tribuo", label = "NAME")
        String modelFile,
        @Arg(doc = "models to try instead of one `algorithm`: `[[algorithm: 'logistic_regression', params: [c: [0.01, "
                + "0.1, 1]]], [algorithm: 'random_forest', params: [max_depth: [4, 8]]]]`; lists and ranges in `params` "
                + "are searched, the best candidate by `metric` is trained as the model", cli = "--candidate",
                label = "algorithm=NAME,PARAM=V1,V2", defaultText = "none: `algorithm` and `params`", group = "search")
        List<Candidate> candidates,
        @Arg(doc = "`grid` tries every combination of the candidates' parameter lists; `random` draws "
                + "`maxCandidates` seeded samples (ranges such as `loguniform(a, b)` need `random`)",
                defaultValue = "grid", allowed = {"grid", "random"}, group = "search")
        String search,
        @Arg(doc = "folds of the cross-validation that ranks the candidates (stratified for classification, grouped "
                + "by `groupColumn` when given); `0` ranks them on the validation rows", defaultValue = "0", min = 0,
                group = "search")
        int cv,
        @Arg(doc = "rows sharing a value of this column stay in one fold (e.g. a customer id)", label = "COLUMN",
                group = "search")
        String groupColumn,
        @Arg(doc = "the metric that ranks the candidates (its direction from the metric catalogue)",
                defaultText = "`roc_auc` (classification) / `rmse` (regression)", label = "METRIC", group = "search")
        String metric,
        @Arg(doc = "the most candidates tried (a larger grid is sampled, seeded); the samples of a `random` search",
                defaultValue = "0", defaultText = "the whole grid; 10 samples for `random`", min = 0, group = "search")
        int maxCandidates,
        @Arg(doc = "stop starting candidates after this long (e.g. `30m`); candidates left out are listed",
                defaultText = "none", label = "DURATION", group = "search")
        java.time.Duration timeBudget,
        @Arg(doc = "candidate folds trained at once", defaultValue = "0", defaultText = "the cores", min = 0,
                group = "search")
        int searchThreads,
        @Group ReadingArgs reading,
        @Group Gates gates) implements GatedRequest {
}
