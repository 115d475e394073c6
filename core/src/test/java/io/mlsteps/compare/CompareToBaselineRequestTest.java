package io.mlsteps.compare;

import io.mlsteps.gate.Criticality;
import io.mlsteps.gate.QualityGate;
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
        CompareToBaselineRequest r = Json.convert(args, CompareToBaselineRequest.class, "compareToBaseline");
        assertThat(r.getGates()).hasSize(2);
        assertThat(r.getGates().get(0).maxDrop()).isEqualTo(0.01);
        assertThat(r.getGates().get(0).criticality()).isEqualTo(Criticality.FAILURE);
        assertThat(r.getQualityGates()).extracting(QualityGate::metric).containsExactly("roc_auc");
        String json = Json.toString(r);
        assertThat(json).contains("\"qualityGates\"").contains("maxDrop").doesNotContain("\"gates\"");
        CompareToBaselineRequest back = Json.mapper().convertValue(Json.mapper().valueToTree(r), CompareToBaselineRequest.class);
        assertThat(back.getGates()).isEqualTo(r.getGates());
    }

    @Test
    void genericGatesFromTheCommandLineAreAddedAsThresholds() {
        CompareToBaselineRequest r = new CompareToBaselineRequest();
        r.setGates(List.of(new ComparisonGate("accuracy", null, 0.01, null, null, null, null, null)));
        var gates = new java.util.ArrayList<>(r.getQualityGates());
        gates.add(new QualityGate("f1_macro", 0.7, Criticality.ERROR));
        r.setQualityGates(gates);
        assertThat(r.getGates()).hasSize(2);
        assertThat(r.getGates().get(1).threshold()).isEqualTo(0.7);
        assertThat(r.getGates().get(0).maxDrop()).isEqualTo(0.01);
    }

    @Test
    void unknownOrBadGateFieldsAreInputErrors() {
        assertThatThrownBy(() -> Json.convert(Map.of("qualityGates", List.of(Map.of("metric", "accuracy", "maxDrp", 0.1))),
                CompareToBaselineRequest.class, "compareToBaseline"))
                .isInstanceOf(InputException.class).hasMessageContaining("maxDrp");
        assertThatThrownBy(() -> Json.convert(Map.of("qualityGates", List.of(Map.of("metric", "accuracy", "maxDrop", -1))),
                CompareToBaselineRequest.class, "compareToBaseline"))
                .isInstanceOf(InputException.class).hasMessageContaining("maxDrop must be 0 or more");
        assertThatThrownBy(() -> Json.convert(Map.of("baseline", "x", "colour", "red"),
                CompareToBaselineRequest.class, "compareToBaseline"))
                .isInstanceOf(InputException.class).hasMessageContaining("colour").hasMessageContaining("onMissingBaseline");
    }
}
