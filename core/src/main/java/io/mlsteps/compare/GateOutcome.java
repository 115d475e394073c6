package io.mlsteps.compare;

import io.mlsteps.contract.gate.GateRule;

import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.CheckOutcome;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The verdict of one rule of one gate on one metric against one baseline: a row of the comparison table and
 * a check of the result.
 *
 * @param metric        the metric
 * @param rule          the rule
 * @param role          {@code baseline}, {@code previous} or {@code anchor}; null for a threshold
 * @param primary       whether the baseline is the primary one (its checks carry no {@code @role} suffix)
 * @param baselineLabel what the baseline is
 * @param baseline      the baseline's value, if known
 * @param candidate     the candidate's value, if known
 * @param delta         candidate minus baseline
 * @param interval      confidence interval of the delta (of the candidate's value for a threshold); null
 *                      when there was no paired evidence
 * @param bound         the bound in words, e.g. {@code delta >= -0.01}
 * @param boundValue    the candidate value at the bound (baseline plus tolerated change), for charts
 * @param outcome       PASSED, FAILED or INCONCLUSIVE
 * @param criticality   what the outcome does to the build unless PASSED
 * @param message       a sentence a person can read
 * @param evidence      how it was decided: method, rows, resamples, confidence, p-values
 */
public record GateOutcome(String metric, GateRule rule, String role, boolean primary, String baselineLabel, Double baseline,
                          Double candidate, Double delta, Interval interval, String bound, Double boundValue,
                          CheckOutcome outcome, Criticality criticality, String message,
                          Map<String, Object> evidence) {

    public GateOutcome {
        evidence = evidence == null ? Map.of() : new LinkedHashMap<>(evidence);
    }

    /** Check name: {@code compare:<metric>:<rule>}, with {@code @<role>} against a non-primary baseline. */
    public String checkName() {
        return "compare:" + metric + ":" + rule.argument() + (primary || role == null ? "" : "@" + role);
    }

    public GateOutcome with(CheckOutcome newOutcome, Criticality newCriticality, String newMessage,
                            Map<String, Object> moreEvidence) {
        Map<String, Object> e = new LinkedHashMap<>(evidence);
        e.putAll(moreEvidence);
        return new GateOutcome(metric, rule, role, primary, baselineLabel, baseline, candidate, delta, interval, bound,
                boundValue, newOutcome, newCriticality, newMessage, e);
    }

    /** The check this outcome becomes; observed is the delta (the candidate's value for a threshold). */
    public Check toCheck() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("rule", rule.argument());
        if (role != null) {
            d.put("against", role);
            d.put("baselineLabel", baselineLabel);
        }
        d.put("baseline", baseline);
        d.put("candidate", candidate);
        d.put("delta", delta);
        if (interval != null) {
            d.put("lower", interval.lower());
            d.put("upper", interval.upper());
        }
        d.put("boundValue", boundValue);
        d.putAll(evidence);
        d.values().removeIf(java.util.Objects::isNull);
        Object observed = rule == GateRule.THRESHOLD ? candidate : delta;
        return new Check(checkName(), metric, observed, bound, criticality, outcome, message, d);
    }
}
