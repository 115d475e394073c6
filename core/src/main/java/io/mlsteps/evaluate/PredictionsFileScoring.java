package io.mlsteps.evaluate;

import io.mlsteps.metrics.ClassificationMetrics;
import io.mlsteps.contract.steps.EvaluateModelRequest;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.step.StepContext;
import io.mlsteps.data.Table;
import io.mlsteps.model.TribuoPredictor;
import io.mlsteps.util.Hashing;
import io.mlsteps.util.InputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.mlsteps.evaluate.EvaluateModelStep.*;

/**
 * evaluateModel's reading of a predictions file from any framework ({@code y_true}, {@code y_pred}, optional
 * {@code row} and {@code score:<class>} columns) into the metric input, with slices from the data file by row.
 */
final class PredictionsFileScoring {
    private PredictionsFileScoring() {
    }


    /** The columns of a predictions file: y_true, y_pred, the optional row column and score columns by class. */
    private record PredictionColumns(int yTrue, int yPred, int row, Map<String, Integer> scores) {
        static PredictionColumns of(Table table) {
            Map<String, Integer> scores = new LinkedHashMap<>();
            for (int c = 0; c < table.columns().size(); c++) {
                String name = table.columns().get(c);
                if (name.startsWith(SCORE_PREFIX)) {
                    scores.put(name.substring(SCORE_PREFIX.length()), c);
                }
            }
            return new PredictionColumns(table.column("y_true", "predictions"), table.column("y_pred", "predictions"),
                    table.hasColumn("row") ? table.column("row", "predictions") : -1, scores);
        }
    }

    /** Where slice values are read: the data file matched by the row column, else the predictions file itself. */
    private record SliceSource(Table table, int[] rows) {
    }

    static Scored score(EvaluateModelRequest req, StepContext ctx, ReadOptions options) {
        Path file = ctx.resolve(req.predictions());
        // the options describe the data; a predictions file is found by its column names, so it has a header
        Table table = Table.read(file, options.withHeader(true), ctx.log());
        PredictionColumns columns = PredictionColumns.of(table);
        String task = predictionsTask(req, table, columns);
        List<Integer> rows = new ArrayList<>();
        int skipped = 0;
        for (int r = 0; r < table.size(); r++) {
            if (table.cell(r, columns.yTrue()) == null) {
                skipped++;
                continue;
            }
            if (table.cell(r, columns.yPred()) == null) {
                throw table.error(r, columns.yPred(), "y_pred is missing; expected a prediction for every labelled row");
            }
            rows.add(r);
        }
        if (rows.isEmpty()) {
            throw new InputException(req.predictions(), "no row has a y_true value; expected labelled predictions");
        }
        int[] tableRows = rows.stream().mapToInt(Integer::intValue).toArray();
        long[] dataRows = new long[tableRows.length];
        for (int i = 0; i < tableRows.length; i++) {
            dataRows[i] = columns.row() < 0 ? tableRows[i] : (long) number(table, tableRows[i], columns.row(), "row");
        }
        SliceSource slices = sliceSource(req, ctx, options, table, columns, tableRows, dataRows);
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("predictions", req.predictions());
        source.put("predictionsSha256", Hashing.sha256(file));
        if (slices.table() != table) {
            source.put("data", req.data());
            source.put("dataSha256", Hashing.sha256(ctx.resolve(req.data())));
        }
        if (task.equals(TribuoPredictor.REGRESSION)) {
            double[] yTrue = new double[tableRows.length];
            double[] yPred = new double[tableRows.length];
            for (int i = 0; i < tableRows.length; i++) {
                yTrue[i] = number(table, tableRows[i], columns.yTrue(), "y_true");
                yPred[i] = number(table, tableRows[i], columns.yPred(), "y_pred");
            }
            return new Scored(task, null, yTrue, yPred, slices.table(), slices.rows(), dataRows, source, Map.of(),
                    skipped, null, null, null);
        }
        return new Scored(task, classifiedFile(req, table, columns, tableRows), null, null, slices.table(),
                slices.rows(), dataRows, source, Map.of(), skipped, null, null, null);
    }

    /** The task asked for, or with auto: classification when there are score columns or a label is not a number. */
    private static String predictionsTask(EvaluateModelRequest req, Table table, PredictionColumns columns) {
        String task = req.task() == null ? "auto" : req.task().trim().toLowerCase(Locale.ROOT);
        if (!task.equals("auto") && !task.isEmpty()) {
            return task;
        }
        for (int r = 0; r < table.size(); r++) {
            for (int c : new int[]{columns.yTrue(), columns.yPred()}) {
                String v = table.cell(r, c);
                if (v != null && Double.isNaN(tryNumber(v))) {
                    return TribuoPredictor.CLASSIFICATION;
                }
            }
        }
        return columns.scores().isEmpty() ? TribuoPredictor.REGRESSION : TribuoPredictor.CLASSIFICATION;
    }

    /** With data and slices, the data file's rows named by the predictions' row column; else the predictions file. */
    private static SliceSource sliceSource(EvaluateModelRequest req, StepContext ctx, ReadOptions options, Table table,
                                           PredictionColumns columns, int[] tableRows, long[] dataRows) {
        if (req.data() == null || req.data().isBlank() || req.slices() == null || req.slices().isEmpty()) {
            return new SliceSource(table, tableRows);
        }
        Table data = Table.read(ctx.resolve(req.data()), options, ctx.log());
        int[] sliceRows = new int[tableRows.length];
        for (int i = 0; i < tableRows.length; i++) {
            if (dataRows[i] < 0 || dataRows[i] >= data.size()) {
                throw table.error(tableRows[i], Math.max(columns.row(), 0), "row " + dataRows[i] + " is not a row of "
                        + req.data() + " (" + data.size() + " rows)");
            }
            sliceRows[i] = (int) dataRows[i];
        }
        return new SliceSource(data, sliceRows);
    }

    /** A predictions file's labels and scores as metric input; the classes are those of the labels and scores. */
    private static ClassificationMetrics.Input classifiedFile(EvaluateModelRequest req, Table table,
                                                              PredictionColumns columns, int[] tableRows) {
        Set<String> classes = new TreeSet<>(columns.scores().keySet());
        List<String> truth = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        for (int r : tableRows) {
            truth.add(table.cell(r, columns.yTrue()).trim());
            predicted.add(table.cell(r, columns.yPred()).trim());
        }
        classes.addAll(truth);
        classes.addAll(predicted);
        List<String> ordered = classOrder(classes, req.positiveClass());
        double[][] scores = columns.scores().isEmpty() ? null : scores(req, table, columns, tableRows, ordered);
        checkTwoClasses(truth, req.predictions(), "y_true");
        return ClassificationMetrics.Input.of(ordered, truth, predicted, scores, scores != null && probabilities(scores));
    }

    /**
     * The score of each class per row, from the score columns: one per class, or for a binary task only the
     * positive class's (the other's is its complement).
     */
    private static double[][] scores(EvaluateModelRequest req, Table table, PredictionColumns columns, int[] tableRows,
                                     List<String> ordered) {
        Map<String, Integer> scoreColumns = columns.scores();
        boolean onePositive = ordered.size() == 2 && scoreColumns.size() == 1 && scoreColumns.containsKey(ordered.get(1));
        for (String c : ordered) {
            if (!scoreColumns.containsKey(c) && !onePositive) {
                throw new InputException(req.predictions(), "has no column '" + SCORE_PREFIX + c + "'; expected a score "
                        + "column for every class " + ordered + " (or, for a binary task, one for the positive class "
                        + ordered.get(ordered.size() - 1) + ")");
            }
        }
        double[][] scores = new double[tableRows.length][ordered.size()];
        for (int i = 0; i < tableRows.length; i++) {
            for (int k = onePositive ? 1 : 0; k < ordered.size(); k++) {
                scores[i][k] = number(table, tableRows[i], scoreColumns.get(ordered.get(k)), "score");
            }
            if (onePositive) {
                scores[i][0] = 1 - scores[i][1];
            }
        }
        return scores;
    }

    /** Whether every score is in [0, 1] (a complement of a score in [0, 1] is too). */
    private static boolean probabilities(double[][] scores) {
        return Arrays.stream(scores).flatMapToDouble(Arrays::stream).allMatch(v -> v >= 0 && v <= 1);
    }

    private static double tryNumber(String v) {
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

}
