package io.mlsteps.serve;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the admin endpoints refuse: a role, mode or percent other than the documented ones, names the registry would
 * refuse, unknown fields, and a reload whose file is gone. Each answer is a 4xx naming the field and what it allows,
 * and nothing changes: the same versions serve the same traffic afterwards. Also: /v1/models shows model file paths
 * only to a caller with the token, and every answer names the server's instance.
 */
class AdminInputTest {
    private static final String TOKEN = "t0ken";
    private static final String ROW = "{\"inputs\": {\"x\": 1, \"color\": null}}";

    @TempDir
    Path dir;
    private ModelServer server;
    private URI base;
    private Path candidateFile;

    @BeforeEach
    void start() throws Exception {
        ServerConfig config = new ServerConfig();
        config.port = 0;
        config.adminToken = TOKEN;
        config.instanceId = "instance-under-test";
        config.models.add(ModelSpec.primary("m", "1", Files.writeString(dir.resolve("m1.model"), "0").toString()));
        // the candidate (shift -10) answers 'a' where the primary answers 'b'
        candidateFile = Files.writeString(dir.resolve("m2.model"), "-10");
        server = ModelServer.start(config, file -> new FakePredictor(Double.parseDouble(Files.readString(file).trim())));
        base = server.baseUri();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Http.Answer admin(String path, String body) {
        return Http.post(base, path, body, "Authorization", "Bearer " + TOKEN);
    }

    private String load(String fields) {
        return "{\"name\": \"m\", \"version\": \"2\", \"path\": \"" + candidateFile + "\"" + fields + "}";
    }

    /** The routing as clients see it: versions and traffic, without the counters that requests change. */
    private String routing() {
        StringBuilder sb = new StringBuilder();
        for (JsonNode v : Http.get(base, "/v1/models").json().at("/models/0/versions")) {
            sb.append(v.get("version").asText()).append(':').append(v.get("role").asText()).append(':')
                    .append(v.path("mode").asText()).append(':').append(v.path("percent").asText()).append(';');
        }
        return sb.toString();
    }

    private void assertRefused(Http.Answer answer, int code, String... says) {
        assertThat(answer.code()).as(answer.body()).isEqualTo(code);
        assertThat(answer.json().get("error").asText()).contains(says);
    }

    @Test
    void aLoadWithAWrongRoleModeOrPercentIsRefusedAndNothingChanges() {
        String before = routing();
        assertRefused(admin("/admin/models", load(", \"role\": \"Candidate\"")), 400,
                "role: 'Candidate' is not a role; expected one of primary, candidate");
        assertRefused(admin("/admin/models", load(", \"role\": \"candidate\", \"mode\": \"shadw\"")), 400,
                "mode: 'shadw' is not a mode; expected one of canary, shadow");
        assertRefused(admin("/admin/models", load(", \"role\": \"candidate\", \"percent\": \"abc\"")), 400,
                "percent: expected a number from 0 to 100, got \"abc\"");
        assertRefused(admin("/admin/models", load(", \"role\": \"candidate\", \"percent\": null")), 400,
                "percent: expected a number from 0 to 100, got null");
        assertRefused(admin("/admin/models", load(", \"role\": \"candidate\", \"percent\": 101")), 400,
                "percent: must be a number from 0 to 100");
        assertRefused(admin("/admin/models", load(", \"mode\": \"shadow\"")), 400, "mode: applies to a candidate only");
        assertRefused(admin("/admin/models", load(", \"weight\": 5")), 400, "weight: unknown field; expected only name, version");
        assertRefused(admin("/admin/models", "{\"name\": \"m\", \"version\": \"../x\", \"path\": \"" + candidateFile + "\"}"),
                400, "version: invalid version label '../x'");
        assertRefused(admin("/admin/models", "{\"name\": \"<script>\", \"version\": \"2\", \"path\": \"" + candidateFile + "\"}"),
                400, "name: invalid model name '<script>'");
        assertRefused(admin("/admin/models", "{\"name\": \"m\", \"version\": \"2\"}"), 400, "path: is required");
        assertRefused(admin("/admin/models", "[1]"), 400, "body: expected a JSON object");
        assertThat(routing()).isEqualTo(before).isEqualTo("1:primary::;");
        assertThat(Http.post(base, "/v1/models/m/predict", ROW).json().get("version").asText()).isEqualTo("1");
    }

    @Test
    void aTrafficChangeWithAWrongModeOrPercentIsRefusedAndNothingChanges() {
        assertThat(admin("/admin/models", load(", \"role\": \"candidate\", \"mode\": \"canary\", \"percent\": 0")).code())
                .isEqualTo(200);
        String before = routing();
        assertThat(before).isEqualTo("1:primary::;2:candidate:canary:0.0;");
        assertRefused(admin("/admin/models/m/traffic", "{\"mode\": \"shadw\", \"percent\": 100}"), 400,
                "mode: 'shadw' is not a mode; expected one of canary, shadow");
        assertRefused(admin("/admin/models/m/traffic", "{\"percent\": \"abc\"}"), 400, "percent: expected a number");
        assertRefused(admin("/admin/models/m/traffic", "{\"percent\": null}"), 400, "percent: expected a number");
        assertRefused(admin("/admin/models/m/traffic", "{\"percent\": 100, \"role\": \"x\"}"), 400,
                "role: unknown field; expected only mode, percent");
        assertThat(routing()).isEqualTo(before);
        for (int i = 0; i < 20; i++) {
            // still no traffic for the candidate: clients get the primary's answers only
            assertThat(Http.post(base, "/v1/models/m/predict", ROW).json().at("/prediction/label").asText()).isEqualTo("b");
        }
        assertThat(admin("/admin/models/m/traffic", "{\"mode\": \"shadow\"}").code()).isEqualTo(200);
        assertThat(routing()).isEqualTo("1:primary::;2:shadow:shadow:0.0;");
    }

    @Test
    void reloadingADeletedFileIsAConflictWithASentenceAndEveryVersionKeepsServing() throws Exception {
        assertThat(admin("/admin/models", load(", \"role\": \"candidate\", \"percent\": 0")).code()).isEqualTo(200);
        Files.delete(candidateFile);
        Http.Answer reload = admin("/admin/reload", "{}");
        assertRefused(reload, 409, "cannot reload m@2: its model file " + candidateFile + " no longer exists; nothing was reloaded");
        assertThat(reload.body()).doesNotContain("Exception");
        assertThat(routing()).isEqualTo("1:primary::;2:candidate:canary:0.0;");
        assertThat(Http.post(base, "/v1/models/m/predict", ROW).code()).isEqualTo(200);
        Files.writeString(dir.resolve("m1.model"), "-10");
        Files.writeString(candidateFile, "0");
        assertThat(admin("/admin/reload", "{}").code()).isEqualTo(200);
        assertThat(Http.post(base, "/v1/models/m/predict", ROW).json().at("/prediction/label").asText()).isEqualTo("a");
    }

    @Test
    void modelPathsAreShownOnlyWithTheTokenAndEveryAnswerNamesTheInstance() {
        JsonNode open = Http.get(base, "/v1/models").json().at("/models/0/versions/0");
        assertThat(open.has("source")).isFalse();
        assertThat(open.toString()).doesNotContain(dir.toString());
        JsonNode withToken = Json.read(Http.get(base, "/v1/models", "Authorization", "Bearer " + TOKEN).body())
                .at("/models/0/versions/0");
        assertThat(withToken.get("source").asText()).isEqualTo(dir.resolve("m1.model").toString());
        assertThat(Http.get(base, "/v1/models", "Authorization", "Bearer wrong").json().toString()).doesNotContain("source");
        assertThat(Http.get(base, "/health").json().get("instance").asText()).isEqualTo("instance-under-test");
        assertThat(Http.get(base, "/ready").json().get("instance").asText()).isEqualTo("instance-under-test");
        assertThat(Http.get(base, "/v1/models").header(ModelServer.INSTANCE_HEADER)).isEqualTo("instance-under-test");
        assertThat(Http.post(base, "/v1/models/m/predict", ROW).header(ModelServer.INSTANCE_HEADER))
                .isEqualTo("instance-under-test");
        assertThat(Http.get(base, "/nothing").header(ModelServer.INSTANCE_HEADER)).isEqualTo("instance-under-test");
    }

    /** Json.readTree without checked exceptions, for the test's own reads. */
    private static final class Json {
        static JsonNode read(String text) {
            try {
                return io.mlsteps.util.Json.mapper().readTree(text);
            } catch (java.io.IOException e) {
                throw new AssertionError(text, e);
            }
        }
    }
}
