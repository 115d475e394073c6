package io.mlsteps.drift;

import io.mlsteps.util.OrderedMaps;
import io.mlsteps.contract.bind.Values;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.OutputFile;
import io.mlsteps.contract.result.LineageRef;
import io.mlsteps.contract.result.ResultTable;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.steps.CheckDriftRequest;
import io.mlsteps.contract.steps.Steps;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.engine.DataSource;
import io.mlsteps.metrics.PerformanceTracker;
import io.mlsteps.registry.LineageEvent;
import io.mlsteps.registry.ModelVersion;
import io.mlsteps.registry.Registry;
import io.mlsteps.step.ArgumentProblems;
import io.mlsteps.step.MlStep;
import io.mlsteps.step.StepContext;
import io.mlsteps.util.Hashing;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import io.mlsteps.util.Numbers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code checkDrift}: compares what production sees (a data file, a folder, or the model server's prediction
 * log in a time window) with a reference (a data file, or its saved profile) column by column, decides dataset
 * drift by the weighted share of drifted columns, and adds PSI bands, prediction drift, performance drift when
 * labels arrive, NaN/infinite ratios, schema anomalies and model staleness as checks.
 *
 * <p>The request becomes {@link Settings} first (every argument error reported at once, before anything is read);
 * then the phases: the registered model resolved, both profiles read ({@link DriftInputs}), the columns tested
 * ({@link DriftAnalyzer}), the checks judged ({@link DriftChecks}), the outputs written.
 */
public final class CheckDriftStep implements MlStep<CheckDriftRequest> {
    public static final String REFERENCE_PROFILE_FILE = "reference-profile.json";
    public static final String CURRENT_PROFILE_FILE = "current-profile.json";
    public static final String DRIFT_TABLE_FILE = "drift.json";
    /** Where reference profiles are kept between runs, under the workspace ({@link ReferenceProfileCache}). */
    public static final String REFERENCE_CACHE_DIR = ".mlsteps/cache/reference-profiles";
    /** Input files up to this size get a sha256 in the lineage. */
    public static final long LINEAGE_HASH_MAX_BYTES = 32L << 20;

    @Override
    public Class<CheckDriftRequest> requestType() {
        return CheckDriftRequest.class;
    }

    @Override
    public StepResult execute(CheckDriftRequest q, StepContext ctx) throws Exception {
        return check(q, ctx, readOptions(q));
    }

    /**
     * How checkDrift reads the reference, the current data and the labels: the request's reading arguments, on the
     * engine it chose.
     */
    public static ReadOptions readOptions(CheckDriftRequest q) {
        return DataSource.readOptions(q.reading(), q.engine());
    }

    /**
     * The request's arguments checked before anything is read, every problem reported at once.
     *
     * @param now              the time the step judges at: asOf, else now
     * @param from             the prediction log's window start (since); null for all of the log or no log
     * @param to               the window's end (until, else now); null without a prediction log
     * @param predictionColumn the column of the model's predictions: the argument, else the log's implicit one
     * @param analysis         how the columns are tested (methods, thresholds, weights, share, columns)
     * @param registeredAt     the registeredAt argument, when maxModelAge needs it; null to take the model's
     */
    record Settings(Instant now, Instant from, Instant to, String predictionColumn, boolean measuresPerformance,
                    DriftSettings analysis, Instant registeredAt) {
        static Settings of(CheckDriftRequest q) {
            ArgumentProblems problems = new ArgumentProblems();
            problems.check(() -> requireOne("reference", "reference (a data file or folder), referenceProfile (a "
                    + "saved profile) or model", "reference, referenceProfile and model", q.reference(),
                    q.referenceProfile(), q.model()));
            problems.check(() -> requireOne("current", "current (a data file or folder) or predictionLog (the model "
                    + "server's log)", "current and predictionLog", q.current(), q.predictionLog()));
            problems.check(() -> checkFraction(q.driftShare(), "driftShare"));
            if (q.psiUnstable() > q.psiFailure()) {
                problems.add("psiUnstable", "must not exceed psiFailure (" + q.psiFailure() + ")");
            }
            Instant asOf = q.asOf() == null ? null : problems.check(() -> parseInstant(q.asOf(), "asOf"));
            Instant now = asOf != null ? asOf : Instant.now();
            String predictionColumn = q.predictionColumn() != null ? q.predictionColumn()
                    : q.predictionLog() != null ? PredictionLogReader.PREDICTION : null;
            boolean measuresPerformance = q.labelColumn() != null || q.labels() != null;
            if (measuresPerformance && predictionColumn == null) {
                problems.add("predictionColumn", "is required to measure performance: the column holding the model's "
                        + "predictions");
            }
            boolean log = q.predictionLog() != null;
            Instant from = log && q.since() != null ? problems.check(() -> instantOrAgo(q.since(), now, "since")) : null;
            Instant to = !log ? null : q.until() == null ? now : problems.check(() -> instantOrAgo(q.until(), now, "until"));
            DriftSettings analysis = analysis(q, problems);
            Instant registeredAt = registeredAt(q, problems);
            problems.throwIfAny();
            return new Settings(now, from, to, predictionColumn, measuresPerformance, analysis, registeredAt);
        }

        /** How columns are tested, from the method, threshold, per-column and share arguments. */
        private static DriftSettings analysis(CheckDriftRequest q, ArgumentProblems problems) {
            DriftSettings s = new DriftSettings();
            if (q.method() != null) {
                problems.check(() -> s.method(DriftMethod.parse(q.method(), "method")));
            }
            s.threshold(q.threshold());
            q.columnMethods().forEach((c, m) ->
                    problems.check(() -> s.columnMethod(c, DriftMethod.parse(m, "columnMethods." + c))));
            q.columnThresholds().forEach((c, t) -> {
                if (t == null || t.isNaN() || t < 0) {
                    problems.add("columnThresholds." + c, "must be a number >= 0");
                } else {
                    s.columnThreshold(c, t);
                }
            });
            q.columnWeights().forEach((c, w) -> {
                if (w == null || w.isNaN() || w < 0) {
                    problems.add("columnWeights." + c, "must be a number >= 0");
                } else {
                    s.columnWeight(c, w);
                }
            });
            return s.driftShare(q.driftShare()).columns(q.columns().isEmpty() ? null : q.columns())
                    .excludeColumns(q.excludeColumns());
        }

        /** The registration time maxModelAge is judged from: registeredAt, or (null) the registered model's. */
        private static Instant registeredAt(CheckDriftRequest q, ArgumentProblems problems) {
            if (q.maxModelAge() == null) {
                return null;
            }
            if (q.registeredAt() == null && q.model() == null) {
                problems.add("maxModelAge", "needs the model's registration time: give model (a registered "
                        + "version) or registeredAt (ISO-8601)");
            }
            return q.registeredAt() == null ? null : problems.check(() -> parseInstant(q.registeredAt(), "registeredAt"));
        }
    }

    /**
     * The request with its reference resolved: for {@code model}, the registered version and the request naming its
     * training profile (fetched into the step folder) as referenceProfile.
     */
    private record Resolved(CheckDriftRequest request, ModelVersion model) {
        /** The label column: the argument, else the model's own (a prediction log never has it as a column). */
        String labelColumn() {
            if (request.labelColumn() != null) {
                return request.labelColumn();
            }
            return model != null && model.card() != null && model.card().hasNonNull("labelColumn")
                    ? model.card().get("labelColumn").asText() : null;
        }
    }

    /** The columns tested: the test report, the analyzer (it tests the prediction column too) and why none was. */
    private record Analysis(DriftSettings settings, DriftAnalyzer analyzer, DriftAnalyzer.Report report,
                            String nothingTested) {
    }

    /** Checks drift as {@link #execute} does, reading every data file (reference, current, labels) with {@code options}. */
    public StepResult check(CheckDriftRequest request, StepContext ctx, ReadOptions options) throws Exception {
        long started = System.nanoTime();
        Settings settings = Settings.of(request);
        if (request.charts()) {
            io.mlsteps.chart.Charts.warmUp();
        }
        StepResult result = new StepResult(name());
        Resolved resolved = resolve(request, ctx);
        CheckDriftRequest q = resolved.request();
        PerformanceTracker performance = settings.measuresPerformance() ? new PerformanceTracker() : null;
        // the inputs' hashes (lineage) do not depend on the profiles: computed while the data is profiled
        CompletableFuture<List<LineageRef>> inputs = CompletableFuture.supplyAsync(() -> lineage(q, ctx));
        DriftInputs.Profiles profiles = DriftInputs.read(q, settings, performance, options, ctx);
        if (profiles.log() != null) {
            window(profiles.log(), settings, result);
        }
        // the profile files are written beside the tests and charts, which do not read them (a later run's tests
        // and charts on a week of data leave a core free)
        CompletableFuture<List<OutputFile>> saved = CompletableFuture.supplyAsync(() -> saveProfiles(q, profiles, ctx));
        int savedAt = result.getOutputs().size();
        Analysis analysis;
        ColumnDrift predictionDrift;
        try {
            long profiled = System.nanoTime();
            ctx.log().info("reference: %,d rows, current: %,d rows (profiled in %.2fs)", profiles.reference().rows(),
                    profiles.current().rows(), (profiled - started) / 1e9);

            analysis = analyze(settings, resolved, profiles);
            predictionDrift = judge(q, settings, resolved, profiles, analysis, performance, result, ctx);
            List<ColumnDrift> all = new ArrayList<>(analysis.report().columns());
            if (predictionDrift != null) {
                all.add(predictionDrift);
            }
            writeTable(all, analysis, ctx, result);
            long tested = System.nanoTime();
            ctx.log().info("tests on %d columns in %.2fs", all.size(), (tested - profiled) / 1e9);
            if (q.charts()) {
                drawCharts(q, analysis.report(), predictionDrift, profiles, ctx, result);
            }
            ctx.log().info("charts in %.2fs", (System.nanoTime() - tested) / 1e9);
            result.getOutputs().addAll(savedAt, done(saved));
        } finally {
            saved.handle((files, failure) -> null).join(); // a failed step leaves nothing writing in its folder
        }
        result.getLineage().addAll(done(inputs));
        if (resolved.model() != null) {
            recordModelEvent(q, resolved.model(), analysis.report(), ctx, result);
        }
        result.setSummary(summary(analysis, predictionDrift));
        return result;
    }

    /** The background task's value; its failure as it was thrown (an input error stays one). */
    private static <T> T done(CompletableFuture<T> task) {
        try {
            return task.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The reference of {@code model}: its stored training profile, fetched from the registry into the step folder. */
    private static Resolved resolve(CheckDriftRequest q, StepContext ctx) {
        if (q.model() == null) {
            return new Resolved(q, null);
        }
        try (Registry registry = Registry.forStep(q.registry().registry(), ctx)) {
            ModelVersion version = registry.resolve(q.model());
            if (!version.hasProfile()) {
                throw new InputException("model", version.ref() + " has no stored training profile; register it with "
                        + "its profile, or give reference (the training data) instead");
            }
            Path fetched = registry.fetchProfile(version, ctx.stepDir().resolve("model-training-profile.json"));
            ctx.log().info("reference: the training profile of %s (registered %s)", version.ref(), version.createdAt());
            return new Resolved(Steps.with(q, Map.of("referenceProfile", fetched.toString())), version);
        }
    }

    /** The prediction log's window and counts in the details, and how much of the traffic it holds. */
    private static void window(PredictionLogReader.Read log, Settings settings, StepResult result) {
        result.getDetails().put("window", OrderedMaps.of("from", String.valueOf(settings.from()), "to",
                String.valueOf(settings.to()), "predictions", log.entries(), "outsideWindow", log.outsideWindow(),
                "notLogged", log.dropped(), "seenRatio", log.seenRatio()));
        DriftChecks.trafficSeen(log, result);
    }

    /** The reference profile (unless it was given as one) and the current profile, as outputs for later runs. */
    private static List<OutputFile> saveProfiles(CheckDriftRequest q, DriftInputs.Profiles profiles, StepContext ctx) {
        List<OutputFile> outputs = new ArrayList<>();
        if (q.referenceProfile() == null) {
            Path savedReference = q.saveReferenceProfile() != null ? ctx.resolve(q.saveReferenceProfile())
                    : ctx.stepDir().resolve(REFERENCE_PROFILE_FILE);
            profiles.reference().save(savedReference);
            outputs.add(ctx.describeOutput("referenceProfile", savedReference));
        }
        Path currentProfile = ctx.stepDir().resolve(CURRENT_PROFILE_FILE);
        profiles.current().save(currentProfile);
        outputs.add(ctx.describeOutput("currentProfile", currentProfile));
        return outputs;
    }

    /**
     * Tests the feature columns: the columns asked for (else those both sides share) without the excluded ones and
     * without the prediction and label columns, which are judged apart.
     */
    private static Analysis analyze(Settings settings, Resolved resolved, DriftInputs.Profiles profiles) {
        DriftSettings columns = settings.analysis();
        List<String> excluded = new ArrayList<>(columns.excludeColumns);
        if (settings.predictionColumn() != null) {
            excluded.add(settings.predictionColumn());
        }
        if (resolved.labelColumn() != null) {
            excluded.add(resolved.labelColumn());
        }
        columns.excludeColumns(excluded);
        if (columns.columns == null) {
            List<String> common = new ArrayList<>();
            for (String c : profiles.reference().columns().keySet()) {
                if (profiles.current().columns().containsKey(c)) {
                    common.add(c);
                }
            }
            columns.columns(common);
        }
        DriftAnalyzer analyzer = new DriftAnalyzer(columns);
        DriftAnalyzer.Report report = analyzer.analyze(profiles.reference(), profiles.current());
        String nothingTested = report.columns().isEmpty()
                ? whyNothingTested(profiles.reference(), profiles.current(), columns.columns, report) : null;
        return new Analysis(columns, analyzer, report, nothingTested);
    }

    /**
     * Turns what was found into metrics and checks: dataset drift, PSI per column, prediction drift, performance,
     * NaN ratios, schema anomalies, staleness. Returns the prediction column's drift (null when not tested).
     */
    private static ColumnDrift judge(CheckDriftRequest q, Settings settings, Resolved resolved,
                                     DriftInputs.Profiles profiles, Analysis analysis, PerformanceTracker performance,
                                     StepResult result, StepContext ctx) {
        DriftChecks.dataset(q, analysis.report(), analysis.nothingTested(), result);
        for (ColumnDrift c : analysis.report().columns()) {
            DriftChecks.putColumnMetrics(result, c);
            if (q.psiGates()) {
                result.addCheck(DriftChecks.psi(c, q));
            }
        }
        DriftProfile reference = profiles.reference();
        DriftProfile current = profiles.current();
        ColumnDrift predictionDrift = settings.predictionColumn() == null ? null : DriftChecks.prediction(q,
                settings.predictionColumn(), reference, current, analysis.analyzer(), result);
        if (performance != null) {
            DriftChecks.performance(q, performance, current, settings.predictionColumn(), resolved.model(), result, ctx);
        }
        DriftChecks.quality(q, reference, current, result);
        DriftChecks.schema(q, resolved.labelColumn(), reference, current, analysis.settings(), result);
        if (q.maxModelAge() != null) {
            Instant registered = settings.registeredAt() != null ? settings.registeredAt() : resolved.model().createdAt();
            DriftChecks.staleness(q, settings.now(), registered, result);
        }
        return predictionDrift;
    }

    /** The per-column table of the report, and the verdict in the details and in drift.json. */
    private static void writeTable(List<ColumnDrift> all, Analysis analysis, StepContext ctx, StepResult result) {
        result.getTables().add(table(all, analysis.report().skipped()));
        Map<String, Object> verdict = verdict(analysis.report(), all, analysis.nothingTested());
        result.getDetails().put("drift", verdict);
        Json.write(ctx.stepDir().resolve(DRIFT_TABLE_FILE), verdict);
        result.getOutputs().add(ctx.describeOutput("drift", ctx.stepDir().resolve(DRIFT_TABLE_FILE)));
    }

    /** The charts; one that cannot be drawn is a warning, never the step's failure. */
    private static void drawCharts(CheckDriftRequest q, DriftAnalyzer.Report report, ColumnDrift predictionDrift,
                                   DriftInputs.Profiles profiles, StepContext ctx, StepResult result) {
        try {
            result.getCharts().addAll(DriftCharts.draw(report, predictionDrift, profiles.reference(),
                    profiles.current(), q.chartColumns(), ctx.chartsDir()));
        } catch (RuntimeException e) {
            ctx.log().warn("charts could not be drawn: " + e.getMessage());
        }
    }

    /** The model version as input lineage, and the drift event in its registry history (best effort). */
    private static void recordModelEvent(CheckDriftRequest q, ModelVersion model, DriftAnalyzer.Report report,
                                         StepContext ctx, StepResult result) {
        result.getLineage().add(new LineageRef("modelVersion", "input", model.ref(), model.artifactSha256(), null));
        try (Registry registry = Registry.forStep(q.registry().registry(), ctx)) {
            registry.recordEvent(LineageEvent.of(LineageEvent.DRIFT, model, !report.datasetDrift())
                    .withMetrics(OrderedMaps.of("drift_share", report.driftShare(), "drifted_columns",
                            (double) report.driftedColumns())));
        } catch (RuntimeException e) {
            ctx.log().warn("could not record the drift event in the registry: " + e.getMessage());
        }
    }

    /** The one sentence of the result. */
    private static String summary(Analysis analysis, ColumnDrift predictionDrift) {
        DriftAnalyzer.Report report = analysis.report();
        if (analysis.nothingTested() != null) {
            return "nothing could be tested: " + analysis.nothingTested();
        }
        return String.format(Locale.ROOT, "%s: %d of %d columns drifted (weighted share %s, threshold %s)%s",
                report.datasetDrift() ? "dataset drift" : "no dataset drift", report.driftedColumns(),
                report.columns().size(), Numbers.format(report.driftShare()), Numbers.format(report.shareThreshold()),
                predictionDrift == null ? "" : predictionDrift.drifted() ? "; prediction drift" : "; no prediction drift");
    }

    /** Exactly one of the values is given (not blank): else the argument's error, naming what to give. */
    private static void requireOne(String argument, String choices, String onlyOne, String... values) {
        int given = 0;
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                given++;
            }
        }
        if (given != 1) {
            throw new InputException(argument, given == 0 ? "is required: give " + choices : "give only one of " + onlyOne);
        }
    }

    private static void checkFraction(double v, String argument) {
        if (!(v > 0 && v <= 1)) {
            throw new InputException(argument, "must be in (0, 1] but is " + v);
        }
    }

    /** An ISO instant, or a duration before {@code now} ({@code 24h}), named by its argument when it is neither. */
    private static Instant instantOrAgo(String text, Instant now, String argument) {
        try {
            return Values.parseInstantOrAgo(text, now);
        } catch (IllegalArgumentException e) {
            throw new InputException(argument, e.getMessage());
        }
    }

    private static Instant parseInstant(String text, String argument) {
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            throw new InputException(argument, "'" + text + "' is not an ISO-8601 instant such as 2024-05-01T00:00:00Z");
        }
    }

    /** The drift verdict written to the drift table file and the result's details. */
    private static Map<String, Object> verdict(DriftAnalyzer.Report report, List<ColumnDrift> all, String nothingTested) {
        Map<String, Object> verdict = new LinkedHashMap<>();
        verdict.put("datasetDrift", report.datasetDrift());
        verdict.put("driftShare", report.driftShare());
        verdict.put("shareThreshold", report.shareThreshold());
        verdict.put("driftedColumns", report.driftedColumns());
        verdict.put("columnsTested", report.columns().size());
        verdict.put("columns", all);
        verdict.put("skipped", report.skipped());
        if (nothingTested != null) {
            verdict.put("nothingTested", nothingTested);
        }
        return verdict;
    }

    /**
     * Why no column could be tested, as a sentence: no rows on one side, no shared column, or every shared column
     * excluded or skipped. Saying "no dataset drift" then would pass a check that looked at nothing.
     */
    static String whyNothingTested(DriftProfile reference, DriftProfile current, List<String> shared,
                                   DriftAnalyzer.Report report) {
        if (current.rows() == 0 || reference.rows() == 0) {
            DriftProfile empty = current.rows() == 0 ? current : reference;
            return "the " + (empty == current ? "current" : "reference") + " data has no rows"
                    + (empty.sources().isEmpty() ? "" : " (" + String.join(", ", empty.sources()) + ")");
        }
        if (shared.isEmpty()) {
            return "the reference and the current data share no column (reference: " + names(reference)
                    + "; current: " + names(current) + "); expected the same column names, read with the same "
                    + "delimiter and header settings";
        }
        if (report.skipped().isEmpty()) {
            return "every shared column is excluded (columns, excludeColumns, the prediction and label columns): "
                    + shared;
        }
        List<String> reasons = new ArrayList<>();
        report.skipped().forEach((column, reason) -> reasons.add(column + ": " + reason));
        return "no shared column could be tested (" + String.join("; ", reasons) + ")";
    }

    private static String names(DriftProfile profile) {
        List<String> all = new ArrayList<>(profile.columns().keySet());
        return all.size() <= 8 ? all.toString() : all.subList(0, 8) + " and " + (all.size() - 8) + " more";
    }

    private static ResultTable table(List<ColumnDrift> columns, Map<String, String> skipped) {
        List<List<Object>> rows = new ArrayList<>();
        for (ColumnDrift c : columns) {
            rows.add(List.of(c.column(), c.kind().name().toLowerCase(Locale.ROOT), c.method().id(), round(c.statistic()),
                    c.method().isPValue() ? round(c.pValue()) : "", c.method().isPValue() ? "" : round(c.score()),
                    c.threshold(), c.drifted() ? "DRIFT" : "ok", c.weight(), round(c.psi()), c.referenceN(), c.currentN(),
                    c.errorBound() == 0 ? "exact" : "±" + round(c.errorBound()), c.reason()));
        }
        for (var e : skipped.entrySet()) {
            rows.add(List.of(e.getKey(), "", "skipped", "", "", "", "", "", "", "", "", "", "", e.getValue()));
        }
        return new ResultTable("drift", "Drift per column", List.of("column", "type", "method", "statistic", "p-value",
                "distance", "threshold", "drifted", "weight", "psi", "reference n", "current n", "error bound", "why"), rows);
    }

    private static Object round(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        return Double.parseDouble(String.format(Locale.ROOT, "%.6g", v));
    }

    /** The input datasets, each with its hash when it is a file small enough to hash. */
    private static List<LineageRef> lineage(CheckDriftRequest q, StepContext ctx) {
        List<LineageRef> inputs = new ArrayList<>();
        for (String path : new String[]{q.reference(), q.referenceProfile(), q.current(), q.predictionLog()}) {
            if (path == null) {
                continue;
            }
            if ("table".equalsIgnoreCase(q.reading().format()) && !path.equals(q.referenceProfile()) && !path.equals(q.predictionLog())) {
                inputs.add(new LineageRef("dataset", "input", "table:" + path, null, null));
                continue;
            }
            if (DataSource.isUri(path) && !path.startsWith("file:")) {
                inputs.add(new LineageRef("dataset", "input", path, null, path));
                continue;
            }
            Path p = ctx.resolve(path);
            String sha = null;
            try {
                // hashing is skipped for big files: it would cost as much as profiling them
                sha = Files.isRegularFile(p) && Files.size(p) <= LINEAGE_HASH_MAX_BYTES ? Hashing.sha256(p) : null;
            } catch (RuntimeException | java.io.IOException e) {
                // lineage is best effort; the step's verdict does not depend on it
            }
            inputs.add(new LineageRef("dataset", "input", p.toString(), sha, p.toUri().toString()));
        }
        return inputs;
    }
}
