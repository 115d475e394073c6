package io.mlsteps.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Regression metrics with scikit-learn's definitions (checked against it to 1e-9): {@code rmse}, {@code mse},
 * {@code mae}, {@code r2} and {@code mape} (a fraction, not per cent: scikit-learn's
 * mean_absolute_percentage_error, which divides by {@code max(|y|, eps)}). R² is 1 for a perfect fit of a
 * constant target and 0 for an imperfect one, as scikit-learn's {@code force_finite} does.
 */
public final class RegressionMetrics {
    private static final double EPS = Math.ulp(1.0);

    private RegressionMetrics() {
    }

    public static Map<String, Double> compute(double[] yTrue, double[] yPred) {
        return compute(yTrue, yPred, null);
    }

    /** Metrics over the given rows (indices may repeat, as in a bootstrap resample); null means every row. */
    public static Map<String, Double> compute(double[] yTrue, double[] yPred, int[] rows) {
        if (yTrue.length != yPred.length) {
            throw new IllegalArgumentException("y_true and y_pred must have the same length");
        }
        int[] w = ClassificationMetrics.weights(yTrue.length, rows);
        long n = 0;
        double sumSq = 0;
        double sumAbs = 0;
        double sumPct = 0;
        double mean = 0;
        for (int i = 0; i < w.length; i++) {
            mean += w[i] * yTrue[i];
            n += w[i];
        }
        mean /= n;
        double ssTot = 0;
        for (int i = 0; i < w.length; i++) {
            if (w[i] == 0) {
                continue;
            }
            double e = yTrue[i] - yPred[i];
            sumSq += w[i] * e * e;
            sumAbs += w[i] * Math.abs(e);
            sumPct += w[i] * Math.abs(e) / Math.max(Math.abs(yTrue[i]), EPS);
            double d = yTrue[i] - mean;
            ssTot += w[i] * d * d;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        if (n == 0) {
            for (String k : new String[]{"rmse", "mse", "mae", "r2", "mape"}) {
                m.put(k, Double.NaN);
            }
            return m;
        }
        double mse = sumSq / n;
        m.put("rmse", Math.sqrt(mse));
        m.put("mse", mse);
        m.put("mae", sumAbs / n);
        m.put("r2", ssTot == 0 ? (sumSq == 0 ? 1.0 : 0.0) : 1 - sumSq / ssTot);
        m.put("mape", sumPct / n);
        return m;
    }
}
