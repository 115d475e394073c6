package io.mlsteps.util;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.result.StepStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** result.json as the engine writes and reads it: status and passed are derived from the checks, never stored. */
class JsonResultTest {
    @TempDir
    Path dir;

    @Test
    void statusAndPassedAreWrittenFromTheChecksAndRecomputedOnReading() throws Exception {
        StepResult result = new StepResult("evaluateModel");
        result.putMetric("accuracy", 0.7);
        result.addCheck(Check.failed("gate:accuracy", "accuracy", 0.7, ">= 0.8", Criticality.UNSTABLE, "too low"));
        Path file = dir.resolve("result.json");
        Json.write(file, result);

        JsonNode written = Json.mapper().readTree(file.toFile());
        assertThat(written.get("status").asText()).isEqualTo("UNSTABLE");
        assertThat(written.get("passed").asBoolean()).isFalse();

        // a hand-edited status cannot make a failed result pass: it is recomputed from the checks
        Files.writeString(file, Files.readString(file).replace("\"status\" : \"UNSTABLE\"", "\"status\" : \"SUCCESS\"")
                .replace("\"passed\" : false", "\"passed\" : true"));
        StepResult back = Json.read(file, StepResult.class);
        assertThat(back.getStatus()).isEqualTo(StepStatus.UNSTABLE);
        assertThat(back.isPassed()).isFalse();
        assertThat(back.getMetrics()).containsEntry("accuracy", 0.7);
    }

    @Test
    void anUnknownFieldIsStillAnError() throws Exception {
        Path file = Files.writeString(dir.resolve("result.json"), "{\"step\": \"x\", \"verdict\": \"SUCCESS\"}");
        assertThatThrownBy(() -> Json.read(file, StepResult.class)).isInstanceOf(InputException.class)
                .hasMessageContaining("verdict");
    }
}
