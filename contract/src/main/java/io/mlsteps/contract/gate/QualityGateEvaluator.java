package io.mlsteps.contract.gate;

import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.CheckOutcome;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Evaluates quality gates against the metrics of a step, for every step alike. A gate whose metric was
 * not computed, or is NaN, fails at its own criticality: a missing metric never passes silently.
 */
public final class QualityGateEvaluator {
    private QualityGateEvaluator() {
    }


    public static List<Check> evaluate(List<QualityGate> gates, Map<String, Double> metrics) {
        List<Check> checks = new ArrayList<>();
        if (gates == null) {
            return checks;
        }
        for (QualityGate gate : gates) {
            List<String> names = matchingMetrics(gate.metric(), metrics);
            if (names.isEmpty()) {
                checks.add(missing(gate, metrics));
                continue;
            }
            for (String name : names) {
                checks.add(evaluateOne(gate, name, metrics.get(name)));
            }
        }
        return checks;
    }

    /** The metric names a gate's metric selects: itself, or every name its {@code *} pattern matches. */
    public static List<String> matchingMetrics(String metric, Map<String, Double> metrics) {
        if (!metric.contains("*")) {
            return metrics.containsKey(metric) ? List.of(metric) : List.of();
        }
        List<String> parts = new ArrayList<>();
        for (String part : metric.split("\\*", -1)) {
            parts.add(Pattern.quote(part));
        }
        Pattern pattern = Pattern.compile(String.join(".*", parts));
        return metrics.keySet().stream().filter(k -> pattern.matcher(k).matches()).toList();
    }

    private static Check evaluateOne(QualityGate gate, String name, Double observed) {
        Direction direction = gate.direction() != null ? gate.direction()
                : MetricCatalog.direction(name).orElse(null);
        String checkName = "gate:" + name;
        if (direction == null) {
            return new Check(checkName, name, observed, "?", gate.criticality(), CheckOutcome.FAILED,
                    "The direction of metric '" + name + "' is not known; add direction: 'HIGHER_IS_BETTER' or "
                            + "'LOWER_IS_BETTER' to its quality gate.", Map.of());
        }
        String expected = direction.boundOperator() + " " + format(gate.threshold());
        if (observed == null || observed.isNaN()) {
            return new Check(checkName, name, null, expected, gate.criticality(), CheckOutcome.FAILED,
                    "Metric '" + name + "' is NaN (undefined for this data), so the gate " + expected
                            + " cannot pass.", Map.of());
        }
        boolean ok = direction.satisfies(observed, gate.threshold());
        String message = ok
                ? name + " = " + format(observed) + " meets the gate " + expected + "."
                : name + " = " + format(observed) + " misses the gate " + expected + " (" + gate.criticality() + ").";
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("threshold", gate.threshold());
        details.put("direction", direction.name());
        return new Check(checkName, name, observed, expected, gate.criticality(),
                ok ? CheckOutcome.PASSED : CheckOutcome.FAILED, message, details);
    }

    private static Check missing(QualityGate gate, Map<String, Double> metrics) {
        String available = metrics.isEmpty() ? "none" : String.join(", ", metrics.keySet().stream().limit(30).toList())
                + (metrics.size() > 30 ? ", ..." : "");
        return new Check("gate:" + gate.metric(), gate.metric(), null,
                MetricCatalog.direction(gate.metric()).map(d -> d.boundOperator() + " " + format(gate.threshold()))
                        .orElse(format(gate.threshold())),
                gate.criticality(), CheckOutcome.FAILED,
                "Metric '" + gate.metric() + "' was not computed by this step, so its gate fails. Available metrics: "
                        + available + ".", Map.of());
    }

    /** Formats a number for a sentence: up to 4 significant decimals, no trailing zeros. */
    public static String format(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String s = String.format(java.util.Locale.ROOT, "%.4f", value);
        s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s.equals("-0") ? "0" : s;
    }
}
