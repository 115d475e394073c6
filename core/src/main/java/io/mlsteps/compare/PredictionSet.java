package io.mlsteps.compare;

import io.mlsteps.data.DataReaders;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.data.RecordReader;
import io.mlsteps.model.Prediction;
import io.mlsteps.model.Predictor;
import io.mlsteps.util.InputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model's per-row predictions on evaluation rows, as {@code evaluateModel} writes them to
 * {@code predictions.csv} (columns {@code row}, {@code y_true}, {@code y_pred}, then {@code score:<class>} per
 * class for classification) or as a loaded model produces them. {@code rows} holds the 0-based data row of each
 * prediction, which is how two models' predictions are paired.
 *
 * @param source      where the predictions came from, for messages
 * @param task        {@code classification} or {@code regression}
 * @param rows        data row of each prediction
 * @param yTrue       true label (classification) or value as text
 * @param yPred       predicted label or value as text
 * @param scoreClasses classes with a score column, in file order (empty when none)
 * @param scores      per prediction the score of each of {@code scoreClasses}; null without scores
 */
public record PredictionSet(String source, String task, int[] rows, String[] yTrue, String[] yPred,
                            List<String> scoreClasses, double[][] scores) {
    public static final String CLASSIFICATION = "classification";
    public static final String REGRESSION = "regression";

    public int size() {
        return rows.length;
    }

    /**
     * Reads a predictions file. The task is {@code classification} when score columns are present or
     * {@code taskHint} says so, {@code regression} when {@code taskHint} says so or every value is numeric
     * and the true values take more than 20 distinct values.
     */
    public static PredictionSet read(Path file, String taskHint) {
        ReadOptions options = ReadOptions.defaults().withMissingMarkers(Set.of(""));
        try (RecordReader reader = DataReaders.open(file, options.withFormat("csv"))) {
            List<String> cols = reader.columns();
            int row = cols.indexOf("row");
            int yt = cols.indexOf("y_true");
            int yp = cols.indexOf("y_pred");
            if (row < 0 || yt < 0 || yp < 0) {
                throw new InputException(file.toString(), 1, 1, "expected the columns row, y_true and y_pred "
                        + "(a predictions.csv of evaluateModel), found " + cols);
            }
            List<String> classes = new ArrayList<>();
            List<Integer> scoreCols = new ArrayList<>();
            for (int i = 0; i < cols.size(); i++) {
                if (cols.get(i).startsWith("score:")) {
                    classes.add(cols.get(i).substring("score:".length()));
                    scoreCols.add(i);
                }
            }
            List<Integer> rowIds = new ArrayList<>();
            List<String> truth = new ArrayList<>();
            List<String> pred = new ArrayList<>();
            List<double[]> scores = new ArrayList<>();
            Set<Integer> seen = new java.util.HashSet<>();
            String[] rec;
            while ((rec = reader.next()) != null) {
                long line = reader.line();
                int id;
                try {
                    id = Integer.parseInt(rec[row].trim());
                } catch (RuntimeException e) {
                    throw new InputException(file.toString(), line, row + 1, "row '" + rec[row]
                            + "' is not a row number; expected a 0-based data row index");
                }
                if (id < 0 || !seen.add(id)) {
                    throw new InputException(file.toString(), line, row + 1, id < 0 ? "row must be 0 or more"
                            : "row " + id + " appears twice; expected one prediction per data row");
                }
                if (rec[yt] == null || rec[yp] == null) {
                    throw new InputException(file.toString(), line, (rec[yt] == null ? yt : yp) + 1,
                            "empty " + (rec[yt] == null ? "y_true" : "y_pred") + "; expected a label or value");
                }
                rowIds.add(id);
                truth.add(rec[yt]);
                pred.add(rec[yp]);
                if (!scoreCols.isEmpty()) {
                    double[] s = new double[scoreCols.size()];
                    for (int j = 0; j < s.length; j++) {
                        String v = rec[scoreCols.get(j)];
                        try {
                            s[j] = v == null ? Double.NaN : Double.parseDouble(v);
                        } catch (NumberFormatException e) {
                            throw new InputException(file.toString(), line, scoreCols.get(j) + 1, "score '" + v
                                    + "' is not a number");
                        }
                    }
                    scores.add(s);
                }
            }
            String task = taskHint != null ? taskHint
                    : !classes.isEmpty() ? CLASSIFICATION : looksLikeRegression(truth, pred) ? REGRESSION : CLASSIFICATION;
            if (REGRESSION.equals(task)) {
                checkNumeric(file, truth, "y_true");
                checkNumeric(file, pred, "y_pred");
            }
            return new PredictionSet(file.toString(), task, rowIds.stream().mapToInt(Integer::intValue).toArray(),
                    truth.toArray(String[]::new), pred.toArray(String[]::new), List.copyOf(classes),
                    scores.isEmpty() ? null : scores.toArray(double[][]::new));
        }
    }

    /** Predicts the given data rows with a model; {@code truth} holds the label of each row. */
    public static PredictionSet predict(String source, Predictor model, List<Map<String, String>> features,
                                        int[] rows, String[] truth) {
        List<Prediction> predictions = model.predictAll(features);
        boolean regression = "regression".equalsIgnoreCase(model.task());
        List<String> classes = regression ? List.of() : List.copyOf(model.labels());
        String[] pred = new String[rows.length];
        double[][] scores = regression || classes.isEmpty() ? null : new double[rows.length][classes.size()];
        for (int i = 0; i < rows.length; i++) {
            Prediction p = predictions.get(i);
            if (regression) {
                pred[i] = Double.toString(p.value());
            } else {
                pred[i] = p.label();
                if (scores != null) {
                    for (int c = 0; c < classes.size(); c++) {
                        Double s = p.scores() == null ? null : p.scores().get(classes.get(c));
                        scores[i][c] = s == null ? 0.0 : s;
                    }
                }
            }
        }
        return new PredictionSet(source, regression ? REGRESSION : CLASSIFICATION, rows, truth, pred, classes, scores);
    }

    /** Position of each data row in this set. */
    public Map<Integer, Integer> positions() {
        Map<Integer, Integer> pos = new HashMap<>(rows.length * 2);
        for (int i = 0; i < rows.length; i++) {
            pos.put(rows[i], i);
        }
        return pos;
    }

    /** This set restricted to, and ordered by, the given data rows (which must all be present). */
    public PredictionSet select(int[] dataRows) {
        Map<Integer, Integer> pos = positions();
        String[] t = new String[dataRows.length];
        String[] p = new String[dataRows.length];
        double[][] s = scores == null ? null : new double[dataRows.length][];
        for (int i = 0; i < dataRows.length; i++) {
            int at = pos.get(dataRows[i]);
            t[i] = yTrue[at];
            p[i] = yPred[at];
            if (s != null) {
                s[i] = scores[at];
            }
        }
        return new PredictionSet(source, task, dataRows.clone(), t, p, scoreClasses, s);
    }

    /** Every class named by the truth, the predictions or the score columns, sorted. */
    public Set<String> classNames() {
        Set<String> names = new java.util.TreeSet<>(scoreClasses);
        names.addAll(List.of(yTrue));
        names.addAll(List.of(yPred));
        return names;
    }

    private static boolean looksLikeRegression(List<String> truth, List<String> pred) {
        Set<String> distinct = new LinkedHashSet<>();
        for (int i = 0; i < truth.size(); i++) {
            if (!isNumber(truth.get(i)) || !isNumber(pred.get(i))) {
                return false;
            }
            if (distinct.size() <= 20) {
                distinct.add(truth.get(i));
            }
        }
        return distinct.size() > 20;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void checkNumeric(Path file, List<String> values, String column) {
        for (int i = 0; i < values.size(); i++) {
            if (!isNumber(values.get(i))) {
                throw new InputException(file.toString(), i + 2, -1, column + " '" + values.get(i)
                        + "' is not a number; expected numeric values for a regression task");
            }
        }
    }
}
