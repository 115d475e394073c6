package io.mlsteps.gate;

import io.mlsteps.step.Check;
import io.mlsteps.step.CheckOutcome;
import io.mlsteps.step.StepResult;
import io.mlsteps.step.StepStatus;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class QualityGateEvaluatorTest {
    private final QualityGateEvaluator evaluator = new QualityGateEvaluator();

    @Test
    void higherIsBetterMetricPassesAtTheThresholdAndFailsBelow() {
        List<Check> checks = evaluator.evaluate(List.of(new QualityGate("accuracy", 0.85, Criticality.FAILURE)),
                Map.of("accuracy", 0.85));
        assertThat(checks).singleElement().satisfies(c -> {
            assertThat(c.outcome()).isEqualTo(CheckOutcome.PASSED);
            assertThat(c.expected()).isEqualTo(">= 0.85");
        });
        checks = evaluator.evaluate(List.of(new QualityGate("accuracy", 0.85, Criticality.FAILURE)),
                Map.of("accuracy", 0.8499));
        assertThat(checks.get(0).outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(checks.get(0).statusEffect()).isEqualTo(StepStatus.FAILURE);
    }

    @Test
    void lowerIsBetterMetricUsesTheThresholdAsAMaximum() {
        var checks = evaluator.evaluate(List.of(new QualityGate("rmse", 5.0, Criticality.UNSTABLE)),
                Map.of("rmse", 6.0));
        assertThat(checks.get(0).outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(checks.get(0).expected()).isEqualTo("<= 5");
        assertThat(checks.get(0).statusEffect()).isEqualTo(StepStatus.UNSTABLE);
    }

    @Test
    void missingMetricNeverPassesAndNamesTheAvailableOnes() {
        var checks = evaluator.evaluate(List.of(new QualityGate("f1_macro", 0.5, Criticality.ERROR)),
                Map.of("accuracy", 0.9));
        assertThat(checks.get(0).outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(checks.get(0).message()).contains("f1_macro").contains("not computed").contains("accuracy");
        assertThat(checks.get(0).statusEffect()).isEqualTo(StepStatus.FAILURE);
    }

    @Test
    void nanMetricFails() {
        var checks = evaluator.evaluate(List.of(new QualityGate("roc_auc", 0.5, Criticality.NOTE)),
                Map.of("roc_auc", Double.NaN));
        assertThat(checks.get(0).outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(checks.get(0).statusEffect()).isEqualTo(StepStatus.UNSTABLE);
    }

    @Test
    void unknownDirectionFailsUnlessGiven() {
        var checks = evaluator.evaluate(List.of(new QualityGate("my_score", 1.0, Criticality.UNSTABLE)),
                Map.of("my_score", 3.0));
        assertThat(checks.get(0).outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(checks.get(0).message()).contains("direction");
        checks = evaluator.evaluate(List.of(new QualityGate("my_score", 1.0, Criticality.UNSTABLE,
                Direction.HIGHER_IS_BETTER)), Map.of("my_score", 3.0));
        assertThat(checks.get(0).outcome()).isEqualTo(CheckOutcome.PASSED);
    }

    @Test
    void wildcardGatesEverySlice() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", 0.9);
        metrics.put("accuracy[sex=Male]", 0.91);
        metrics.put("accuracy[sex=Female]", 0.70);
        var checks = evaluator.evaluate(List.of(new QualityGate("accuracy[sex=*]", 0.8, Criticality.UNSTABLE)), metrics);
        assertThat(checks).hasSize(2);
        assertThat(checks).filteredOn(c -> c.outcome() == CheckOutcome.FAILED)
                .singleElement().satisfies(c -> assertThat(c.metric()).isEqualTo("accuracy[sex=Female]"));
        var none = evaluator.evaluate(List.of(new QualityGate("accuracy[race=*]", 0.8, Criticality.UNSTABLE)), metrics);
        assertThat(none).singleElement().satisfies(c -> assertThat(c.outcome()).isEqualTo(CheckOutcome.FAILED));
    }

    @Test
    void statusIsTheWorstOfTheChecks() {
        StepResult result = new StepResult("test");
        assertThat(result.getStatus()).isEqualTo(StepStatus.SUCCESS);
        result.getChecks().addAll(evaluator.evaluate(List.of(
                new QualityGate("accuracy", 0.95, Criticality.NOTE),
                new QualityGate("rmse", 1.0, Criticality.ERROR)), Map.of("accuracy", 0.9, "rmse", 0.5)));
        assertThat(result.getStatus()).isEqualTo(StepStatus.UNSTABLE);
        assertThat(result.isPassed()).isFalse();
        result.getChecks().addAll(evaluator.evaluate(List.of(new QualityGate("rmse", 0.1, Criticality.ERROR)),
                Map.of("rmse", 0.5)));
        assertThat(result.getStatus()).isEqualTo(StepStatus.FAILURE);
    }

    @Test
    void criticalityParsesCaseInsensitivelyAndListsValidValues() {
        assertThat(Criticality.parse("failure")).isEqualTo(Criticality.FAILURE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Criticality.parse("fatal"))
                .hasMessageContaining("NOTE, UNSTABLE, ERROR, FAILURE");
    }
}
