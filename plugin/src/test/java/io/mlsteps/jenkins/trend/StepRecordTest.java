package io.mlsteps.jenkins.trend;

import io.mlsteps.jenkins.Fixtures;
import io.mlsteps.jenkins.engine.EngineResult;
import io.mlsteps.contract.gate.QualityGate;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.result.Outcome;
import io.mlsteps.jenkins.engine.ContractResult;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StepRecordTest {
    @Test
    void keepsWhatThePagesNeed() {
        EngineResult result = EngineResult.parse(Fixtures.text("evaluate-result.json"));
        Outcome outcome = Outcome.of("evaluateModel", ContractResult.of(result), 1, true);
        StepRecord record = StepRecord.of("evaluateModel", "2-evaluateModel", result, outcome,
                List.of(QualityGate.threshold("accuracy[sex=*]", 0.8, Criticality.NOTE), QualityGate.threshold("roc_auc", 0.8, Criticality.FAILURE)));
        assertThat(record.getStageResult()).isEqualTo("UNSTABLE");
        assertThat(record.getMetrics().keySet()).as("gated metrics first, then headline ones")
                .startsWith("accuracy[sex=Female]", "accuracy[sex=Male]", "roc_auc", "accuracy", "log_loss");
        assertThat(record.getThresholds()).containsEntry("accuracy[sex=*]", 0.8).containsEntry("roc_auc", 0.8);
        assertThat(record.getGates()).extracting(StepRecord.GateRow::getName)
                .containsExactly("gate:accuracy", "gate:roc_auc", "gate:accuracy[sex=Female]");
        assertThat(record.getCharts()).extracting(StepRecord.ChartFile::getFile).containsExactly("charts/roc.png", "charts/confusion.png");
        assertThat(record.getDetails()).containsEntry("rows", "16281").containsEntry("model", "adult@3")
                .doesNotContainKey("confusion");
        assertThat(record.getLineage()).extracting(StepRecord.LineageNode::getShortSha256)
                .containsExactly("aa11bb22cc33", "001122334455", null);
    }

    @Test
    void abortedStepShowsAFailedStage() {
        EngineResult result = EngineResult.parse(Fixtures.result("trainModel", "FAILURE", "ERROR", "FAILED"));
        StepRecord record = StepRecord.of("trainModel", "1-trainModel", result,
                Outcome.of("trainModel", ContractResult.of(result), 2, true), List.of());
        assertThat(record.getStageResult()).isEqualTo("FAILURE");
        assertThat(record.isPassed()).isFalse();
    }

    @Test
    void metricsAreCapped() {
        StringBuilder metrics = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            metrics.append(i == 0 ? "" : ",").append("\"psi[c").append(i).append("]\":").append(i / 100.0);
        }
        EngineResult result = EngineResult.parse("{\"status\":\"SUCCESS\",\"metrics\":{\"drift_share\":0.2," + metrics + "}}");
        StepRecord record = StepRecord.of("checkDrift", "1-checkDrift", result, Outcome.of("checkDrift", ContractResult.of(result), 0, true),
                List.of(QualityGate.threshold("psi[c99]", 0.25, Criticality.UNSTABLE)));
        assertThat(record.getMetrics()).hasSize(StepRecord.MAX_METRICS).containsKeys("psi[c99]", "drift_share");
    }

    @Test
    void deltaComesFromTheComparisonElseThePreviousBuild() {
        Map<String, Double> compare = new LinkedHashMap<>(Map.of("accuracy", 0.86, "delta[accuracy]", 0.02));
        assertThat(Baselines.deltaOf("accuracy", compare, Map.of("accuracy", 0.5))).isEqualTo(0.02);
        assertThat(Baselines.baselineOf("accuracy", compare)).isCloseTo(0.84, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Baselines.baselineOf("accuracy", Map.of("accuracy", 0.86, "baseline[accuracy]", 0.8))).isEqualTo(0.8);
        assertThat(Baselines.deltaOf("rmse", Map.of("rmse", 3.0), Map.of("rmse", 3.5))).isEqualTo(-0.5);
        assertThat(Baselines.deltaOf("rmse", Map.of("rmse", 3.0), null)).isNull();
        assertThat(Baselines.deltaOf("rmse", Map.of("rmse", 3.0), Map.of("rmse", Double.NaN))).isNull();
    }

    @Test
    void lineageColumnsReadFromDataToDeployment() {
        EngineResult evaluate = EngineResult.parse(Fixtures.text("evaluate-result.json"));
        EngineResult deploy = EngineResult.parse("""
                {"status":"SUCCESS","lineage":[
                  {"kind":"modelVersion","role":"input","id":"adult@3","sha256":"0011"},
                  {"kind":"deployment","role":"output","id":"adult-canary","uri":"http://127.0.0.1:8080"},
                  {"kind":"dataset","role":"input","id":"data/adult_test.csv","sha256":"aa11bb22cc33dd44ee55ff66aa11bb22cc33dd44ee55ff66aa11bb22cc33dd44"}]}
                """);
        List<StepRecord> records = List.of(
                StepRecord.of("evaluateModel", "1-evaluateModel", evaluate, Outcome.of("evaluateModel", ContractResult.of(evaluate), 1, true), List.of()),
                StepRecord.of("deployModel", "2-deployModel", deploy, Outcome.of("deployModel", ContractResult.of(deploy), 0, true), List.of()));
        Map<String, List<StepRecord.LineageNode>> columns = LineageView.columns(records);
        assertThat(columns.keySet()).containsExactly("Data", "Model", "Evaluation", "Deployment");
        assertThat(columns.get("Data")).hasSize(1);
        assertThat(columns.get("Model")).extracting(StepRecord.LineageNode::getId)
                .containsExactly(".mlsteps/trainModel/model.tribuo", "adult@3");
        assertThat(columns.get("Deployment").get(0).getUri()).isEqualTo("http://127.0.0.1:8080");
    }
}
