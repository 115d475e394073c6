package io.mlsteps.contract.steps;

import io.mlsteps.contract.Arg;
import io.mlsteps.contract.Group;
import io.mlsteps.contract.StepInfo;

import java.util.List;

/** Arguments of {@code predict} (docs/steps/predict.md): batch prediction of files with a model. */
@StepInfo(name = "predict", command = "predict", title = "Predict a batch",
        summary = "Scores files or folders of CSV / JSON Lines with a registered model or a model file, streaming, "
                + "on all cores, and writes the predictions in input order; or on Apache Spark.")
public record PredictRequest(
        @Arg(doc = "the data to score: a CSV/TSV/JSON Lines file (gzip allowed) or a folder of them (scored in name "
                + "order); it needs every feature column of the model, other columns are ignored; with `engine: "
                + "'spark'` also Parquet, a URI (`s3a://...`) or a table (docs/spark.md)", required = true,
                positional = true, label = "FILE|DIR", group = "data")
        String data,
        @Arg(doc = "registry reference of the model: `adult@production`, `adult@3`, `adult` (the latest); exactly one "
                + "of `model` and `modelFile`", label = "REF", group = "model")
        String model,
        @Arg(doc = "or a model file written by `trainModel` (Tribuo protobuf), without a registry", label = "FILE",
                group = "model")
        String modelFile,
        @Group RegistryArgs registry,
        @Arg(doc = "the predictions file; its name decides the format: `.csv`, `.tsv` or `.jsonl`, each optionally "
                + "`.gz` (compressed); with `engine: 'spark'` a folder or URI of part files, `.parquet` too",
                defaultText = "`<step folder>/predictions.csv` (Spark: `predictions.parquet`)", label = "FILE",
                group = "output")
        String output,
        @Arg(doc = "with `engine: 'spark'`: replace an output folder or URI that exists (else it is an error; the "
                + "default output in the step folder is always replaced). The local engine always replaces its "
                + "output file, which it moves into place when complete", defaultValue = "false", group = "output")
        boolean overwrite,
        @Arg(doc = "input columns copied beside each prediction (an id, a key to join on)", defaultText = "none",
                label = "COLUMN", group = "output")
        List<String> passthrough,
        @Arg(doc = "write `score:<class>` per class beside `prediction` (classification)",
                defaultValue = "true", group = "output")
        boolean scores,
        @Arg(doc = "where rows the model cannot read go (same formats as `output`), each with its place and reason, "
                + "counted in `rejected_rows`; without it the first such row stops the step with its file, line and "
                + "column", defaultText = "none: stop at the first", label = "FILE", group = "output")
        String rejects,
        @Arg(doc = "a category that training never saw: `error` rejects the row (see `rejects`); `ignore` scores it "
                + "as no feature, as the model server does, and counts it", defaultValue = "error",
                allowed = {"error", "ignore"}, group = "output")
        String unseenCategories,
        @Arg(doc = "threads that score chunks of rows (`0`: one per core); the output keeps the input's order",
                defaultValue = "0", min = 0, max = 256, group = "performance")
        int threads,
        @Arg(doc = "rows per chunk handed to a scoring thread; memory holds about `2 × threads` chunks",
                defaultValue = "4096", min = 1, max = 1048576, group = "performance")
        int chunkRows,
        @Group ReadingArgs reading,
        @Group EngineArgs engine,
        @Group Gates gates) implements GatedRequest {
}
