package io.mlsteps.evaluate;

import io.mlsteps.metrics.ClassificationMetrics;
import io.mlsteps.metrics.RegressionMetrics;
import io.mlsteps.model.LabelDomain;
import io.mlsteps.contract.steps.EvaluateModelRequest;

import de.siegmar.fastcsv.writer.CsvWriter;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.data.Reading;
import io.mlsteps.contract.gate.QualityGate;
import io.mlsteps.model.Prediction;
import io.mlsteps.model.UnknownLabels;
import io.mlsteps.contract.result.LineageRef;
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
import io.mlsteps.util.Progress;
import io.mlsteps.util.StepLog;
import org.tribuo.Example;
import org.tribuo.Model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
        return evaluate(req, ctx, readOptions(req), unknownLabels(req));
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
     * Evaluates as {@link #execute} does, reading the files with {@code options}; a true label the model does not
     * know stops the step or is left out, counted, as {@code unknownLabels} says.
     */
    public StepResult evaluate(EvaluateModelRequest req, StepContext ctx, ReadOptions options, UnknownLabels unknownLabels) {
        StepLog log = ctx.log();
        boolean hasModel = req.model() != null && !req.model().isBlank();
        boolean hasPredictions = req.predictions() != null && !req.predictions().isBlank();
        if (hasModel == hasPredictions) {
            throw new InputException(hasModel ? "predictions" : "model", hasModel
                    ? "give either model (with data) or predictions, not both"
                    : "is required: a model file with labelled data, or a predictions file (y_true, y_pred)");
        }
        Explanations.validate(req, hasModel);
        int resamples = req.bootstrap();
        double level = req.confidenceLevel();
        if (resamples < 0) {
            throw new InputException("bootstrap", "is " + resamples + "; expected 0 (no intervals) or more resamples");
        }
        if (level <= 0 || level >= 1) {
            throw new InputException("confidenceLevel", "is " + level + "; expected a value between 0 and 1, e.g. 0.95");
        }
        Scored s = hasModel ? fromModel(req, ctx, options, unknownLabels) : fromPredictions(req, ctx, options);
        for (String slice : req.slices() == null ? List.<String>of() : req.slices()) {
            s.table().column(slice, "slices");
        }
        StepResult result = new StepResult(NAME);

        Map<String, Double> metrics = s.task().equals(TribuoPredictor.CLASSIFICATION)
                ? ClassificationMetrics.compute(s.classification())
                : RegressionMetrics.compute(s.yTrue(), s.yPred());
        if (req.importance()) { // refuse an importance metric this evaluation lacks before the long work
            Explanations.metric(req, s.task().equals(TribuoPredictor.CLASSIFICATION), metrics);
        }
        Map<String, Double> all = new LinkedHashMap<>(metrics);
        all.put("rows", (double) s.rows());
        List<String> headline = (s.task().equals(TribuoPredictor.CLASSIFICATION) ? CLASSIFICATION_HEADLINE
                : REGRESSION_HEADLINE).stream().filter(metrics::containsKey).toList();

        Map<String, List<Map<String, Object>>> sliceReport = slices(req, s, all, log);

        // bootstrap intervals of the headline metrics
        Map<String, Bootstrap.Interval> intervals = new LinkedHashMap<>();
        long seed = req.seed();
        if (resamples > 0) {
            long t0 = System.nanoTime();
            intervals = Bootstrap.intervals(s.rows(), resamples, seed, level, headline, rows -> compute(s, rows));
            log.info("bootstrap: %d resamples in %.2fs (seed %d, level %s)", resamples, (System.nanoTime() - t0) / 1e9,
                    seed, level);
        }
        all.forEach(result::putMetric);
        if (s.labels() != null) {
            s.labels().report(result, log);
        }
        if (s.nonFinite() != null) {
            s.nonFinite().report(result, log, req.data());
        }

        // files
        Path predictionsFile = ctx.stepDir().resolve(PREDICTIONS_FILE);
        writePredictions(s, predictionsFile);
        Map<String, Object> doc = metricsDocument(s, metrics, headline, intervals, resamples, level, seed, sliceReport);
        if (req.importance()) {
            doc.put("importance", Explanations.explain(req, ctx, s, metrics, result));
        }
        Path metricsFile = ctx.stepDir().resolve(METRICS_FILE);
        Json.write(metricsFile, doc);
        result.getOutputs().add(ctx.describeOutput("predictions", predictionsFile));
        result.getOutputs().add(ctx.describeOutput("metrics", metricsFile));
        result.getDetails().put("task", s.task());
        result.getDetails().put("source", s.source());
        if (!intervals.isEmpty()) {
            result.getDetails().put("confidenceIntervals", doc.get("confidenceIntervals"));
        }
        if (!s.unseen().isEmpty()) {
            result.getDetails().put("unseenCategories", s.unseen());
        }
        if (s.labels() != null && s.labels().excludedRows() > 0) {
            result.getDetails().put("unknownLabels", s.labels().describe());
        }
        addLineage(req, ctx, result);
        addTables(s, metrics, headline, intervals, sliceReport, result);
        if (req.charts()) {
            EvaluationCharts.draw(s, metrics, headline, sliceReport, gates(req), ctx, result);
        }
        String main = headline.isEmpty() ? null : headline.get(0);
        result.setSummary(String.format(Locale.ROOT, "%s on %,d rows%s%s", s.task(), s.rows(),
                main == null ? "" : String.format(Locale.ROOT, ": %s %.4f", main, metrics.get(main)),
                main != null && intervals.containsKey(main) ? String.format(Locale.ROOT, " [%.4f, %.4f]",
                        intervals.get(main).low(), intervals.get(main).high()) : ""));
        for (String h : headline) {
            Bootstrap.Interval iv = intervals.get(h);
            log.info("%-18s %.6f%s", h, metrics.get(h), iv == null ? "" : String.format(Locale.ROOT,
                    "  (%.0f%% CI %.4f .. %.4f)", level * 100, iv.low(), iv.high()));
        }
        return result;
    }

    /** The metrics of each slice group, added to {@code all} as {@code metric[column=value]}, for the report. */
    private static Map<String, List<Map<String, Object>>> slices(EvaluateModelRequest req, Scored s,
                                                                 Map<String, Double> all, StepLog log) {
        Map<String, List<Map<String, Object>>> sliceReport = new LinkedHashMap<>();
        for (String slice : req.slices() == null ? List.<String>of() : req.slices()) {
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

    // ---------------------------------------------------------------------------------------------- model + data

    private static Scored fromModel(EvaluateModelRequest req, StepContext ctx, ReadOptions options,
                                    UnknownLabels unknownLabels) {
        StepLog log = ctx.log();
        if (req.data() == null || req.data().isBlank()) {
            throw new InputException("data", "is required with model: the labelled data to evaluate on");
        }
        Path modelFile = ctx.resolve(req.model());
        TribuoPredictor predictor = TribuoPredictor.load(modelFile);
        String task = predictor.task();
        if (req.task() != null && !req.task().isBlank() && !req.task().equalsIgnoreCase("auto")
                && !req.task().equalsIgnoreCase(task)) {
            throw new InputException("task", "is " + req.task() + " but the model is a " + task + " model");
        }
        String label = req.labelColumn() != null && !req.labelColumn().isBlank() ? req.labelColumn()
                : predictor.labelColumn().orElseThrow(() -> new InputException("labelColumn",
                "is required: the model does not record its label column"));
        Path dataFile = ctx.resolve(req.data());
        Table table = Table.read(dataFile, options, log);
        int labelIndex = table.column(label, "labelColumn");
        for (String c : predictor.featureNames()) {
            if (!table.hasColumn(c)) {
                throw new InputException(req.data(), "has no column '" + c + "', a feature of the model; its columns are "
                        + table.columns());
            }
        }
        int[] featureIndex = predictor.featureNames().stream().mapToInt(c -> table.column(c, "data")).toArray();
        List<String> features = predictor.featureNames();
        boolean strict = !"ignore".equals(req.unseenCategories());
        Map<String, Integer> unseen = new TreeMap<>();
        LabelDomain domain = task.equals(TribuoPredictor.CLASSIFICATION)
                ? new LabelDomain(predictor.labels(), unknownLabels) : null;
        NonFiniteValues nonFinite = new NonFiniteValues();
        List<Example> examples = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        int skipped = 0;
        for (int r = 0; r < table.size(); r++) {
            String y = table.cell(r, labelIndex);
            if (y == null) {
                skipped++;
                continue;
            }
            final int row = r;
            if (domain != null && !domain.accepts(y.trim(), problem -> table.error(row, labelIndex, problem))) {
                continue;
            }
            Map<String, String> raw = new LinkedHashMap<>();
            for (int f = 0; f < featureIndex.length; f++) {
                raw.put(features.get(f), table.cell(row, featureIndex[f]));
            }
            for (String u : predictor.unseenCategories(raw)) {
                String column = u.substring(0, u.indexOf('='));
                if (strict) {
                    throw table.error(r, table.column(column, "data"), "category '" + u.substring(u.indexOf('=') + 1)
                            + "' of column '" + column + "' was not seen in training; expected a training category "
                            + "(or set unseenCategories: 'ignore' to score it as no feature)");
                }
                unseen.merge(u, 1, Integer::sum);
            }
            try {
                examples.add(predictor.example(raw::get,
                        c -> nonFinite.add(c, table.line(row), () -> table.location(row, table.column(c, "data")))));
            } catch (FeatureEncoding.BadValue e) {
                throw table.error(r, table.column(e.column(), "data"), e.getMessage());
            } catch (IllegalArgumentException e) {
                skipped++;
                continue;
            }
            rows.add(r);
        }
        if (rows.isEmpty()) {
            throw new InputException(req.data(), "no row has both a label and a feature value"
                    + (domain != null && domain.excludedRows() > 0 ? " (" + domain.excludedRows()
                    + " rows with labels the model does not know were left out)" : "") + "; expected labelled rows");
        }
        if (skipped > 0) {
            log.warn(skipped + " rows without a label (or without any feature value) are not evaluated");
        }
        if (!unseen.isEmpty()) {
            log.warn(unseen.values().stream().mapToInt(Integer::intValue).sum()
                    + " values of categories unseen in training were scored as no feature: " + unseen.keySet());
        }
        List<Prediction> predictions = new ArrayList<>(examples.size());
        try (Progress progress = log.progress("rows scored", examples.size())) {
            int batch = 4096;
            for (int from = 0; from < examples.size(); from += batch) {
                @SuppressWarnings({"unchecked", "rawtypes"})
                List<org.tribuo.Prediction> part = ((Model) predictor.model()).predict(
                        (Iterable) examples.subList(from, Math.min(examples.size(), from + batch)));
                for (org.tribuo.Prediction p : part) {
                    predictions.add(predictor.convert(p));
                }
                progress.add(part.size());
            }
        }
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("model", req.model());
        source.put("modelSha256", Hashing.sha256(modelFile));
        source.put("data", req.data());
        source.put("dataSha256", Hashing.sha256(dataFile));
        source.put("labelColumn", label);
        int[] tableRows = rows.stream().mapToInt(Integer::intValue).toArray();
        long[] dataRows = new long[tableRows.length];
        for (int i = 0; i < tableRows.length; i++) {
            dataRows[i] = tableRows[i];
        }
        if (task.equals(TribuoPredictor.REGRESSION)) {
            double[] yTrue = new double[tableRows.length];
            double[] yPred = new double[tableRows.length];
            for (int i = 0; i < tableRows.length; i++) {
                yTrue[i] = number(table, tableRows[i], labelIndex, "label");
                yPred[i] = predictions.get(i).value();
            }
            return new Scored(task, null, yTrue, yPred, table, tableRows, dataRows, source, unseen, skipped, null,
                    nonFinite, predictor);
        }
        Set<String> classes = new TreeSet<>(predictor.labels());
        List<String> truth = new ArrayList<>();
        for (int r : tableRows) {
            truth.add(table.cell(r, labelIndex).trim());
        }
        List<String> ordered = classOrder(classes, req.positiveClass());
        List<String> predicted = new ArrayList<>();
        double[][] scores = new double[tableRows.length][ordered.size()];
        for (int i = 0; i < tableRows.length; i++) {
            Prediction p = predictions.get(i);
            predicted.add(p.label());
            for (int k = 0; k < ordered.size(); k++) {
                Double v = p.scores().get(ordered.get(k));
                scores[i][k] = v == null ? 0.0 : v;
            }
        }
        checkTwoClasses(truth, req.data(), label);
        return new Scored(task, ClassificationMetrics.Input.of(ordered, truth, predicted, scores,
                predictor.generatesProbabilities()), null, null, table, tableRows, dataRows, source, unseen, skipped,
                domain, nonFinite, predictor);
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

    private static void checkTwoClasses(List<String> truth, String source, String label) {
        Set<String> seen = new TreeSet<>(truth);
        if (seen.size() < 2) {
            throw new InputException(source, "label column '" + label + "' holds a single class " + seen
                    + "; expected at least two classes to evaluate a classifier");
        }
    }

    private static double number(Table table, int row, int column, String what) {
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

    // ---------------------------------------------------------------------------------------------- predictions file

    private static Scored fromPredictions(EvaluateModelRequest req, StepContext ctx, ReadOptions options) {
        Path file = ctx.resolve(req.predictions());
        // the options describe the data; a predictions file is found by its column names, so it has a header
        Table table = Table.read(file, options.withHeader(true), ctx.log());
        int yTrueIndex = table.column("y_true", "predictions");
        int yPredIndex = table.column("y_pred", "predictions");
        int rowIndex = table.hasColumn("row") ? table.column("row", "predictions") : -1;
        Map<String, Integer> scoreColumns = new LinkedHashMap<>();
        for (int c = 0; c < table.columns().size(); c++) {
            String name = table.columns().get(c);
            if (name.startsWith(SCORE_PREFIX)) {
                scoreColumns.put(name.substring(SCORE_PREFIX.length()), c);
            }
        }
        String task = req.task() == null ? "auto" : req.task().trim().toLowerCase(Locale.ROOT);
        if (task.equals("auto") || task.isEmpty()) {
            boolean numeric = true;
            for (int r = 0; r < table.size() && numeric; r++) {
                for (int c : new int[]{yTrueIndex, yPredIndex}) {
                    String v = table.cell(r, c);
                    if (v != null && Double.isNaN(tryNumber(v))) {
                        numeric = false;
                    }
                }
            }
            task = !scoreColumns.isEmpty() || !numeric ? TribuoPredictor.CLASSIFICATION : TribuoPredictor.REGRESSION;
        } else if (!task.equals(TribuoPredictor.CLASSIFICATION) && !task.equals(TribuoPredictor.REGRESSION)) {
            throw new InputException("task", "unknown task '" + req.task() + "'; expected classification, regression or auto");
        }
        List<Integer> rows = new ArrayList<>();
        int skipped = 0;
        for (int r = 0; r < table.size(); r++) {
            if (table.cell(r, yTrueIndex) == null) {
                skipped++;
                continue;
            }
            if (table.cell(r, yPredIndex) == null) {
                throw table.error(r, yPredIndex, "y_pred is missing; expected a prediction for every labelled row");
            }
            rows.add(r);
        }
        if (rows.isEmpty()) {
            throw new InputException(req.predictions(), "no row has a y_true value; expected labelled predictions");
        }
        int[] tableRows = rows.stream().mapToInt(Integer::intValue).toArray();
        long[] dataRows = new long[tableRows.length];
        for (int i = 0; i < tableRows.length; i++) {
            dataRows[i] = rowIndex < 0 ? tableRows[i] : (long) number(table, tableRows[i], rowIndex, "row");
        }
        Table slicesTable = table;
        int[] sliceRows = tableRows;
        if (req.data() != null && !req.data().isBlank() && req.slices() != null && !req.slices().isEmpty()) {
            slicesTable = Table.read(ctx.resolve(req.data()), options, ctx.log());
            sliceRows = new int[tableRows.length];
            for (int i = 0; i < tableRows.length; i++) {
                if (dataRows[i] < 0 || dataRows[i] >= slicesTable.size()) {
                    throw table.error(tableRows[i], Math.max(rowIndex, 0), "row " + dataRows[i] + " is not a row of "
                            + req.data() + " (" + slicesTable.size() + " rows)");
                }
                sliceRows[i] = (int) dataRows[i];
            }
        }
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("predictions", req.predictions());
        source.put("predictionsSha256", Hashing.sha256(file));
        if (slicesTable != table) {
            source.put("data", req.data());
            source.put("dataSha256", Hashing.sha256(ctx.resolve(req.data())));
        }
        if (task.equals(TribuoPredictor.REGRESSION)) {
            double[] yTrue = new double[tableRows.length];
            double[] yPred = new double[tableRows.length];
            for (int i = 0; i < tableRows.length; i++) {
                yTrue[i] = number(table, tableRows[i], yTrueIndex, "y_true");
                yPred[i] = number(table, tableRows[i], yPredIndex, "y_pred");
            }
            return new Scored(task, null, yTrue, yPred, slicesTable, sliceRows, dataRows, source, Map.of(), skipped,
                    null, null, null);
        }
        Set<String> classes = new TreeSet<>(scoreColumns.keySet());
        List<String> truth = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        for (int r : tableRows) {
            truth.add(table.cell(r, yTrueIndex).trim());
            predicted.add(table.cell(r, yPredIndex).trim());
        }
        classes.addAll(truth);
        classes.addAll(predicted);
        List<String> ordered = classOrder(classes, req.positiveClass());
        double[][] scores = null;
        boolean probabilities = false;
        if (!scoreColumns.isEmpty()) {
            boolean onePositive = ordered.size() == 2 && scoreColumns.size() == 1
                    && scoreColumns.containsKey(ordered.get(1));
            for (String c : ordered) {
                if (!scoreColumns.containsKey(c) && !onePositive) {
                    throw new InputException(req.predictions(), "has no column '" + SCORE_PREFIX + c + "'; expected a score "
                            + "column for every class " + ordered + " (or, for a binary task, one for the positive class "
                            + ordered.get(ordered.size() - 1) + ")");
                }
            }
            scores = new double[tableRows.length][ordered.size()];
            probabilities = true;
            for (int i = 0; i < tableRows.length; i++) {
                for (int k = 0; k < ordered.size(); k++) {
                    if (onePositive && k == 0) {
                        continue;
                    }
                    int c = scoreColumns.get(ordered.get(k));
                    double v = number(table, tableRows[i], c, "score");
                    scores[i][k] = v;
                    if (v < 0 || v > 1) {
                        probabilities = false;
                    }
                }
                if (onePositive) {
                    scores[i][0] = 1 - scores[i][1];
                }
            }
        }
        checkTwoClasses(truth, req.predictions(), "y_true");
        return new Scored(task, ClassificationMetrics.Input.of(ordered, truth, predicted, scores, probabilities), null,
                null, slicesTable, sliceRows, dataRows, source, Map.of(), skipped, null, null, null);
    }

    private static double tryNumber(String v) {
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
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

    private static Map<String, Object> metricsDocument(Scored s, Map<String, Double> metrics, List<String> headline,
                                                       Map<String, Bootstrap.Interval> intervals, int resamples,
                                                       double level, long seed,
                                                       Map<String, List<Map<String, Object>>> slices) {
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
        doc.put("metrics", nanToNull(metrics));
        doc.put("headline", headline);
        if (!intervals.isEmpty()) {
            Map<String, Object> ci = new LinkedHashMap<>();
            ci.put("method", "percentile bootstrap");
            ci.put("level", level);
            ci.put("resamples", resamples);
            ci.put("seed", seed);
            Map<String, Object> per = new LinkedHashMap<>();
            intervals.forEach((k, v) -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("value", finite(metrics.get(k)));
                e.put("low", finite(v.low()));
                e.put("high", finite(v.high()));
                e.put("std", finite(v.std()));
                e.put("validResamples", v.resamples());
                per.put(k, e);
            });
            ci.put("metrics", per);
            doc.put("confidenceIntervals", ci);
        }
        if (c != null) {
            long[][] cm = ClassificationMetrics.confusionMatrix(c, null);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("labels", c.classes());
            m.put("rows", "true class");
            m.put("columns", "predicted class");
            m.put("matrix", cm);
            doc.put("confusionMatrix", m);
            Map<String, Object> perClass = new LinkedHashMap<>();
            for (int k = 0; k < c.classes().size(); k++) {
                String q = "[class=" + c.classes().get(k) + "]";
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("precision", finite(metrics.get("precision" + q)));
                e.put("recall", finite(metrics.get("recall" + q)));
                e.put("f1", finite(metrics.get("f1" + q)));
                long support = 0;
                for (long v : cm[k]) {
                    support += v;
                }
                e.put("support", support);
                perClass.put(c.classes().get(k), e);
            }
            doc.put("perClass", perClass);
        }
        if (!slices.isEmpty()) {
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
            doc.put("slices", sl);
        }
        if (!s.unseen().isEmpty()) {
            doc.put("unseenCategories", s.unseen());
        }
        if (s.labels() != null && s.labels().excludedRows() > 0) {
            doc.put("unknownLabels", s.labels().describe());
        }
        return doc;
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

    /** Names of the slice columns asked for, in order, without duplicates. */
    static List<String> sliceColumns(EvaluateModelRequest req) {
        return new ArrayList<>(new LinkedHashSet<>(req.slices() == null ? List.of() : req.slices()));
    }
}
