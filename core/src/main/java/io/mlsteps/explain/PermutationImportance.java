package io.mlsteps.explain;

import io.mlsteps.contract.gate.Direction;
import io.mlsteps.model.Prediction;
import io.mlsteps.model.TribuoPredictor;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Progress;
import io.mlsteps.util.StepLog;
import org.tribuo.Example;
import org.tribuo.Model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Permutation feature importance by raw input column: on a seeded sample of the evaluated rows, the values of one
 * column are permuted ({@link PermutationStream}), the model predicts again, and the importance is how much the
 * metric gets worse: {@code baseline - permuted} for a metric where higher is better, {@code permuted - baseline}
 * where lower is better, so a positive number always means the model uses the column. Each column is permuted
 * {@code repeats} times; the result is the mean drop with its standard deviation (over repeats, {@code ddof=0} as
 * scikit-learn's {@code importances_std}) and a percentile interval of the drops. A categorical column is permuted
 * as one value, so all its one-hot features move together.
 */
public final class PermutationImportance {
    private static final int BATCH = 4096;

    /** The step's metric on some of the evaluated rows. */
    public interface Scorer {
        /** The metric of the model's own predictions on the evaluated rows at {@code positions}. */
        double original(int[] positions);

        /** The metric of {@code predictions} (aligned with {@code positions}) against the true labels. */
        double permuted(int[] positions, List<Prediction> predictions);
    }

    /**
     * What to compute.
     *
     * @param keepDetails whether to keep every permutation and prediction (for the files an independent script reads)
     */
    public record Settings(String metric, Direction direction, int repeats, long seed, int maxRows, double level,
                           int threads, boolean keepDetails) {
    }

    /**
     * One column's importance.
     *
     * @param scores the metric after each permutation
     * @param drops  the importance of each permutation (the metric's worsening)
     */
    public record Column(String name, int index, double mean, double std, double low, double high, double[] scores,
                         double[] drops) {
    }

    /**
     * The importances, largest first.
     *
     * @param sample       the positions (into the evaluated rows) of the sample, ascending
     * @param permutations per column (model order) and repeat, the permutation; null unless kept
     * @param predictions  per column and repeat, the predictions on permuted data; null unless kept
     */
    public record Result(Settings settings, double baseline, int evaluatedRows, int[] sample, List<Column> columns,
                         int[][][] permutations, Prediction[][][] predictions) {
    }

    private PermutationImportance() {
    }

    /**
     * Computes the importance of every column of the model.
     *
     * @param values per evaluated row, the raw text of each of the model's columns in {@code predictor.featureNames()} order
     * @param rowName the name of an evaluated row in messages (its file and line)
     */
    public static Result compute(TribuoPredictor predictor, String[][] values, java.util.function.IntFunction<String> rowName,
                                 Scorer scorer, Settings settings, StepLog log) {
        List<String> columns = predictor.featureNames();
        int[] sample = PermutationStream.sample(settings.seed(), values.length, settings.maxRows());
        double baseline = scorer.original(sample);
        int features = columns.size();
        int repeats = settings.repeats();
        double[][] scores = new double[features][repeats];
        int[][][] permutations = settings.keepDetails() ? new int[features][repeats][] : null;
        Prediction[][][] predictions = settings.keepDetails() ? new Prediction[features][repeats][] : null;
        log.info("permutation importance: %d columns x %d repeats on %,d of %,d rows, metric %s (baseline %.6f), "
                        + "seed %d, %d threads", features, repeats, sample.length, values.length, settings.metric(),
                baseline, settings.seed(), settings.threads());
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, settings.threads()), r -> {
            Thread t = new Thread(r, "importance");
            t.setDaemon(true);
            return t;
        });
        // progress in rows predicted (a permutation alone can take seconds on a large sample)
        try (Progress progress = log.progress("rows predicted on permuted data", (long) features * repeats * sample.length)) {
            List<Future<?>> done = new ArrayList<>();
            for (int j = 0; j < features; j++) {
                for (int r = 0; r < repeats; r++) {
                    int feature = j;
                    int repeat = r;
                    done.add(pool.submit(() -> {
                        int[] order = PermutationStream.permutation(
                                PermutationStream.permutationSeed(settings.seed(), feature, repeat, repeats), sample.length);
                        List<Prediction> p = predict(predictor, values, sample, feature, order, rowName);
                        scores[feature][repeat] = scorer.permuted(sample, p);
                        if (permutations != null) {
                            permutations[feature][repeat] = order;
                            predictions[feature][repeat] = p.toArray(Prediction[]::new);
                        }
                        synchronized (progress) {
                            progress.add(sample.length);
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        log.info("permutation importance: %d permutations in %.2fs", features * repeats, (System.nanoTime() - t0) / 1e9);
        List<Column> out = new ArrayList<>();
        for (int j = 0; j < features; j++) {
            out.add(column(columns.get(j), j, baseline, scores[j], settings));
        }
        out.sort((a, b) -> Double.compare(orderKey(b.mean()), orderKey(a.mean())));
        return new Result(settings, baseline, values.length, sample, List.copyOf(out), permutations, predictions);
    }

    private static double orderKey(double v) {
        return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
    }

    /** The model's predictions on the sample with column {@code feature} permuted by {@code order}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static List<Prediction> predict(TribuoPredictor predictor, String[][] values, int[] sample, int feature, int[] order,
                                    java.util.function.IntFunction<String> rowName) {
        Map<String, Integer> index = new HashMap<>();
        List<String> columns = predictor.featureNames();
        for (int c = 0; c < columns.size(); c++) {
            index.put(columns.get(c), c);
        }
        List<Prediction> out = new ArrayList<>(sample.length);
        List<Example> batch = new ArrayList<>(Math.min(BATCH, sample.length));
        for (int i = 0; i < sample.length; i++) {
            String[] row = values[sample[i]];
            String moved = values[sample[order[i]]][feature];
            try {
                batch.add(predictor.example(c -> {
                    int k = index.get(c);
                    return k == feature ? moved : row[k];
                }));
            } catch (IllegalArgumentException e) {
                throw new InputException(rowName.apply(sample[i]), "with the value of column '" + columns.get(feature)
                        + "' permuted, this row has no feature value the model knows, so it cannot be scored; "
                        + "expected rows with values in at least two columns for importance (or importance: false)");
            }
            if (batch.size() == BATCH || i == sample.length - 1) {
                List<org.tribuo.Prediction> part = ((Model) predictor.model()).predict((Iterable) batch);
                for (org.tribuo.Prediction p : part) {
                    out.add(predictor.convert(p));
                }
                batch.clear();
            }
        }
        return out;
    }

    static Column column(String name, int index, double baseline, double[] scores, Settings settings) {
        double[] drops = new double[scores.length];
        for (int r = 0; r < scores.length; r++) {
            drops[r] = settings.direction() == Direction.LOWER_IS_BETTER ? scores[r] - baseline : baseline - scores[r];
        }
        double mean = 0;
        for (double d : drops) {
            mean += d;
        }
        mean /= drops.length;
        double var = 0;
        for (double d : drops) {
            var += (d - mean) * (d - mean);
        }
        double std = Math.sqrt(var / drops.length);
        if (Double.isNaN(mean)) { // the metric is undefined on the sample (an AUC of one class): no interval either
            return new Column(name, index, Double.NaN, Double.NaN, Double.NaN, Double.NaN, scores, drops);
        }
        double[] sorted = drops.clone();
        Arrays.sort(sorted);
        double level = settings.level();
        return new Column(name, index, mean, std, quantile(sorted, (1 - level) / 2), quantile(sorted, (1 + level) / 2),
                scores, drops);
    }

    /** The q-quantile of sorted values with linear interpolation (numpy's default). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
