package io.mlsteps.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Classification metrics with scikit-learn's definitions (checked against it to 1e-9), named as in
 * {@code docs/architecture.md}: {@code accuracy}, {@code balanced_accuracy}, {@code precision[class=C]},
 * {@code recall[class=C]}, {@code f1[class=C]}, {@code precision_macro}, {@code recall_macro}, {@code f1_macro},
 * the {@code _weighted} variants, {@code roc_auc}, {@code pr_auc} (average precision) and {@code log_loss}.
 *
 * <p>Binary tasks (two classes) score the second class in sorted order (e.g. {@code >50K}) as the positive
 * class, as scikit-learn does; multiclass AUCs are one-vs-rest macro averages. Precision, recall and F1 are 0
 * where undefined (scikit-learn's {@code zero_division} default); balanced accuracy averages the recall of the
 * classes present in {@code y_true}. AUCs are NaN when a class has no positive or no negative row; log loss is
 * computed only when the scores are probabilities.
 */
public final class ClassificationMetrics {
    /** scikit-learn's clipping of probabilities in log loss: the float64 machine epsilon. */
    static final double EPS = Math.ulp(1.0);

    /**
     * Labelled predictions: class indices into {@code classes} (sorted class names).
     *
     * @param scores        per row, the score of every class in {@code classes} order; null when absent
     * @param probabilities whether the scores are probabilities (then log loss is computed)
     */
    public record Input(List<String> classes, int[] yTrue, int[] yPred, double[][] scores, boolean probabilities) {
        public Input {
            classes = List.copyOf(classes);
            if (yTrue.length != yPred.length || (scores != null && scores.length != yTrue.length)) {
                throw new IllegalArgumentException("y_true, y_pred and scores must have the same length");
            }
        }

        public int rows() {
            return yTrue.length;
        }

        /** Builds an input from class names; classes must hold every name used. */
        public static Input of(List<String> classes, List<String> yTrue, List<String> yPred, double[][] scores,
                               boolean probabilities) {
            Map<String, Integer> index = new LinkedHashMap<>();
            for (int i = 0; i < classes.size(); i++) {
                index.put(classes.get(i), i);
            }
            return new Input(classes, indices(yTrue, index), indices(yPred, index), scores, probabilities);
        }

        private static int[] indices(List<String> names, Map<String, Integer> index) {
            int[] out = new int[names.size()];
            for (int i = 0; i < out.length; i++) {
                Integer k = index.get(names.get(i));
                if (k == null) {
                    throw new IllegalArgumentException("class '" + names.get(i) + "' is not one of " + index.keySet());
                }
                out[i] = k;
            }
            return out;
        }
    }

    private ClassificationMetrics() {
    }

    /** All metrics over all rows. */
    public static Map<String, Double> compute(Input in) {
        return compute(in, null);
    }

    /**
     * All metrics over the given rows (indices may repeat, as in a bootstrap resample); null means every row.
     */
    public static Map<String, Double> compute(Input in, int[] rows) {
        return computeWeighted(in, weights(in.rows(), rows), false);
    }

    /**
     * The metrics of a slice of the rows: like {@link #compute(Input, int[])}, but the macro averages count only the
     * classes present in the slice (in its true or predicted labels), as scikit-learn does by default. A class the
     * slice does not have (Chinstrap penguins on Biscoe island) would otherwise add a precision, recall and F1 of 0
     * and pull every macro average of the slice down for a reason that is no fault of the model there.
     */
    public static Map<String, Double> computeSlice(Input in, int[] rows) {
        return computeWeighted(in, weights(in.rows(), rows), true);
    }

    /** Row multiplicities: how often each row occurs in {@code rows} (all ones when null). */
    static int[] weights(int n, int[] rows) {
        int[] w = new int[n];
        if (rows == null) {
            java.util.Arrays.fill(w, 1);
        } else {
            for (int r : rows) {
                w[r]++;
            }
        }
        return w;
    }

    private static Map<String, Double> computeWeighted(Input in, int[] w, boolean presentClassesOnly) {
        int k = in.classes().size();
        long[][] cm = new long[k][k];
        long n = 0;
        for (int i = 0; i < w.length; i++) {
            if (w[i] > 0) {
                cm[in.yTrue()[i]][in.yPred()[i]] += w[i];
                n += w[i];
            }
        }
        long[] support = new long[k];
        long[] predicted = new long[k];
        long correct = 0;
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                support[t] += cm[t][p];
                predicted[p] += cm[t][p];
            }
            correct += cm[t][t];
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("accuracy", n == 0 ? Double.NaN : (double) correct / n);
        double recallSumPresent = 0;
        int present = 0;
        double[] precision = new double[k];
        double[] recall = new double[k];
        double[] f1 = new double[k];
        for (int c = 0; c < k; c++) {
            long tp = cm[c][c];
            precision[c] = predicted[c] == 0 ? 0.0 : (double) tp / predicted[c];
            recall[c] = support[c] == 0 ? 0.0 : (double) tp / support[c];
            f1[c] = precision[c] + recall[c] == 0 ? 0.0 : 2 * precision[c] * recall[c] / (precision[c] + recall[c]);
            if (support[c] > 0) {
                recallSumPresent += recall[c];
                present++;
            }
        }
        m.put("balanced_accuracy", present == 0 ? Double.NaN : recallSumPresent / present);
        boolean[] averaged = new boolean[k];
        for (int c = 0; c < k; c++) {
            averaged[c] = !presentClassesOnly || support[c] > 0 || predicted[c] > 0;
        }
        putAverages(m, "precision", precision, support, n, averaged);
        putAverages(m, "recall", recall, support, n, averaged);
        putAverages(m, "f1", f1, support, n, averaged);
        if (in.scores() != null) {
            if (k == 2) {
                double[] a = aucs(in, 1, order(in, 1), w);
                m.put("roc_auc", a[0]);
                m.put("pr_auc", a[1]);
            } else {
                double aucSum = 0;
                double apSum = 0;
                for (int c = 0; c < k; c++) {
                    double[] a = aucs(in, c, order(in, c), w);
                    aucSum += a[0];
                    apSum += a[1];
                }
                m.put("roc_auc", aucSum / k);
                m.put("pr_auc", apSum / k);
            }
            if (in.probabilities()) {
                m.put("log_loss", logLoss(in, w, n));
            }
        }
        for (int c = 0; c < k; c++) {
            String q = "[class=" + in.classes().get(c) + "]";
            m.put("precision" + q, precision[c]);
            m.put("recall" + q, recall[c]);
            m.put("f1" + q, f1[c]);
        }
        return m;
    }

    /** Macro (over the {@code averaged} classes) and support-weighted averages of a per-class metric. */
    private static void putAverages(Map<String, Double> m, String base, double[] perClass, long[] support, long n,
                                    boolean[] averaged) {
        double sum = 0;
        int classes = 0;
        double weighted = 0;
        for (int c = 0; c < perClass.length; c++) {
            if (averaged[c]) {
                sum += perClass[c];
                classes++;
            }
            weighted += perClass[c] * support[c];
        }
        m.put(base + "_macro", classes == 0 ? Double.NaN : sum / classes);
        m.put(base + "_weighted", n == 0 ? Double.NaN : weighted / n);
    }

    /** The confusion matrix: {@code [true][predicted]} counts, classes in {@code in.classes()} order. */
    public static long[][] confusionMatrix(Input in, int[] rows) {
        int k = in.classes().size();
        long[][] cm = new long[k][k];
        int[] r = rows != null ? rows : identity(in.rows());
        for (int i : r) {
            cm[in.yTrue()[i]][in.yPred()[i]]++;
        }
        return cm;
    }

    /** Row order by descending score of class c, cached per scores array (bootstraps reuse it). */
    private static final Map<double[][], int[][]> ORDERS = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private static int[] order(Input in, int c) {
        int[][] perClass = ORDERS.computeIfAbsent(in.scores(), s -> new int[in.classes().size()][]);
        if (perClass[c] == null) {
            double[] score = new double[in.rows()];
            for (int i = 0; i < score.length; i++) {
                score[i] = in.scores()[i][c];
            }
            Integer[] boxed = sortedByScoreDesc(score);
            int[] o = new int[boxed.length];
            for (int i = 0; i < o.length; i++) {
                o[i] = boxed[i];
            }
            perClass[c] = o;
        }
        return perClass[c];
    }

    /**
     * ROC AUC (trapezoids over distinct thresholds, as roc_auc_score) and average precision (the step-wise area
     * under the PR curve, as average_precision_score) of class c against the rest, in one pass over the rows in
     * descending score order; row weights are bootstrap multiplicities. NaN where a side has no rows.
     */
    private static double[] aucs(Input in, int c, int[] order, int[] w) {
        double[][] s = in.scores();
        long positives = 0;
        for (int i = 0; i < w.length; i++) {
            if (in.yTrue()[i] == c) {
                positives += w[i];
            }
        }
        double auc = 0;
        double ap = 0;
        double prevRecall = 0;
        long tp = 0;
        long fp = 0;
        long prevTp = 0;
        long prevFp = 0;
        int i = 0;
        while (i < order.length) {
            double score = s[order[i]][c];
            while (i < order.length && s[order[i]][c] == score) {
                int row = order[i];
                if (in.yTrue()[row] == c) {
                    tp += w[row];
                } else {
                    fp += w[row];
                }
                i++;
            }
            auc += (double) (fp - prevFp) * (tp + prevTp) / 2.0;
            if (positives > 0 && tp + fp > 0) {
                double recall = (double) tp / positives;
                ap += (recall - prevRecall) * ((double) tp / (tp + fp));
                prevRecall = recall;
            }
            prevTp = tp;
            prevFp = fp;
        }
        double roc = tp == 0 || fp == 0 ? Double.NaN : auc / ((double) tp * fp);
        return new double[]{roc, positives == 0 ? Double.NaN : ap};
    }

    /** Area under the ROC curve of one binary problem, as scikit-learn's roc_auc_score; NaN with one class. */
    public static double rocAuc(boolean[] positive, double[] score) {
        Input in = binary(positive, score);
        return aucs(in, 1, order(in, 1), weights(positive.length, null))[0];
    }

    /** Average precision of one binary problem (scikit-learn's average_precision_score). */
    public static double averagePrecision(boolean[] positive, double[] score) {
        Input in = binary(positive, score);
        return aucs(in, 1, order(in, 1), weights(positive.length, null))[1];
    }

    private static Input binary(boolean[] positive, double[] score) {
        int[] y = new int[positive.length];
        double[][] s = new double[positive.length][];
        for (int i = 0; i < y.length; i++) {
            y[i] = positive[i] ? 1 : 0;
            s[i] = new double[]{-score[i], score[i]};
        }
        return new Input(List.of("0", "1"), y, y, s, false);
    }

    private static double logLoss(Input in, int[] w, long n) {
        int k = in.classes().size();
        double total = 0;
        for (int i = 0; i < w.length; i++) {
            if (w[i] == 0) {
                continue;
            }
            double[] s = in.scores()[i];
            double sum = 0;
            double own = 0;
            for (int c = 0; c < k; c++) {
                double v = Math.min(Math.max(s[c], EPS), 1 - EPS);
                sum += v;
                if (c == in.yTrue()[i]) {
                    own = v;
                }
            }
            total += w[i] * -Math.log(own / sum);
        }
        return n == 0 ? Double.NaN : total / n;
    }

    /**
     * Points of the ROC curve (false positive rate, true positive rate) at every distinct threshold, from (0,0).
     */
    public static List<double[]> rocCurve(boolean[] positive, double[] score) {
        return curve(positive, score, true);
    }

    /** Points of the precision-recall curve (recall, precision) at every distinct threshold. */
    public static List<double[]> prCurve(boolean[] positive, double[] score) {
        return curve(positive, score, false);
    }

    private static List<double[]> curve(boolean[] positive, double[] score, boolean roc) {
        Integer[] order = sortedByScoreDesc(score);
        long p = 0;
        for (boolean b : positive) {
            if (b) {
                p++;
            }
        }
        long nn = positive.length - p;
        List<double[]> pts = new ArrayList<>();
        if (roc) {
            pts.add(new double[]{0, 0});
        }
        long tp = 0;
        long fp = 0;
        int i = 0;
        while (i < order.length) {
            double s = score[order[i]];
            while (i < order.length && score[order[i]] == s) {
                if (positive[order[i]]) {
                    tp++;
                } else {
                    fp++;
                }
                i++;
            }
            if (roc) {
                pts.add(new double[]{nn == 0 ? 0 : (double) fp / nn, p == 0 ? 0 : (double) tp / p});
            } else {
                pts.add(new double[]{p == 0 ? 0 : (double) tp / p, (double) tp / (tp + fp)});
            }
        }
        return pts;
    }

    private static Integer[] sortedByScoreDesc(double[] score) {
        Integer[] order = new Integer[score.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        return order;
    }

    static int[] identity(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
