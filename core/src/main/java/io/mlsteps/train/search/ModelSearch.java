package io.mlsteps.train.search;

import io.mlsteps.contract.gate.Direction;
import io.mlsteps.contract.gate.MetricCatalog;
import io.mlsteps.contract.steps.Candidate;
import io.mlsteps.contract.steps.TrainModelRequest;
import io.mlsteps.metrics.ClassificationMetrics;
import io.mlsteps.metrics.RegressionMetrics;
import io.mlsteps.train.Algorithms;
import io.mlsteps.model.FeatureEncoding;
import io.mlsteps.train.Trainers;
import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.OutputFactory;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.Regressor;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Evaluates the points of a {@link SearchSpace} on the same encoded rows: every point on every fold (or on the
 * validation rows), as tasks on a bounded pool of threads. The folds share the one list of encoded examples (a
 * fold's dataset holds references to them), so memory grows with the threads, not with the folds. Each fit has
 * the request's seed and the results are collected by position, so the ranking is the same however the threads
 * interleave; ties rank by the order of the points.
 */
public final class ModelSearch {
    private final TrainModelRequest req;
    private final String task;
    private final SearchSpace space;
    private final List<Trial> trials;
    private final String metric;
    private final Direction direction;
    private final int threads;

    /** The rows the search scores on: the training examples, and the validation examples when {@code cv} is 0. */
    public record Data(List<Example<?>> examples, List<Example<?>> validation, int[] folds, OutputFactory<?> factory,
                       FeatureEncoding encoding) {
        int foldCount() {
            return folds == null ? 1 : Arrays.stream(folds).max().orElse(0) + 1;
        }
    }

    /** One point's result: its score per fold, NaN where a fold did not run. */
    public record Score(Trial trial, double[] folds, double mean, double spread, double fitSeconds, String status) {
        public boolean complete() {
            return status.equals("ok");
        }
    }

    /** Whether the request asks for a search: candidates, or lists or ranges in {@code params}. */
    public static boolean requested(TrainModelRequest req) {
        return !req.candidates().isEmpty() || req.params().values().stream().anyMatch(v -> v instanceof List<?>
                || v instanceof String s && ParamAxis.FUNCTION.matcher(s).matches());
    }

    /**
     * Reads and checks the search of a request before any data is encoded.
     *
     * @throws InputException for an unknown algorithm or parameter, an empty grid, an unknown metric, a bad cv
     */
    public ModelSearch(TrainModelRequest req, String task) {
        this.req = req;
        this.task = task;
        List<Candidate> candidates = req.candidates().isEmpty()
                ? List.of(new Candidate(req.algorithm() == null || req.algorithm().isBlank()
                ? Algorithms.defaultFor(task) : req.algorithm(), req.params()))
                : req.candidates();
        this.space = new SearchSpace(candidates, task);
        boolean random = "random".equals(req.search());
        this.trials = random
                ? space.random(req.maxCandidates() > 0 ? req.maxCandidates() : SearchSpace.DEFAULT_SAMPLES, req.seed())
                : space.grid(req.maxCandidates(), req.seed());
        if (trials.isEmpty()) {
            throw new InputException("candidates", "give no point to try; expected at least one");
        }
        this.metric = req.metric() == null || req.metric().isBlank() ? defaultMetric(task) : req.metric().trim();
        this.direction = MetricCatalog.direction(metric).orElseThrow(() -> new InputException("metric",
                "'" + metric + "' is not a metric the catalogue knows; expected e.g. " + defaultMetric(task)));
        if (req.cv() == 1) {
            throw new InputException("cv", "is 1; expected 0 (rank on the validation rows) or at least 2 folds");
        }
        if (req.groupColumn() != null && !req.groupColumn().isBlank() && req.cv() == 0) {
            throw new InputException("groupColumn", "needs cross-validation; expected cv: 2 or more with it");
        }
        this.threads = req.searchThreads() > 0 ? req.searchThreads() : Runtime.getRuntime().availableProcessors();
    }

    /** The metric a task ranks by when none is given. */
    public static String defaultMetric(String task) {
        return task.equals(Algorithms.REGRESSION) ? "rmse" : "roc_auc";
    }

    public List<Trial> trials() {
        return trials;
    }

    public SearchSpace space() {
        return space;
    }

    public String metric() {
        return metric;
    }

    public Direction direction() {
        return direction;
    }

    /** The folds each candidate is scored on: {@code cv}, or 1 for the validation rows. */
    public int foldCount() {
        return req.cv() >= 2 ? req.cv() : 1;
    }

    public int threads() {
        return threads;
    }

    /** Evaluates every point; the scores in the points' order. */
    public List<Score> run(Data data, StepLog log) throws InterruptedException {
        int k = data.foldCount();
        List<String> classes = classes(data.examples());
        int numFeatures = featureCount(data);
        for (Trial t : trials) {
            // a parameter the trainer refuses (e.g. c = 0) fails here, before anything trains
            try {
                Trainers.create(t.algorithm(), Algorithms.resolve(t.algorithm(), t.params(), numFeatures), req.seed(),
                        numFeatures, data.examples().size(), data.encoding());
            } catch (InputException e) {
                throw new InputException("candidates[" + t.candidate() + "]." + e.source(), e.problem());
            }
        }
        long deadline = req.timeBudget() == null ? Long.MAX_VALUE
                : System.nanoTime() + req.timeBudget().toNanos();
        log.info("search: %d candidates × %d %s on %,d rows, ranked by %s (%s), %d threads%s", trials.size(), k,
                data.folds() == null ? "validation split" : "folds", data.examples().size(), metric,
                direction == Direction.HIGHER_IS_BETTER ? "higher is better" : "lower is better", threads,
                req.timeBudget() == null ? "" : ", time budget " + req.timeBudget());
        double[][] scores = new double[trials.size()][k];
        double[][] seconds = new double[trials.size()][k];
        String[][] errors = new String[trials.size()][k];
        for (double[] row : scores) {
            Arrays.fill(row, Double.NaN);
        }
        AtomicInteger done = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<InputException> fatal = new java.util.concurrent.atomic.AtomicReference<>();
        AtomicInteger[] remaining = new AtomicInteger[trials.size()];
        for (int t = 0; t < trials.size(); t++) {
            remaining[t] = new AtomicInteger(k);
        }
        Logger tribuo = Logger.getLogger("org.tribuo");
        Level level = tribuo.getLevel();
        tribuo.setLevel(Level.WARNING); // per-epoch losses of many parallel fits would drown the progress lines
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, trials.size() * k)), r -> {
            Thread th = new Thread(r, "search");
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < trials.size(); t++) {
                for (int f = 0; f < k; f++) {
                    int ti = t;
                    int fi = f;
                    futures.add(pool.submit(() -> {
                        if (System.nanoTime() < deadline) {
                            long t0 = System.nanoTime();
                            try {
                                scores[ti][fi] = fitAndScore(trials.get(ti), fi, data, classes, numFeatures);
                            } catch (InputException e) {
                                fatal.compareAndSet(null, e);
                                errors[ti][fi] = e.getMessage();
                            } catch (RuntimeException | Error e) {
                                errors[ti][fi] = e.getClass().getSimpleName() + ": " + e.getMessage();
                            }
                            seconds[ti][fi] = (System.nanoTime() - t0) / 1e9;
                        }
                        if (remaining[ti].decrementAndGet() == 0) {
                            Score s = score(trials.get(ti), scores[ti], seconds[ti], errors[ti]);
                            log.info("progress: candidate %d/%d %s: %s (%d done)", ti + 1, trials.size(),
                                    trials.get(ti).label(), describe(s), done.incrementAndGet());
                        }
                    }));
                }
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a search task failed", e.getCause());
        } finally {
            pool.shutdownNow();
            tribuo.setLevel(level);
        }
        if (fatal.get() != null) {
            throw fatal.get();
        }
        List<Score> out = new ArrayList<>();
        for (int t = 0; t < trials.size(); t++) {
            out.add(score(trials.get(t), scores[t], seconds[t], errors[t]));
        }
        checkSomeFinished(out, k);
        return out;
    }

    private String describe(Score s) {
        return s.complete() ? String.format(Locale.ROOT, "%s %.4f ± %.4f, %.1fs", metric, s.mean(), s.spread(),
                s.fitSeconds()) : s.status();
    }

    private static Score score(Trial trial, double[] folds, double[] seconds, String[] errors) {
        double fit = Arrays.stream(seconds).sum();
        for (String e : errors) {
            if (e != null) {
                return new Score(trial, folds.clone(), Double.NaN, Double.NaN, fit, "failed: " + e);
            }
        }
        List<Integer> undefined = new ArrayList<>();
        boolean allRan = true;
        for (int f = 0; f < folds.length; f++) {
            allRan &= seconds[f] > 0;
            if (seconds[f] > 0 && Double.isNaN(folds[f])) {
                undefined.add(f);
            }
        }
        if (!undefined.isEmpty()) {
            return new Score(trial, folds.clone(), Double.NaN, Double.NaN, fit, "failed: the metric is undefined "
                    + "on fold " + undefined + " (e.g. a class missing from the fold; AUCs need every class)");
        }
        if (!allRan) {
            boolean ran = Arrays.stream(seconds).anyMatch(s -> s > 0);
            return new Score(trial, folds.clone(), Double.NaN, Double.NaN, fit, ran
                    ? "incomplete: the time budget ended during its folds" : "skipped: time budget spent");
        }
        double mean = Arrays.stream(folds).average().orElse(Double.NaN);
        double var = Arrays.stream(folds).map(v -> (v - mean) * (v - mean)).sum() / folds.length;
        return new Score(trial, folds.clone(), mean, Math.sqrt(var), fit, "ok");
    }

    private void checkSomeFinished(List<Score> scores, int k) {
        if (scores.stream().anyMatch(Score::complete)) {
            return;
        }
        Score first = scores.get(0);
        if (req.timeBudget() != null && scores.stream().noneMatch(s -> s.status().startsWith("failed"))) {
            double perFold = Arrays.stream(first.folds()).filter(v -> !Double.isNaN(v)).count() == 0 ? 0
                    : first.fitSeconds() / Arrays.stream(first.folds()).filter(v -> !Double.isNaN(v)).count();
            throw new InputException("timeBudget", "is " + io.mlsteps.contract.bind.Values.formatDuration(req.timeBudget())
                    + " but no candidate finished its " + k + (k == 1 ? " fit" : " folds") + " within it"
                    + (perFold > 0 ? String.format(Locale.ROOT, " (a fold of the first took %.1fs)", perFold) : "")
                    + "; expected a budget long enough for one candidate, or fewer folds");
        }
        throw new InputException("candidates", "every candidate failed; the first: " + first.status());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private double fitAndScore(Trial trial, int fold, Data data, List<String> classes, int numFeatures) {
        List<Example> train = new ArrayList<>();
        List<Example> test = new ArrayList<>();
        if (data.folds() == null) {
            train.addAll(data.examples());
            test.addAll(data.validation());
        } else {
            for (int i = 0; i < data.examples().size(); i++) {
                (data.folds()[i] == fold ? test : train).add(data.examples().get(i));
            }
        }
        OutputFactory factory = data.factory();
        MutableDataset dataset = new MutableDataset(new ListDataSource(train, factory, new SimpleDataSourceProvenance(
                "search fold " + fold, OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), factory)));
        Map<String, Object> params = Algorithms.resolve(trial.algorithm(), trial.params(),
                dataset.getFeatureMap().size());
        Trainer trainer = Trainers.create(trial.algorithm(), params, req.seed(), dataset.getFeatureMap().size(),
                train.size(), data.encoding());
        Model model = trainer.train(dataset);
        List<Prediction> predictions = model.predict((Iterable) test);
        Map<String, Double> metrics = task.equals(Algorithms.REGRESSION)
                ? regression(test, predictions) : classification(test, predictions, classes, model.generatesProbabilities());
        Double value = metrics.get(metric);
        if (value == null) {
            throw new InputException("metric", "'" + metric + "' is not a " + task + " metric of the search; expected one of "
                    + String.join(", ", new TreeSet<>(metrics.keySet())));
        }
        return value;
    }

    private static Map<String, Double> regression(List<Example> test, List<Prediction> predictions) {
        double[] truth = new double[test.size()];
        double[] predicted = new double[test.size()];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = ((Regressor) test.get(i).getOutput()).getValues()[0];
            predicted[i] = ((Regressor) predictions.get(i).getOutput()).getValues()[0];
        }
        return RegressionMetrics.compute(truth, predicted);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Double> classification(List<Example> test, List<Prediction> predictions,
                                                      List<String> classes, boolean probabilities) {
        List<String> truth = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        double[][] scores = new double[test.size()][];
        for (int i = 0; i < test.size(); i++) {
            truth.add(((Label) test.get(i).getOutput()).getLabel());
            Prediction<Label> p = predictions.get(i);
            predicted.add(p.getOutput().getLabel());
            double[] s = new double[classes.size()];
            Map<String, Label> byName = p.getOutputScores();
            for (int c = 0; c < s.length; c++) {
                Label l = byName.get(classes.get(c));
                s[c] = l == null ? 0 : l.getScore();
            }
            scores[i] = s;
        }
        return ClassificationMetrics.compute(ClassificationMetrics.Input.of(classes, truth, predicted, scores,
                probabilities));
    }

    private static List<String> classes(List<Example<?>> examples) {
        TreeSet<String> classes = new TreeSet<>();
        for (Example<?> e : examples) {
            if (e.getOutput() instanceof Label l) {
                classes.add(l.getLabel());
            }
        }
        return List.copyOf(classes);
    }

    private static int featureCount(Data data) {
        TreeSet<String> names = new TreeSet<>();
        for (Example<?> e : data.examples()) {
            e.forEach(f -> names.add(f.getName()));
        }
        return names.size();
    }

    /** The time budget as the card records it, or null. */
    public Duration budget() {
        return req.timeBudget();
    }
}
