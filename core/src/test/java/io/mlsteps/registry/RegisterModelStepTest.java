package io.mlsteps.registry;

import io.mlsteps.testing.Req;

import io.mlsteps.contract.steps.RegisterModelRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.gate.QualityGate;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.run.StepCatalog;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.run.StepRunner;
import io.mlsteps.contract.result.StepStatus;
import io.mlsteps.testing.SharedData;
import io.mlsteps.util.Hashing;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code registerModel} as every front end runs it: through {@link StepRunner} with a request. */
class RegisterModelStepTest {
    @TempDir
    Path work;

    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("MLSTEPS_REGISTRY", work.resolve("registry").toString());
        env.put("JOB_NAME", "adult-train");
        env.put("BUILD_NUMBER", "42");
        env.put("BUILD_URL", "http://ci.example/job/adult-train/42/");
        env.put("BUILD_TAG", "jenkins-adult-train-42");
        env.put("GIT_COMMIT", "0123abc");
        return env;
    }

    StepResult run(Req<RegisterModelRequest> request) throws Exception {
        return run(request, env());
    }

    StepResult run(Req<RegisterModelRequest> request, Map<String, String> env) throws Exception {
        StepContext context = new StepContext(work, work.resolve(".mlsteps/registerModel"), StepLog.silent(), env);
        return new StepRunner().run(new RegisterModelStep(), request.build(), context);
    }

    /** A training step's outputs: model, model-card.json shaped like trainModel's, training-profile.json. */
    Path trainOutputs(Path data) throws IOException {
        Path dir = work.resolve(".mlsteps/trainModel");
        Files.createDirectories(dir);
        Path model = dir.resolve("model.tribuo");
        Files.write(model, ("tribuo model bytes for " + data).getBytes(StandardCharsets.UTF_8));
        String card = "{\"schemaVersion\":1,\"algorithm\":\"logistic_regression\",\"task\":\"classification\","
                + "\"trainingData\":{\"file\":\"" + data.getFileName() + "\",\"sha256\":\"" + Hashing.sha256(data)
                + "\",\"bytes\":" + Files.size(data) + ",\"fileRows\":3,\"rows\":3,\"skipped\":0},"
                + "\"metrics\":{\"accuracy\":0.8},\"ci\":{\"JOB_NAME\":\"adult-train\",\"BUILD_NUMBER\":\"41\","
                + "\"GIT_COMMIT\":\"0123abc\",\"BUILD_URL\":\"http://ci.example/job/adult-train/41/\"}}";
        Files.writeString(dir.resolve("model-card.json"), card);
        Files.writeString(dir.resolve("training-profile.json"), "{\"columns\":[]}");
        return model;
    }

    Path evaluateResult(String status, double accuracy) throws IOException {
        Path f = work.resolve(".mlsteps/evaluateModel/result.json");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "{\"schemaVersion\":1,\"step\":\"evaluateModel\",\"status\":\"" + status + "\","
                + "\"checks\":[],\"metrics\":{\"accuracy\":" + accuracy + ",\"roc_auc\":0.9,"
                + "\"roc_auc[sex=Female]\":\"NaN\"}}");
        return f;
    }

    @Test
    void registersTheTrainingOutputsWithMetricsMovesTheAliasAndDrawsTheLineage() throws Exception {
        Path data = Files.writeString(work.resolve("adult_train.csv"), "age,label\n30,yes\n40,no\n50,yes\n");
        Path model = trainOutputs(data);
        Req<RegisterModelRequest> req = Req.of(RegisterModelRequest.class);
        req.set("name", "adult");
        req.set("model", work.relativize(model).toString());
        req.set("metrics", work.relativize(evaluateResult("SUCCESS", 0.86)).toString());
        req.set("alias", "staging");
        req.set("requireGate", true);
        req.set("tags", Map.of("team", "risk"));

        StepResult result = run(req);

        assertThat(result.getStatus()).isEqualTo(StepStatus.SUCCESS);
        assertThat(result.getDetails()).containsEntry("version", 1).containsEntry("name", "adult")
                .containsEntry("ref", "adult@1").containsEntry("aliasMoved", true);
        assertThat(result.getMetrics()).containsEntry("accuracy", 0.86);
        assertThat(result.getChecks()).extracting(c -> c.name() + " " + c.outcome())
                .containsExactly("registered PASSED", "alias:staging PASSED");
        assertThat(result.getChecks().get(0).message()).startsWith("Registered adult@1 (model.tribuo, ");
        Path stepDir = work.resolve(".mlsteps/registerModel");
        assertThat(stepDir.resolve("result.json")).exists();
        assertThat(ImageIO.read(stepDir.resolve("charts/lineage.png").toFile()).getWidth()).isGreaterThan(300);
        assertThat(Files.readString(stepDir.resolve("lineage.dot"))).contains("digraph").contains("model:adult@1");

        try (Registry registry = Registry.open(null, env())) {
            ModelVersion v = registry.resolve("adult@staging");
            assertThat(v.version()).isEqualTo(1);
            assertThat(v.metrics()).containsEntry("roc_auc", 0.9);
            assertThat(v.metrics().get("roc_auc[sex=Female]")).isNaN();
            assertThat(v.tags()).containsEntry("team", "risk");
            assertThat(v.card().get("algorithm").asText()).isEqualTo("logistic_regression");
            assertThat(v.profileSha256()).isEqualTo(Hashing.sha256(model.resolveSibling("training-profile.json")));
            assertThat(v.datasets()).singleElement().satisfies(d -> {
                assertThat(d.sha256()).isEqualTo(Hashing.sha256(data));
                assertThat(d.rows()).isEqualTo(3L);
                assertThat(d.uri()).isEqualTo("adult_train.csv");
            });
            assertThat(v.build().url()).isEqualTo("http://ci.example/job/adult-train/42/");
            assertThat(v.createdBy()).startsWith("build:jenkins-adult-train-42");
            assertThat(registry.events("adult", 1, LineageEvent.EVALUATION)).singleElement()
                    .satisfies(e -> assertThat(e.passed()).isTrue());
            assertThat(registry.aliasHistory("adult", "staging")).singleElement()
                    .satisfies(e -> assertThat(e.gateChecked()).isTrue());
        }
        JsonNode lineage = Json.mapper().readTree(stepDir.resolve("lineage.json").toFile());
        assertThat(lineage.toString()).contains("dataset:" + Hashing.sha256(data));
        assertThat(lineage.get("engine").get("version").asText()).isEqualTo(io.mlsteps.util.EngineVersion.current().version());
    }

    @Test
    void aComparisonAcceptedByAnAuditedOverrideMayTakeAGatedAliasButAPlainUnstableOneMayNot() throws Exception {
        Files.writeString(work.resolve("model.onnx"), "onnx");
        Path f = work.resolve(".mlsteps/compareToBaseline/result.json");
        Files.createDirectories(f.getParent());
        for (boolean accepted : new boolean[]{true, false}) {
            Files.writeString(f, "{\"schemaVersion\":1,\"step\":\"compareToBaseline\",\"status\":\"UNSTABLE\","
                    + "\"checks\":[],\"metrics\":{\"accuracy\":0.8},\"details\":{\"accepted\":" + accepted + "}}");
            Req<RegisterModelRequest> req = Req.of(RegisterModelRequest.class);
            req.set("name", "override");
            req.set("model", "model.onnx");
            req.set("metrics", work.relativize(f).toString());
            req.set("alias", accepted ? "production" : "canary");
            req.set("requireGate", true);
            StepResult result = run(req);
            assertThat(result.getDetails()).containsEntry("aliasMoved", accepted);
        }
    }

    @Test
    void aFailedEvaluationKeepsTheGatedAliasButRegistersTheVersion() throws Exception {
        Path model = Files.writeString(work.resolve("model.onnx"), "onnx");
        Req<RegisterModelRequest> req = Req.of(RegisterModelRequest.class);
        req.set("name", "fraud");
        req.set("model", "model.onnx");
        req.set("metrics", work.relativize(evaluateResult("FAILURE", 0.5)).toString());
        req.set("alias", "production");
        req.set("requireGate", true);

        StepResult result = run(req);

        assertThat(result.getStatus()).isEqualTo(StepStatus.FAILURE);
        assertThat(result.getDetails()).containsEntry("aliasMoved", false).containsEntry("version", 1);
        assertThat(result.failedChecks()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("alias:production");
            assertThat(c.message()).contains("did not pass");
        });
        try (Registry registry = Registry.open(null, env())) {
            assertThat(registry.aliases("fraud")).isEmpty();
            assertThat(registry.resolve("fraud").artifactSha256()).isEqualTo(Hashing.sha256(model));
        }
    }

    @Test
    void failedQualityGatesKeepTheAliasWhereItIs() throws Exception {
        Files.writeString(work.resolve("m.pkl"), "pickle");
        Files.writeString(work.resolve("metrics.json"), "{\"accuracy\": 0.7, \"f1\": 0.6}");
        Req<RegisterModelRequest> req = Req.of(RegisterModelRequest.class);
        req.set("name", "churn");
        req.set("model", "m.pkl");
        req.set("metrics", "metrics.json");
        req.set("alias", "staging");
        req.set("qualityGates", List.of(QualityGate.threshold("accuracy", 0.8, Criticality.FAILURE)));

        StepResult result = run(req);

        assertThat(result.getStatus()).isEqualTo(StepStatus.FAILURE);
        assertThat(result.getChecks()).filteredOn(c -> c.outcome() == CheckOutcome.FAILED)
                .extracting(c -> c.name()).contains("alias:staging");
        try (Registry registry = Registry.open(null, env())) {
            assertThat(registry.aliases("churn")).isEmpty();
            assertThat(registry.resolve("churn@1").metrics()).containsEntry("f1", 0.6);
            assertThat(registry.gatePassed("churn", 1)).isFalse();
        }
    }

    @Test
    void aRelativeRegistryFolderIsInTheWorkspace() throws Exception {
        Files.writeString(work.resolve("m.bin"), "m");
        Req<RegisterModelRequest> req = request("adult", "m.bin", null);
        req.set("registry", "models/registry");
        run(req);
        assertThat(work.resolve("models/registry/registry.db")).exists();
        Map<String, String> env = env();
        env.put("MLSTEPS_REGISTRY", "env-registry");
        run(request("adult", "m.bin", null), env);
        assertThat(work.resolve("env-registry/registry.db")).exists();
    }

    @Test
    void theStepIsInTheCatalogAndItsRequestReadsFromJenkinsfileArguments() {
        assertThat(StepCatalog.find("registerModel")).get().isInstanceOf(RegisterModelStep.class);
        RegisterModelRequest req = io.mlsteps.step.Requests.bind(RegisterModelRequest.class, Map.of("name", "adult", "model", "m.bin", "alias", "staging",
                "requireGate", true, "tags", Map.of("a", "b"), "results", List.of("r.json")));
        assertThat(req.requireGate()).isTrue();
        assertThat(req.tags()).containsEntry("a", "b");
        assertThatThrownBy(() -> io.mlsteps.step.Requests.bind(RegisterModelRequest.class, Map.of("nmae", "x")))
                .isInstanceOf(InputException.class).hasMessageContaining("unknown argument 'nmae'")
                .hasMessageContaining("did you mean 'name'?");
    }

    @Test
    void badInputsAreLocatedErrorsAndStoreNothing() throws Exception {
        Files.writeString(work.resolve("m.bin"), "m");
        Files.writeString(work.resolve("bad.json"), "{\n  \"accuracy\": 0.8,\n  oops\n}");
        Files.writeString(work.resolve("text.json"), "{\"metrics\": {\"accuracy\": \"high\"}}");
        Files.writeString(work.resolve("empty.json"), "{\"note\": \"none\"}");

        assertThatThrownBy(() -> run(request(null, "m.bin", null))).isInstanceOf(InputException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> run(request("adult", null, null))).isInstanceOf(InputException.class)
                .hasMessageContaining("model");
        assertThatThrownBy(() -> run(request("adult", "missing.bin", null))).isInstanceOf(InputException.class)
                .hasMessageContaining("missing.bin");
        assertThatThrownBy(() -> run(request("../etc", "m.bin", null))).isInstanceOf(InputException.class)
                .hasMessageContaining("invalid model name");
        assertThatThrownBy(() -> run(request("adult", "m.bin", "bad.json"))).isInstanceOf(InputException.class)
                .hasMessageContaining("bad.json:3:");
        assertThatThrownBy(() -> run(request("adult", "m.bin", "text.json"))).isInstanceOf(InputException.class)
                .hasMessageContaining("'accuracy' is not a number");
        assertThatThrownBy(() -> run(request("adult", "m.bin", "empty.json"))).isInstanceOf(InputException.class)
                .hasMessageContaining("no numeric metrics");
        Req<RegisterModelRequest> badAlias = request("adult", "m.bin", null);
        badAlias.set("alias", "12");
        assertThatThrownBy(() -> run(badAlias)).isInstanceOf(InputException.class).hasMessageContaining("invalid alias");
        try (Registry registry = Registry.open(null, env())) {
            assertThat(registry.models()).isEmpty();
        }
    }

    Req<RegisterModelRequest> request(String name, String model, String metrics) {
        Req<RegisterModelRequest> req = Req.of(RegisterModelRequest.class);
        req.set("name", name);
        req.set("model", model);
        req.set("metrics", metrics);
        return req;
    }

    @Test
    void emitsOpenLineageStartAndCompleteAsJsonLines() throws Exception {
        Path data = Files.writeString(work.resolve("adult_train.csv"), "age,label\n30,yes\n");
        Path model = trainOutputs(data);
        Req<RegisterModelRequest> req = request("adult", work.relativize(model).toString(), null);
        req.set("openLineage", "lineage/events.jsonl");

        run(req);

        List<String> lines = Files.readAllLines(work.resolve("lineage/events.jsonl"));
        assertThat(lines).hasSize(2);
        JsonNode start = Json.mapper().readTree(lines.get(0));
        JsonNode complete = Json.mapper().readTree(lines.get(1));
        assertThat(start.get("eventType").asText()).isEqualTo("START");
        assertThat(complete.get("eventType").asText()).isEqualTo("COMPLETE");
        assertThat(complete.get("run").get("runId").asText()).isEqualTo(start.get("run").get("runId").asText());
        assertThat(complete.get("job").get("name").asText()).isEqualTo("adult-train.registerModel");
        assertThat(complete.get("schemaURL").asText()).contains("openlineage.io/spec");
        assertThat(complete.get("producer").asText()).isNotBlank();
        assertThat(complete.get("inputs").get(0).get("facets").get("version").get("datasetVersion").asText())
                .isEqualTo(Hashing.sha256(data));
        JsonNode output = complete.get("outputs").get(0);
        assertThat(output.get("name").asText()).isEqualTo("adult");
        assertThat(output.get("facets").get("version").get("datasetVersion").asText()).isEqualTo("1");
        assertThat(complete.get("run").get("facets").get("mlsteps_build").get("url").asText())
                .isEqualTo("http://ci.example/job/adult-train/42/");
    }

    @Test
    void emitsOpenLineageToAnHttpEndpointAndFailEventsOnErrors() throws Exception {
        List<String> bodies = Collections.synchronizedList(new ArrayList<>());
        List<String> paths = Collections.synchronizedList(new ArrayList<>());
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        server.start();
        try {
            Files.writeString(work.resolve("m.bin"), "m");
            Req<RegisterModelRequest> ok = request("adult", "m.bin", null);
            ok.set("openLineage", "http://127.0.0.1:" + server.getAddress().getPort());
            run(ok);
            Req<RegisterModelRequest> failing = request("adult", "m.bin", null);
            failing.set("openLineage", "http://127.0.0.1:" + server.getAddress().getPort());
            failing.set("registry", "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1&blobs=" + work.resolve("blobs"));
            assertThatThrownBy(() -> run(failing)).isInstanceOf(InputException.class).hasMessageContaining("cannot open");
        } finally {
            server.stop(0);
        }
        assertThat(paths).containsOnly("/api/v1/lineage");
        assertThat(bodies).extracting(b -> Json.mapper().readTree(b).get("eventType").asText())
                .containsExactly("START", "COMPLETE", "START", "FAIL");
        assertThat(Json.mapper().readTree(bodies.get(3)).get("run").get("facets").get("errorMessage").get("message").asText())
                .contains("cannot open the registry");
    }

    @Test
    void anUnreachableLineageServerIsAWarningNotAFailure() throws Exception {
        Files.writeString(work.resolve("m.bin"), "m");
        Req<RegisterModelRequest> req = request("adult", "m.bin", null);
        req.set("openLineage", "http://127.0.0.1:1/api/v1/lineage");
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        StepContext context = new StepContext(work, work.resolve(".mlsteps/registerModel"),
                new StepLog(new java.io.PrintStream(log, true, StandardCharsets.UTF_8), "registerModel", false), env());
        StepResult result = new StepRunner().run(new RegisterModelStep(), req.build(), context);
        assertThat(result.getStatus()).isEqualTo(StepStatus.SUCCESS);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("WARNING: OpenLineage: could not send the START event");
    }

    @Test
    void registersTheAdultTrainingDataLineageFromTheSharedDataset() throws Exception {
        Path csv = SharedData.require("adult/adult_train.csv");
        Path local = Files.copy(csv, work.resolve("adult_train.csv"));
        Path model = trainOutputs(local);
        Req<RegisterModelRequest> req = request("adult", work.relativize(model).toString(), null);
        req.set("alias", "production");
        run(req);
        try (Registry registry = Registry.open(null, env())) {
            var graph = registry.lineage("adult@production");
            assertThat(graph.upstream(graph.getRoot())).extracting(n -> n.id())
                    .contains("dataset:" + Hashing.sha256(csv));
        }
    }
}
