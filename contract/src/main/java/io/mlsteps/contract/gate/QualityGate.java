package io.mlsteps.contract.gate;

import io.mlsteps.contract.Arg;
import io.mlsteps.contract.ArgumentException;
import io.mlsteps.contract.result.Criticality;

import java.util.Map;

/**
 * A quality gate, in the shape Jenkins users know from the coverage and warnings-ng plugins:
 * {@code [metric: 'accuracy', threshold: 0.85, criticality: 'FAILURE']}. compareToBaseline's gates may bound the
 * change against the baseline instead ({@code maxDrop}, {@code maxRelativeDrop}, {@code minImprovement},
 * {@code maxImprovement}); every rule given is a separate check. The metric may end in a slice wildcard,
 * {@code accuracy[sex=*]}, to gate every slice. The direction comes from the {@link MetricCatalog} unless given.
 */
public record QualityGate(
        @Arg(doc = "metric name as in the step's metrics; `*` in the qualifier gates every match, e.g. `accuracy[sex=*]`",
                required = true)
        String metric,
        @Arg(doc = "absolute bound on the value: a minimum for metrics where higher is better, a maximum otherwise")
        Double threshold,
        @Arg(doc = "compareToBaseline: largest tolerated regression against the baseline, in the metric's units",
                min = 0)
        Double maxDrop,
        @Arg(doc = "compareToBaseline: largest tolerated regression as a fraction of the baseline's value (0.02 = 2 %)",
                min = 0)
        Double maxRelativeDrop,
        @Arg(doc = "compareToBaseline: improvement over the baseline the candidate must show, in the metric's units")
        Double minImprovement,
        @Arg(doc = "compareToBaseline: largest believable improvement; more is suspicious (a leakage alarm)")
        Double maxImprovement,
        @Arg(doc = "what a failed gate does: `NOTE` marks the stage unstable, `UNSTABLE` also the build; `ERROR` fails "
                + "the step, `FAILURE` also the build", defaultValue = "UNSTABLE")
        Criticality criticality,
        @Arg(doc = "`HIGHER_IS_BETTER` (the threshold is a minimum) or `LOWER_IS_BETTER` (a maximum); empty for a "
                + "metric whose direction is known")
        Direction direction) {

    public QualityGate {
        if (minImprovement != null && maxImprovement != null && maxImprovement < minImprovement) {
            throw new ArgumentException("maxImprovement", "is " + maxImprovement + ", below minImprovement "
                    + minImprovement + ", so no candidate could pass the gate on '" + metric + "'");
        }
    }

    /** A threshold gate. */
    public static QualityGate threshold(String metric, double threshold, Criticality criticality) {
        return new QualityGate(metric, threshold, null, null, null, null, criticality, null);
    }

    /** Whether the gate has a rule relative to a baseline (only compareToBaseline evaluates those). */
    public boolean isRelative() {
        return maxDrop != null || maxRelativeDrop != null || minImprovement != null || maxImprovement != null;
    }

    /** Whether the gate has only a threshold, i.e. is a plain quality gate. */
    public boolean isThresholdOnly() {
        return threshold != null && !isRelative();
    }

    /** This gate, or, when it holds no rule at all, the same gate with {@code maxDrop: 0}: no worse than the baseline. */
    public QualityGate orNoWorse() {
        return threshold != null || isRelative() ? this
                : new QualityGate(metric, null, 0.0, null, null, null, criticality, direction);
    }

    /**
     * The rules this gate holds, with their values, in the order they are checked. In compareToBaseline a gate
     * without any rule means {@code maxDrop: 0}: no worse than the baseline ({@link #orNoWorse()}).
     */
    public Map<GateRule, Double> rules() {
        Map<GateRule, Double> rules = new java.util.EnumMap<>(GateRule.class);
        QualityGate gate = orNoWorse();
        put(rules, GateRule.THRESHOLD, gate.threshold);
        put(rules, GateRule.MAX_DROP, gate.maxDrop);
        put(rules, GateRule.MAX_RELATIVE_DROP, gate.maxRelativeDrop);
        put(rules, GateRule.MIN_IMPROVEMENT, gate.minImprovement);
        put(rules, GateRule.MAX_IMPROVEMENT, gate.maxImprovement);
        return rules;
    }

    private static void put(Map<GateRule, Double> rules, GateRule rule, Double value) {
        if (value != null) {
            rules.put(rule, value);
        }
    }
}
