package io.mlsteps.compare;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * The paired bootstrap of a metric delta: both models are scored on the same resampled rows, so the noise
 * the two evaluations share (which rows happen to be easy) cancels and the interval shows only the noise of
 * the difference. It works for any metric computable from a set of rows (accuracy, F1, ROC AUC, RMSE, ...).
 *
 * <p>Resample {@code b} (0-based) of {@code n} rows draws {@code n} indices with {@link SplitMix64} started at
 * {@code seed} and skipped by {@code b * n} draws, i.e. resamples are consecutive slices of one stream.
 * Intervals are percentile intervals with linear interpolation between order statistics (numpy's default
 * {@code percentile} method). Resamples in which a metric is undefined (NaN, e.g. ROC AUC of a resample
 * with one class only) are left out and counted.
 */
public final class PairedBootstrap {
    private final int resamples;
    private final long seed;
    private final double confidence;

    /**
     * @param resamples  number of bootstrap resamples (at least 10)
     * @param seed       seed of the index stream
     * @param confidence two-sided confidence level of the intervals, in (0, 1)
     */
    public PairedBootstrap(int resamples, long seed, double confidence) {
        if (resamples < 10) {
            throw new IllegalArgumentException("resamples must be at least 10, got " + resamples);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be between 0 and 1 (exclusive), got " + confidence);
        }
        this.resamples = resamples;
        this.seed = seed;
        this.confidence = confidence;
    }

    /**
     * The outcome of one bootstrap.
     *
     * @param rows              rows per resample
     * @param candidate         metric of the candidate on all rows
     * @param baseline          metric of the baseline on all rows
     * @param delta             candidate minus baseline on all rows
     * @param deltaInterval     percentile interval of the delta
     * @param candidateInterval percentile interval of the candidate's metric
     * @param valid             resamples in which both metrics were defined
     */
    public record Result(int rows, int resamples, long seed, double confidence, double candidate, double baseline,
                         double delta, Interval deltaInterval, Interval candidateInterval, int valid) {
    }

    public int resamples() {
        return resamples;
    }

    public long seed() {
        return seed;
    }

    public double confidence() {
        return confidence;
    }

    /** The row indices of resample {@code b} of {@code n} rows. */
    public int[] indices(int b, int n) {
        SplitMix64 rng = SplitMix64.skipped(seed, (long) b * n);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = rng.nextIndex(n);
        }
        return idx;
    }

    /**
     * Bootstraps the delta of a metric between two models on the same {@code n} rows. The functions compute
     * a model's metric on the rows given by an index array (which may repeat rows).
     */
    public Result run(int n, ToDoubleFunction<int[]> candidateMetric, ToDoubleFunction<int[]> baselineMetric) {
        return runAll(n, idx -> Map.of("m", candidateMetric.applyAsDouble(idx)),
                idx -> Map.of("m", baselineMetric.applyAsDouble(idx)), List.of("m"), null).get("m");
    }

    /**
     * Bootstraps the deltas of several metrics at once: each function computes all metrics of a model on the
     * rows of an index array, once per resample (metrics that share work, like a confusion matrix, are
     * cheaper so). A metric a function does not return counts as undefined.
     *
     * @param onResample called after each resample (from several threads), e.g. to report progress; may be null
     */
    public Map<String, Result> runAll(int n, Function<int[], Map<String, Double>> candidate,
                                      Function<int[], Map<String, Double>> baseline, List<String> metrics,
                                      Runnable onResample) {
        int[] all = IntStream.range(0, n).toArray();
        Map<String, Double> candAll = candidate.apply(all);
        Map<String, Double> baseAll = baseline.apply(all);
        int m = metrics.size();
        double[][] deltas = new double[m][resamples];
        double[][] cands = new double[m][resamples];
        if (n > 0) {
            IntStream.range(0, resamples).parallel().forEach(b -> {
                int[] idx = indices(b, n);
                Map<String, Double> c = candidate.apply(idx);
                Map<String, Double> s = baseline.apply(idx);
                for (int j = 0; j < m; j++) {
                    double cv = c.getOrDefault(metrics.get(j), Double.NaN);
                    cands[j][b] = cv;
                    deltas[j][b] = cv - s.getOrDefault(metrics.get(j), Double.NaN);
                }
                if (onResample != null) {
                    onResample.run();
                }
            });
        }
        Map<String, Result> out = new LinkedHashMap<>();
        for (int j = 0; j < m; j++) {
            double cand = candAll.getOrDefault(metrics.get(j), Double.NaN);
            double base = baseAll.getOrDefault(metrics.get(j), Double.NaN);
            out.put(metrics.get(j), summarise(n, cand, base, deltas[j], cands[j]));
        }
        return out;
    }

    private Result summarise(int n, double cand, double base, double[] deltas, double[] cands) {
        double[] validDeltas = n == 0 ? new double[0] : Arrays.stream(deltas).filter(d -> !Double.isNaN(d)).sorted().toArray();
        double[] validCands = n == 0 ? new double[0] : IntStream.range(0, resamples).filter(b -> !Double.isNaN(deltas[b]))
                .mapToDouble(b -> cands[b]).sorted().toArray();
        double alpha = 1 - confidence;
        // fewer than half of the resamples defined: the interval would describe a different population
        boolean usable = validDeltas.length >= Math.max(10, resamples / 2);
        Interval none = new Interval(Double.NaN, Double.NaN);
        Interval deltaInterval = usable ? new Interval(percentile(validDeltas, alpha / 2),
                percentile(validDeltas, 1 - alpha / 2)) : none;
        Interval candInterval = usable ? new Interval(percentile(validCands, alpha / 2),
                percentile(validCands, 1 - alpha / 2)) : none;
        return new Result(n, resamples, seed, confidence, cand, base, cand - base, deltaInterval, candInterval,
                validDeltas.length);
    }

    /** The q-quantile (0..1) of sorted values, linear between order statistics (numpy's default). */
    public static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
