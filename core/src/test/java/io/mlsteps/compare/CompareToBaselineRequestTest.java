package io.mlsteps.compare;

import io.mlsteps.contract.steps.Steps;
import io.mlsteps.step.Requests;

import io.mlsteps.contract.gate.QualityGate;
import io.mlsteps.contract.steps.CompareToBaselineRequest;

import io.mlsteps.contract.result.Criticality;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompareToBaselineRequestTest {

    @Test
    void qualityGatesTakeTheRelativeRulesAndRoundTrip() {
        Map<String, Object> args = Map.of("baseline", "production", "qualityGates", List.of(
                Map.of("metric", "accuracy", "maxDrop", 0.01, "criticality", "FAILURE"),
                Map.of("metric", "roc_auc", "threshold", 0.8)));
        CompareToBaselineRequest r = Requests.bind(CompareToBaselineRequest.class, args);
        assertThat(r.qualityGates()).hasSize(2);
        assertThat(r.qualityGates().get(0).maxDrop()).isEqualTo(0.01);
        assertThat(r.qualityGates().get(0).criticality()).isEqualTo(Criticality.FAILURE);
        assertThat(r.qualityGates()).filteredOn(QualityGate::isThresholdOnly).extracting(QualityGate::metric)
                .containsExactly("roc_auc");
        CompareToBaselineRequest back = Steps.with(r, Map.of());
        assertThat(back).isEqualTo(r);
    }

    @Test
    void unknownOrBadGateFieldsAreInputErrors() {
        assertThatThrownBy(() -> Requests.bind(CompareToBaselineRequest.class,
                Map.of("qualityGates", List.of(Map.of("metric", "accuracy", "maxDrp", 0.1)))))
                .isInstanceOf(InputException.class).hasMessageContaining("maxDrp").hasMessageContaining("'maxDrop'");
        assertThatThrownBy(() -> Requests.bind(CompareToBaselineRequest.class,
                Map.of("qualityGates", List.of(Map.of("metric", "accuracy", "maxDrop", -1)))))
                .isInstanceOf(InputException.class).hasMessageContaining("qualityGates[0].maxDrop: is -1")
                .hasMessageContaining("at least 0");
        assertThatThrownBy(() -> Requests.bind(CompareToBaselineRequest.class, Map.of("baseline", "x", "colour", "red")))
                .isInstanceOf(InputException.class).hasMessageContaining("colour");
    }
}
