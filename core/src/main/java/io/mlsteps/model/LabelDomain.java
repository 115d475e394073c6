package io.mlsteps.model;

import io.mlsteps.util.OrderedMaps;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The classes a classification model knows, checked against the true labels of the rows it is evaluated on. A
 * label outside them would silently add a class the model can never predict (a two-class task scored as three),
 * so it stops the evaluation ({@link UnknownLabels#FAIL}, the default) or its row is left out and counted
 * ({@link UnknownLabels#EXCLUDE}).
 */
public final class LabelDomain {
    private final List<String> known;
    private final UnknownLabels policy;
    private final Map<String, Integer> excluded = new TreeMap<>();
    private int rows;

    public LabelDomain(Collection<String> known, UnknownLabels policy) {
        this.known = List.copyOf(new TreeSet<>(known));
        this.policy = policy;
    }

    /**
     * Whether a row with this true label (trimmed) is evaluated. An unknown label under {@code FAIL} throws the
     * error {@code located} makes of the problem (the caller adds file, line and column).
     */
    public boolean accepts(String label, Function<String, InputException> located) {
        rows++;
        if (known.contains(label)) {
            return true;
        }
        if (policy == UnknownLabels.FAIL) {
            throw located.apply("label '" + label + "' is not a class of the model, which knows " + known
                    + "; expected one of them, or unknownLabels: 'exclude' to leave such rows out (counted)");
        }
        excluded.merge(label, 1, Integer::sum);
        return false;
    }

    /** Rows left out, by label. */
    public Map<String, Integer> excluded() {
        return Map.copyOf(excluded);
    }

    public int excludedRows() {
        return excluded.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** What metrics.json records: the policy, and the rows left out by label. */
    public Map<String, Object> describe() {
        return OrderedMaps.of("policy", policy.argument(), "knownLabels", known, "excluded", new TreeMap<>(excluded));
    }

    /**
     * Under {@code EXCLUDE}: the metric {@value UnknownLabels#METRIC} (also 0, so a gate always finds it), a NOTE
     * check that fails when rows were left out, and a warning naming them. Nothing under {@code FAIL}, where no row
     * can have been left out.
     */
    public void report(StepResult result, StepLog log) {
        if (policy != UnknownLabels.EXCLUDE) {
            return;
        }
        int n = excludedRows();
        result.putMetric(UnknownLabels.METRIC, n);
        String labels = excluded.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        String message = n == 0 ? "Every true label is a class of the model " + known + "."
                : String.format(java.util.Locale.ROOT, "%d of %d rows (%.2f %%) have labels the model does not know "
                + "(%s) and were left out of the metrics (unknownLabels: 'exclude'); the model knows %s.",
                n, rows, 100.0 * n / Math.max(1, rows), labels, known);
        result.addCheck(new Check("labels:unknown", UnknownLabels.METRIC, n, "0", Criticality.NOTE,
                n == 0 ? CheckOutcome.PASSED : CheckOutcome.FAILED, message, n == 0 ? Map.of() : Map.of("excluded", excluded)));
        if (n > 0) {
            log.warn(message);
        }
    }
}
