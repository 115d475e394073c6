package io.mlsteps.evaluate;

import io.mlsteps.metrics.ClassificationMetrics;
import io.mlsteps.metrics.RegressionMetrics;
import io.mlsteps.model.LabelDomain;
import io.mlsteps.contract.steps.EvaluateModelRequest;

import de.siegmar.fastcsv.writer.CsvWriter;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.data.Reading;
import io.mlsteps.contract.gate.QualityGate;
import io.mlsteps.model.UnknownLabels;
import io.mlsteps.contract.result.LineageRef;
import io.mlsteps.step.ArgumentProblems;
import io.mlsteps.step.MlStep;
import io.mlsteps.contract.result.ResultTable;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.model.FeatureEncoding;
import io.mlsteps.model.NonFiniteValues;
import io.mlsteps.data.Table;
import io.mlsteps.model.TribuoPredictor;
import io.mlsteps.util.Hashing;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code evaluateModel}: scores a model on labelled data (or reads a predictions file from any framework) and
 * computes classification or regression metrics, per-slice metrics with counts, bootstrap confidence intervals,
 * charts, {@code predictions.csv} and {@code metrics.json}. Quality gates (also per slice, e.g.
 * {@code accuracy[sex=*]}) are applied by the step runner to the metrics.
 */
public final class EvaluateModelStep implements MlStep<EvaluateModelRequest> {
    public static final String NAME = "evaluateModel";
    public static final String METRICS_FILE = "metrics.json";
    public static final String PREDICTIONS_FILE = "predictions.csv";
    public static final String SCORE_PREFIX = "score:";
    public static final String MISSING_SLICE = "(missing)";
    /** Metrics that get bootstrap intervals and per-slice values. */
    public static final List<String> CLASSIFICATION_HEADLINE = List.of("accuracy", "balanced_accuracy", "precision_macro",
            "recall_macro", "f1_macro", "f1_weighted", "roc_auc", "pr_auc", "log_loss");
    public static final List<String> REGRESSION_HEADLINE = List.of("rmse", "mae", "r2", "mape");

    @Override
    public Class<EvaluateModelRequest> requestType() {
        return EvaluateModelRequest.class;
    }

    /**
     * Labelled predictions, whatever their source.
     *
     * @param table      where slice columns are read
     * @param tableRows  the table row of each scored row
     * @param dataRows   the 0-based data row of each scored row (the {@code row} column of predictions.csv)
     * @param labels     the model's classes checked against the true labels (null without a classification model)
     * @param nonFinite  NaN/inf/-inf feature values scored as missing (null without a model)
     * @param predictor  the model that scored the rows (null for a predictions file), reused by the explanations
     */
    record Scored(String task, ClassificationMetrics.Input classification, double[] yTrue, double[] yPred,
                  Table table, int[] tableRows, long[] dataRows, Map<String, Object> source,
                  Map<String, Integer> unseen, int skipped, LabelDomain labels, NonFiniteValues nonFinite,
                  TribuoPredictor predictor) {
        int rows() {
            return yTrue != null ? yTrue.length : classification.rows();
        }
    }

    @Override
    public StepResult execute(EvaluateModelRequest req, StepContext ctx) throws Exception {
        ArgumentProblems problems = new ArgumentProblems();
        ReadOptions options = problems.check(() -> readOptions(req));
        UnknownLabels unknownLabels = problems.check(() -> unknownLabels(req));
        return run(req, ctx, Settings.of(req, problems), options, unknownLabels);
    }

    /** How evaluateModel reads its data and predictions files: the request's reading arguments. */
    public static ReadOptions readOptions(EvaluateModelRequest req) {
        return Reading.options(req.reading());
    }

    /** What evaluateModel does with a label the model does not know: the request's {@code unknownLabels}. */
    public static UnknownLabels unknownLabels(EvaluateModelRequest req) {
        return UnknownLabels.parse(req.unknownLabels(), "unknownLabels");
    }

    /**
     * The request's arguments that can be checked before any file is read, every problem reported at once (with
     * those of the reading arguments collected before).
     */
    record Settings(boolean fromModel, int resamples, double level, long seed, List<String> slices) {
        static Settings of(EvaluateModelRequest req, ArgumentProblems problems) {
            boolean hasModel = given(req.model());
            boolean hasPredictions = given(req.predictions());
            if (hasModel == hasPredictions) {
                problems.add(hasModel ? "predictions" : "model", hasModel
                        ? "give either model (with data) or predictions, not both"
                        : "is required: a model file with labelled data, or a predictions file (y_true, y_pred)");
            }
            if (hasModel && !hasPredictions && !given(req.data())) {
                problems.add("data", "is required with model: the labelled data to evaluate on");
            }
            String task = req.task() == null ? "auto" : req.task().trim().toLowerCase(Locale.ROOT);
            if (!List.of("auto", "", TribuoPredictor.CLASSIFICATION, TribuoPredictor.REGRESSION).contains(task)) {
                problems.add("task", "unknown task '" + req.task() + "'; expected classification, regression or auto");
            }
            Explanations.validate(req, hasModel, problems);
            if (req.bootstrap() < 0) {
                problems.add("bootstrap", "is " + req.bootstrap() + "; expected 0 (no intervals) or more resamples");
            }
            if (req.confidenceLevel() <= 0 || req.confidenceLevel() >= 1) {
                problems.add("confidenceLevel", "is " + req.confidenceLevel()
                        + "; expected a value between 0 and 1, e.g. 0.95");
            }
            problems.throwIfAny();
            return new Settings(hasModel, req.bootstrap(), req.confidenceLevel(), req.seed(),
                    req.slices() == null ? List.of() : req.slices());
        }

        private static boolean given(String argument) {
            return argument != null && !argument.isBlank();
        }
    }

    /** The metrics of the evaluation: the whole, each slice group, and the bootstrap intervals of the headline. */
    record Measured(Map<String, Double> metrics, Map<String, Double> all, List<String> headline,
                    Map<String, List<Map<String, Object>>> slices, Map<String, Bootstrap.Interval> intervals) {
    }

    /**
     * Evaluates as {@link #execute} does, reading the files with {@code options}; a true label the model does not
     * know stops the step or is left out, counted, as {@code unknownLabels} says.
     */
    public StepResult evaluate(EvaluateModelRequest req, StepContext ctx, ReadOptions options, UnknownLabels unknownLabels) {
        return run(req, ctx, Settings.of(req, new ArgumentProblems()), options, unknownLabels);
    }

    /** The phases: read and score, measure, write the files, describe the result. */
    private static StepResult run(EvaluateModelRequest req, StepContext ctx, Settings settings, ReadOptions options,
                                  UnknownLabels unknownLabels) {
        Scored s = settings.fromModel() ? ModelScoring.score(req, ctx, options, unknownLabels)
                : PredictionsFileScoring.score(req, ctx, options);
        for (String slice : settings.slices()) {
            s.table().column(slice, "slices");
        }
        StepResult result = new StepResult(NAME);
        Measured measured = measure(req, settings, s, ctx.log());
        measured.all().forEach(result::putMetric);
        if (s.labels() != null) {
            s.labels().report(result, ctx.log());
        }
        if (s.nonFinite() != null) {
            s.nonFinite().report(result, ctx.log(), req.data());
        }
        Map<String, Object> doc = writeOutputs(req, ctx, settings, s, measured, result);
        describe(req, ctx, settings, s, measured, doc, result);
        return result;
    }

    /** The metrics of the whole evaluation and of each slice group, with bootstrap intervals of the headline. */
    private static Measured measure(EvaluateModelRequest req, Settings settings, Scored s, StepLog log) {
        boolean classification = s.task().equals(TribuoPredictor.CLASSIFICATION);
        Map<String, Double> metrics = classification ? ClassificationMetrics.compute(s.classification())
                : RegressionMetrics.compute(s.yTrue(), s.yPred());
        if (req.importance()) { // refuse an importance metric this evaluation lacks before the long work
            Explanations.metric(req, classification, metrics);
        }
        Map<String, Double> all = new LinkedHashMap<>(metrics);
        all.put("rows", (double) s.rows());
        List<String> headline = (classification ? CLASSIFICATION_HEADLINE : REGRESSION_HEADLINE).stream()
                .filter(metrics::containsKey).toList();
        Map<String, List<Map<String, Object>>> sliceReport = slices(settings.slices(), s, all, log);
        Map<String, Bootstrap.Interval> intervals = new LinkedHashMap<>();
        if (settings.resamples() > 0) {
            long t0 = System.nanoTime();
            intervals = Bootstrap.intervals(s.rows(), settings.resamples(), settings.seed(), settings.level(), headline,
                    rows -> compute(s, rows));
            log.info("bootstrap: %d resamples in %.2fs (seed %d, level %s)", settings.resamples(),
                    (System.nanoTime() - t0) / 1e9, settings.seed(), settings.level());
        }
        return new Measured(metrics, all, headline, sliceReport, intervals);
    }

    /** predictions.csv, metrics.json (with the explanations when asked for); returns metrics.json's document. */
    private static Map<String, Object> writeOutputs(EvaluateModelRequest req, StepContext ctx, Settings settings,
                                                    Scored s, Measured m, StepResult result) {
        Path predictionsFile = ctx.stepDir().resolve(PREDICTIONS_FILE);
        writePredictions(s, predictionsFile);
        Map<String, Object> doc = metricsDocument(s, m, settings);
        if (req.importance()) {
            doc.put("importance", Explanations.explain(req, ctx, s, m.metrics(), result));
        }
        Path metricsFile = ctx.stepDir().resolve(METRICS_FILE);
        Json.write(metricsFile, doc);
        result.getOutputs().add(ctx.describeOutput("predictions", predictionsFile));
        result.getOutputs().add(ctx.describeOutput("metrics", metricsFile));
        return doc;
    }

    /** result.json's details, lineage, tables, charts and summary, and the headline in the log. */
    private static void describe(EvaluateModelRequest req, StepContext ctx, Settings settings, Scored s, Measured m,
                                 Map<String, Object> doc, StepResult result) {
        result.getDetails().put("task", s.task());
        result.getDetails().put("source", s.source());
        if (!m.intervals().isEmpty()) {
            result.getDetails().put("confidenceIntervals", doc.get("confidenceIntervals"));
        }
        if (!s.unseen().isEmpty()) {
            result.getDetails().put("unseenCategories", s.unseen());
        }
        if (s.labels() != null && s.labels().excludedRows() > 0) {
            result.getDetails().put("unknownLabels", s.labels().describe());
        }
        addLineage(req, ctx, result);
        addTables(s, m.metrics(), m.headline(), m.intervals(), m.slices(), result);
        if (req.charts()) {
            EvaluationCharts.draw(s, m.metrics(), m.headline(), m.slices(), gates(req), ctx, result);
        }
        result.setSummary(summary(s, m));
        for (String h : m.headline()) {
            Bootstrap.Interval iv = m.intervals().get(h);
            ctx.log().info("%-18s %.6f%s", h, m.metrics().get(h), iv == null ? "" : String.format(Locale.ROOT,
                    "  (%.0f%% CI %.4f .. %.4f)", settings.level() * 100, iv.low(), iv.high()));
        }
    }

    /** "classification on 1,234 rows: accuracy 0.9123 [0.9011, 0.9230]". */
    private static String summary(Scored s, Measured m) {
        String main = m.headline().isEmpty() ? null : m.headline().get(0);
        Bootstrap.Interval interval = main == null ? null : m.intervals().get(main);
        return String.format(Locale.ROOT, "%s on %,d rows%s%s", s.task(), s.rows(),
                main == null ? "" : String.format(Locale.ROOT, ": %s %.4f", main, m.metrics().get(main)),
                interval == null ? "" : String.format(Locale.ROOT, " [%.4f, %.4f]", interval.low(), interval.high()));
    }

    /** The metrics of each slice group, added to {@code all} as {@code metric[column=value]}, for the report. */
    private static Map<String, List<Map<String, Object>>> slices(List<String> columns, Scored s,
                                                                 Map<String, Double> all, StepLog log) {
        Map<String, List<Map<String, Object>>> sliceReport = new LinkedHashMap<>();
        for (String slice : columns) {
            int ci = s.table().column(slice, "slices");
            Map<String, List<Integer>> groups = new TreeMap<>();
            for (int i = 0; i < s.rows(); i++) {
                String v = s.table().cell(s.tableRows()[i], ci);
                groups.computeIfAbsent(v == null ? MISSING_SLICE : v.trim(), k -> new ArrayList<>()).add(i);
            }
            List<Map<String, Object>> entries = new ArrayList<>();
            for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
                int[] rows = g.getValue().stream().mapToInt(Integer::intValue).toArray();
                Map<String, Double> m = computeSlice(s, rows);
                String q = "[" + slice + "=" + g.getKey() + "]";
                Map<String, Double> kept = new LinkedHashMap<>();
                for (Map.Entry<String, Double> me : m.entrySet()) {
                    if (me.getKey().indexOf('[') < 0) {
                        kept.put(me.getKey(), me.getValue());
                        all.put(me.getKey() + q, me.getValue());
                    }
                }
                all.put("rows" + q, (double) rows.length);
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("value", g.getKey());
                e.put("rows", rows.length);
                e.put("metrics", kept);
                entries.add(e);
            }
            sliceReport.put(slice, entries);
            log.info("slice %s: %d groups", slice, groups.size());
        }
        return sliceReport;
    }

    private static List<QualityGate> gates(EvaluateModelRequest req) {
        return req.qualityGates() == null ? List.of() : req.qualityGates();
    }

    static Map<String, Double> compute(Scored s, int[] rows) {
        return s.task().equals(TribuoPredictor.CLASSIFICATION) ? ClassificationMetrics.compute(s.classification(), rows)
                : RegressionMetrics.compute(s.yTrue(), s.yPred(), rows);
    }

    /** The metrics of one slice: macro averages over the classes present in it (see ClassificationMetrics). */
    static Map<String, Double> computeSlice(Scored s, int[] rows) {
        return s.task().equals(TribuoPredictor.CLASSIFICATION) ? ClassificationMetrics.computeSlice(s.classification(), rows)
                : RegressionMetrics.compute(s.yTrue(), s.yPred(), rows);
    }

    /** Classes sorted, except that a chosen positive class of a binary task goes last (the scored class). */
    static List<String> classOrder(Set<String> classes, String positive) {
        List<String> ordered = new ArrayList<>(new TreeSet<>(classes));
        if (positive != null && !positive.isBlank()) {
            if (!ordered.contains(positive)) {
                throw new InputException("positiveClass", "'" + positive + "' is not a class; expected one of " + ordered);
            }
            if (ordered.size() != 2) {
                throw new InputException("positiveClass", "applies to binary tasks only; this one has classes " + ordered);
            }
            ordered.remove(positive);
            ordered.add(positive);
        }
        return ordered;
    }

    static void checkTwoClasses(List<String> truth, String source, String label) {
        Set<String> seen = new TreeSet<>(truth);
        if (seen.size() < 2) {
            throw new InputException(source, "label column '" + label + "' holds a single class " + seen
                    + "; expected at least two classes to evaluate a classifier");
        }
    }

    static double number(Table table, int row, int column, String what) {
        String v = table.cell(row, column);
        try {
            double d = FeatureEncoding.parseNumber(table.columns().get(column), v);
            if (Double.isNaN(d)) {
                throw new FeatureEncoding.BadValue(table.columns().get(column), v);
            }
            return d;
        } catch (FeatureEncoding.BadValue e) {
            throw table.error(row, column, what + " column '" + table.columns().get(column) + "' holds '" + v
                    + "'; expected a number");
        }
    }

    // ---------------------------------------------------------------------------------------------- outputs

    /** Writes predictions.csv: row, y_true, y_pred, then score:&lt;class&gt; per class (classification). */
    static void writePredictions(Scored s, Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (CsvWriter csv = CsvWriter.builder().build(tmp)) {
                List<String> header = new ArrayList<>(List.of("row", "y_true", "y_pred"));
                ClassificationMetrics.Input c = s.classification();
                if (c != null && c.scores() != null) {
                    for (String cls : c.classes()) {
                        header.add(SCORE_PREFIX + cls);
                    }
                }
                csv.writeRecord(header);
                for (int i = 0; i < s.rows(); i++) {
                    List<String> rec = new ArrayList<>(header.size());
                    rec.add(Long.toString(s.dataRows()[i]));
                    if (c != null) {
                        rec.add(c.classes().get(c.yTrue()[i]));
                        rec.add(c.classes().get(c.yPred()[i]));
                        if (c.scores() != null) {
                            for (double v : c.scores()[i]) {
                                rec.add(Double.toString(v));
                            }
                        }
                    } else {
                        rec.add(Double.toString(s.yTrue()[i]));
                        rec.add(Double.toString(s.yPred()[i]));
                    }
                    csv.writeRecord(rec);
                }
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static Map<String, Object> metricsDocument(Scored s, Measured m, Settings settings) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schemaVersion", 1);
        doc.put("task", s.task());
        doc.put("source", s.source());
        doc.put("rows", s.rows());
        doc.put("rowsNotEvaluated", s.skipped());
        ClassificationMetrics.Input c = s.classification();
        if (c != null) {
            doc.put("classes", c.classes());
            if (c.classes().size() == 2) {
                doc.put("positiveClass", c.classes().get(1));
            }
            doc.put("scoresAreProbabilities", c.scores() != null && c.probabilities());
        }
        doc.put("metrics", nanToNull(m.metrics()));
        doc.put("headline", m.headline());
        if (!m.intervals().isEmpty()) {
            doc.put("confidenceIntervals", intervalsDocument(m, settings));
        }
        if (c != null) {
            long[][] cm = ClassificationMetrics.confusionMatrix(c, null);
            Map<String, Object> matrix = new LinkedHashMap<>();
            matrix.put("labels", c.classes());
            matrix.put("rows", "true class");
            matrix.put("columns", "predicted class");
            matrix.put("matrix", cm);
            doc.put("confusionMatrix", matrix);
            doc.put("perClass", perClassDocument(c, cm, m.metrics()));
        }
        if (!m.slices().isEmpty()) {
            doc.put("slices", slicesDocument(m.slices()));
        }
        if (!s.unseen().isEmpty()) {
            doc.put("unseenCategories", s.unseen());
        }
        if (s.labels() != null && s.labels().excludedRows() > 0) {
            doc.put("unknownLabels", s.labels().describe());
        }
        return doc;
    }

    /** metrics.json's confidenceIntervals: how they were computed, then each headline metric's interval. */
    private static Map<String, Object> intervalsDocument(Measured m, Settings settings) {
        Map<String, Object> ci = new LinkedHashMap<>();
        ci.put("method", "percentile bootstrap");
        ci.put("level", settings.level());
        ci.put("resamples", settings.resamples());
        ci.put("seed", settings.seed());
        Map<String, Object> per = new LinkedHashMap<>();
        m.intervals().forEach((k, v) -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("value", finite(m.metrics().get(k)));
            e.put("low", finite(v.low()));
            e.put("high", finite(v.high()));
            e.put("std", finite(v.std()));
            e.put("validResamples", v.resamples());
            per.put(k, e);
        });
        ci.put("metrics", per);
        return ci;
    }

    /** metrics.json's perClass: precision, recall, f1 and support (the row sum of the confusion matrix) by class. */
    private static Map<String, Object> perClassDocument(ClassificationMetrics.Input c, long[][] cm,
                                                        Map<String, Double> metrics) {
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (int k = 0; k < c.classes().size(); k++) {
            String q = "[class=" + c.classes().get(k) + "]";
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("precision", finite(metrics.get("precision" + q)));
            e.put("recall", finite(metrics.get("recall" + q)));
            e.put("f1", finite(metrics.get("f1" + q)));
            e.put("support", Arrays.stream(cm[k]).sum());
            perClass.put(c.classes().get(k), e);
        }
        return perClass;
    }

    /** metrics.json's slices: per slice column, its groups with their metrics (NaN written as null). */
    private static Map<String, Object> slicesDocument(Map<String, List<Map<String, Object>>> slices) {
        Map<String, Object> sl = new LinkedHashMap<>();
        slices.forEach((col, entries) -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Map<String, Object> e : entries) {
                Map<String, Object> copy = new LinkedHashMap<>(e);
                @SuppressWarnings("unchecked")
                Map<String, Double> m = (Map<String, Double>) e.get("metrics");
                copy.put("metrics", nanToNull(m));
                out.add(copy);
            }
            sl.put(col, out);
        });
        return sl;
    }

    private static Object finite(Double d) {
        return d == null || d.isNaN() || d.isInfinite() ? null : d;
    }

    private static Map<String, Object> nanToNull(Map<String, Double> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, finite(v)));
        return out;
    }

    private static void addLineage(EvaluateModelRequest req, StepContext ctx, StepResult result) {
        if (req.model() != null && !req.model().isBlank()) {
            Path m = ctx.resolve(req.model());
            result.getLineage().add(new LineageRef("model", "input", req.model(), Hashing.sha256(m), m.toUri().toString()));
        }
        for (String f : new String[]{req.data(), req.predictions()}) {
            if (f != null && !f.isBlank()) {
                Path p = ctx.resolve(f);
                result.getLineage().add(new LineageRef("dataset", "input", f, Hashing.sha256(p), p.toUri().toString()));
            }
        }
        result.getLineage().add(new LineageRef("evaluation", "output", NAME, null, null));
    }

    private static void addTables(Scored s, Map<String, Double> metrics, List<String> headline,
                                  Map<String, Bootstrap.Interval> intervals,
                                  Map<String, List<Map<String, Object>>> slices, StepResult result) {
        List<List<Object>> rows = new ArrayList<>();
        for (String h : headline) {
            Bootstrap.Interval iv = intervals.get(h);
            rows.add(List.of(h, round(metrics.get(h)), iv == null ? "" : round(iv.low()), iv == null ? "" : round(iv.high())));
        }
        result.getTables().add(new ResultTable("metrics", "Metrics", List.of("metric", "value", "CI low", "CI high"), rows));
        ClassificationMetrics.Input c = s.classification();
        if (c != null) {
            long[][] cm = ClassificationMetrics.confusionMatrix(c, null);
            List<String> cols = new ArrayList<>();
            cols.add("true \\ predicted");
            cols.addAll(c.classes());
            List<List<Object>> cmRows = new ArrayList<>();
            for (int t = 0; t < cm.length; t++) {
                List<Object> r = new ArrayList<>();
                r.add(c.classes().get(t));
                for (long v : cm[t]) {
                    r.add(v);
                }
                cmRows.add(r);
            }
            result.getTables().add(new ResultTable("confusion-matrix", "Confusion matrix", cols, cmRows));
            List<List<Object>> pc = new ArrayList<>();
            for (int k = 0; k < c.classes().size(); k++) {
                String q = "[class=" + c.classes().get(k) + "]";
                long support = 0;
                for (long v : cm[k]) {
                    support += v;
                }
                pc.add(List.of(c.classes().get(k), round(metrics.get("precision" + q)), round(metrics.get("recall" + q)),
                        round(metrics.get("f1" + q)), support));
            }
            result.getTables().add(new ResultTable("per-class", "Per class", List.of("class", "precision", "recall", "f1",
                    "support"), pc));
        }
        for (Map.Entry<String, List<Map<String, Object>>> e : slices.entrySet()) {
            List<String> cols = new ArrayList<>(List.of(e.getKey(), "rows"));
            cols.addAll(headline);
            List<List<Object>> sr = new ArrayList<>();
            for (Map<String, Object> g : e.getValue()) {
                List<Object> r = new ArrayList<>(List.of(g.get("value"), g.get("rows")));
                @SuppressWarnings("unchecked")
                Map<String, Double> m = (Map<String, Double>) g.get("metrics");
                for (String h : headline) {
                    r.add(round(m.get(h)));
                }
                sr.add(r);
            }
            result.getTables().add(new ResultTable("slice-" + e.getKey(), "Slices by " + e.getKey(), cols, sr));
        }
    }

    private static Object round(Double d) {
        if (d == null || d.isNaN()) {
            return "NaN";
        }
        return Math.round(d * 1e6) / 1e6;
    }
}
