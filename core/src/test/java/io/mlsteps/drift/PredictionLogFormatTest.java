package io.mlsteps.drift;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.model.Prediction;
import io.mlsteps.model.PredictionLogEntry;
import io.mlsteps.serve.PredictionLog;
import io.mlsteps.serve.ServerMetrics;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The prediction log has one format type: what the server writes, checkDrift reads back, rotated files included. */
class PredictionLogFormatTest {
    @TempDir
    Path dir;

    private static PredictionLogEntry entry(int i, String role) {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("age", Integer.toString(20 + i % 50));
        inputs.put("city", i % 3 == 0 ? null : "Oslo");
        return new PredictionLogEntry(Instant.parse("2024-05-01T00:00:00Z").plusSeconds(i), "churn", "3", role,
                "req-" + i, inputs, Prediction.ofClass(i % 2 == 0 ? "yes" : "no", Map.of("yes", 0.5, "no", 0.5)));
    }

    @Test
    void whatTheServerWritesCheckDriftReadsBackAcrossRotatedFilesWithoutTheShadow() throws Exception {
        Path file = dir.resolve("predictions.jsonl");
        List<PredictionLogEntry> written = new ArrayList<>();
        try (PredictionLog log = new PredictionLog(file, 4096, 20, new ServerMetrics())) {
            for (int i = 0; i < 200; i++) {
                PredictionLogEntry e = entry(i, i % 10 == 9 ? PredictionLogEntry.SHADOW : "primary");
                written.add(e);
                log.add(e);
            }
        }
        assertThat(PredictionLogEntry.rotated(file, 1)).exists();   // 200 lines of ~200 bytes rotate at 4 KiB

        PredictionLogReader.Read read = PredictionLogReader.read(file, null, null, true, StepLog.silent());

        List<PredictionLogEntry> served = written.stream().filter(e -> !e.isShadow()).toList();
        assertThat(read.entries()).isEqualTo(served.size());
        assertThat(read.first()).isEqualTo(served.get(0).time());
        assertThat(read.last()).isEqualTo(served.get(served.size() - 1).time());
        assertThat(read.predictions()).hasSize(served.size()).containsEntry("req-0", "yes").containsEntry("req-1", "no")
                .doesNotContainKey("req-9");
        assertThat(read.profile().columns()).containsKeys("age", "city", PredictionLogReader.PREDICTION);
        assertThat(read.profile().column(PredictionLogReader.PREDICTION).categoryCounts())
                .containsEntry("yes", served.stream().filter(e -> e.predicted().equals("yes")).count());
    }

    @Test
    void aLineHoldsTheFormatsFieldsInOrder() throws Exception {
        Path file = dir.resolve("one.jsonl");
        try (PredictionLog log = new PredictionLog(file, 1 << 20, 2, new ServerMetrics())) {
            log.add(entry(1, "candidate"));
        }
        JsonNode line = Json.mapper().readTree(Files.readAllLines(file).get(0));
        List<String> names = new ArrayList<>();
        line.fieldNames().forEachRemaining(names::add);
        assertThat(names).isEqualTo(PredictionLogEntry.fields())
                .containsExactly("time", "model", "version", "role", "requestId", "inputs", "output");
        assertThat(line.get("time").asText()).isEqualTo("2024-05-01T00:00:01Z");
        assertThat(PredictionLogEntry.parse(line, "one.jsonl", 1)).isEqualTo(entry(1, "candidate"));
    }

    @Test
    void aRegressionOutputIsReadAsItsNumber() throws Exception {
        JsonNode node = Json.mapper().readTree(
                "{\"time\":\"2024-05-01T00:00:00Z\",\"inputs\":{\"x\":\"1\"},\"output\":{\"value\":151.5}}");
        PredictionLogEntry e = PredictionLogEntry.parse(node, "f", 3);
        assertThat(e.output().value()).isEqualTo(151.5);
        assertThat(e.predicted()).isEqualTo("151.5");
        assertThat(e.model()).isNull();
        assertThat(e.isShadow()).isFalse();
    }

    @Test
    void aBadLineIsNamedByFileAndLineWithWhatWasExpected() throws Exception {
        assertThatThrownBy(() -> PredictionLogEntry.parse(Json.mapper().readTree(
                "{\"time\":\"yesterday\",\"inputs\":{},\"output\":{\"label\":\"a\"}}"), "log.jsonl", 7))
                .isInstanceOf(InputException.class).hasMessageContaining("log.jsonl:7")
                .hasMessageContaining("not an ISO-8601 instant");
        assertThatThrownBy(() -> PredictionLogEntry.parse(Json.mapper().readTree(
                "{\"time\":\"2024-05-01T00:00:00Z\",\"output\":{\"label\":\"a\"}}"), "log.jsonl", 8))
                .isInstanceOf(InputException.class).hasMessageContaining("log.jsonl:8").hasMessageContaining("'inputs'");
        assertThatThrownBy(() -> PredictionLogEntry.parse(Json.mapper().readTree(
                "{\"time\":\"2024-05-01T00:00:00Z\",\"inputs\":{},\"output\":{\"score\":1}}"), "log.jsonl", 9))
                .isInstanceOf(InputException.class).hasMessageContaining("neither 'label' nor 'value'");
        assertThatThrownBy(() -> PredictionLogEntry.parse(Json.mapper().readTree("[1]"), "log.jsonl", 10))
                .isInstanceOf(InputException.class).hasMessageContaining("one prediction object per line");
    }
}
