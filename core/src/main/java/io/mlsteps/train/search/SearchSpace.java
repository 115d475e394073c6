package io.mlsteps.train.search;

import io.mlsteps.contract.steps.Candidate;
import io.mlsteps.train.Algorithms;
import io.mlsteps.util.InputException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The candidates of a search as points to evaluate: every combination of their parameter lists (a grid), or
 * {@code samples} seeded draws (a random search: a candidate drawn uniformly, then each parameter). A grid larger
 * than {@code maxCandidates} is sampled without replacement, seeded, keeping the grid's order. Every point is
 * checked against its algorithm's parameters before anything trains.
 */
public final class SearchSpace {
    /** Samples of a random search when {@code maxCandidates} is not given. */
    public static final int DEFAULT_SAMPLES = 10;

    private final List<Candidate> candidates;
    private final List<Algorithms.Algorithm> algorithms = new ArrayList<>();
    private final List<Map<String, ParamAxis>> axes = new ArrayList<>();

    /**
     * Reads and checks the candidates of a task.
     *
     * @throws InputException naming {@code candidates[i].algorithm} or {@code candidates[i].params.NAME}
     */
    public SearchSpace(List<Candidate> candidates, String task) {
        if (candidates.isEmpty()) {
            throw new InputException("candidates", "is empty; expected at least one [algorithm: ..., params: ...]");
        }
        this.candidates = List.copyOf(candidates);
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            String where = "candidates[" + i + "]";
            if (c.algorithm() == null || c.algorithm().isBlank()) {
                throw new InputException(where + ".algorithm", "is missing; expected one of "
                        + String.join(", ", Algorithms.of(task).keySet()));
            }
            Algorithms.Algorithm a;
            try {
                a = Algorithms.find(task, c.algorithm());
            } catch (InputException e) {
                throw new InputException(where + ".algorithm", e.problem());
            }
            algorithms.add(a);
            Map<String, ParamAxis> axis = new LinkedHashMap<>();
            (c.params() == null ? Map.<String, Object>of() : c.params()).forEach((name, value) ->
                    axis.put(name, ParamAxis.of(where + ".params." + name, value)));
            axes.add(axis);
        }
    }

    /** The candidates as given. */
    public List<Candidate> candidates() {
        return candidates;
    }

    /** How many points the whole grid holds. */
    public long gridSize() {
        long total = 0;
        for (int i = 0; i < axes.size(); i++) {
            long n = 1;
            for (Map.Entry<String, ParamAxis> e : axes.get(i).entrySet()) {
                n = Math.multiplyExact(n, e.getValue().grid("candidates[" + i + "].params." + e.getKey()).size());
            }
            total += n;
        }
        return total;
    }

    /** The points of a grid search, at most {@code max} of them (0: all). */
    public List<Trial> grid(int max, long seed) {
        long size = gridSize();
        if (size > 1_000_000) {
            throw new InputException("candidates", "make a grid of " + size + " points; expected at most 1,000,000 "
                    + "(use search: 'random' with maxCandidates)");
        }
        List<Trial> all = new ArrayList<>();
        for (int i = 0; i < axes.size(); i++) {
            List<Map<String, Object>> points = new ArrayList<>();
            points.add(new LinkedHashMap<>());
            for (Map.Entry<String, ParamAxis> e : axes.get(i).entrySet()) {
                List<Map<String, Object>> next = new ArrayList<>();
                for (Map<String, Object> p : points) {
                    for (Object v : e.getValue().grid("candidates[" + i + "].params." + e.getKey())) {
                        Map<String, Object> q = new LinkedHashMap<>(p);
                        q.put(e.getKey(), v);
                        next.add(q);
                    }
                }
                points = next;
            }
            for (Map<String, Object> p : points) {
                all.add(checked(all.size(), i, p));
            }
        }
        if (max <= 0 || all.size() <= max) {
            return all;
        }
        // a seeded sample of the grid, in grid order
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new Random(seed));
        Set<Integer> kept = new TreeSet<>(order.subList(0, max));
        List<Trial> sample = new ArrayList<>();
        for (int i : kept) {
            Trial t = all.get(i);
            sample.add(new Trial(sample.size(), t.candidate(), t.algorithm(), t.params()));
        }
        return sample;
    }

    /** {@code samples} distinct draws of a random search (fewer when the space holds fewer points). */
    public List<Trial> random(int samples, long seed) {
        Random random = new Random(seed);
        List<Trial> trials = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int attempt = 0; trials.size() < samples && attempt < samples * 50; attempt++) {
            int i = random.nextInt(axes.size());
            Map<String, Object> p = new LinkedHashMap<>();
            axes.get(i).forEach((name, axis) -> p.put(name, axis.sample(random)));
            if (seen.add(i + " " + p)) {
                trials.add(checked(trials.size(), i, p));
            }
        }
        return trials;
    }

    /** The space as the model card records it: per candidate, its algorithm and each parameter's values. */
    public List<Map<String, Object>> describe() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < axes.size(); i++) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("algorithm", algorithms.get(i).name());
            Map<String, Object> params = new LinkedHashMap<>();
            axes.get(i).forEach((name, axis) -> params.put(name, axis.describe()));
            c.put("params", params);
            out.add(c);
        }
        return out;
    }

    private Trial checked(int index, int candidate, Map<String, Object> params) {
        Algorithms.Algorithm a = algorithms.get(candidate);
        try {
            Algorithms.resolve(a, params, 1);
        } catch (InputException e) {
            throw new InputException("candidates[" + candidate + "]." + e.source(), e.problem());
        }
        return new Trial(index, candidate, a, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params)));
    }
}
