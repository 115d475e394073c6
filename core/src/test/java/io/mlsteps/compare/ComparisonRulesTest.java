package io.mlsteps.compare;

import io.mlsteps.contract.gate.QualityGate;

import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.gate.Direction;
import io.mlsteps.contract.result.CheckOutcome;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComparisonRulesTest {
    private final ComparisonRules rules = new ComparisonRules(ComparisonRules.Settings.defaults());

    static QualityGate maxDrop(String metric, double drop) {
        return new QualityGate(metric, null, drop, null, null, null, Criticality.FAILURE, null);
    }

    static Baseline baseline(Map<String, Double> metrics) {
        return new Baseline("baseline", true, "prod", "metrics file", metrics, Map.of(), List.of());
    }

    static PairedEvidence paired(int rows, double cand, double base, double lo, double hi) {
        var r = new PairedBootstrap.Result(rows, 1000, 1, 0.95, cand, base, cand - base, new Interval(lo, hi),
                new Interval(cand - 0.01, cand + 0.01), 1000);
        return new PairedEvidence(rows, r, null);
    }

    private GateOutcome one(QualityGate gate, Map<String, Double> cand, Baseline... baselines) {
        List<GateOutcome> out = rules.evaluate(List.of(gate), cand, null, List.of(baselines));
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    @Test
    void regressionExactlyAtTheBoundPassesAndJustBeyondFails_pointValues() {
        // 0.85 - 0.86 is -0.010000000000000009 in floating point: still exactly at the bound
        GateOutcome at = one(maxDrop("accuracy", 0.01), Map.of("accuracy", 0.85), baseline(Map.of("accuracy", 0.86)));
        assertThat(at.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(at.bound()).isEqualTo("delta >= -0.01");
        assertThat(at.boundValue()).isEqualTo(0.85, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(at.message()).contains("point values");
        GateOutcome beyond = one(maxDrop("accuracy", 0.01), Map.of("accuracy", 0.8499), baseline(Map.of("accuracy", 0.86)));
        assertThat(beyond.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(beyond.criticality()).isEqualTo(Criticality.FAILURE);
        assertThat(beyond.toCheck().name()).isEqualTo("compare:accuracy:maxDrop");
    }

    @Test
    void regressionExactlyAtTheBoundWithAnIntervalIsInconclusive() {
        Baseline b = baseline(Map.of("accuracy", 0.86)).withPaired(
                Map.of("accuracy", paired(5000, 0.85, 0.86, -0.016, -0.004)), Map.of(), null);
        GateOutcome o = one(maxDrop("accuracy", 0.01), Map.of("accuracy", 0.85), b);
        assertThat(o.outcome()).isEqualTo(CheckOutcome.INCONCLUSIVE);
        assertThat(o.criticality()).isEqualTo(Criticality.UNSTABLE);
        assertThat(o.message()).contains("straddles").contains("95% interval [-0.016, -0.004]");
    }

    @Test
    void intervalWhollyOnOneSideDecides() {
        Baseline pass = baseline(Map.of()).withPaired(Map.of("accuracy", paired(5000, 0.855, 0.86, -0.009, -0.001)), Map.of(), null);
        Baseline fail = baseline(Map.of()).withPaired(Map.of("accuracy", paired(5000, 0.84, 0.86, -0.03, -0.011)), Map.of(), null);
        assertThat(one(maxDrop("accuracy", 0.01), Map.of("accuracy", 0.855), pass).outcome()).isEqualTo(CheckOutcome.PASSED);
        GateOutcome f = one(maxDrop("accuracy", 0.01), Map.of("accuracy", 0.84), fail);
        assertThat(f.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(f.evidence()).containsEntry("method", "paired bootstrap").containsEntry("rows", 5000);
    }

    @Test
    void lowerIsBetterMetricsToleratesARiseUpToMaxDrop() {
        GateOutcome ok = one(maxDrop("rmse", 0.5), Map.of("rmse", 10.5), baseline(Map.of("rmse", 10.0)));
        assertThat(ok.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(ok.bound()).isEqualTo("delta <= +0.5");
        assertThat(ok.boundValue()).isEqualTo(10.5);
        assertThat(one(maxDrop("rmse", 0.5), Map.of("rmse", 10.6), baseline(Map.of("rmse", 10.0))).outcome())
                .isEqualTo(CheckOutcome.FAILED);
        // an interval of an error metric is mirrored: [-0.2, 0.3] rise is within +0.5
        Baseline b = baseline(Map.of()).withPaired(Map.of("rmse", paired(500, 10.1, 10.0, -0.2, 0.3)), Map.of(), null);
        assertThat(one(maxDrop("rmse", 0.5), Map.of("rmse", 10.1), b).outcome()).isEqualTo(CheckOutcome.PASSED);
        Baseline c = baseline(Map.of()).withPaired(Map.of("rmse", paired(500, 10.8, 10.0, 0.55, 1.1)), Map.of(), null);
        assertThat(one(maxDrop("rmse", 0.5), Map.of("rmse", 10.8), c).outcome()).isEqualTo(CheckOutcome.FAILED);
    }

    @Test
    void relativeDropIsAFractionOfTheBaseline() {
        var gate = new QualityGate("f1", null, null, 0.02, null, null, Criticality.UNSTABLE, null);
        assertThat(one(gate, Map.of("f1", 0.784), baseline(Map.of("f1", 0.8))).outcome()).isEqualTo(CheckOutcome.PASSED);
        GateOutcome fail = one(gate, Map.of("f1", 0.7839), baseline(Map.of("f1", 0.8)));
        assertThat(fail.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(fail.bound()).isEqualTo("delta >= -0.016");
    }

    @Test
    void zeroBaselineIsHandledAndExplained() {
        var gate = new QualityGate("recall", null, null, 0.1, null, null, Criticality.UNSTABLE, null);
        GateOutcome same = one(gate, Map.of("recall", 0.0), baseline(Map.of("recall", 0.0)));
        assertThat(same.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(same.message()).contains("the baseline is 0").contains("use maxDrop");
        assertThat(one(gate, Map.of("recall", 0.2), baseline(Map.of("recall", 0.0))).outcome()).isEqualTo(CheckOutcome.PASSED);
        // an error metric with a perfect (zero) baseline: any rise is a drop beyond a relative tolerance
        var err = new QualityGate("mae", null, null, 0.1, null, null, Criticality.UNSTABLE, null);
        assertThat(one(err, Map.of("mae", 0.01), baseline(Map.of("mae", 0.0))).outcome()).isEqualTo(CheckOutcome.FAILED);
        // an absolute tolerance works with a zero baseline as anywhere else
        assertThat(one(maxDrop("mae", 0.05), Map.of("mae", 0.01), baseline(Map.of("mae", 0.0))).outcome())
                .isEqualTo(CheckOutcome.PASSED);
    }

    @Test
    void nanOrMissingBaselineValueFollowsTheMissingBaselinePolicy() {
        GateOutcome nan = one(maxDrop("roc_auc", 0.01), Map.of("roc_auc", 0.9), baseline(Map.of("roc_auc", Double.NaN)));
        assertThat(nan.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(nan.criticality()).isEqualTo(Criticality.NOTE);
        assertThat(nan.message()).contains("NaN").contains("onMissingBaseline: PASS");
        ComparisonRules strict = new ComparisonRules(new ComparisonRules.Settings(30, Criticality.UNSTABLE,
                MissingBaselinePolicy.FAILURE));
        GateOutcome missing = strict.evaluate(List.of(maxDrop("roc_auc", 0.01)), Map.of("roc_auc", 0.9), null,
                List.of(baseline(Map.of("accuracy", 0.8)))).get(0);
        assertThat(missing.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(missing.criticality()).isEqualTo(Criticality.FAILURE);
        assertThat(missing.message()).contains("has no recorded value of roc_auc");
    }

    @Test
    void nanOrMissingCandidateMetricNeverPasses() {
        Map<String, Double> cand = new LinkedHashMap<>();
        cand.put("roc_auc", Double.NaN);
        GateOutcome nan = one(maxDrop("roc_auc", 0.5), cand, baseline(Map.of("roc_auc", 0.9)));
        assertThat(nan.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(nan.message()).contains("NaN");
        GateOutcome missing = one(maxDrop("f1", 0.5), Map.of("accuracy", 0.9), baseline(Map.of("f1", 0.9)));
        assertThat(missing.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(missing.message()).contains("not computed").contains("accuracy");
        var threshold = new QualityGate("f1", 0.5, null, null, null, null, Criticality.ERROR, null);
        assertThat(one(threshold, Map.of("accuracy", 0.9)).outcome()).isEqualTo(CheckOutcome.FAILED);
    }

    @Test
    void requiredImprovementAndLeakageAlarm() {
        var need = new QualityGate("accuracy", null, null, null, 0.02, null, Criticality.UNSTABLE, null);
        assertThat(one(need, Map.of("accuracy", 0.81), baseline(Map.of("accuracy", 0.8))).outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(one(need, Map.of("accuracy", 0.82), baseline(Map.of("accuracy", 0.8))).outcome()).isEqualTo(CheckOutcome.PASSED);
        var leak = new QualityGate("accuracy", null, null, null, null, 0.05, Criticality.FAILURE, null);
        GateOutcome alarm = one(leak, Map.of("accuracy", 0.95), baseline(Map.of("accuracy", 0.8)));
        assertThat(alarm.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(alarm.message()).contains("leakage");
        assertThat(alarm.bound()).isEqualTo("delta <= +0.05");
        assertThat(one(leak, Map.of("accuracy", 0.84), baseline(Map.of("accuracy", 0.8))).outcome()).isEqualTo(CheckOutcome.PASSED);
        // for an error metric a suspicious improvement is a large fall
        var errLeak = new QualityGate("rmse", null, null, null, null, 1.0, Criticality.FAILURE, null);
        GateOutcome fell = one(errLeak, Map.of("rmse", 3.0), baseline(Map.of("rmse", 10.0)));
        assertThat(fell.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(fell.bound()).isEqualTo("delta >= -1");
        // with an interval straddling the limit the alarm is inconclusive
        Baseline b = baseline(Map.of()).withPaired(Map.of("accuracy", paired(400, 0.86, 0.8, 0.03, 0.09)), Map.of(), null);
        assertThat(one(leak, Map.of("accuracy", 0.86), b).outcome()).isEqualTo(CheckOutcome.INCONCLUSIVE);
    }

    @Test
    void tooFewRowsIsInconclusiveAtTheLowerOfTheTwoCriticalities() {
        Baseline b = baseline(Map.of()).withPaired(Map.of("accuracy", paired(20, 0.5, 0.9, -0.6, -0.2)), Map.of(), null);
        GateOutcome o = one(maxDrop("accuracy", 0.01), Map.of("accuracy", 0.5), b);
        assertThat(o.outcome()).isEqualTo(CheckOutcome.INCONCLUSIVE);
        assertThat(o.message()).contains("only 20 evaluation rows");
        var noteGate = new QualityGate("accuracy", null, 0.01, null, null, null, Criticality.NOTE, null);
        assertThat(one(noteGate, Map.of("accuracy", 0.5), b).criticality()).isEqualTo(Criticality.NOTE);
        ComparisonRules harsh = new ComparisonRules(new ComparisonRules.Settings(30, Criticality.FAILURE, MissingBaselinePolicy.PASS));
        assertThat(harsh.evaluate(List.of(maxDrop("accuracy", 0.01)), Map.of("accuracy", 0.5), null, List.of(b))
                .get(0).criticality()).isEqualTo(Criticality.FAILURE);
        // known row count without paired predictions counts too
        assertThat(rules.evaluate(List.of(maxDrop("accuracy", 0.01)), Map.of("accuracy", 0.9), 12,
                List.of(baseline(Map.of("accuracy", 0.8)))).get(0).outcome()).isEqualTo(CheckOutcome.INCONCLUSIVE);
    }

    @Test
    void thresholdUsesTheCandidatesIntervalWhenThereIsOne() {
        var gate = new QualityGate("accuracy", 0.85, null, null, null, null, Criticality.FAILURE, null);
        assertThat(one(gate, Map.of("accuracy", 0.851)).outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(one(gate, Map.of("accuracy", 0.849)).outcome()).isEqualTo(CheckOutcome.FAILED);
        Baseline b = baseline(Map.of()).withPaired(Map.of("accuracy", paired(5000, 0.851, 0.84, 0, 0.02)), Map.of(), null);
        GateOutcome o = one(gate, Map.of("accuracy", 0.851), b);
        assertThat(o.outcome()).isEqualTo(CheckOutcome.INCONCLUSIVE); // candidate interval [0.841, 0.861]
        assertThat(o.toCheck().observed()).isEqualTo(0.851);
    }

    @Test
    void creepingRegressionIsCaughtByTheAnchorWhileEachStepPasses() {
        Baseline prod = baseline(Map.of("accuracy", 0.846));
        Baseline anchor = new Baseline("anchor", false, "adult@1", "registry", Map.of("accuracy", 0.87), Map.of(), List.of());
        var gates = List.of(maxDrop("accuracy", 0.01),
                new QualityGate("accuracy", null, null, null, null, 0.05, Criticality.UNSTABLE, null));
        List<GateOutcome> out = rules.evaluate(gates, Map.of("accuracy", 0.84), null, List.of(prod, anchor));
        // maxDrop vs baseline and vs anchor; maxImprovement only vs the primary baseline
        assertThat(out).extracting(GateOutcome::checkName).containsExactly("compare:accuracy:maxDrop",
                "compare:accuracy:maxDrop@anchor", "compare:accuracy:maxImprovement");
        assertThat(out.get(0).outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(out.get(1).outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(out.get(1).message()).contains("adult@1");
    }

    @Test
    void sliceWildcardGatesEverySlice() {
        Map<String, Double> cand = new LinkedHashMap<>();
        cand.put("accuracy", 0.85);
        cand.put("accuracy[sex=Female]", 0.90);
        cand.put("accuracy[sex=Male]", 0.80);
        Baseline b = baseline(Map.of("accuracy[sex=Female]", 0.91, "accuracy[sex=Male]", 0.83));
        List<GateOutcome> out = rules.evaluate(List.of(maxDrop("accuracy[sex=*]", 0.02)), cand, null, List.of(b));
        assertThat(out).extracting(GateOutcome::metric).containsExactly("accuracy[sex=Female]", "accuracy[sex=Male]");
        assertThat(out).extracting(GateOutcome::outcome).containsExactly(CheckOutcome.PASSED, CheckOutcome.FAILED);
    }

    /** A gate as a Jenkinsfile gives it, through the contract's binder (defaults applied, values checked). */
    private static QualityGate gate(Object... kv) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            args.put((String) kv[i], kv[i + 1]);
        }
        return io.mlsteps.contract.bind.Binder.bind(io.mlsteps.contract.bind.RecordSpec.of(QualityGate.class), args);
    }

    @Test
    void directionIsKnownOrGivenAndAGateWithoutRulesMeansNoWorse() {
        var plain = gate("metric", "accuracy").orNoWorse();
        assertThat(plain.maxDrop()).isZero();
        assertThat(plain.criticality()).isEqualTo(Criticality.UNSTABLE);
        assertThat(one(maxDrop("my_score", 0.1), Map.of("my_score", 1.0), baseline(Map.of("my_score", 1.0))).outcome())
                .isEqualTo(CheckOutcome.FAILED);
        var given = gate("metric", "my_score", "maxDrop", 0.1, "direction", "LOWER_IS_BETTER");
        assertThat(one(given, Map.of("my_score", 1.05), baseline(Map.of("my_score", 1.0))).outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(one(given, Map.of("my_score", 1.2), baseline(Map.of("my_score", 1.0))).outcome()).isEqualTo(CheckOutcome.FAILED);
    }

    @Test
    void nonsenseGatesAreRejected() {
        assertThatThrownBy(() -> gate("metric", "accuracy", "maxDrop", -0.01))
                .hasMessageContaining("maxDrop' is -0.01; expected a number at least 0");
        assertThatThrownBy(() -> gate("metric", "accuracy", "minImprovement", 0.05, "maxImprovement", 0.01))
                .hasMessageContaining("no candidate could pass");
        assertThatThrownBy(() -> gate("metric", " "))
                .hasMessageContaining("metric");
    }
}
