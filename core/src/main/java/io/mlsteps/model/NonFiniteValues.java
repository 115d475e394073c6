package io.mlsteps.model;

import io.mlsteps.contract.result.StepResult;
import io.mlsteps.util.StepLog;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Counts the non-finite values (NaN, inf, -inf, or a number too large for a double) of numeric features. Training
 * and evaluation treat them as missing, as they treat an empty cell: the model's only honest reading of "no valid
 * number"; any finite stand-in would be invented. The count goes into the result so that it is seen and can be
 * gated ({@code non_finite_values <= 0} refuses such data).
 */
public final class NonFiniteValues {
    /** The metric: the total; {@code non_finite_values[column]} per column that has any. */
    public static final String METRIC = "non_finite_values";

    private final Map<String, Long> counts = new TreeMap<>();
    /** Per column the earliest line seen and its place, whatever order the rows were visited in. */
    private final Map<String, Map.Entry<Long, String>> first = new LinkedHashMap<>();

    /** Counts one non-finite value of {@code column} at {@code line}; {@code where} names its place ({@code file:line:column}). */
    public void add(String column, long line, Supplier<String> where) {
        add(column, 1, line, where);
    }

    /** Counts {@code count} non-finite values of {@code column}, the first of them at {@code line}, {@code where}. */
    public void add(String column, long count, long line, Supplier<String> where) {
        counts.merge(column, count, Long::sum);
        Map.Entry<Long, String> seen = first.get(column);
        if (seen == null || line < seen.getKey()) {
            first.put(column, Map.entry(line, where.get()));
        }
    }

    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    public Map<String, Long> byColumn() {
        return Map.copyOf(counts);
    }

    /** Puts the metrics (the total always, so a gate finds it) and, when there are any, one warning line. */
    public void report(StepResult result, StepLog log, String what) {
        result.putMetric(METRIC, total());
        counts.forEach((column, n) -> result.putMetric(METRIC + "[" + column + "]", n));
        if (!counts.isEmpty()) {
            log.warn(total() + " non-finite value" + (total() == 1 ? "" : "s") + " (NaN, inf, -inf) in numeric features of "
                    + what + " treated as missing: " + counts.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue() + " (first at " + first.get(e.getKey()).getValue() + ")")
                    .collect(Collectors.joining(", ")));
        }
    }
}
