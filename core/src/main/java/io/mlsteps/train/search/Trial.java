package io.mlsteps.train.search;

import io.mlsteps.train.Algorithms;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * One point of the search: a candidate's algorithm with concrete parameters.
 *
 * @param index     its place in the leaderboard's input order (ties rank by it)
 * @param candidate the index of the candidate it came from in {@code candidates}
 * @param algorithm the algorithm
 * @param params    the parameters given (the algorithm's defaults fill the rest)
 */
public record Trial(int index, int candidate, Algorithms.Algorithm algorithm, Map<String, Object> params) {
    /** {@code random_forest max_depth=8 trees=100}: how the log and the chart name it. */
    public String label() {
        String p = params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        return algorithm.name() + (p.isEmpty() ? "" : " " + p);
    }
}
