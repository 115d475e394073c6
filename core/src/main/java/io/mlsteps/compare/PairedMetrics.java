package io.mlsteps.compare;

import io.mlsteps.metrics.ClassificationMetrics;
import io.mlsteps.metrics.RegressionMetrics;
import io.mlsteps.contract.gate.MetricCatalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Computes metrics of two models' predictions on the same rows (aligned by position), on any subset of the
 * rows (a bootstrap resample), with the metric definitions of {@code io.mlsteps.evaluate}. A metric name may
 * carry a slice qualifier naming a column of the evaluation data ({@code accuracy[sex=Female]}); a
 * {@code class=} qualifier is a per-class metric ({@code recall[class=>50K]}).
 */
public final class PairedMetrics {
    private static final Set<String> SCORE_METRICS = Set.of("roc_auc", "pr_auc", "log_loss");

    private final PredictionSet candidate;
    private final PredictionSet baseline;
    private final EvaluationData data;
    private final boolean regression;
    private final List<String> classes;
    private final ClassificationMetrics.Input[] inputs = new ClassificationMetrics.Input[4];
    private double[] candTruthNum;
    private double[] candPredNum;
    private double[] basePredNum;

    /**
     * @param candidate the candidate's predictions
     * @param baseline  the baseline's predictions on the same data rows in the same order
     * @param data      the evaluation data, for slices; may be null
     */
    public PairedMetrics(PredictionSet candidate, PredictionSet baseline, EvaluationData data) {
        this.candidate = candidate;
        this.baseline = baseline;
        this.data = data;
        this.regression = PredictionSet.REGRESSION.equals(candidate.task());
        java.util.TreeSet<String> names = new java.util.TreeSet<>(candidate.classNames());
        if (!regression) {
            names.addAll(baseline.classNames());
        }
        this.classes = List.copyOf(names);
    }

    /** The name split into its base metric, and the slice (column, value) if its qualifier names a data column. */
    record Parsed(String name, String lookup, String column, String value) {
    }

    Parsed parse(String name) {
        int open = name.indexOf('[');
        if (open > 0 && name.endsWith("]")) {
            String q = name.substring(open + 1, name.length() - 1);
            int eq = q.indexOf('=');
            if (eq > 0) {
                String col = q.substring(0, eq);
                if (!col.equals("class") && data != null && data.hasColumn(col)) {
                    return new Parsed(name, name.substring(0, open), col, q.substring(eq + 1));
                }
            }
        }
        return new Parsed(name, name, null, null);
    }

    /** Whether a metric can be computed from the predictions (the slice column exists, the metric is defined). */
    public boolean computable(String name) {
        Parsed p = parse(name);
        Map<String, Double> all = compute(candidate, identity(), false, Set.of(p.lookup()));
        return all.containsKey(p.lookup());
    }

    /** Every metric of the candidate on all rows (no slices), scores-based ones included where scores exist. */
    public Map<String, Double> all() {
        return compute(candidate, identity(), false, SCORE_METRICS);
    }

    /** The data rows' positions belonging to a slice. */
    int[] slicePositions(String column, String value) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < candidate.size(); i++) {
            if (value.equals(data.value(candidate.rows()[i], column))) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A function computing the named metrics of one model on the rows at the given positions. */
    public Function<int[], Map<String, Double>> metricsOf(boolean ofCandidate, List<String> names) {
        List<Parsed> parsed = names.stream().map(this::parse).toList();
        Set<String> lookups = new java.util.HashSet<>();
        parsed.forEach(p -> lookups.add(p.lookup()));
        // slice membership by position, computed once
        Map<String, boolean[]> member = new HashMap<>();
        for (Parsed p : parsed) {
            if (p.column() != null) {
                member.computeIfAbsent(p.column() + "=" + p.value(), k -> {
                    boolean[] in = new boolean[candidate.size()];
                    for (int i : slicePositions(p.column(), p.value())) {
                        in[i] = true;
                    }
                    return in;
                });
            }
        }
        PredictionSet set = ofCandidate ? candidate : baseline;
        return idx -> {
            Map<String, Map<String, Double>> bySlice = new HashMap<>();
            Map<String, Double> out = new LinkedHashMap<>();
            for (Parsed p : parsed) {
                String key = p.column() == null ? "" : p.column() + "=" + p.value();
                Map<String, Double> m = bySlice.computeIfAbsent(key, k -> {
                    int[] rows = k.isEmpty() ? idx : filter(idx, member.get(k));
                    return compute(set, rows, !k.isEmpty(), lookups);
                });
                out.put(p.name(), m.getOrDefault(p.lookup(), Double.NaN));
            }
            return out;
        };
    }

    /** McNemar's test of per-row correctness on the rows of a metric's slice; null for regression. */
    public McNemar mcnemar(String name) {
        if (regression) {
            return null;
        }
        Parsed p = parse(name);
        int[] pos = p.column() == null ? identity() : slicePositions(p.column(), p.value());
        boolean[] c = new boolean[pos.length];
        boolean[] b = new boolean[pos.length];
        for (int i = 0; i < pos.length; i++) {
            c[i] = candidate.yPred()[pos[i]].equals(candidate.yTrue()[pos[i]]);
            b[i] = baseline.yPred()[pos[i]].equals(baseline.yTrue()[pos[i]]);
        }
        return McNemar.test(c, b);
    }

    /** Rows of a metric's slice (all rows when it has none). */
    public int rows(String name) {
        Parsed p = parse(name);
        return p.column() == null ? candidate.size() : slicePositions(p.column(), p.value()).length;
    }

    /** Whether McNemar's test applies: accuracy-type metrics of a classifier. */
    public boolean accuracyType(String name) {
        String base = MetricCatalog.baseName(name);
        return !regression && (base.equals("accuracy") || base.equals("error_rate"));
    }

    /** The metrics of one model on the rows; a slice's macro averages count only the classes present in it. */
    private Map<String, Double> compute(PredictionSet set, int[] rows, boolean slice, Set<String> lookups) {
        if (regression) {
            double[] truth = numbers(candidate.yTrue(), 0);
            double[] pred = set == candidate ? numbers(candidate.yPred(), 1) : numbers(baseline.yPred(), 2);
            return RegressionMetrics.compute(truth, pred, rows);
        }
        boolean withScores = lookups.stream().anyMatch(l -> SCORE_METRICS.contains(MetricCatalog.baseName(l)));
        // ClassificationMetrics walks rows presorted once per scores array (the Inputs are cached here), with
        // the resample's multiplicities as weights, so ranking metrics cost one pass per resample
        ClassificationMetrics.Input in = input(set == candidate, withScores);
        Map<String, Double> m = new LinkedHashMap<>(slice ? ClassificationMetrics.computeSlice(in, rows)
                : ClassificationMetrics.compute(in, rows));
        Double acc = m.get("accuracy");
        if (acc != null) {
            m.put("error_rate", 1 - acc);
        }
        return m;
    }

    private synchronized double[] numbers(String[] values, int which) {
        double[] cached = which == 0 ? candTruthNum : which == 1 ? candPredNum : basePredNum;
        if (cached != null) {
            return cached;
        }
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Double.parseDouble(values[i]);
        }
        if (which == 0) {
            candTruthNum = out;
        } else if (which == 1) {
            candPredNum = out;
        } else {
            basePredNum = out;
        }
        return out;
    }

    private synchronized ClassificationMetrics.Input input(boolean ofCandidate, boolean withScores) {
        int key = (ofCandidate ? 0 : 2) + (withScores ? 1 : 0);
        ClassificationMetrics.Input cached = inputs[key];
        if (cached != null) {
            return cached;
        }
        PredictionSet set = ofCandidate ? candidate : baseline;
        double[][] scores = withScores ? alignedScores(set) : null;
        boolean probabilities = scores != null && areProbabilities(scores);
        ClassificationMetrics.Input in = ClassificationMetrics.Input.of(classes, List.of(candidate.yTrue()),
                List.of(set.yPred()), scores, probabilities);
        inputs[key] = in;
        return in;
    }

    /** Scores in {@link #classes} order; null when the set lacks a score for some class. */
    private double[][] alignedScores(PredictionSet set) {
        if (set.scores() == null || !set.scoreClasses().containsAll(classes)) {
            return null;
        }
        int[] col = new int[classes.size()];
        for (int c = 0; c < classes.size(); c++) {
            col[c] = set.scoreClasses().indexOf(classes.get(c));
        }
        double[][] out = new double[set.size()][classes.size()];
        for (int i = 0; i < set.size(); i++) {
            for (int c = 0; c < classes.size(); c++) {
                out[i][c] = set.scores()[i][col[c]];
            }
        }
        return out;
    }

    private static boolean areProbabilities(double[][] scores) {
        for (double[] row : scores) {
            double sum = 0;
            for (double v : row) {
                if (!(v >= 0 && v <= 1)) {
                    return false;
                }
                sum += v;
            }
            if (Math.abs(sum - 1) > 1e-6) {
                return false;
            }
        }
        return true;
    }

    private int[] identity() {
        int[] all = new int[candidate.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }

    private static int[] filter(int[] idx, boolean[] member) {
        int n = 0;
        for (int i : idx) {
            if (member[i]) {
                n++;
            }
        }
        int[] out = new int[n];
        int k = 0;
        for (int i : idx) {
            if (member[i]) {
                out[k++] = i;
            }
        }
        return out;
    }
}
