package io.mlsteps.compare;

import io.mlsteps.util.Numbers;
import io.mlsteps.contract.gate.GateRule;
import io.mlsteps.contract.gate.QualityGate;

import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.gate.Direction;
import io.mlsteps.contract.gate.MetricCatalog;
import io.mlsteps.contract.gate.QualityGateEvaluator;
import io.mlsteps.contract.result.CheckOutcome;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides every rule of every comparison gate. Work is done in "improvement" units (the delta signed so that
 * positive is better), so one decision procedure serves metrics that rise and metrics that fall:
 * <ul>
 *   <li>a lower bound {@code L} on the improvement (maxDrop: {@code -maxDrop}; maxRelativeDrop:
 *       {@code -maxRelativeDrop * |baseline|}; minImprovement) PASSES when the whole interval is at or above
 *       {@code L}, FAILS when the whole interval is below it, and is INCONCLUSIVE when it straddles {@code L};</li>
 *   <li>an upper bound {@code U} (maxImprovement) mirrors that;</li>
 *   <li>without paired evidence (metrics files only) the point values decide, and the message says so;</li>
 *   <li>fewer rows than {@code minRows} make every rule INCONCLUSIVE.</li>
 * </ul>
 * A value exactly at a bound meets it (up to a floating-point tolerance of 1e-9 relative).
 */
public final class ComparisonRules {

    /**
     * @param minRows                 fewer evaluation rows than this make every rule INCONCLUSIVE
     * @param inconclusiveCriticality criticality of an INCONCLUSIVE rule (never above the gate's own)
     * @param onMissingBaseline       what a metric the baseline lacks (or has as NaN) does
     */
    public record Settings(int minRows, Criticality inconclusiveCriticality, MissingBaselinePolicy onMissingBaseline) {
        public static Settings defaults() {
            return new Settings(30, Criticality.UNSTABLE, MissingBaselinePolicy.PASS);
        }
    }

    private final Settings settings;

    public ComparisonRules(Settings settings) {
        this.settings = settings;
    }

    /**
     * Evaluates the gates for the candidate's metrics against the baselines (primary first; may be empty, then
     * only thresholds are decided). {@code candidateRows} is the number of evaluation rows when known.
     */
    public List<GateOutcome> evaluate(List<QualityGate> gates, Map<String, Double> candidate, Integer candidateRows,
                                      List<Baseline> baselines) {
        List<GateOutcome> out = new ArrayList<>();
        for (QualityGate gate : gates) {
            List<String> names = QualityGateEvaluator.matchingMetrics(gate.metric(), candidate);
            if (names.isEmpty()) {
                for (GateRule rule : rules(gate)) {
                    out.add(new GateOutcome(gate.metric(), rule, null, true, null, null, null, null, null,
                            bound(gate, rule, null), null, CheckOutcome.FAILED, gate.criticality(),
                            "Metric '" + gate.metric() + "' was not computed for the candidate, so its "
                                    + rule.argument() + " rule fails (a missing metric never passes). Available: "
                                    + available(candidate) + ".", Map.of()));
                }
                continue;
            }
            for (String name : names) {
                Direction direction = gate.direction() != null ? gate.direction() : MetricCatalog.direction(name).orElse(null);
                for (GateRule rule : rules(gate)) {
                    if (direction == null) {
                        out.add(new GateOutcome(name, rule, null, true, null, null, candidate.get(name), null, null,
                                "?", null, CheckOutcome.FAILED, gate.criticality(),
                                "The direction of metric '" + name + "' is not known; add direction: 'HIGHER_IS_BETTER'"
                                        + " or 'LOWER_IS_BETTER' to its gate.", Map.of()));
                        continue;
                    }
                    if (rule == GateRule.THRESHOLD) {
                        PairedEvidence ev = baselines.isEmpty() ? null : baselines.get(0).paired().get(name);
                        out.add(threshold(gate, name, direction, candidate.get(name), ev, candidateRows));
                        continue;
                    }
                    for (Baseline b : baselines) {
                        if (b.primary() || rule.appliesToSecondary()) {
                            out.add(relative(gate, rule, name, direction, candidate.get(name), b, candidateRows));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The rules a gate holds, in a fixed order. */
    public static List<GateRule> rules(QualityGate gate) {
        return List.copyOf(gate.rules().keySet());
    }

    private GateOutcome threshold(QualityGate gate, String name, Direction direction, Double cand,
                                  PairedEvidence ev, Integer candidateRows) {
        String bound = direction.boundOperator() + " " + fmt(gate.threshold());
        Interval interval = ev == null ? null : ev.bootstrap().candidateInterval();
        GateOutcome base = new GateOutcome(name, GateRule.THRESHOLD, null, true, null, null, cand, null, interval,
                bound, gate.threshold(), null, gate.criticality(), null, evidence(ev, candidateRows));
        if (cand == null || cand.isNaN()) {
            return base.with(CheckOutcome.FAILED, gate.criticality(), name + " of the candidate is "
                    + (cand == null ? "missing" : "NaN (undefined for this data)") + ", so the threshold " + bound
                    + " cannot pass.", Map.of());
        }
        int s = sign(direction);
        // improvement over the threshold: the candidate's margin, positive when on the good side
        double margin = s * (cand - gate.threshold());
        Interval marginInterval = interval == null ? null
                : s > 0 ? new Interval(interval.lower() - gate.threshold(), interval.upper() - gate.threshold())
                : new Interval(gate.threshold() - interval.upper(), gate.threshold() - interval.lower());
        String what = name + " = " + fmt(cand) + (interval == null ? "" : " (" + pct(ev) + " interval " + interval + ")");
        return decideLower(base, gate, margin, marginInterval, 0.0, tol(cand, gate.threshold()), rows(ev, candidateRows),
                what, "the threshold " + bound);
    }

    private GateOutcome relative(QualityGate gate, GateRule rule, String name, Direction direction, Double cand,
                                 Baseline b, Integer candidateRows) {
        PairedEvidence ev = b.paired().get(name);
        Double base = ev != null ? Double.valueOf(ev.bootstrap().baseline()) : b.metrics().get(name);
        Double candValue = ev != null ? Double.valueOf(ev.bootstrap().candidate()) : cand;
        int s = sign(direction);
        String bound = bound(gate, rule, direction, base);
        Double delta = candValue == null || base == null ? null : candValue - base;
        Interval interval = ev == null ? null : ev.bootstrap().deltaInterval();
        double limit = improvementBound(gate, rule, base);
        Double boundValue = base == null || base.isNaN() ? null : base + s * limit;
        GateOutcome o = new GateOutcome(name, rule, b.role(), b.primary(), b.label(), base, candValue, delta, interval,
                bound, boundValue, null, gate.criticality(), null, evidence(ev, candidateRows));
        String vs = name + " vs " + b.label();
        if (candValue == null || candValue.isNaN()) {
            return o.with(CheckOutcome.FAILED, gate.criticality(), vs + ": the candidate's value is "
                    + (candValue == null ? "missing" : "NaN (undefined for this data)") + ", so " + rule.argument()
                    + " cannot pass (a missing metric never passes).", Map.of());
        }
        if (base == null || base.isNaN()) {
            String why = base == null ? "the baseline has no recorded value of " + name
                    : "the baseline's " + name + " is NaN (it was undefined on the baseline's evaluation data, e.g. "
                    + "a single class)";
            return missingBaseline(o, gate, vs + ": " + why + ", so the change cannot be measured");
        }
        double imp = s * delta;
        Interval impInterval = interval == null ? null
                : s > 0 ? interval : new Interval(-interval.upper(), -interval.lower());
        String what = vs + ": " + fmt(candValue) + " vs " + fmt(base) + ", delta " + signed(delta)
                + (interval == null ? "" : " (" + pct(ev) + " interval " + interval + ")");
        String boundWords = rule.argument() + " (" + bound + ")";
        if (rule == GateRule.MAX_RELATIVE_DROP && base == 0.0) {
            boundWords += "; the baseline is 0, so a relative tolerance allows no drop at all - use maxDrop for an "
                    + "absolute tolerance";
        }
        double tolerance = tol(candValue, base);
        if (rule == GateRule.MAX_IMPROVEMENT) {
            return decideUpper(o, gate, imp, impInterval, limit, tolerance, rows(ev, candidateRows), what, boundWords);
        }
        return decideLower(o, gate, imp, impInterval, limit, tolerance, rows(ev, candidateRows), what, boundWords);
    }

    private GateOutcome missingBaseline(GateOutcome o, QualityGate gate, String why) {
        MissingBaselinePolicy p = settings.onMissingBaseline();
        if (p == MissingBaselinePolicy.PASS) {
            return o.with(CheckOutcome.PASSED, Criticality.NOTE, why + "; passing by onMissingBaseline: PASS.",
                    Map.of("missingBaseline", true));
        }
        return o.with(CheckOutcome.FAILED, min(gate.criticality(), p.criticality()), why + "; onMissingBaseline: "
                + p + ".", Map.of("missingBaseline", true));
    }

    private GateOutcome decideLower(GateOutcome o, QualityGate gate, double value, Interval interval, double limit,
                                    double tolerance, Integer rows, String what, String boundWords) {
        GateOutcome early = tooFewOrUndefined(o, gate, interval, rows, what);
        if (early != null) {
            return early;
        }
        if (interval == null) {
            boolean ok = value >= limit - tolerance;
            return o.with(ok ? CheckOutcome.PASSED : CheckOutcome.FAILED, gate.criticality(), what + (ok ? " meets " : " misses ")
                    + boundWords + " (point values: no per-row predictions of both models for a paired test).", Map.of());
        }
        if (interval.lower() >= limit - tolerance) {
            return o.with(CheckOutcome.PASSED, gate.criticality(), what + " meets " + boundWords
                    + " across the whole interval.", Map.of());
        }
        if (interval.upper() < limit - tolerance) {
            return o.with(CheckOutcome.FAILED, gate.criticality(), what + " misses " + boundWords
                    + " across the whole interval.", Map.of());
        }
        return inconclusive(o, gate, what + ": the interval straddles " + boundWords
                + ", so the evaluation cannot tell; evaluate on more rows (or widen the tolerance).");
    }

    private GateOutcome decideUpper(GateOutcome o, QualityGate gate, double value, Interval interval, double limit,
                                    double tolerance, Integer rows, String what, String boundWords) {
        GateOutcome early = tooFewOrUndefined(o, gate, interval, rows, what);
        if (early != null) {
            return early;
        }
        String alarm = " - suspiciously good: check for label leakage, a changed evaluation set or a mislabelled baseline.";
        if (interval == null) {
            boolean ok = value <= limit + tolerance;
            return o.with(ok ? CheckOutcome.PASSED : CheckOutcome.FAILED, gate.criticality(), what + (ok ? " is within "
                    : " exceeds ") + boundWords + (ok ? "" : alarm) + " (point values: no paired test).", Map.of());
        }
        if (interval.upper() <= limit + tolerance) {
            return o.with(CheckOutcome.PASSED, gate.criticality(), what + " is within " + boundWords
                    + " across the whole interval.", Map.of());
        }
        if (interval.lower() > limit + tolerance) {
            return o.with(CheckOutcome.FAILED, gate.criticality(), what + " exceeds " + boundWords
                    + " across the whole interval" + alarm, Map.of());
        }
        return inconclusive(o, gate, what + ": the interval straddles " + boundWords + ", so the evaluation cannot tell.");
    }

    private GateOutcome tooFewOrUndefined(GateOutcome o, QualityGate gate, Interval interval, Integer rows, String what) {
        if (rows != null && rows < settings.minRows()) {
            return inconclusive(o, gate, what + ": only " + rows + " evaluation rows, fewer than minRows "
                    + settings.minRows() + ", too few to decide.");
        }
        if (interval != null && !interval.isDefined()) {
            return inconclusive(o, gate, what + ": the metric was undefined in most bootstrap resamples, so there is "
                    + "no interval to decide with.");
        }
        return null;
    }

    private GateOutcome inconclusive(GateOutcome o, QualityGate gate, String message) {
        return o.with(CheckOutcome.INCONCLUSIVE, min(gate.criticality(), settings.inconclusiveCriticality()), message,
                Map.of());
    }

    /** The bound on the improvement (signed delta) that a relative rule sets. */
    static double improvementBound(QualityGate gate, GateRule rule, Double base) {
        return switch (rule) {
            case MAX_DROP -> -gate.maxDrop();
            case MAX_RELATIVE_DROP -> base == null || base.isNaN() ? Double.NaN : -gate.maxRelativeDrop() * Math.abs(base);
            case MIN_IMPROVEMENT -> gate.minImprovement();
            case MAX_IMPROVEMENT -> gate.maxImprovement();
            case THRESHOLD -> 0.0;
        };
    }

    /** The bound in words, in delta units ({@code delta >= -0.01}, or {@code delta <= 0.5} for an error metric). */
    static String bound(QualityGate gate, GateRule rule, Direction direction) {
        return bound(gate, rule, direction, null);
    }

    static String bound(QualityGate gate, GateRule rule, Direction direction, Double base) {
        if (rule == GateRule.THRESHOLD) {
            return (direction == null ? "" : direction.boundOperator() + " ") + fmt(gate.threshold());
        }
        if (direction == null) {
            return rule.argument();
        }
        double limit = improvementBound(gate, rule, base);
        if (rule == GateRule.MAX_RELATIVE_DROP && Double.isNaN(limit)) {
            return "delta " + (direction == Direction.HIGHER_IS_BETTER ? ">= -" : "<= +") + fmt(gate.maxRelativeDrop())
                    + " x |baseline|";
        }
        boolean lower = rule != GateRule.MAX_IMPROVEMENT;
        boolean higher = direction == Direction.HIGHER_IS_BETTER;
        String op = lower == higher ? ">=" : "<=";
        return "delta " + op + " " + signed(higher ? limit : -limit);
    }

    private static Map<String, Object> evidence(PairedEvidence ev, Integer candidateRows) {
        Map<String, Object> e = new LinkedHashMap<>();
        if (ev == null) {
            e.put("method", "point values");
            if (candidateRows != null) {
                e.put("rows", candidateRows);
            }
            return e;
        }
        e.put("method", "paired bootstrap");
        e.put("rows", ev.rows());
        e.put("resamples", ev.bootstrap().resamples());
        e.put("validResamples", ev.bootstrap().valid());
        e.put("seed", ev.bootstrap().seed());
        e.put("confidence", ev.bootstrap().confidence());
        if (ev.mcnemar() != null) {
            e.put("mcnemarExactP", ev.mcnemar().exactP());
            e.put("mcnemarMidP", ev.mcnemar().midP());
            e.put("candidateOnlyCorrect", ev.mcnemar().candidateOnly());
            e.put("baselineOnlyCorrect", ev.mcnemar().baselineOnly());
        }
        return e;
    }

    private static Integer rows(PairedEvidence ev, Integer candidateRows) {
        return ev != null ? Integer.valueOf(ev.rows()) : candidateRows;
    }

    private static String pct(PairedEvidence ev) {
        double c = ev.bootstrap().confidence() * 100;
        return (c == Math.rint(c) ? Long.toString((long) c) : fmt(c)) + "%";
    }

    private static int sign(Direction d) {
        return d == Direction.HIGHER_IS_BETTER ? 1 : -1;
    }

    private static double tol(double a, double b) {
        return 1e-9 * Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
    }

    static Criticality min(Criticality a, Criticality b) {
        return a.ordinal() <= b.ordinal() ? a : b;
    }

    private static String available(Map<String, Double> metrics) {
        return metrics.isEmpty() ? "none" : String.join(", ", metrics.keySet().stream().limit(30).toList())
                + (metrics.size() > 30 ? ", ..." : "");
    }

    static String fmt(double v) {
        return Numbers.format(v);
    }

    static String signed(double v) {
        String s = fmt(v);
        return v > 0 && !s.equals("0") ? "+" + s : s;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
