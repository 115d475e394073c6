package io.mlsteps.evaluate;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Seeded percentile bootstrap confidence intervals: resample the rows with replacement, recompute the metrics on
 * each resample, and take the quantiles of each metric. The same seed gives the same intervals.
 */
public final class Bootstrap {
    private Bootstrap() {
    }

    /**
     * One metric's interval.
     *
     * @param low       lower bound (the (1-level)/2 quantile of the resampled values)
     * @param high      upper bound
     * @param std       standard deviation of the resampled values (the bootstrap standard error)
     * @param resamples resamples where the metric was defined (not NaN)
     */
    public record Interval(double low, double high, double std, int resamples) {
    }

    /** The resampled row indices of resample {@code b}: {@code n} draws with replacement. */
    public static int[][] resamples(int n, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[][] out = new int[count][n];
        for (int b = 0; b < count; b++) {
            for (int i = 0; i < n; i++) {
                out[b][i] = random.nextInt(n);
            }
        }
        return out;
    }

    /**
     * Intervals for the named metrics. {@code metrics} computes all metrics on a set of row indices (the
     * functions of {@link io.mlsteps.metrics.ClassificationMetrics} and {@link io.mlsteps.metrics.RegressionMetrics} do).
     */
    public static Map<String, Interval> intervals(int n, int count, long seed, double level, Collection<String> names,
                                                  Function<int[], Map<String, Double>> metrics) {
        if (level <= 0 || level >= 1) {
            throw new IllegalArgumentException("confidence level must be in (0, 1)");
        }
        Map<String, double[]> values = new LinkedHashMap<>();
        for (String name : names) {
            values.put(name, new double[count]);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] rows = new int[n];
        for (int b = 0; b < count; b++) {
            for (int i = 0; i < n; i++) {
                rows[i] = random.nextInt(n);
            }
            Map<String, Double> m = metrics.apply(rows);
            for (Map.Entry<String, double[]> e : values.entrySet()) {
                Double v = m.get(e.getKey());
                e.getValue()[b] = v == null ? Double.NaN : v;
            }
        }
        Map<String, Interval> out = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : values.entrySet()) {
            double[] v = Arrays.stream(e.getValue()).filter(d -> !Double.isNaN(d)).sorted().toArray();
            if (v.length == 0) {
                out.put(e.getKey(), new Interval(Double.NaN, Double.NaN, Double.NaN, 0));
                continue;
            }
            double alpha = (1 - level) / 2;
            double mean = Arrays.stream(v).average().orElse(Double.NaN);
            double var = Arrays.stream(v).map(d -> (d - mean) * (d - mean)).sum() / Math.max(1, v.length - 1);
            out.put(e.getKey(), new Interval(quantile(v, alpha), quantile(v, 1 - alpha), Math.sqrt(var), v.length));
        }
        return out;
    }

    /** Linear-interpolation quantile of sorted values (numpy's default). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
