package io.mlsteps.contract.gate;

import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.result.StepStatus;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class QualityGateEvaluatorTest {
    @Test
    void higherIsBetterMetricPassesAtTheThresholdAndFailsBelow() {
        List<Check> checks = QualityGateEvaluator.evaluate(List.of(QualityGate.threshold("accuracy", 0.85, Criticality.FAILURE)),
                Map.of("accuracy", 0.85));
        assertThat(checks).singleElement().satisfies(c -> {
            assertThat(c.outcome()).isEqualTo(CheckOutcome.PASSED);
            assertThat(c.expected()).isEqualTo(">= 0.85");
        });
        checks = QualityGateEvaluator.evaluate(List.of(QualityGate.threshold("accuracy", 0.85, Criticality.FAILURE)),
                Map.of("accuracy", 0.8499));
        assertThat(checks.get(0).outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(checks.get(0).statusEffect()).isEqualTo(StepStatus.FAILURE);
    }

    @Test
    void lowerIsBetterMetricUsesTheThresholdAsAMaximum() {
        var checks = QualityGateEvaluator.evaluate(List.of(QualityGate.threshold("rmse", 5.0, Criticality.UNSTABLE)),
                Map.of("rmse", 6.0));
        assertThat(checks.get(0).outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(checks.get(0).expected()).isEqualTo("<= 5");
        assertThat(checks.get(0).statusEffect()).isEqualTo(StepStatus.UNSTABLE);
    }

    @Test
    void missingMetricNeverPassesAndNamesTheAvailableOnes() {
        var checks = QualityGateEvaluator.evaluate(List.of(QualityGate.threshold("f1_macro", 0.5, Criticality.ERROR)),
                Map.of("accuracy", 0.9));
        assertThat(checks.get(0).outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(checks.get(0).message()).contains("f1_macro").contains("not computed").contains("accuracy");
        assertThat(checks.get(0).statusEffect()).isEqualTo(StepStatus.FAILURE);
    }

    @Test
    void nanMetricFails() {
        var checks = QualityGateEvaluator.evaluate(List.of(QualityGate.threshold("roc_auc", 0.5, Criticality.NOTE)),
                Map.of("roc_auc", Double.NaN));
        assertThat(checks.get(0).outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(checks.get(0).statusEffect()).isEqualTo(StepStatus.UNSTABLE);
    }

    @Test
    void unknownDirectionFailsUnlessGiven() {
        var checks = QualityGateEvaluator.evaluate(List.of(QualityGate.threshold("my_score", 1.0, Criticality.UNSTABLE)),
                Map.of("my_score", 3.0));
        assertThat(checks.get(0).outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(checks.get(0).message()).contains("direction");
        checks = QualityGateEvaluator.evaluate(List.of(new QualityGate("my_score", 1.0, null, null, null, null,
                Criticality.UNSTABLE, Direction.HIGHER_IS_BETTER)), Map.of("my_score", 3.0));
        assertThat(checks.get(0).outcome()).isEqualTo(CheckOutcome.PASSED);
    }

    @Test
    void wildcardGatesEverySlice() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", 0.9);
        metrics.put("accuracy[sex=Male]", 0.91);
        metrics.put("accuracy[sex=Female]", 0.70);
        var checks = QualityGateEvaluator.evaluate(List.of(QualityGate.threshold("accuracy[sex=*]", 0.8, Criticality.UNSTABLE)), metrics);
        assertThat(checks).hasSize(2);
        assertThat(checks).filteredOn(c -> c.outcome() == CheckOutcome.FAILED)
                .singleElement().satisfies(c -> assertThat(c.metric()).isEqualTo("accuracy[sex=Female]"));
        var none = QualityGateEvaluator.evaluate(List.of(QualityGate.threshold("accuracy[race=*]", 0.8, Criticality.UNSTABLE)), metrics);
        assertThat(none).singleElement().satisfies(c -> assertThat(c.outcome()).isEqualTo(CheckOutcome.FAILED));
    }

    @Test
    void statusIsTheWorstOfTheChecks() {
        StepResult result = new StepResult("test");
        assertThat(result.getStatus()).isEqualTo(StepStatus.SUCCESS);
        result.getChecks().addAll(QualityGateEvaluator.evaluate(List.of(
                QualityGate.threshold("accuracy", 0.95, Criticality.NOTE),
                QualityGate.threshold("rmse", 1.0, Criticality.ERROR)), Map.of("accuracy", 0.9, "rmse", 0.5)));
        assertThat(result.getStatus()).isEqualTo(StepStatus.UNSTABLE);
        assertThat(result.isPassed()).isFalse();
        result.getChecks().addAll(QualityGateEvaluator.evaluate(List.of(QualityGate.threshold("rmse", 0.1, Criticality.ERROR)),
                Map.of("rmse", 0.5)));
        assertThat(result.getStatus()).isEqualTo(StepStatus.FAILURE);
    }

    @Test
    void theCatalogueKnowsEveryFamilyOnceWithItsDirection() {
        assertThat(MetricCatalog.direction("recall[class=>50K]")).contains(Direction.HIGHER_IS_BETTER);
        assertThat(MetricCatalog.direction("psi[age]")).contains(Direction.LOWER_IS_BETTER);
        assertThat(MetricCatalog.direction("training_seconds")).contains(Direction.LOWER_IS_BETTER);
        assertThat(MetricCatalog.direction("unknown_metric")).isEmpty();
        assertThat(MetricCatalog.families()).extracting(MetricCatalog.Family::name).doesNotHaveDuplicates()
                .allMatch(n -> n.matches("[a-z0-9_]+"));
        assertThat(MetricCatalog.families()).allSatisfy(f -> assertThat(f.meaning()).isNotBlank());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MetricCatalog.families().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void criticalityParsesCaseInsensitivelyAndListsValidValues() {
        assertThat(Criticality.parse("failure")).isEqualTo(Criticality.FAILURE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Criticality.parse("fatal"))
                .hasMessageContaining("NOTE, UNSTABLE, ERROR, FAILURE");
    }
}
