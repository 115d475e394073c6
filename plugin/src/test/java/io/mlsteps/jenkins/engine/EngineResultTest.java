package io.mlsteps.jenkins.engine;

import io.mlsteps.jenkins.Fixtures;
import io.mlsteps.contract.result.Outcome;
import io.mlsteps.contract.result.ReturnValue;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineResultTest {
    @Test
    void readsEveryPartOfAResult() {
        EngineResult result = EngineResult.parse(Fixtures.text("evaluate-result.json"));
        assertThat(result.getStep()).isEqualTo("evaluateModel");
        assertThat(result.getStatus()).isEqualTo("UNSTABLE");
        assertThat(result.isPassed()).isFalse();
        assertThat(result.getChecks()).hasSize(3);
        assertThat(result.failedChecks()).extracting(EngineResult.Check::name).containsExactly("gate:accuracy");
        EngineResult.Check first = result.getChecks().get(0);
        assertThat(first.observed()).isEqualTo("0.8412");
        assertThat(first.expected()).isEqualTo(">= 0.85");
        assertThat(result.getMetrics()).containsEntry("roc_auc", 0.9011).containsEntry("delta[accuracy]", -0.012);
        assertThat(result.getMetrics().get("log_loss")).as("NaN is written as a string").isNaN();
        assertThat(result.getOutputs()).extracting(EngineResult.Output::path).containsExactly("metrics.json");
        assertThat(result.getCharts()).extracting(EngineResult.Chart::path).containsExactly("charts/roc.png", "charts/confusion.png");
        assertThat(result.getLineage()).hasSize(3);
        assertThat(result.getDetails()).containsEntry("rows", 16281L).containsEntry("model", "adult@3");
        assertThat(result.getDetails().get("confusion")).isEqualTo(List.of(List.of(11360L, 1075L), List.of(1508L, 2338L)));
    }

    @Test
    void unknownFieldsOfANewerEngineAreIgnored() {
        EngineResult result = EngineResult.parse("{\"status\":\"SUCCESS\",\"newField\":{\"x\":1},\"checks\":[]}");
        assertThat(result.isPassed()).isTrue();
        assertThat(result.getMetrics()).isEmpty();
    }

    @Test
    void notAResultIsRejectedWithAReason() {
        assertThatThrownBy(() -> EngineResult.parse("{\"status\":")).hasMessageStartingWith("result.json is not valid JSON");
        assertThatThrownBy(() -> EngineResult.parse("[1,2]")).hasMessageContaining("has no 'status'");
        assertThatThrownBy(() -> EngineResult.parse("{\"step\":\"x\"}")).hasMessageContaining("has no 'status'");
    }

    @Test
    @SuppressWarnings("unchecked")
    void returnValueIsPlainAndSerializable() throws Exception {
        EngineResult result = EngineResult.parse(Fixtures.text("evaluate-result.json"));
        Outcome outcome = Outcome.of("evaluateModel", ContractResult.of(result), 1, true);
        Map<String, Object> map = ReturnValue.of(ContractResult.of(result), outcome, "/ws/.mlsteps/evaluateModel",
                p -> "/ws/.mlsteps/evaluateModel/" + p);
        assertThat(map).containsEntry("status", "UNSTABLE").containsEntry("passed", false)
                .containsEntry("stageResult", "UNSTABLE").containsEntry("report", "/ws/.mlsteps/evaluateModel/report.html")
                .containsEntry("model", "adult@3").containsEntry("rows", 16281L);
        assertThat((Map<Object, Object>) map.get("metrics")).containsEntry("accuracy", 0.8412);
        assertThat((List<?>) map.get("gates")).hasSize(3);
        assertThat((Map<Object, Object>) ((List<?>) map.get("gates")).get(0)).containsEntry("outcome", "FAILED")
                .containsEntry("criticality", "UNSTABLE");
        assertThat((Map<Object, Object>) map.get("outputs")).containsEntry("metrics", "/ws/.mlsteps/evaluateModel/metrics.json");
        // A Pipeline keeps the returned value in its program state: it must serialize.
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(map);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void detailsNeverHideTheStandardKeys() {
        EngineResult result = EngineResult.parse("{\"status\":\"SUCCESS\",\"checks\":[],\"details\":{\"status\":\"odd\",\"version\":7}}");
        Map<String, Object> map = ReturnValue.of(ContractResult.of(result),
                Outcome.of("registerModel", ContractResult.of(result), 0, true), "d", p -> "d/" + p);
        assertThat(map).containsEntry("status", "SUCCESS").containsEntry("version", 7L);
        assertThat((Map<Object, Object>) map.get("details")).containsEntry("status", "odd");
    }
}
