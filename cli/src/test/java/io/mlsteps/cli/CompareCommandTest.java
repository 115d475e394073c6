package io.mlsteps.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.contract.gate.QualityGate;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.steps.CompareToBaselineRequest;
import io.mlsteps.step.Requests;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompareCommandTest {
    @TempDir
    Path dir;

    @Test
    void ruleFlagsAreGatesWithOneRule() {
        CompareToBaselineRequest r = Requests.bind(CompareToBaselineRequest.class, StepCommand.parse("compareToBaseline",
                "--max-drop", "accuracy[sex=*]=0.02:FAILURE", "--max-improvement", "roc_auc=0.05",
                "--gate", "f1_macro>=0.7:ERROR"));
        QualityGate g = r.qualityGates().get(0);
        assertThat(g.metric()).isEqualTo("accuracy[sex=*]");
        assertThat(g.maxDrop()).isEqualTo(0.02);
        assertThat(g.criticality()).isEqualTo(Criticality.FAILURE);
        assertThat(r.qualityGates().get(1).maxImprovement()).isEqualTo(0.05);
        assertThat(r.qualityGates().get(2).threshold()).isEqualTo(0.7);
        assertThatThrownBy(() -> StepCommand.parse("compareToBaseline", "--max-drop", "accuracy"))
                .isInstanceOf(InputException.class).hasMessageContaining("METRIC=NUMBER");
        assertThatThrownBy(() -> Requests.bind(CompareToBaselineRequest.class,
                StepCommand.parse("compareToBaseline", "--max-drop", "accuracy=-0.1")))
                .isInstanceOf(InputException.class).hasMessageContaining("at least 0");
        assertThatThrownBy(() -> StepCommand.parse("compareToBaseline", "--max-drop", "accuracy=0.1:LOUD"))
                .isInstanceOf(InputException.class).hasMessageContaining("criticality");
    }

    @Test
    void exitCodesFollowTheGates() throws Exception {
        Files.writeString(dir.resolve("cand.json"), "{\"accuracy\": 0.84, \"rows\": 10000}");
        Files.writeString(dir.resolve("base.json"), "{\"accuracy\": 0.86}");
        String wd = dir.toString();
        assertThat(Main.execute("compare", "cand.json", "--baseline", "base.json", "--work-dir", wd, "--quiet",
                "--max-drop", "accuracy=0.03:FAILURE")).isEqualTo(0);
        assertThat(Main.execute("compare", "cand.json", "--baseline", "base.json", "--work-dir", wd, "--quiet",
                "--max-drop", "accuracy=0.01:FAILURE")).isEqualTo(2);
        assertThat(Main.execute("compare", "cand.json", "--baseline", "base.json", "--work-dir", wd, "--quiet",
                "--max-drop", "accuracy=0.01")).isEqualTo(1);
        assertThat(Main.execute("compare", "cand.json", "--baseline", "base.json", "--work-dir", wd, "--quiet",
                "--max-drop", "accuracy=0.01:FAILURE", "--override", "accepted by the release board")).isEqualTo(1);
        JsonNode result = Json.mapper().readTree(dir.resolve(".mlsteps/compareToBaseline/result.json").toFile());
        assertThat(result.get("details").get("override").get("reason").asText()).isEqualTo("accepted by the release board");
        // first run: nothing to compare with, PASS by default, FAILURE on request
        assertThat(Main.execute("compare", "cand.json", "--work-dir", wd, "--quiet")).isEqualTo(0);
        assertThat(Main.execute("compare", "cand.json", "--work-dir", wd, "--quiet", "--on-missing-baseline", "FAILURE"))
                .isEqualTo(2);
        assertThat(Main.execute("compare", "missing.json", "--work-dir", wd, "--quiet")).isEqualTo(3);
        // the generic --gate adds a threshold on the candidate
        assertThat(Main.execute("compare", "cand.json", "--work-dir", wd, "--quiet", "--gate", "accuracy>=0.9:ERROR"))
                .isEqualTo(2);
    }
}
