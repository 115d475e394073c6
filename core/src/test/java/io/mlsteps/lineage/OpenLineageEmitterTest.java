package io.mlsteps.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.mlsteps.testing.CapturedLog;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenLineage events of a step run, as a consumer receives them: written to a file (JSON lines) or posted to an HTTP
 * endpoint, each a valid RunEvent by the spec's rules ({@link OpenLineageSpec}); a lineage server that is down is a
 * warning, never a failed step.
 */
class OpenLineageEmitterTest {
    private static final String SHA = "ab".repeat(32);

    @TempDir
    Path work;

    private static List<JsonNode> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(l -> {
            try {
                return Json.mapper().readTree(l);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + l, e);
            }
        }).toList();
    }

    @Test
    void aCompletedRunIsAStartAndACompleteEventOfOneRunIdThatFollowTheSpec() throws IOException {
        BuildInfo build = BuildInfo.fromEnv(Map.of("JOB_NAME", "churn", "BUILD_NUMBER", "12",
                "BUILD_URL", "https://ci.example/job/churn/12/", "GIT_COMMIT", "abc123"));
        try (OpenLineageEmitter emitter = OpenLineageEmitter.open("lineage/events.jsonl",
                Map.of(OpenLineageEmitter.ENV_NAMESPACE, "team-a"), work, StepLog.silent()).orElseThrow()) {
            OpenLineageEmitter.Run run = emitter.run("registerModel", build)
                    .input(new DatasetRef("training", SHA, "data/train.csv", 100L, null, null))
                    .input(DatasetRef.of("evaluation", "cd".repeat(32), null));
            run.start();
            run.outputModel("registry-ns", "churn", 3, SHA).complete();
        }
        List<JsonNode> events = lines(work.resolve("lineage/events.jsonl"));
        assertThat(events).hasSize(2);
        for (JsonNode event : events) {
            assertThat(OpenLineageSpec.violations(event)).as(event.toString()).isEmpty();
        }
        JsonNode start = events.get(0);
        JsonNode complete = events.get(1);
        assertThat(start.get("eventType").asText()).isEqualTo("START");
        assertThat(complete.get("eventType").asText()).isEqualTo("COMPLETE");
        assertThat(complete.at("/run/runId").asText()).isEqualTo(start.at("/run/runId").asText());
        assertThat(start.at("/job/name").asText()).isEqualTo("churn.registerModel");
        assertThat(start.at("/job/namespace").asText()).isEqualTo("team-a");
        assertThat(start.at("/job/facets/jobType/integration").asText()).isEqualTo("MLSTEPS");
        assertThat(start.at("/run/facets/mlsteps_build/commit").asText()).isEqualTo("abc123");
        assertThat(start.at("/run/facets/processing_engine/name").asText()).isEqualTo("mlsteps");
        // inputs: named by path, else by hash; versioned by content hash
        assertThat(start.get("inputs")).hasSize(2);
        assertThat(start.at("/inputs/0/name").asText()).isEqualTo("data/train.csv");
        assertThat(start.at("/inputs/0/facets/version/datasetVersion").asText()).isEqualTo(SHA);
        assertThat(start.at("/inputs/0/facets/mlsteps/rows").asLong()).isEqualTo(100);
        assertThat(start.at("/inputs/1/name").asText()).isEqualTo("sha256:" + "cd".repeat(32));
        // the model version is an output only once it exists
        assertThat(start.get("outputs")).isEmpty();
        assertThat(complete.get("outputs")).hasSize(1);
        assertThat(complete.at("/outputs/0/namespace").asText()).isEqualTo("registry-ns");
        assertThat(complete.at("/outputs/0/name").asText()).isEqualTo("churn");
        assertThat(complete.at("/outputs/0/facets/version/datasetVersion").asText()).isEqualTo("3");
        assertThat(complete.at("/outputs/0/facets/mlsteps/artifactSha256").asText()).isEqualTo(SHA);
    }

    @Test
    void aFailedRunCarriesTheErrorMessage() throws IOException {
        try (OpenLineageEmitter emitter = OpenLineageEmitter.open("file:events.jsonl", Map.of(), work,
                StepLog.silent()).orElseThrow()) {
            OpenLineageEmitter.Run run = emitter.run("evaluateModel", null);
            run.start();
            run.fail(new IllegalStateException("the data file has no rows"));
        }
        List<JsonNode> events = lines(work.resolve("events.jsonl"));
        assertThat(events).extracting(e -> e.get("eventType").asText()).containsExactly("START", "FAIL");
        JsonNode fail = events.get(1);
        assertThat(OpenLineageSpec.violations(fail)).isEmpty();
        assertThat(fail.at("/run/facets/errorMessage/message").asText()).isEqualTo("the data file has no rows");
        assertThat(fail.at("/run/facets/errorMessage/programmingLanguage").asText()).isEqualTo("Java");
        assertThat(fail.at("/job/name").asText()).as("outside CI the job is the step").isEqualTo("evaluateModel");
        assertThat(fail.at("/job/namespace").asText()).isEqualTo("mlsteps");
        assertThat(fail.at("/run/facets/mlsteps_build").isMissingNode()).isTrue();
    }

    @Test
    void noTargetOrNoneMeansNoEvents() {
        assertThat(OpenLineageEmitter.open(null, Map.of(), work, StepLog.silent())).isEmpty();
        assertThat(OpenLineageEmitter.open(" ", Map.of(), work, StepLog.silent())).isEmpty();
        assertThat(OpenLineageEmitter.open("NONE", Map.of(OpenLineageEmitter.ENV_TARGET, "x.jsonl"), work,
                StepLog.silent())).as("'none' wins over the environment").isEmpty();
    }

    @Test
    void theEnvironmentNamesTheTargetWhenTheStepDoesNot() throws IOException {
        try (OpenLineageEmitter emitter = OpenLineageEmitter.open(null, Map.of(OpenLineageEmitter.ENV_TARGET,
                "from-env.jsonl"), work, StepLog.silent()).orElseThrow()) {
            emitter.run("checkDrift", null).start();
        }
        assertThat(lines(work.resolve("from-env.jsonl"))).hasSize(1);
    }

    @Test
    void eventsArePostedToAnHttpEndpointAtItsPath() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        List<String> paths = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            try (OpenLineageEmitter emitter = OpenLineageEmitter.open(base, Map.of(), work, StepLog.silent())
                    .orElseThrow()) {
                emitter.run("trainModel", null).start();
            }
            try (OpenLineageEmitter emitter = OpenLineageEmitter.open(base + "/custom/events", Map.of(), work,
                    StepLog.silent()).orElseThrow()) {
                emitter.run("trainModel", null).start();
            }
        } finally {
            server.stop(0);
        }
        assertThat(paths).containsExactly("/api/v1/lineage", "/custom/events");
        for (String body : received) {
            assertThat(OpenLineageSpec.violations(Json.mapper().readTree(body))).isEmpty();
        }
    }

    @Test
    void aLineageServerThatIsDownIsAWarningOnly() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        CapturedLog log = new CapturedLog();
        try (OpenLineageEmitter emitter = OpenLineageEmitter.open("http://127.0.0.1:" + closed, Map.of(), work,
                log.of("registerModel")).orElseThrow()) {
            emitter.run("registerModel", null).start().complete();
        }
        assertThat(log.text()).contains("OpenLineage: could not send the START event to http://127.0.0.1:" + closed)
                .contains("could not send the COMPLETE event");
    }

    @Test
    void theSpecCheckNamesWhatAnEventLacks() throws IOException {
        JsonNode bad = Json.mapper().readTree("""
                {"eventType": "DONE", "eventTime": "yesterday", "producer": "mlsteps",
                 "run": {"runId": "42", "facets": {"x": {"_producer": "https://p"}}},
                 "job": {"namespace": "ns"},
                 "inputs": [{"name": "a"}]}""");
        List<String> violations = OpenLineageSpec.violations(bad);
        assertThat(violations).hasSize(7).anyMatch(v -> v.startsWith("eventType: 'DONE' is not one of"));
        assertThat(violations).contains(
                "eventTime: 'yesterday' is not an RFC 3339 date-time",
                "producer: 'mlsteps' is not an absolute URI",
                "run.runId: '42' is not a UUID",
                "run.facets.x._schemaURL: required",
                "job.name: required",
                "inputs[0].namespace: required");
    }
}
