package io.mlsteps.compare;

import java.util.Arrays;

/**
 * ROC AUC and average precision of a bootstrap resample without sorting it again: the rows are sorted by score
 * once, and a resample is a multiplicity per row, so walking the sorted rows with those weights yields exactly
 * the curve of the resample (a repeated row is a tie with itself). The arithmetic mirrors
 * {@link io.mlsteps.evaluate.ClassificationMetrics#rocAuc} and {@code averagePrecision} (scikit-learn's
 * definitions: trapezoids over distinct thresholds, step-wise precision-recall area) term by term, which a
 * test checks; the cost per resample drops from a sort to one pass.
 */
final class ResampledRanking {
    private final int[] order;
    private final double[] score;
    private final boolean[] positive;

    /** @param positive whether each row is of the positive class; {@code score} its score for that class */
    ResampledRanking(boolean[] positive, double[] score) {
        this.positive = positive;
        this.score = score;
        Integer[] boxed = new Integer[score.length];
        for (int i = 0; i < boxed.length; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> Double.compare(score[b], score[a]));
        order = Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
    }

    /**
     * ROC AUC and average precision of the rows weighted by {@code weight} (the multiplicity of each row in a
     * resample), in one walk over the distinct scores: {@code [auc, ap]}, each NaN where undefined.
     */
    double[] rocAucAndAveragePrecision(int[] weight) {
        long p = 0;
        long n = 0;
        for (int r = 0; r < positive.length; r++) {
            if (positive[r]) {
                p += weight[r];
            } else {
                n += weight[r];
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
            double s = score[order[i]];
            boolean any = false;
            while (i < order.length && score[order[i]] == s) {
                int r = order[i];
                if (weight[r] > 0) {
                    any = true;
                    if (positive[r]) {
                        tp += weight[r];
                    } else {
                        fp += weight[r];
                    }
                }
                i++;
            }
            if (any) {
                auc += (double) (fp - prevFp) * (tp + prevTp) / 2.0;
                prevTp = tp;
                prevFp = fp;
                if (p > 0) {
                    double recall = (double) tp / p;
                    ap += (recall - prevRecall) * ((double) tp / (tp + fp));
                    prevRecall = recall;
                }
            }
        }
        return new double[]{p == 0 || n == 0 ? Double.NaN : auc / ((double) p * n), p == 0 ? Double.NaN : ap};
    }

    /** The multiplicity of each of {@code n} rows in a resample. */
    static int[] weights(int[] rows, int n) {
        int[] w = new int[n];
        for (int r : rows) {
            w[r]++;
        }
        return w;
    }
}
