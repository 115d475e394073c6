package io.mlsteps.evaluate;

import io.mlsteps.metrics.ClassificationMetrics;
import io.mlsteps.model.LabelDomain;
import io.mlsteps.contract.steps.EvaluateModelRequest;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.model.Prediction;
import io.mlsteps.model.UnknownLabels;
import io.mlsteps.step.StepContext;
import io.mlsteps.model.FeatureEncoding;
import io.mlsteps.model.NonFiniteValues;
import io.mlsteps.data.Table;
import io.mlsteps.model.TribuoPredictor;
import io.mlsteps.util.Hashing;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Progress;
import io.mlsteps.util.StepLog;
import org.tribuo.Example;
import org.tribuo.Model;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.mlsteps.evaluate.EvaluateModelStep.*;

/**
 * evaluateModel's scoring of a model on labelled data: the model's rows of the data encoded, unknown labels and
 * unseen categories counted, predictions made, and the metric input built.
 */
final class ModelScoring {
    private ModelScoring() {
    }


    /** The model's rows of the data: the examples to score and what was left out or met on the way. */
    private record Encoded(List<Example> examples, List<Integer> rows, int skipped, Map<String, Integer> unseen,
                           LabelDomain domain, NonFiniteValues nonFinite) {
    }

    static Scored score(EvaluateModelRequest req, StepContext ctx, ReadOptions options,
                        UnknownLabels unknownLabels) {
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
        Table table = Table.read(dataFile, options, ctx.log());
        int labelIndex = table.column(label, "labelColumn");
        for (String c : predictor.featureNames()) {
            if (!table.hasColumn(c)) {
                throw new InputException(req.data(), "has no column '" + c + "', a feature of the model; its columns are "
                        + table.columns());
            }
        }
        Encoded encoded = encode(req, predictor, table, labelIndex, unknownLabels, ctx.log());
        List<Prediction> predictions = predict(predictor, encoded.examples(), ctx.log());
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("model", req.model());
        source.put("modelSha256", Hashing.sha256(modelFile));
        source.put("data", req.data());
        source.put("dataSha256", Hashing.sha256(dataFile));
        source.put("labelColumn", label);
        int[] tableRows = encoded.rows().stream().mapToInt(Integer::intValue).toArray();
        long[] dataRows = Arrays.stream(tableRows).asLongStream().toArray();
        if (task.equals(TribuoPredictor.REGRESSION)) {
            double[] yTrue = new double[tableRows.length];
            double[] yPred = new double[tableRows.length];
            for (int i = 0; i < tableRows.length; i++) {
                yTrue[i] = number(table, tableRows[i], labelIndex, "label");
                yPred[i] = predictions.get(i).value();
            }
            return new Scored(task, null, yTrue, yPred, table, tableRows, dataRows, source, encoded.unseen(),
                    encoded.skipped(), null, encoded.nonFinite(), predictor);
        }
        List<String> truth = new ArrayList<>();
        for (int r : tableRows) {
            truth.add(table.cell(r, labelIndex).trim());
        }
        ClassificationMetrics.Input classification = classified(req, predictor, truth, predictions);
        checkTwoClasses(truth, req.data(), label);
        return new Scored(task, classification, null, null, table, tableRows, dataRows, source, encoded.unseen(),
                encoded.skipped(), encoded.domain(), encoded.nonFinite(), predictor);
    }

    /**
     * The labelled rows as the model's examples. A row without a label, or without any feature value, is skipped and
     * counted; a label the model does not know stops the step or is left out (unknownLabels); an unseen category
     * stops the step or is scored as no feature (unseenCategories).
     */
    private static Encoded encode(EvaluateModelRequest req, TribuoPredictor predictor, Table table, int labelIndex,
                                  UnknownLabels unknownLabels, StepLog log) {
        List<String> features = predictor.featureNames();
        int[] featureIndex = features.stream().mapToInt(c -> table.column(c, "data")).toArray();
        boolean strict = !"ignore".equals(req.unseenCategories());
        LabelDomain domain = predictor.task().equals(TribuoPredictor.CLASSIFICATION)
                ? new LabelDomain(predictor.labels(), unknownLabels) : null;
        List<Example> examples = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        Map<String, Integer> unseen = new TreeMap<>();
        NonFiniteValues nonFinite = new NonFiniteValues();
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
            countUnseen(predictor, table, row, raw, strict, unseen);
            try {
                examples.add(predictor.example(raw::get,
                        c -> nonFinite.add(c, table.line(row), () -> table.location(row, table.column(c, "data")))));
            } catch (FeatureEncoding.BadValue bad) {
                throw table.error(r, table.column(bad.column(), "data"), bad.getMessage());
            } catch (IllegalArgumentException noFeature) {
                skipped++;
                continue;
            }
            rows.add(r);
        }
        return checked(req, new Encoded(examples, rows, skipped, unseen, domain, nonFinite), log);
    }

    /** Counts the row's categories unseen in training, or stops at the first one when they are errors. */
    private static void countUnseen(TribuoPredictor predictor, Table table, int row, Map<String, String> raw,
                                    boolean strict, Map<String, Integer> unseen) {
        for (String u : predictor.unseenCategories(raw)) {
            String column = u.substring(0, u.indexOf('='));
            if (strict) {
                throw table.error(row, table.column(column, "data"), "category '" + u.substring(u.indexOf('=') + 1)
                        + "' of column '" + column + "' was not seen in training; expected a training category "
                        + "(or set unseenCategories: 'ignore' to score it as no feature)");
            }
            unseen.merge(u, 1, Integer::sum);
        }
    }

    /** Stops when no row is left to evaluate; warns of the rows left out and of unseen categories. */
    private static Encoded checked(EvaluateModelRequest req, Encoded e, StepLog log) {
        if (e.rows().isEmpty()) {
            throw new InputException(req.data(), "no row has both a label and a feature value"
                    + (e.domain() != null && e.domain().excludedRows() > 0 ? " (" + e.domain().excludedRows()
                    + " rows with labels the model does not know were left out)" : "") + "; expected labelled rows");
        }
        if (e.skipped() > 0) {
            log.warn(e.skipped() + " rows without a label (or without any feature value) are not evaluated");
        }
        if (!e.unseen().isEmpty()) {
            log.warn(e.unseen().values().stream().mapToInt(Integer::intValue).sum()
                    + " values of categories unseen in training were scored as no feature: " + e.unseen().keySet());
        }
        return e;
    }

    /** The model's predictions of the examples, in batches so progress shows on large data. */
    private static List<Prediction> predict(TribuoPredictor predictor, List<Example> examples, StepLog log) {
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
        return predictions;
    }

    /** A classifier's predictions as metric input: the classes in order, the labels and a score per class. */
    private static ClassificationMetrics.Input classified(EvaluateModelRequest req, TribuoPredictor predictor,
                                                          List<String> truth, List<Prediction> predictions) {
        List<String> ordered = classOrder(new TreeSet<>(predictor.labels()), req.positiveClass());
        List<String> predicted = new ArrayList<>();
        double[][] scores = new double[truth.size()][ordered.size()];
        for (int i = 0; i < truth.size(); i++) {
            Prediction p = predictions.get(i);
            predicted.add(p.label());
            for (int k = 0; k < ordered.size(); k++) {
                Double v = p.scores().get(ordered.get(k));
                scores[i][k] = v == null ? 0.0 : v;
            }
        }
        return ClassificationMetrics.Input.of(ordered, truth, predicted, scores, predictor.generatesProbabilities());
    }

}
