package io.mlsteps.drift;

import io.mlsteps.util.Numbers;
import io.mlsteps.metrics.MetricsFile;
import io.mlsteps.metrics.PerformanceTracker;
import io.mlsteps.contract.bind.Values;
import io.mlsteps.contract.steps.CheckDriftRequest;
import io.mlsteps.contract.steps.Steps;

import io.mlsteps.data.DataReaders;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.data.RecordReader;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.gate.Direction;
import io.mlsteps.contract.gate.MetricCatalog;
import io.mlsteps.engine.DataEngine;
import io.mlsteps.engine.DataEngines;
import io.mlsteps.engine.DataSource;
import io.mlsteps.engine.EngineChoice;
import io.mlsteps.registry.LineageEvent;
import io.mlsteps.registry.ModelVersion;
import io.mlsteps.registry.Registry;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.contract.result.LineageRef;
import io.mlsteps.step.MlStep;
import io.mlsteps.contract.result.ResultTable;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.util.Hashing;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code checkDrift}: compares what production sees (a data file, a folder, or the model server's prediction
 * log in a time window) with a reference (a data file, or its saved profile) column by column, decides dataset
 * drift by the weighted share of drifted columns, and adds PSI bands, prediction drift, performance drift when
 * labels arrive, NaN/infinite ratios, schema anomalies and model staleness as checks.
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

    /** Checks drift as {@link #execute} does, reading every data file (reference, current, labels) with {@code options}. */
    public StepResult check(CheckDriftRequest q, StepContext ctx, ReadOptions options) throws Exception {
        StepResult result = new StepResult(name());
        long started = System.nanoTime();
        if (q.charts()) {
            DriftCharts.warmUp();
        }
        int refSources = count(q.reference(), q.referenceProfile(), q.model());
        if (refSources != 1) {
            throw new InputException("reference", refSources == 0
                    ? "is required: give reference (a data file or folder), referenceProfile (a saved profile) or model"
                    : "give only one of reference, referenceProfile and model");
        }
        int curSources = count(q.current(), q.predictionLog());
        if (curSources != 1) {
            throw new InputException("current", curSources == 0
                    ? "is required: give current (a data file or folder) or predictionLog (the model server's log)"
                    : "give only one of current and predictionLog");
        }
        ModelVersion version = null;
        if (q.model() != null) {
            try (Registry registry = Registry.forStep(q.registry().registry(), ctx)) {
                version = registry.resolve(q.model());
                if (!version.hasProfile()) {
                    throw new InputException("model", version.ref() + " has no stored training profile; register it with "
                            + "its profile, or give reference (the training data) instead");
                }
                Path fetched = registry.fetchProfile(version, ctx.stepDir().resolve("model-training-profile.json"));
                q = Steps.with(q, Map.of("referenceProfile", fetched.toString()));
                ctx.log().info("reference: the training profile of %s (registered %s)", version.ref(), version.createdAt());
            }
        }
        final ModelVersion model = version;
        final CheckDriftRequest resolved = q;
        // the model's own label column when none is given: a prediction log never has it as a column
        String labelColumn = q.labelColumn() != null ? q.labelColumn()
                : model != null && model.card() != null && model.card().hasNonNull("labelColumn")
                ? model.card().get("labelColumn").asText() : null;
        checkFraction(q.driftShare(), "driftShare");
        if (q.psiUnstable() > q.psiFailure()) {
            throw new InputException("psiUnstable", "must not exceed psiFailure (" + q.psiFailure() + ")");
        }
        Instant now = q.asOf() == null ? Instant.now() : parseInstant(q.asOf(), "asOf");
        String predictionColumn = q.predictionColumn() != null ? q.predictionColumn()
                : q.predictionLog() != null ? PredictionLogReader.PREDICTION : null;
        PerformanceTracker performance = q.labelColumn() != null || q.labels() != null ? new PerformanceTracker() : null;
        if (performance != null && predictionColumn == null) {
            throw new InputException("predictionColumn", "is required to measure performance: the column holding the model's predictions");
        }

        // 1. reference and current profiles; both data files are profiled at the same time, here or on the engine asked for
        EngineChoice choice = EngineChoice.of(q.engine(), ctx.env());
        DataEngine engine = choice.isLocal() ? null : DataEngines.open(choice, ctx.log());
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "checkDrift-profile");
            t.setDaemon(true);
            return t;
        });
        DriftProfile reference;
        DriftProfile current;
        PredictionLogReader.Read logRead = null;
        try {
            Future<DriftProfile> refFuture = pool.submit(() -> referenceProfile(resolved, options, ctx, engine));
            if (q.predictionLog() != null) {
                Instant from = q.since() == null ? null : instantOrAgo(q.since(), now, "since");
                Instant to = q.until() == null ? now : instantOrAgo(q.until(), now, "until");
                logRead = PredictionLogReader.read(ctx.resolve(q.predictionLog()), from, to, q.labels() != null, ctx.log());
                if (logRead.entries() == 0) {
                    throw new InputException("predictionLog", "no prediction in the window " + (from == null ? "" : "from " + from + " ")
                            + "to " + to + " (" + logRead.outsideWindow() + " outside it); widen 'since' or check the log");
                }
                current = logRead.profile();
                result.getDetails().put("window", Map.of("from", String.valueOf(from), "to", String.valueOf(to),
                        "predictions", logRead.entries(), "outsideWindow", logRead.outsideWindow(),
                        "notLogged", logRead.dropped(), "seenRatio", logRead.seenRatio()));
                trafficSeen(logRead, result);
            } else {
                current = pool.submit(() -> currentProfile(resolved, options, ctx, engine, predictionColumn, performance))
                        .get();
            }
            reference = refFuture.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        } finally {
            pool.shutdownNow();
            if (engine != null) {
                engine.close();
            }
        }
        if (logRead != null && q.labels() != null) {
            joinLabels(ctx.resolve(q.labels()), q.labelColumn() == null ? "label" : q.labelColumn(),
                    logRead.predictions(), performance, options, ctx.log());
        }
        Path savedReference = q.saveReferenceProfile() != null ? ctx.resolve(q.saveReferenceProfile())
                : ctx.stepDir().resolve(REFERENCE_PROFILE_FILE);
        if (q.referenceProfile() == null) {
            reference.save(savedReference);
            result.getOutputs().add(ctx.describeOutput("referenceProfile", savedReference));
        }
        Path currentProfile = ctx.stepDir().resolve(CURRENT_PROFILE_FILE);
        current.save(currentProfile);
        result.getOutputs().add(ctx.describeOutput("currentProfile", currentProfile));
        long profiled = System.nanoTime();
        ctx.log().info("reference: %,d rows, current: %,d rows (profiled in %.2fs)", reference.rows(), current.rows(),
                (profiled - started) / 1e9);

        // 2. feature drift (the prediction and label columns are judged apart)
        DriftSettings settings = settings(q);
        List<String> excluded = new ArrayList<>(settings.excludeColumns);
        if (predictionColumn != null) {
            excluded.add(predictionColumn);
        }
        if (labelColumn != null) {
            excluded.add(labelColumn);
        }
        settings.excludeColumns(excluded);
        if (settings.columns == null) {
            List<String> common = new ArrayList<>();
            for (String c : reference.columns().keySet()) {
                if (current.columns().containsKey(c)) {
                    common.add(c);
                }
            }
            settings.columns(common);
        }
        DriftAnalyzer analyzer = new DriftAnalyzer(settings);
        DriftAnalyzer.Report report = analyzer.analyze(reference, current);
        String nothingTested = report.columns().isEmpty()
                ? whyNothingTested(reference, current, settings.columns, report) : null;
        datasetChecks(q, report, nothingTested, result);
        Criticality psiUnstable = Criticality.UNSTABLE;
        for (ColumnDrift c : report.columns()) {
            putColumnMetrics(result, c);
            if (q.psiGates()) {
                result.addCheck(psiCheck(c, q, psiUnstable));
            }
        }

        // 3. prediction drift
        ColumnDrift predictionDrift = null;
        if (predictionColumn != null) {
            predictionDrift = predictionDrift(q, predictionColumn, reference, current, analyzer, result);
        }

        // 4. performance drift, data quality, schema, staleness
        if (performance != null) {
            performanceChecks(q, performance, current, predictionColumn, model, result, ctx);
        }
        qualityChecks(q, reference, current, settings, result);
        schemaChecks(q, labelColumn, reference, current, settings, result);
        stalenessCheck(q, now, model, result);

        // 5. table, charts, lineage
        List<ColumnDrift> all = new ArrayList<>(report.columns());
        if (predictionDrift != null) {
            all.add(predictionDrift);
        }
        result.getTables().add(table(all, report.skipped()));
        Map<String, Object> verdict = verdict(report, all, nothingTested);
        result.getDetails().put("drift", verdict);
        Json.write(ctx.stepDir().resolve(DRIFT_TABLE_FILE), verdict);
        result.getOutputs().add(ctx.describeOutput("drift", ctx.stepDir().resolve(DRIFT_TABLE_FILE)));
        long tested = System.nanoTime();
        ctx.log().info("tests on %d columns in %.2fs", all.size(), (tested - profiled) / 1e9);
        try {
            if (q.charts()) result.getCharts().addAll(DriftCharts.draw(report, predictionDrift, reference, current, q.chartColumns(), ctx.chartsDir()));
        } catch (RuntimeException e) {
            ctx.log().warn("charts could not be drawn: " + e.getMessage());
        }
        ctx.log().info("charts in %.2fs", (System.nanoTime() - tested) / 1e9);
        lineage(q, ctx, result);
        if (model != null) {
            result.getLineage().add(new LineageRef("modelVersion", "input", model.ref(), model.artifactSha256(), null));
            try (Registry registry = Registry.forStep(q.registry().registry(), ctx)) {
                registry.recordEvent(LineageEvent.of(LineageEvent.DRIFT, model, !report.datasetDrift())
                        .withMetrics(Map.of("drift_share", report.driftShare(), "drifted_columns", (double) report.driftedColumns())));
            } catch (RuntimeException e) {
                ctx.log().warn("could not record the drift event in the registry: " + e.getMessage());
            }
        }
        result.setSummary(nothingTested != null ? "nothing could be tested: " + nothingTested
                : String.format(Locale.ROOT, "%s: %d of %d columns drifted (weighted share %s, threshold %s)%s",
                report.datasetDrift() ? "dataset drift" : "no dataset drift", report.driftedColumns(),
                report.columns().size(), Numbers.format(report.driftShare()),
                Numbers.format(report.shareThreshold()),
                predictionDrift == null ? "" : predictionDrift.drifted() ? "; prediction drift" : "; no prediction drift"));
        return result;
    }

    /** The current data's profile, here (pairing labels and predictions as it reads) or on the engine asked for. */
    private static DriftProfile currentProfile(CheckDriftRequest q, ReadOptions options, StepContext ctx, DataEngine engine,
                                               String predictionColumn, PerformanceTracker performance) {
        if (engine != null) {
            DataSource source = DataSource.of(q.current(), q.reading().format(), options, ctx.workDir(), "current");
            ctx.log().info("profiling current data %s on %s", source.describe(), engine.describe());
            return DriftProfile.of(engine, source, ctx.log(), q.labelColumn(), predictionColumn, performance);
        }
        Path currentPath = ctx.resolve(q.current());
        DriftProfile.RowListener listener = performance == null ? null
                : pairListener(q.labelColumn(), predictionColumn, performance);
        ctx.log().info("profiling current data %s", currentPath);
        return DriftProfile.of(currentPath, options, ctx.log(), listener);
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

    private static int count(String... values) {
        int n = 0;
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                n++;
            }
        }
        return n;
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

    private static DriftProfile referenceProfile(CheckDriftRequest q, ReadOptions options, StepContext ctx, DataEngine engine) {
        if (q.referenceProfile() != null) {
            Path p = ctx.resolve(q.referenceProfile());
            ctx.log().info("reference profile %s (the reference data is not re-read)", p);
            return DriftProfile.load(p);
        }
        if (engine != null) {
            // no cache: the engine's data (a table, a bucket) has no file identity this process can check cheaply
            DataSource source = DataSource.of(q.reference(), q.reading().format(), options, ctx.workDir(), "reference");
            ctx.log().info("profiling reference data %s on %s", source.describe(), engine.describe());
            return DriftProfile.of(engine, source, ctx.log(), null, null, null);
        }
        Path p = ctx.resolve(q.reference());
        if (q.referenceCache()) {
            return new ReferenceProfileCache(ctx.workDir().resolve(REFERENCE_CACHE_DIR), ctx.log()).profile(p, options);
        }
        ctx.log().info("profiling reference data %s", p);
        return DriftProfile.of(p, options, ctx.log());
    }

    static DriftSettings settings(CheckDriftRequest q) {
        DriftSettings s = new DriftSettings();
        if (q.method() != null) {
            s.method(DriftMethod.parse(q.method(), "method"));
        }
        s.threshold(q.threshold());
        q.columnMethods().forEach((c, m) -> s.columnMethod(c, DriftMethod.parse(m, "columnMethods." + c)));
        q.columnThresholds().forEach((c, t) -> {
            if (t == null || t.isNaN() || t < 0) {
                throw new InputException("columnThresholds." + c, "must be a number >= 0");
            }
            s.columnThreshold(c, t);
        });
        q.columnWeights().forEach((c, w) -> {
            if (w == null || w.isNaN() || w < 0) {
                throw new InputException("columnWeights." + c, "must be a number >= 0");
            }
            s.columnWeight(c, w);
        });
        s.driftShare(q.driftShare());
        s.columns(q.columns().isEmpty() ? null : q.columns());
        s.excludeColumns(q.excludeColumns());
        return s;
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

    private static void datasetChecks(CheckDriftRequest q, DriftAnalyzer.Report report, String nothingTested,
                                      StepResult result) {
        // with nothing tested, no drift share and no drift verdict: a gate on them must not pass on a check that
        // looked at nothing
        if (nothingTested == null) {
            result.putMetric("drift_share", report.driftShare());
        }
        result.putMetric("drifted_columns", report.driftedColumns());
        result.putMetric("columns_tested", report.columns().size());
        String expected = "< " + Numbers.format(report.shareThreshold());
        if (nothingTested != null) {
            result.addCheck(new Check("drift:dataset", "drift_share", null, expected, Criticality.FAILURE,
                    CheckOutcome.FAILED, "Nothing could be tested: " + nothingTested + ".", Map.of()));
            return;
        }
        result.putMetric("dataset_drift", report.datasetDrift() ? 1 : 0);
        String drifted = String.join(", ", report.columns().stream().filter(ColumnDrift::drifted).map(ColumnDrift::column).toList());
        String msg = report.datasetDrift()
                ? String.format(Locale.ROOT, "Dataset drift: the weighted share of drifted columns is %s, at or above %s (%s).",
                Numbers.format(report.driftShare()), Numbers.format(report.shareThreshold()), drifted)
                : String.format(Locale.ROOT, "No dataset drift: %d of %d columns drifted (weighted share %s < %s)%s.",
                report.driftedColumns(), report.columns().size(), Numbers.format(report.driftShare()),
                Numbers.format(report.shareThreshold()), drifted.isEmpty() ? "" : ": " + drifted);
        result.addCheck(new Check("drift:dataset", "drift_share", report.driftShare(), expected,
                q.driftCriticality(),
                report.datasetDrift() ? CheckOutcome.FAILED : CheckOutcome.PASSED, msg,
                Map.of("driftedColumns", drifted)));
    }

    private static void putColumnMetrics(StepResult result, ColumnDrift c) {
        String col = "[" + c.column() + "]";
        result.putMetric(c.method().id() + col, c.statistic());
        if (c.method().isPValue()) {
            result.putMetric("p_value" + col, c.pValue());
        }
        result.putMetric("psi" + col, c.psi());
    }

    private static Check psiCheck(ColumnDrift c, CheckDriftRequest q, Criticality unstable) {
        double psi = c.psi();
        String metric = "psi[" + c.column() + "]";
        String expected = "< " + Numbers.format(q.psiUnstable());
        if (psi > q.psiFailure()) {
            return Check.failed("psi:" + c.column(), metric, psi, expected, Criticality.FAILURE,
                    String.format(Locale.ROOT, "PSI of '%s' is %s, above %s: a major population shift.", c.column(),
                            Numbers.format(psi), Numbers.format(q.psiFailure())));
        }
        if (psi >= q.psiUnstable()) {
            return Check.failed("psi:" + c.column(), metric, psi, expected, unstable,
                    String.format(Locale.ROOT, "PSI of '%s' is %s, between %s and %s: a moderate population shift.",
                            c.column(), Numbers.format(psi), Numbers.format(q.psiUnstable()),
                            Numbers.format(q.psiFailure())));
        }
        return Check.passed("psi:" + c.column(), metric, psi, expected, unstable,
                String.format(Locale.ROOT, "PSI of '%s' is %s, below %s.", c.column(), Numbers.format(psi),
                        Numbers.format(q.psiUnstable())));
    }

    private static ColumnDrift predictionDrift(CheckDriftRequest q, String column, DriftProfile reference,
                                               DriftProfile current, DriftAnalyzer analyzer, StepResult result) {
        Criticality crit = q.predictionCriticality();
        ColumnDistribution ref = reference.columns().get(column);
        ColumnDistribution cur = current.columns().get(column);
        if (ref == null || cur == null || cur.numericCount() + cur.text == 0 || ref.numericCount() + ref.text == 0) {
            if (q.predictionColumn() == null) {
                // implicit 'prediction' of a log against a reference without predictions (e.g. a training profile):
                // nothing to compare, and not the user's mistake, so no check that would mark the build
                return null;
            }
            result.addCheck(new Check("drift:prediction", null, null, "no drift", Criticality.NOTE, CheckOutcome.INCONCLUSIVE,
                    "Prediction drift not tested: column '" + column + "' is missing or empty in the "
                            + (ref == null || ref.numericCount() + ref.text == 0 ? "reference" : "current data")
                            + " (the reference needs the model's predictions on its rows).", Map.of()));
            return null;
        }
        ColumnDrift c = analyzer.analyzeColumn(column, ref, cur);
        putColumnMetrics(result, c);
        result.putMetric("prediction_drift", c.drifted() ? 1 : 0);
        String msg = String.format(Locale.ROOT, "%s of the predictions ('%s'): %s %s = %s, threshold %s.",
                c.drifted() ? "Drift" : "No drift", column, c.method().id(), c.method().isPValue() ? "p-value" : "distance",
                Numbers.format(c.score()), Numbers.format(c.threshold()));
        result.addCheck(new Check("drift:prediction", c.method().id() + "[" + column + "]", c.score(),
                (c.method().isPValue() ? ">= " : "< ") + Numbers.format(c.threshold()), crit,
                c.drifted() ? CheckOutcome.FAILED : CheckOutcome.PASSED, msg, Map.of()));
        return c;
    }

    private static DriftProfile.RowListener pairListener(String labelColumn, String predictionColumn, PerformanceTracker tracker) {
        return new DriftProfile.RowListener() {
            int label = -2;
            int prediction = -2;

            @Override
            public void row(List<String> columns, String[] values) {
                if (label == -2) {
                    label = columns.indexOf(labelColumn);
                    prediction = columns.indexOf(predictionColumn);
                    if (label < 0 || prediction < 0) {
                        throw new InputException(label < 0 ? "labelColumn" : "predictionColumn", "column '"
                                + (label < 0 ? labelColumn : predictionColumn) + "' is not in the current data; its columns are " + columns);
                    }
                }
                tracker.add(values[label], values[prediction]);
            }
        };
    }

    private static void joinLabels(Path labels, String labelColumn, Map<String, String> predictions,
                                   PerformanceTracker tracker, ReadOptions options, io.mlsteps.util.StepLog log) {
        // a labels file is looked up by its column names, so it has a header even where the data has none
        try (RecordReader reader = DataReaders.open(labels, options.withHeader(true), log)) {
            int id = reader.columns().indexOf("requestId");
            int label = reader.columns().indexOf(labelColumn);
            if (id < 0 || label < 0) {
                throw new InputException(labels.toString(), 1, 1, "expected columns 'requestId' and '" + labelColumn
                        + "' but found " + reader.columns());
            }
            String[] row;
            while ((row = reader.next()) != null) {
                String p = predictions.get(row[id]);
                if (p != null) {
                    tracker.add(row[label], p);
                }
            }
        }
    }

    private static void performanceChecks(CheckDriftRequest q, PerformanceTracker tracker, DriftProfile current,
                                          String predictionColumn, ModelVersion model, StepResult result,
                                          StepContext ctx) {
        Criticality crit = q.performanceCriticality();
        if (tracker.pairs() == 0) {
            result.addCheck(new Check("performance", null, null, "labelled predictions", crit, CheckOutcome.INCONCLUSIVE,
                    "Performance not measured: no prediction has a label yet.", Map.of()));
            return;
        }
        ColumnDistribution p = current.columns().get(predictionColumn);
        boolean numericPredictions = p != null && p.kind() == ColumnDistribution.Kind.NUMERIC && p.numericDistinct() > 20;
        Map<String, Double> metrics = tracker.metrics(tracker.isRegression(numericPredictions));
        metrics.forEach(result::putMetric);
        result.putMetric("labelled_rows", tracker.pairs());
        Map<String, Double> reference;
        if (q.referenceMetrics() != null) {
            reference = referenceMetrics(ctx.resolve(q.referenceMetrics()));
        } else if (model != null && model.metrics() != null && !model.metrics().isEmpty()) {
            reference = model.metrics();
        } else {
            ctx.log().info("performance on %,d labelled rows: %s (no referenceMetrics to compare with)", tracker.pairs(), metrics);
            return;
        }
        double maxDrop = q.maxDrop();
        for (var e : metrics.entrySet()) {
            Double ref = reference.get(e.getKey());
            if (ref == null || ref.isNaN()) {
                result.addCheck(new Check("performance:" + e.getKey(), e.getKey(), e.getValue(), "a reference value", crit,
                        CheckOutcome.INCONCLUSIVE, "Metric '" + e.getKey() + "' is " + (ref == null ? "not in" : "undefined (NaN) in")
                        + " the reference metrics " + reference.keySet() + ", so its drop cannot be judged.", Map.of()));
                continue;
            }
            Direction dir = MetricCatalog.direction(e.getKey()).orElse(Direction.HIGHER_IS_BETTER);
            double delta = e.getValue() - ref;
            double drop = dir == Direction.HIGHER_IS_BETTER ? -delta : delta;
            result.putMetric("delta[" + e.getKey() + "]", delta);
            boolean ok = drop <= maxDrop;
            String msg = String.format(Locale.ROOT, "%s is %s on %,d labelled rows against %s at evaluation: %s by %s (allowed %s).",
                    e.getKey(), Numbers.format(e.getValue()), tracker.pairs(), Numbers.format(ref),
                    drop > 0 ? "worse" : "not worse", Numbers.format(Math.abs(drop)), Numbers.format(maxDrop));
            result.addCheck(new Check("performance:" + e.getKey(), e.getKey(), e.getValue(),
                    dir.boundOperator() + " " + Numbers.format(dir == Direction.HIGHER_IS_BETTER ? ref - maxDrop : ref + maxDrop),
                    crit, ok ? CheckOutcome.PASSED : CheckOutcome.FAILED, msg, Map.of("reference", ref, "maxDrop", maxDrop)));
        }
    }

    /** The reference metrics of a metrics file (a step result, metrics.json or a flat object of numbers). */
    static Map<String, Double> referenceMetrics(Path file) {
        MetricsFile read = MetricsFile.read(file);
        if (read.metrics().isEmpty()) {
            throw new InputException(file.toString(), "holds no numeric metrics; expected {\"metrics\": {\"accuracy\": 0.9, ...}}");
        }
        return read.metrics();
    }

    private static void qualityChecks(CheckDriftRequest q, DriftProfile reference, DriftProfile current,
                                      DriftSettings settings, StepResult result) {
        Criticality crit = q.nanCriticality();
        for (ColumnDistribution c : current.columns().values()) {
            if (c.rows() == 0) {
                continue;
            }
            double nanRatio = (double) (c.nanCount() + c.infiniteCount()) / c.rows();
            double missing = (double) c.missing() / c.rows();
            String col = "[" + c.name() + "]";
            result.putMetric("missing_ratio" + col, missing);
            if (c.kind() == ColumnDistribution.Kind.NUMERIC || c.nanCount() + c.infiniteCount() > 0) {
                result.putMetric("nan_ratio" + col, nanRatio);
                ColumnDistribution ref = reference.columns().get(c.name());
                double refRatio = ref == null || ref.rows() == 0 ? 0 : (double) (ref.nanCount() + ref.infiniteCount()) / ref.rows();
                if (nanRatio > 0 || refRatio > 0) {
                    boolean ok = nanRatio <= Math.max(q.maxNanRatio(), refRatio);
                    String msg = String.format(Locale.ROOT, "'%s' has %,d NaN and %,d infinite values (ratio %s; reference %s, allowed %s).",
                            c.name(), c.nanCount(), c.infiniteCount(), Numbers.format(nanRatio),
                            Numbers.format(refRatio), Numbers.format(Math.max(q.maxNanRatio(), refRatio)));
                    result.addCheck(new Check("nan:" + c.name(), "nan_ratio" + col, nanRatio,
                            "<= " + Numbers.format(Math.max(q.maxNanRatio(), refRatio)), crit,
                            ok ? CheckOutcome.PASSED : CheckOutcome.FAILED, msg, Map.of()));
                }
            }
        }
    }

    private static void schemaChecks(CheckDriftRequest q, String labelColumn, DriftProfile reference,
                                     DriftProfile current, DriftSettings settings, StepResult result) {
        Criticality crit = q.schemaCriticality();
        Set<String> ignored = new HashSet<>(settings.excludeColumns);
        int anomalies = 0;
        for (ColumnDistribution ref : reference.columns().values()) {
            if (ignored.contains(ref.name()) && !ref.name().equals(q.predictionColumn())) {
                continue;
            }
            ColumnDistribution cur = current.columns().get(ref.name());
            if (cur == null) {
                if (q.predictionLog() != null && ref.name().equals(labelColumn)) {
                    continue;
                }
                anomalies++;
                result.addCheck(Check.failed("anomaly:MISSING_COLUMN:" + ref.name(), null, null, "present", crit,
                        "Column '" + ref.name() + "' of the reference is missing in the current data."));
                continue;
            }
            boolean refNumeric = ref.kind() == ColumnDistribution.Kind.NUMERIC;
            boolean curNumeric = cur.kind() == ColumnDistribution.Kind.NUMERIC;
            if (cur.kind() != ColumnDistribution.Kind.EMPTY && ref.kind() != ColumnDistribution.Kind.EMPTY && refNumeric != curNumeric) {
                anomalies++;
                result.addCheck(Check.failed("anomaly:TYPE_CHANGED:" + ref.name(), null, cur.kind().name(), ref.kind().name(), crit,
                        "Column '" + ref.name() + "' was " + ref.kind().name().toLowerCase(Locale.ROOT) + " in the reference but is "
                                + cur.kind().name().toLowerCase(Locale.ROOT) + " in the current data."));
            }
            if (ref.kind() == ColumnDistribution.Kind.CATEGORICAL && cur.kind() == ColumnDistribution.Kind.CATEGORICAL) {
                Map<String, Long> refCats = ref.categoryCounts();
                long unseen = 0;
                List<String> examples = new ArrayList<>();
                for (var e : cur.categoryCounts().entrySet()) {
                    if (!refCats.containsKey(e.getKey())) {
                        unseen += e.getValue();
                        if (examples.size() < 5) {
                            examples.add(e.getKey());
                        }
                    }
                }
                double ratio = (double) unseen / Math.max(1, cur.rows() - cur.missing());
                result.putMetric("new_category_ratio[" + ref.name() + "]", ratio);
                if (unseen > 0) {
                    anomalies++;
                    result.addCheck(new Check("anomaly:NEW_CATEGORIES:" + ref.name(), "new_category_ratio[" + ref.name() + "]",
                            ratio, "0", Criticality.NOTE, CheckOutcome.FAILED, String.format(Locale.ROOT,
                            "'%s' has %,d values (%s of rows) in categories the reference never saw, e.g. %s.", ref.name(), unseen,
                            Numbers.format(ratio), examples), Map.of("examples", examples)));
                }
            }
        }
        for (String name : current.columns().keySet()) {
            if (!reference.columns().containsKey(name) && !name.equals(PredictionLogReader.PREDICTION)) {
                anomalies++;
                result.addCheck(new Check("anomaly:NEW_COLUMN:" + name, null, name, "absent", Criticality.NOTE,
                        CheckOutcome.FAILED, "Column '" + name + "' is in the current data but not in the reference.", Map.of()));
            }
        }
        result.putMetric("anomalies", anomalies);
    }

    private static void stalenessCheck(CheckDriftRequest q, Instant now, ModelVersion model, StepResult result) {
        if (q.maxModelAge() == null) {
            return;
        }
        Criticality crit = q.ageCriticality();
        Duration max = q.maxModelAge();
        if (q.registeredAt() == null && model == null) {
            throw new InputException("maxModelAge", "needs the model's registration time: give model (a registered "
                    + "version) or registeredAt (ISO-8601)");
        }
        Instant registered = q.registeredAt() != null ? parseInstant(q.registeredAt(), "registeredAt") : model.createdAt();
        Duration age = Duration.between(registered, now);
        double days = age.toMillis() / 86_400_000.0;
        double maxDays = max.toMillis() / 86_400_000.0;
        result.putMetric("model_age_days", days);
        boolean ok = age.compareTo(max) <= 0;
        result.addCheck(new Check("staleness", "model_age_days", days, "<= " + Numbers.format(maxDays), crit,
                ok ? CheckOutcome.PASSED : CheckOutcome.FAILED, String.format(Locale.ROOT,
                "The model was registered %s days ago (%s); the limit is %s days.", Numbers.format(days),
                registered, Numbers.format(maxDays)), Map.of()));
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

    private static void lineage(CheckDriftRequest q, StepContext ctx, StepResult result) {
        for (String path : new String[]{q.reference(), q.referenceProfile(), q.current(), q.predictionLog()}) {
            if (path == null) {
                continue;
            }
            if ("table".equalsIgnoreCase(q.reading().format()) && !path.equals(q.referenceProfile()) && !path.equals(q.predictionLog())) {
                result.getLineage().add(new LineageRef("dataset", "input", "table:" + path, null, null));
                continue;
            }
            if (DataSource.isUri(path) && !path.startsWith("file:")) {
                result.getLineage().add(new LineageRef("dataset", "input", path, null, path));
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
            result.getLineage().add(new LineageRef("dataset", "input", p.toString(), sha, p.toUri().toString()));
        }
    }

    /**
     * How much of the served traffic the prediction log holds: the metric {@code traffic_seen_ratio}, and a NOTE when
     * the server could not log some of its predictions in the window (its gap lines), so a verdict on part of the
     * traffic says so.
     */
    private static void trafficSeen(PredictionLogReader.Read read, StepResult result) {
        result.putMetric("traffic_seen_ratio", read.seenRatio());
        if (read.dropped() > 0) {
            result.addCheck(Check.failed("drift:traffic", "traffic_seen_ratio", read.seenRatio(), "1.0", Criticality.NOTE,
                    String.format(Locale.ROOT, "the prediction log holds %,d of the %,d predictions the server answered in "
                            + "the window (%.1f %%): its writer fell behind and it logged how many it dropped; drift is "
                            + "judged on the rows it holds", read.entries(), read.entries() + read.dropped(),
                            100 * read.seenRatio())));
        }
    }
}
