package io.mlsteps.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.model.Prediction;
import io.mlsteps.model.PredictionLogEntry;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prediction log accounts for every row: each is either a line or counted in a gap line the log itself holds
 * (when the writer fell behind), and checkDrift's reader adds the gap lines up, so it knows how much traffic it saw.
 */
class PredictionLogTest {
    @TempDir
    Path dir;

    private static List<Map<String, String>> rows(int n, int from) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("x", Integer.toString(from + i));
            row.put("color", i % 3 == 0 ? null : "red");
            rows.add(row);
        }
        return rows;
    }

    private static List<Prediction> predictions(int n) {
        List<Prediction> p = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            p.add(i % 2 == 0 ? Prediction.ofClass("a", new java.util.TreeMap<>(Map.of("a", 0.75, "b", 0.25))) : Prediction.ofValue(1.5e-3));
        }
        return p;
    }

    /** One request's rows as the server logs them: model m version 3, batch rows id#i. */
    private static List<PredictionLogEntry> entries(Instant time, String role, String requestId,
                                                    List<Map<String, String>> rows, List<Prediction> predictions) {
        List<PredictionLogEntry> entries = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            entries.add(new PredictionLogEntry(time, "m", "3", role, requestId + "#" + i, rows.get(i), predictions.get(i)));
        }
        return entries;
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            assertThat(line).startsWith("{").endsWith("}");
            nodes.add(Json.mapper().readTree(line));
        }
        return nodes;
    }

    @Test
    void rowsFromManyThreadsAreAllWrittenInTheDocumentedFormat() throws Exception {
        ServerMetrics metrics = new ServerMetrics();
        Path file = dir.resolve("p.jsonl");
        PredictionLog log = new PredictionLog(file, 1L << 40, 2, metrics);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            int thread = t;
            pool.execute(() -> {
                for (int r = 0; r < 500; r++) {
                    log.add(entries(Instant.parse("2024-05-01T12:00:00Z"), "primary", "t" + thread + "-" + r,
                            rows(10, r * 10), predictions(10)));
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        log.close();
        List<JsonNode> nodes = lines(file);
        assertThat(nodes).hasSize(8 * 500 * 10);
        Set<String> ids = new HashSet<>();
        nodes.forEach(n -> ids.add(n.get("requestId").asText()));
        assertThat(ids).hasSize(nodes.size()).contains("t0-0#0", "t7-499#9");
        JsonNode first = nodes.stream().filter(n -> n.get("requestId").asText().equals("t3-7#0")).findFirst().orElseThrow();
        assertThat(first.toString()).isEqualTo("{\"time\":\"2024-05-01T12:00:00Z\",\"model\":\"m\",\"version\":\"3\","
                + "\"role\":\"primary\",\"requestId\":\"t3-7#0\",\"inputs\":{\"x\":\"70\",\"color\":null},"
                + "\"output\":{\"label\":\"a\",\"scores\":{\"a\":0.75,\"b\":0.25}}}");
        assertThat(nodes.stream().filter(n -> n.get("requestId").asText().equals("t3-7#1")).findFirst().orElseThrow()
                .get("output").toString()).isEqualTo("{\"value\":0.0015}");
        assertThat(new String(metrics.scrape(), StandardCharsets.UTF_8))
                .contains("mlsteps_prediction_log_rows_total 40000.0").contains("mlsteps_prediction_log_dropped_total 0.0");
    }

    @Test
    void rowsTheWriterCannotTakeAreCountedInGapLinesThatDriftAddsUp() throws Exception {
        ServerMetrics metrics = new ServerMetrics();
        Path file = dir.resolve("p.jsonl");
        // room for about two requests of ten rows: most of a burst is dropped
        PredictionLog log = new PredictionLog(file, 1L << 40, 2, metrics, 2_500);
        Instant now = Instant.now();
        int total = 0;
        for (int r = 0; r < 300; r++) {
            log.add(entries(now, r % 10 == 0 ? "shadow" : "primary", "r" + r, rows(10, 0), predictions(10)));
            total += 10;
        }
        log.close();
        List<JsonNode> nodes = lines(file);
        long logged = nodes.stream().filter(n -> n.has("inputs") && !n.get("role").asText().equals("shadow")).count();
        long loggedShadow = nodes.stream().filter(n -> n.has("inputs") && n.get("role").asText().equals("shadow")).count();
        long dropped = nodes.stream().filter(n -> !n.has("inputs")).mapToLong(n -> n.get("dropped").asLong()).sum();
        long droppedShadow = nodes.stream().filter(n -> !n.has("inputs")).mapToLong(n -> n.get("droppedShadow").asLong()).sum();
        assertThat(dropped).isPositive();
        assertThat(logged + loggedShadow + dropped + droppedShadow).isEqualTo(total);
        assertThat(loggedShadow + droppedShadow).isEqualTo(300);
        assertThat(new String(metrics.scrape(), StandardCharsets.UTF_8))
                .contains("mlsteps_prediction_log_dropped_total " + (double) (dropped + droppedShadow));

        io.mlsteps.drift.PredictionLogReader.Read read = io.mlsteps.drift.PredictionLogReader.read(file, now.minusSeconds(60),
                Instant.now().plusSeconds(60), false, StepLog.silent());
        assertThat(read.entries()).isEqualTo(logged);
        assertThat(read.dropped()).isEqualTo(dropped);
        assertThat(read.seenRatio()).isEqualTo(logged / (double) (logged + dropped));
    }
}
