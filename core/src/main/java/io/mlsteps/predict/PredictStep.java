package io.mlsteps.predict;

import io.mlsteps.util.OrderedMaps;
import io.mlsteps.contract.result.LineageRef;
import io.mlsteps.contract.result.OutputFile;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.steps.PredictRequest;
import io.mlsteps.data.DataReaders;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.engine.DataSource;
import io.mlsteps.engine.EngineChoice;
import io.mlsteps.model.NonFiniteValues;
import io.mlsteps.lineage.DatasetRef;
import io.mlsteps.registry.LineageEvent;
import io.mlsteps.registry.Registry;
import io.mlsteps.step.MlStep;
import io.mlsteps.step.Requests;
import io.mlsteps.step.StepContext;
import io.mlsteps.util.Hashing;
import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code predict}: scores files or folders of rows with a registered model or a model file and writes the
 * predictions ({@code row}, the file when there are several, the passthrough columns, {@code prediction}, then
 * {@code score:<class>} per class) in input order, as CSV, TSV or JSON Lines, gzip by name. Rows the model cannot read
 * stop the step with their place, or go to a rejects file with the reason. A registered model's lineage gains the
 * prediction: model version, then input datasets, then the predictions dataset.
 */
public final class PredictStep implements MlStep<PredictRequest> {
    public static final String NAME = "predict";
    public static final String DEFAULT_OUTPUT = "predictions.csv";

    @Override
    public Class<PredictRequest> requestType() {
        return PredictRequest.class;
    }

    /** How predict reads its data: the request's reading arguments, on the engine it chose. */
    public static ReadOptions readOptions(PredictRequest req) {
        return DataSource.readOptions(req.reading(), req.engine());
    }

    @Override
    public StepResult execute(PredictRequest req, StepContext ctx) throws Exception {
        return predict(req, ctx, readOptions(req));
    }

    /** Predicts as {@link #execute} does, reading the data with {@code options}. */
    public StepResult predict(PredictRequest req, StepContext ctx, ReadOptions options) throws IOException {
        EngineChoice choice = EngineChoice.of(req.engine(), ctx.env());
        return choice.isLocal() ? predictHere(req, ctx, options) : EnginePredict.run(req, ctx, options, choice);
    }

    private StepResult predictHere(PredictRequest req, StepContext ctx, ReadOptions options) throws IOException {
        StepLog log = ctx.log();
        Path data = ctx.resolve(Requests.require(req.data(), "data", "the file or folder of rows to score"));
        List<String> passthrough = passthrough(req);
        Path outputFile = req.output() == null || req.output().isBlank() ? ctx.stepDir().resolve(DEFAULT_OUTPUT)
                : ctx.resolve(req.output());
        Path rejectsFile = req.rejects() == null || req.rejects().isBlank() ? null : ctx.resolve(req.rejects());
        TableFormat outputFormat = format(outputFile, "output");
        TableFormat rejectsFormat = rejectsFile == null ? null : format(rejectsFile, "rejects");
        if (outputFile.equals(rejectsFile)) {
            throw new InputException("rejects", "is the same file as output (" + outputFile + "); expected another file");
        }
        List<Path> files = DataReaders.dataFiles(data);
        checkNotInput(outputFile, "output", data, files);
        checkNotInput(rejectsFile, "rejects", data, files);
        int threads = req.threads() > 0 ? req.threads() : Runtime.getRuntime().availableProcessors();

        try (AtomicOutput output = AtomicOutput.open(outputFile, "output");
             AtomicOutput rejects = rejectsFile == null ? null : AtomicOutput.open(rejectsFile, "rejects")) {
            ModelSource source = ModelSource.resolve(req, ctx);
            RowModel model = RowModel.load(source.file());
            checkPassthrough(passthrough, model);
            log.info("predict: %s (%s, %d features) on %d file%s, %d thread%s, %,d rows per chunk", source.label(),
                    model.task(), model.features().size(), files.size(), files.size() == 1 ? "" : "s", threads,
                    threads == 1 ? "" : "s", req.chunkRows());
            BatchScorer.Plan plan = new BatchScorer.Plan(model, files, options, passthrough, req.scores(),
                    "ignore".equals(req.unseenCategories()), threads, req.chunkRows());
            BatchScorer.Totals totals = new BatchScorer(plan, new BatchScorer.Sinks(outputFormat, output.stream(),
                    rejectsFormat, rejects == null ? null : rejects.stream()), log).run();
            output.commit();
            if (rejects != null) {
                rejects.commit();
            }
            List<Scored.Input> inputs = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                Path f = files.get(i);
                inputs.add(new Scored.Input(f.toString(), Hashing.sha256(f), f.toUri().toString(),
                        totals.rowsPerFile().get(i)));
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("file", outputFile.toString());
            out.put("format", outputFormat.describe());
            out.put("columns", plan.outputColumns());
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("threads", plan.threads());
            run.put("chunkRows", plan.chunkRows());
            OutputFile predictions = ctx.describeOutput("predictions", outputFile);
            return result(req, ctx, source, model, new Scored(inputs, predictions, outputFile.toString(),
                    outputFile.toUri().toString(), out, rejectsFile == null ? null
                    : new Scored.Rejects(ctx.describeOutput("rejects", rejectsFile), rejectsFile.toString(),
                    plan.rejectColumns()), totals.rows(), totals.predicted(), totals.rejected(), totals.unseen(),
                    totals.nonFinite(), totals.seconds(), plan.ignoreUnseen(), run));
        }
    }

    /**
     * What a run scored, whatever engine ran it: the inputs (with their rows), the predictions and rejects, the
     * counts, and the engine's settings for result.json.
     */
    record Scored(List<Input> inputs, OutputFile predictions, String outputName, String outputUri,
                  Map<String, Object> outputDetails, Rejects rejects, long rows, long predicted, long rejected,
                  Map<String, Long> unseen, NonFiniteValues nonFinite, double seconds, boolean ignoreUnseen,
                  Map<String, Object> run) {
        /** An input file: its name, content hash (or location hash, see docs/spark.md), URI and rows. */
        record Input(String name, String sha256, String uri, long rows) {
        }

        /** The rejects table. */
        record Rejects(OutputFile file, String name, List<String> columns) {
        }

        double rowsPerSecond() {
            return seconds > 0 ? rows / seconds : 0;
        }
    }

    static TableFormat format(Path file, String argument) {
        if (java.nio.file.Files.isDirectory(file)) {
            throw new InputException(argument, file + " is a folder; expected a file name such as "
                    + file.resolve(argument.equals("output") ? DEFAULT_OUTPUT : "rejects.csv"));
        }
        return TableFormat.of(file, argument);
    }

    static List<String> passthrough(PredictRequest req) {
        List<String> columns = new ArrayList<>(new LinkedHashSet<>(req.passthrough() == null ? List.of()
                : req.passthrough().stream().map(String::trim).toList()));
        for (String c : columns) {
            if (c.isEmpty() || BatchScorer.OWN_COLUMNS.contains(c) || c.startsWith(BatchScorer.SCORE_PREFIX)) {
                throw new InputException("passthrough", "'" + c + "' " + (c.isEmpty() ? "is empty; expected a column name"
                        : "is a column predict writes itself (" + String.join(", ", BatchScorer.OWN_COLUMNS)
                        + ", " + BatchScorer.SCORE_PREFIX + "<class>); expected another input column"));
            }
        }
        return columns;
    }

    static void checkPassthrough(List<String> passthrough, RowModel model) {
        // a passthrough column is copied as read; nothing of the model may share its name in the output
        for (String c : passthrough) {
            if (model.labels().stream().anyMatch(l -> (BatchScorer.SCORE_PREFIX + l).equals(c))) {
                throw new InputException("passthrough", "'" + c + "' is the name of a score column");
            }
        }
    }

    /** An output inside the input folder would be read as input by the next run; one that is an input, overwrite it. */
    private static void checkNotInput(Path file, String argument, Path data, List<Path> inputs) {
        if (file == null) {
            return;
        }
        Path abs = file.toAbsolutePath().normalize();
        for (Path in : inputs) {
            if (in.toAbsolutePath().normalize().equals(abs)) {
                throw new InputException(argument, file + " is an input file; expected a file the step may write");
            }
        }
        if (java.nio.file.Files.isDirectory(data) && abs.startsWith(data.toAbsolutePath().normalize())) {
            throw new InputException(argument, file + " is inside the data folder " + data + ", whose files a later "
                    + "run would read as input; expected a file outside it");
        }
    }

    static StepResult result(PredictRequest req, StepContext ctx, ModelSource source, RowModel model, Scored run) {
        StepResult result = new StepResult(NAME);
        metrics(req, ctx.log(), run, result);
        result.getOutputs().add(run.predictions());
        if (run.rejects() != null) {
            result.getOutputs().add(run.rejects().file());
        }
        List<DatasetRef> inputs = new ArrayList<>();
        List<Map<String, Object>> inputDetails = new ArrayList<>();
        for (Scored.Input in : run.inputs()) {
            inputs.add(new DatasetRef("input", in.sha256(), in.uri(), in.rows(), null, null));
            result.getLineage().add(new LineageRef("dataset", "input", in.name(), in.sha256(), in.uri()));
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("file", in.name());
            d.put("sha256", in.sha256());
            d.put("rows", in.rows());
            inputDetails.add(d);
        }
        String outputSha = run.predictions().sha256();
        result.getLineage().add(source.version() != null
                ? new LineageRef("modelVersion", "input", source.version().ref(), source.sha256(), null)
                : new LineageRef("model", "input", source.label(), source.sha256(), source.file().toUri().toString()));
        result.getLineage().add(new LineageRef("dataset", "output", run.outputName(), outputSha, run.outputUri()));
        details(source, model, run, inputDetails, result.getDetails());
        if (source.version() != null) {
            recordLineage(req, ctx, source, inputs, new DatasetRef("output", outputSha, run.outputUri(),
                    run.predicted(), null, null), run, result);
        }
        result.setSummary(String.format(Locale.ROOT, "%,d rows predicted with %s (%s)%s, %,.0f rows/s -> %s",
                run.predicted(), source.label(), model.task(),
                run.rejected() > 0 ? String.format(Locale.ROOT, ", %,d rejected", run.rejected()) : "",
                run.rowsPerSecond(), fileName(run.outputName())));
        return result;
    }

    private static String fileName(String location) {
        String trimmed = location.replaceAll("/+$", "");
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    /** The run's counts as metrics (gates may use them), with warnings for what was not scored as given. */
    private static void metrics(PredictRequest req, StepLog log, Scored totals, StepResult result) {
        result.putMetric("rows", totals.rows());
        result.putMetric("predicted_rows", totals.predicted());
        result.putMetric("rejected_rows", totals.rejected());
        result.putMetric("rejected_ratio", totals.rows() == 0 ? 0 : (double) totals.rejected() / totals.rows());
        result.putMetric("rows_per_second", Math.round(totals.rowsPerSecond()));
        long unseen = totals.unseen().values().stream().mapToLong(Long::longValue).sum();
        if (totals.ignoreUnseen()) {
            result.putMetric("unseen_category_values", unseen);
        }
        totals.nonFinite().report(result, log, req.data());
        if (unseen > 0) {
            log.warn(unseen + " values of categories unseen in training were scored as no feature: "
                    + totals.unseen().keySet());
        }
        if (totals.rejected() > 0) {
            log.warn(totals.rejected() + " row" + (totals.rejected() == 1 ? "" : "s") + " the model cannot read "
                    + (totals.rejected() == 1 ? "was" : "were") + " written to " + totals.rejects().name());
        }
    }

    /** result.json's details: the model, the inputs, the output and rejects, the run's settings. */
    private static void details(ModelSource source, RowModel model, Scored run, List<Map<String, Object>> inputDetails,
                                Map<String, Object> details) {
        Map<String, Object> m = source.describe();
        m.put("task", model.task());
        m.put("features", model.features());
        if (model.classification()) {
            m.put("classes", model.labels());
        }
        details.put("model", m);
        details.put("inputs", inputDetails);
        details.put("output", run.outputDetails());
        if (run.rejects() != null) {
            details.put("rejects", OrderedMaps.of("file", run.rejects().name(), "rows", run.rejected(),
                    "columns", run.rejects().columns()));
        }
        if (!run.unseen().isEmpty()) {
            details.put("unseenCategories", run.unseen());
        }
        details.putAll(run.run());
        details.put("seconds", Math.round(run.seconds() * 1000) / 1000.0);
    }

    /** model version -> input datasets -> prediction dataset, as an event of the version in its registry. */
    private static void recordLineage(PredictRequest req, StepContext ctx, ModelSource source, List<DatasetRef> inputs,
                                      DatasetRef output, Scored totals, StepResult result) {
        List<DatasetRef> datasets = new ArrayList<>(inputs);
        datasets.add(output);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("predicted_rows", (double) totals.predicted());
        metrics.put("rejected_rows", (double) totals.rejected());
        try (Registry registry = Registry.forStep(req.registry().registry(), ctx)) {
            LineageEvent event = registry.recordEvent(LineageEvent.of(LineageEvent.PREDICTION, source.version(), null)
                    .withDatasets(datasets).withMetrics(metrics)
                    .withAttributes(Map.of("result", ctx.stepDir().resolve("result.json").toString())));
            result.getDetails().put("lineageEvent", event.nodeId());
            ctx.log().info("lineage: %s -> %d input dataset%s -> predictions %s (%s)", source.version().ref(),
                    inputs.size(), inputs.size() == 1 ? "" : "s", output.sha256().substring(0, 12), event.nodeId());
        } catch (RuntimeException e) {
            // the predictions are written and described in result.json; a registry gone since the model was fetched
            // costs the lineage record only, which the warning and the details say
            ctx.log().warn("could not record the prediction in the registry: " + e.getMessage());
            result.getDetails().put("lineageError", String.valueOf(e.getMessage()));
        }
    }
}
