package io.mlsteps.contract.result;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One verdict of a step: a quality gate, an anomaly found by validation, a drift test, a smoke test.
 * It says what was observed, what was expected, how much it matters and, in a sentence, what it means.
 *
 * @param name        stable identifier, e.g. {@code gate:accuracy} or {@code anomaly:OUT_OF_RANGE:age}
 * @param metric      the metric the check is about, if any
 * @param observed    observed value (a number or text); null when the value is missing
 * @param expected    the bound in human form, e.g. {@code >= 0.85}
 * @param criticality what a failure of this check does to the stage and build; null: informative only
 * @param outcome     PASSED, FAILED or INCONCLUSIVE
 * @param message     a sentence a person can read
 * @param details     optional extra facts (counts, example rows, p-values); never required to understand the check
 */
public record Check(String name, String metric, Object observed, String expected, Criticality criticality,
                    CheckOutcome outcome, String message, Map<String, Object> details) {

    public Check {
        details = details == null ? Map.of() : new LinkedHashMap<>(details);
    }

    public static Check passed(String name, String metric, Object observed, String expected,
                               Criticality criticality, String message) {
        return new Check(name, metric, observed, expected, criticality, CheckOutcome.PASSED, message, Map.of());
    }

    public static Check failed(String name, String metric, Object observed, String expected,
                               Criticality criticality, String message) {
        return new Check(name, metric, observed, expected, criticality, CheckOutcome.FAILED, message, Map.of());
    }

    public Check withDetails(Map<String, Object> extra) {
        Map<String, Object> merged = new LinkedHashMap<>(details);
        merged.putAll(extra);
        return new Check(name, metric, observed, expected, criticality, outcome, message, merged);
    }

    public Check withCriticality(Criticality newCriticality) {
        return new Check(name, metric, observed, expected, newCriticality, outcome, message, details);
    }

    /** Whether the check did not pass (failed or inconclusive). */
    public boolean notPassed() {
        return outcome != CheckOutcome.PASSED;
    }

    /** Whether this check is a quality gate of the step ({@code gate:<metric>}). */
    public boolean isGate() {
        return name != null && name.startsWith("gate:");
    }

    /**
     * The status this check imposes on its step. INCONCLUSIVE checks count like failures of their own
     * criticality: the producer chooses which criticality an inconclusive result carries.
     */
    public StepStatus statusEffect() {
        if (outcome == CheckOutcome.PASSED || criticality == null) {
            return StepStatus.SUCCESS;
        }
        return criticality.stepStatus();
    }
}
