package io.mlsteps.contract.result;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReturnValueTest {
    @Test
    void theMapHasThePluginsKeysWithPathsResolvedAndDetailsFlattened() {
        StepResult result = new StepResult("registerModel");
        result.putMetric("accuracy", 0.86);
        result.addCheck(Check.passed("gate:accuracy", "accuracy", 0.86, ">= 0.8", Criticality.FAILURE, "ok"));
        result.addCheck(Check.failed("anomaly:X", null, 3, "0", Criticality.NOTE, "three anomalies"));
        result.setOutputs(List.of(new OutputFile("lineage", "lineage.json", "ab", 10),
                new OutputFile("model", "/abs/model.tribuo", "cd", 20)));
        result.setCharts(List.of(new ChartRef("lineage", "Lineage", "charts/lineage.png")));
        result.setDetails(Map.of("version", 3, "status", "ignored: the status key is taken"));
        Outcome outcome = Outcome.of("registerModel", result, true);
        Map<String, Object> map = ReturnValue.of(result, outcome, "/ws/.mlsteps/registerModel",
                p -> p.startsWith("/") ? p : "/ws/.mlsteps/registerModel/" + p);
        assertThat(map).containsEntry("step", "registerModel").containsEntry("status", "UNSTABLE")
                .containsEntry("passed", false).containsEntry("stageResult", "UNSTABLE")
                .containsEntry("metrics", Map.of("accuracy", 0.86)).containsEntry("version", 3)
                .containsEntry("outputs", Map.of("lineage", "/ws/.mlsteps/registerModel/lineage.json",
                        "model", "/abs/model.tribuo"))
                .containsEntry("charts", List.of("/ws/.mlsteps/registerModel/charts/lineage.png"))
                .containsEntry("report", "/ws/.mlsteps/registerModel/report.html")
                .containsEntry("resultFile", "/ws/.mlsteps/registerModel/result.json");
        assertThat((List<?>) map.get("gates")).hasSize(1);
        assertThat((List<?>) map.get("checks")).hasSize(2);
        assertThat(map.get("details")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("status", "ignored: the status key is taken");
    }
}
