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
        @Group ReadingArgs reading,
        @Group Gates gates) implements GatedRequest {
}
