package io.mlsteps.drift;

import io.mlsteps.util.OrderedMaps;
import io.mlsteps.contract.gate.Direction;
import io.mlsteps.contract.gate.MetricCatalog;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.steps.CheckDriftRequest;
import io.mlsteps.metrics.MetricsFile;
import io.mlsteps.metrics.PerformanceTracker;
import io.mlsteps.registry.ModelVersion;
import io.mlsteps.step.StepContext;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Numbers;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * checkDrift's judging phase: what the profiles and the drift tests found, turned into the step's metrics and checks
 * (dataset drift, PSI bands, prediction drift, performance against reference metrics, NaN ratios, schema anomalies,
 * staleness, the share of traffic the prediction log holds). Each method adds to the result in the order the
 * step's result has always listed them.
 */
final class DriftChecks {
    private DriftChecks() {
    }


    /** The dataset verdict: the weighted share of drifted columns against driftShare, or a failure when nothing was tested. */
    static void dataset(CheckDriftRequest q, DriftAnalyzer.Report report, String nothingTested, StepResult result) {
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

    /** A tested column's statistic, p-value (for the p-value tests) and PSI as metrics. */
    static void putColumnMetrics(StepResult result, ColumnDrift c) {
        String col = "[" + c.column() + "]";
        result.putMetric(c.method().id() + col, c.statistic());
        if (c.method().isPValue()) {
            result.putMetric("p_value" + col, c.pValue());
        }
        result.putMetric("psi" + col, c.psi());
    }

    /** A column's PSI in the bands of psiUnstable and psiFailure: below, between (UNSTABLE), above (FAILURE). */
    static Check psi(ColumnDrift c, CheckDriftRequest q) {
        Criticality unstable = Criticality.UNSTABLE;
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

    /**
     * The drift of the model's predictions, tested apart from the features; null when it could not be tested (then
     * an inconclusive NOTE says why, unless the column was only the prediction log's implicit one).
     */
    static ColumnDrift prediction(CheckDriftRequest q, String column, DriftProfile reference, DriftProfile current,
                                  DriftAnalyzer analyzer, StepResult result) {
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

    /**
     * The model's performance on the labelled predictions, each metric against the reference metrics (the file given,
     * else the registered version's) with the allowed drop maxDrop.
     */
    static void performance(CheckDriftRequest q, PerformanceTracker tracker, DriftProfile current,
                            String predictionColumn, ModelVersion model, StepResult result, StepContext ctx) {
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
                    crit, ok ? CheckOutcome.PASSED : CheckOutcome.FAILED, msg, OrderedMaps.of("reference", ref, "maxDrop", maxDrop)));
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

    /**
     * Per current column: the missing ratio, and for numeric columns (or any with NaN) the NaN/infinite ratio, checked
     * against maxNanRatio or the reference's own ratio, whichever is higher.
     */
    static void quality(CheckDriftRequest q, DriftProfile reference, DriftProfile current, StepResult result) {
        for (ColumnDistribution c : current.columns().values()) {
            if (c.rows() == 0) {
                continue;
            }
            String col = "[" + c.name() + "]";
            result.putMetric("missing_ratio" + col, (double) c.missing() / c.rows());
            if (c.kind() == ColumnDistribution.Kind.NUMERIC || c.nanCount() + c.infiniteCount() > 0) {
                double nanRatio = nonFiniteRatio(c);
                result.putMetric("nan_ratio" + col, nanRatio);
                double refRatio = nonFiniteRatio(reference.columns().get(c.name()));
                if (nanRatio > 0 || refRatio > 0) {
                    result.addCheck(nanCheck(q, c, nanRatio, refRatio));
                }
            }
        }
    }

    /** The share of NaN and infinite values among a column's rows; 0 for a column absent or without rows. */
    private static double nonFiniteRatio(ColumnDistribution c) {
        return c == null || c.rows() == 0 ? 0 : (double) (c.nanCount() + c.infiniteCount()) / c.rows();
    }

    private static Check nanCheck(CheckDriftRequest q, ColumnDistribution c, double nanRatio, double refRatio) {
        double allowed = Math.max(q.maxNanRatio(), refRatio);
        String msg = String.format(Locale.ROOT, "'%s' has %,d NaN and %,d infinite values (ratio %s; reference %s, allowed %s).",
                c.name(), c.nanCount(), c.infiniteCount(), Numbers.format(nanRatio), Numbers.format(refRatio),
                Numbers.format(allowed));
        return new Check("nan:" + c.name(), "nan_ratio[" + c.name() + "]", nanRatio, "<= " + Numbers.format(allowed),
                q.nanCriticality(), nanRatio <= allowed ? CheckOutcome.PASSED : CheckOutcome.FAILED, msg, Map.of());
    }

    /**
     * Schema anomalies between the reference and the current data: columns missing, columns whose kind changed,
     * categories the reference never saw and new columns; the metric {@code anomalies} counts them. Excluded columns
     * are skipped (the prediction column is checked all the same), and so is the label missing from a prediction log.
     */
    static void schema(CheckDriftRequest q, String labelColumn, DriftProfile reference, DriftProfile current,
                       DriftSettings settings, StepResult result) {
        Set<String> ignored = new HashSet<>(settings.excludeColumns);
        int anomalies = 0;
        for (ColumnDistribution ref : reference.columns().values()) {
            if (ignored.contains(ref.name()) && !ref.name().equals(q.predictionColumn())) {
                continue;
            }
            ColumnDistribution cur = current.columns().get(ref.name());
            if (cur == null) {
                if (q.predictionLog() == null || !ref.name().equals(labelColumn)) {
                    anomalies++;
                    result.addCheck(Check.failed("anomaly:MISSING_COLUMN:" + ref.name(), null, null, "present",
                            q.schemaCriticality(), "Column '" + ref.name() + "' of the reference is missing in the current data."));
                }
                continue;
            }
            anomalies += typeChanged(q, ref, cur, result) + newCategories(ref, cur, result);
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

    /** 1 when a column was numeric on one side and not on the other (an empty side has no kind), else 0. */
    private static int typeChanged(CheckDriftRequest q, ColumnDistribution ref, ColumnDistribution cur, StepResult result) {
        boolean refNumeric = ref.kind() == ColumnDistribution.Kind.NUMERIC;
        boolean curNumeric = cur.kind() == ColumnDistribution.Kind.NUMERIC;
        if (cur.kind() == ColumnDistribution.Kind.EMPTY || ref.kind() == ColumnDistribution.Kind.EMPTY
                || refNumeric == curNumeric) {
            return 0;
        }
        result.addCheck(Check.failed("anomaly:TYPE_CHANGED:" + ref.name(), null, cur.kind().name(), ref.kind().name(),
                q.schemaCriticality(), "Column '" + ref.name() + "' was " + ref.kind().name().toLowerCase(Locale.ROOT)
                        + " in the reference but is " + cur.kind().name().toLowerCase(Locale.ROOT) + " in the current data."));
        return 1;
    }

    /**
     * For a column categorical on both sides, the share of present current values in categories the reference never
     * saw (a metric), and a NOTE naming up to five of them; 1 when there are some, else 0.
     */
    private static int newCategories(ColumnDistribution ref, ColumnDistribution cur, StepResult result) {
        if (ref.kind() != ColumnDistribution.Kind.CATEGORICAL || cur.kind() != ColumnDistribution.Kind.CATEGORICAL) {
            return 0;
        }
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
        String metric = "new_category_ratio[" + ref.name() + "]";
        double ratio = (double) unseen / Math.max(1, cur.rows() - cur.missing());
        result.putMetric(metric, ratio);
        if (unseen == 0) {
            return 0;
        }
        result.addCheck(new Check("anomaly:NEW_CATEGORIES:" + ref.name(), metric, ratio, "0", Criticality.NOTE,
                CheckOutcome.FAILED, String.format(Locale.ROOT, "'%s' has %,d values (%s of rows) in categories the "
                        + "reference never saw, e.g. %s.", ref.name(), unseen, Numbers.format(ratio), examples),
                Map.of("examples", examples)));
        return 1;
    }

    /**
     * The model's age at {@code now} against maxModelAge (nothing when it is not given); {@code registered} is the
     * registeredAt argument or the registered version's time.
     */
    static void staleness(CheckDriftRequest q, Instant now, Instant registered, StepResult result) {
        if (q.maxModelAge() == null) {
            return;
        }
        Duration max = q.maxModelAge();
        Duration age = Duration.between(registered, now);
        double days = age.toMillis() / 86_400_000.0;
        double maxDays = max.toMillis() / 86_400_000.0;
        result.putMetric("model_age_days", days);
        boolean ok = age.compareTo(max) <= 0;
        result.addCheck(new Check("staleness", "model_age_days", days, "<= " + Numbers.format(maxDays),
                q.ageCriticality(), ok ? CheckOutcome.PASSED : CheckOutcome.FAILED, String.format(Locale.ROOT,
                "The model was registered %s days ago (%s); the limit is %s days.", Numbers.format(days),
                registered, Numbers.format(maxDays)), Map.of()));
    }

    /**
     * How much of the served traffic the prediction log holds: the metric {@code traffic_seen_ratio}, and a NOTE when
     * the server could not log some of its predictions in the window (its gap lines), so a verdict on part of the
     * traffic says so.
     */
    static void trafficSeen(PredictionLogReader.Read read, StepResult result) {
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
