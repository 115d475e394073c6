package io.mlsteps.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.util.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Routing, request checks, limits, canary and shadow, admin endpoints and the prediction log. */
class ModelServerTest {
    private static final PredictorLoader LOADER = file ->
            new FakePredictor(Double.parseDouble(Files.readString(file).trim()));
    private static final String TOKEN = "s3cret-token";

    @TempDir
    Path dir;
    private ModelServer server;
    private URI base;

    private Path model(String name, double shift) throws Exception {
        return Files.writeString(dir.resolve(name), Double.toString(shift));
    }

    private void start(ServerConfig config) throws Exception {
        config.port = 0;
        if (config.models.isEmpty()) {
            config.models.add(ModelSpec.primary("m", "1", model("m1.model", 0).toString()));
        }
        server = ModelServer.start(config, LOADER);
        base = server.baseUri();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void answersOneRowAndABatchWithTheModelsPredictions() throws Exception {
        start(new ServerConfig());
        Http.Answer one = Http.post(base, "/v1/models/m/predict", "{\"inputs\": {\"x\": 2, \"color\": \"red\"}}",
                "X-Request-Id", "req-1");
        assertThat(one.code()).isEqualTo(200);
        JsonNode p = one.json();
        assertThat(p.get("version").asText()).isEqualTo("1");
        assertThat(p.get("requestId").asText()).isEqualTo("req-1");
        assertThat(p.at("/prediction/label").asText()).isEqualTo("b");
        assertThat(p.at("/prediction/scores/b").asDouble()).isCloseTo(1 / (1 + Math.exp(-3)), org.assertj.core.data.Offset.offset(1e-12));

        Http.Answer batch = Http.post(base, "/v1/models/m/predict",
                "{\"inputs\": [{\"x\": -5, \"color\": null}, {\"x\": \"0.5\", \"color\": \"blue\"}]}");
        assertThat(batch.code()).isEqualTo(200);
        assertThat(batch.json().get("predictions")).hasSize(2);
        assertThat(batch.json().at("/predictions/0/label").asText()).isEqualTo("a");
        assertThat(batch.json().at("/predictions/1/label").asText()).isEqualTo("b");
    }

    @Test
    void healthReadinessModelsAndPrometheusMetrics() throws Exception {
        start(new ServerConfig());
        assertThat(Http.get(base, "/health").code()).isEqualTo(200);
        assertThat(Http.get(base, "/ready").code()).isEqualTo(200);
        Http.post(base, "/v1/models/m/predict", "{\"inputs\": {\"x\": 1, \"color\": \"red\"}}");
        Http.post(base, "/v1/models/m/predict", "{\"inputs\": {\"nope\": 1}}");
        JsonNode models = Http.get(base, "/v1/models").json();
        JsonNode v = models.at("/models/0/versions/0");
        assertThat(models.at("/models/0/name").asText()).isEqualTo("m");
        assertThat(v.get("features")).hasSize(2);
        assertThat(v.get("lineageId").asText()).isEqualTo("m@1");
        assertThat(v.get("sha256").asText()).hasSize(64);
        assertThat(v.at("/stats/requests").asLong()).isEqualTo(2);
        assertThat(v.at("/stats/errors").asLong()).isEqualTo(1);
        String metrics = Http.get(base, "/metrics").body();
        assertThat(metrics).contains("mlsteps_requests_total{code=\"200\",model=\"m\",role=\"primary\",version=\"1\"} 1.0")
                .contains("mlsteps_requests_total{code=\"400\",model=\"m\",role=\"primary\",version=\"1\"} 1.0")
                .contains("mlsteps_predictions_total{model=\"m\",role=\"primary\",version=\"1\"} 1.0")
                .contains("mlsteps_request_duration_seconds_bucket{model=\"m\",role=\"primary\",version=\"1\",le=\"0.005\"}")
                .contains("mlsteps_request_duration_seconds_count{model=\"m\",role=\"primary\",version=\"1\"} 2");
    }

    @Test
    void badRequestsGetTheReason() throws Exception {
        ServerConfig config = new ServerConfig();
        config.maxBatchRows = 3;
        config.maxRequestBytes = 2000;
        start(config);
        String p = "/v1/models/m/predict";
        assertError(Http.post(base, p, "{\"inputs\": {\"x\": 1,"), 400, "malformed JSON");
        assertError(Http.post(base, p, "[1,2]"), 400, "expected a JSON object {\"inputs\"");
        assertError(Http.post(base, p, "{\"inputs\": 3}"), 400, "'inputs' must be an object");
        assertError(Http.post(base, p, "{\"inputs\": []}"), 400, "empty batch");
        assertError(Http.post(base, p, "{\"inputs\": {\"x\": 1, \"colour\": \"red\"}}"), 400,
                "unknown feature [colour]; model 'm' version 1 expects [x, color]");
        assertError(Http.post(base, p, "{\"inputs\": {\"x\": 1}}"), 400, "missing feature [color] (send null for a missing value)");
        assertError(Http.post(base, p, "{\"inputs\": [{\"x\": 1, \"color\": \"red\"}, {\"x\": 1}]}"), 400,
                "inputs[1]: missing feature [color]");
        assertError(Http.post(base, p, "{\"inputs\": {\"x\": [1], \"color\": \"red\"}}"), 400,
                "feature 'x' must be a number, a string or null, not array");
        assertError(Http.post(base, p, "{\"inputs\": {\"x\": \"abc\", \"color\": \"red\"}}"), 400,
                "column 'x' holds 'abc'; expected a number");
        String four = "{\"inputs\": [" + String.join(",", java.util.Collections.nCopies(4, "{\"x\":1,\"color\":null}")) + "]}";
        assertError(Http.post(base, p, four), 413, "batch of 4 rows exceeds the limit of 3 rows");
        assertError(Http.post(base, p, "{\"inputs\": {\"x\": 1, \"color\": \"" + "r".repeat(3000) + "\"}}"), 413,
                "exceeds the limit of 2000 bytes");
        assertError(Http.post(base, "/v1/models/other/predict", "{}"), 404, "no model named 'other'");
        assertError(Http.get(base, "/v1/models/m/predict"), 405, "method GET not allowed");
        assertError(Http.get(base, "/nothing"), 404, "no such endpoint");
        assertError(Http.post(base, p, "{\"inputs\": {\"x\": 1, \"color\": null}}", ModelServer.VERSION_HEADER, "9"), 404,
                "no loaded version '9'");
        // and it still answers correctly
        assertThat(Http.post(base, p, "{\"inputs\": {\"x\": 1, \"color\": null}}").json().at("/prediction/label").asText())
                .isEqualTo("b");
    }

    private static void assertError(Http.Answer answer, int code, String message) {
        assertThat(answer.code()).as(answer.body()).isEqualTo(code);
        assertThat(answer.json().get("error").asText()).contains(message);
        assertThat(answer.json().get("status").asInt()).isEqualTo(code);
    }

    @Test
    void adminEndpointsNeedTheToken() throws Exception {
        start(new ServerConfig());
        assertError(Http.post(base, "/admin/reload", "{}"), 403, "admin endpoints are disabled");
        server.close();
        ServerConfig config = new ServerConfig();
        config.adminToken = TOKEN;
        start(config);
        assertError(Http.post(base, "/admin/reload", "{}"), 401, "Authorization: Bearer");
        assertError(Http.post(base, "/admin/reload", "{}", "Authorization", "Bearer wrong"), 401, "Authorization");
        assertThat(Http.post(base, "/admin/reload", "{}", "Authorization", "Bearer " + TOKEN).code()).isEqualTo(200);
    }

    @Test
    void canarySplitsTrafficByPercentThenPromotesOrRollsBack() throws Exception {
        ServerConfig config = new ServerConfig();
        config.adminToken = TOKEN;
        start(config);
        String auth = "Bearer " + TOKEN;
        String load = Json.toString(ModelSpec.primary("m", "2", model("m2.model", -10).toString()).asCandidate("canary", 30));
        assertThat(Http.post(base, "/admin/models", load, "Authorization", auth).code()).isEqualTo(200);
        int byCandidate = 0;
        int n = 400;
        for (int i = 0; i < n; i++) {
            Http.Answer a = Http.post(base, "/v1/models/m/predict", "{\"inputs\": {\"x\": 1, \"color\": null}}");
            String version = a.json().get("version").asText();
            // the candidate (shift -10) predicts a, the primary b: every answer comes from the version it names
            assertThat(a.json().at("/prediction/label").asText()).isEqualTo(version.equals("2") ? "a" : "b");
            byCandidate += version.equals("2") ? 1 : 0;
        }
        // 30 % of 400: binomial sd is about 9.2; 5 sd either side
        assertThat(byCandidate).isBetween(74, 166);
        JsonNode versions = Http.get(base, "/v1/models").json().at("/models/0/versions");
        assertThat(versions.get(1).at("/stats/requests").asLong()).isEqualTo(byCandidate);
        assertThat(versions.get(0).at("/stats/requests").asLong()).isEqualTo(n - byCandidate);
        // pinned requests reach the named version whatever the split
        assertThat(Http.post(base, "/v1/models/m/predict", "{\"inputs\": {\"x\": 1, \"color\": null}}",
                ModelServer.VERSION_HEADER, "2").json().get("version").asText()).isEqualTo("2");

        Http.post(base, "/admin/models/m/traffic", "{\"percent\": 0}", "Authorization", auth);
        for (int i = 0; i < 50; i++) {
            assertThat(Http.post(base, "/v1/models/m/predict", "{\"inputs\": {\"x\": 1, \"color\": null}}")
                    .json().get("version").asText()).isEqualTo("1");
        }
        assertError(Http.post(base, "/admin/models/m/traffic", "{\"percent\": 120}", "Authorization", auth), 400,
                "must be a number from 0 to 100");
        Http.post(base, "/admin/models/m/promote", "{}", "Authorization", auth);
        assertThat(Http.post(base, "/v1/models/m/predict", "{\"inputs\": {\"x\": 1, \"color\": null}}")
                .json().get("version").asText()).isEqualTo("2");
        assertThat(Http.get(base, "/v1/models").json().at("/models/0/versions")).hasSize(1);

        Http.post(base, "/admin/models", Json.toString(ModelSpec.primary("m", "3", model("m3.model", 0).toString())
                .asCandidate("canary", 100)), "Authorization", auth);
        assertThat(Http.post(base, "/v1/models/m/predict", "{\"inputs\": {\"x\": 1, \"color\": null}}")
                .json().get("version").asText()).isEqualTo("3");
        Http.post(base, "/admin/models/m/rollback", "{}", "Authorization", auth);
        assertThat(Http.post(base, "/v1/models/m/predict", "{\"inputs\": {\"x\": 1, \"color\": null}}")
                .json().get("version").asText()).isEqualTo("2");
        assertError(Http.post(base, "/admin/models/m/promote", "{}", "Authorization", auth), 409, "no candidate");
    }

    @Test
    void shadowScoresACopyButOnlyThePrimaryAnswersAndItIsLogged() throws Exception {
        ServerConfig config = new ServerConfig();
        config.predictionLog = dir.resolve("log/predictions.jsonl").toString();
        config.models.add(ModelSpec.primary("m", "1", model("m1.model", 0).toString()));
        config.models.add(ModelSpec.primary("m", "2", model("m2.model", -2).toString()).asCandidate("shadow", 0));
        start(config);
        for (int i = 0; i < 20; i++) {
            Http.Answer a = Http.post(base, "/v1/models/m/predict", "{\"inputs\": {\"x\": " + (1 + 2 * (i % 2)) + ", \"color\": null}}");
            assertThat(a.json().get("version").asText()).isEqualTo("1");
        }
        JsonNode shadow = null;
        for (int i = 0; i < 100; i++) {
            shadow = Http.get(base, "/v1/models").json().at("/models/0/versions/1");
            if (shadow.at("/stats/requests").asLong() == 20) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(shadow.get("role").asText()).isEqualTo("shadow");
        assertThat(shadow.at("/stats/requests").asLong()).isEqualTo(20);
        // x=1: primary b (z=1), shadow a (z=-1); x=3: both b
        assertThat(shadow.at("/stats/disagreements").asLong()).isEqualTo(10);
        server.close();
        server = null;
        List<JsonNode> lines;
        try (Stream<String> s = Files.lines(Path.of(config.predictionLog))) {
            lines = s.map(l -> {
                try {
                    return Json.mapper().readTree(l);
                } catch (Exception e) {
                    throw new AssertionError(l, e);
                }
            }).toList();
        }
        assertThat(lines).hasSize(40);
        JsonNode first = lines.stream().filter(l -> l.get("role").asText().equals("primary")).findFirst().orElseThrow();
        assertThat(first.get("model").asText()).isEqualTo("m");
        assertThat(first.get("version").asText()).isEqualTo("1");
        assertThat(first.get("time").asText()).endsWith("Z");
        assertThat(first.get("requestId").asText()).isNotBlank();
        assertThat(first.at("/inputs/x").asText()).isIn("1", "3");
        assertThat(first.at("/inputs").has("color")).isTrue();
        assertThat(first.at("/output/label").asText()).isEqualTo("b");
        assertThat(first.at("/output/scores/b").asDouble()).isGreaterThan(0.5);
        assertThat(lines.stream().filter(l -> l.get("role").asText().equals("shadow")).count()).isEqualTo(20);
    }

    @Test
    void predictionLogRotatesBySizeAndKeepsNFiles() throws Exception {
        ServerConfig config = new ServerConfig();
        config.predictionLog = dir.resolve("p.jsonl").toString();
        config.predictionLogMaxBytes = 2048;
        config.predictionLogKeep = 2;
        start(config);
        for (int i = 0; i < 60; i++) {
            Http.post(base, "/v1/models/m/predict", "{\"inputs\": {\"x\": " + i + ", \"color\": \"red\"}}");
        }
        server.close();
        server = null;
        assertThat(dir.resolve("p.jsonl")).exists();
        assertThat(dir.resolve("p.jsonl.1")).exists();
        assertThat(dir.resolve("p.jsonl.2")).exists();
        assertThat(dir.resolve("p.jsonl.3")).doesNotExist();
        for (String f : List.of("p.jsonl", "p.jsonl.1", "p.jsonl.2")) {
            assertThat(Files.size(dir.resolve(f))).isLessThanOrEqualTo(2048);
            for (String line : Files.readAllLines(dir.resolve(f))) {
                assertThat(Json.mapper().readTree(line).get("model").asText()).isEqualTo("m");
            }
        }
        // the newest lines are in the live file
        List<String> live = Files.readAllLines(dir.resolve("p.jsonl"));
        assertThat(Json.mapper().readTree(live.get(live.size() - 1)).at("/inputs/x").asText()).isEqualTo("59");
    }

    @Test
    void bindsLoopbackByDefault() {
        assertThat(new ServerConfig().host).isEqualTo("127.0.0.1");
    }
}
