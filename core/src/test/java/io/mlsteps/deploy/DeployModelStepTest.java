package io.mlsteps.deploy;

import io.mlsteps.testing.Req;

import io.mlsteps.contract.steps.DeployModelRequest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.registry.LineageEvent;
import io.mlsteps.registry.Registration;
import io.mlsteps.registry.Registry;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.run.StepRunner;
import io.mlsteps.contract.result.StepStatus;
import io.mlsteps.testing.SharedData;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local target end to end with real trained models and a real registry: blue/green deployment and
 * replacement of a version, a rollout that fails its smoke test and rolls back, canary promotion and
 * canary rollback, shadow. The servers are detached processes on loopback; every one is stopped at the end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployModelStepTest {
    private static Path dir;
    private static Path registryDir;
    private static Path deployDir;
    private static int port;
    private static Path testData;

    @BeforeAll
    static void setUp() throws Exception {
        testData = SharedData.require("adult/adult_test.csv");
        dir = Files.createTempDirectory("mlsteps-deploy-test");
        registryDir = dir.resolve("registry");
        deployDir = dir.resolve("deployments");
        port = TestModels.freePortPair();
        try (Registry registry = Registry.open(registryDir.toString(), Map.of())) {
            registry.register(Registration.of("adult", TestModels.adultLogistic(5, List.of())));  // 1
            registry.register(Registration.of("adult", TestModels.adultLogistic(3, List.of())));  // 2
            // 3: a schema change, 'age' renamed 'age_years': it rejects the requests the primary answers (a column it
            // merely excluded would be ignored in requests, see ExcludedColumnsTest)
            registry.register(Registration.of("adult", TestModels.adultLogisticWithRenamedColumn("age", "age_years")));
            registry.register(Registration.of("adult", TestModels.adultLogistic(2, List.of())));  // 4
        }
    }

    @AfterAll
    static void stopServers() {
        if (deployDir == null) {
            return;
        }
        Path state = deployDir.resolve("adult").resolve("local.json");
        LocalTarget target = new LocalTarget(deployDir.resolve("adult"), List.of(), "x");
        Instance active = Files.exists(state) ? DeploymentState.load(state, "adult", "local").active : null;
        if (active != null) {
            target.stop(active);
        }
        target.strays(null).forEach(target::stop);  // anything else started from the folder
        assertThat(target.strays(null)).as("servers left running").isEmpty();
    }

    private static Req<DeployModelRequest> request(String model, String strategy) {
        Req<DeployModelRequest> r = Req.of(DeployModelRequest.class);
        r.set("model", model);
        r.set("registry", registryDir.toString());
        r.set("strategy", strategy);
        r.set("port", port);
        r.set("deployDir", deployDir.toString());
        r.set("smokeData", testData.toString());
        r.set("smokeRows", 30);
        r.set("latencyBudgetMillis", 2000);
        return r;
    }

    private static StepResult run(Req<DeployModelRequest> request) throws Exception {
        return new StepRunner().run(new DeployModelStep(), request.build(),
                new StepContext(dir, dir.resolve("runs").resolve("deploy-" + System.nanoTime()),
                        new StepLog(System.out, "deployModel", false), Map.of()));
    }

    private static Integer production() {
        try (Registry registry = Registry.open(registryDir.toString(), Map.of())) {
            return registry.aliases("adult").get("production");
        }
    }

    private static JsonNode predict(String endpoint) {
        ServerClient.Answer a = new ServerClient(URI.create(endpoint), null).predict("adult", Json.toString(Map.of(
                "inputs", Map.ofEntries(Map.entry("age", 39), Map.entry("workclass", "State-gov"),
                        Map.entry("fnlwgt", 77516), Map.entry("education", "Bachelors"), Map.entry("education_num", 13),
                        Map.entry("marital_status", "Never-married"), Map.entry("occupation", "Adm-clerical"),
                        Map.entry("relationship", "Not-in-family"), Map.entry("race", "White"), Map.entry("sex", "Male"),
                        Map.entry("capital_gain", 2174), Map.entry("capital_loss", 0), Map.entry("hours_per_week", 40),
                        Map.entry("native_country", "United-States")))), null);
        assertThat(a.code()).as(a.body()).isEqualTo(200);
        return a.json();
    }

    private static long pid(StepResult r) {
        return ((Number) r.getDetails().get("pid")).longValue();
    }

    @Test
    @Order(1)
    void firstDeploymentStartsADetachedServerAndMovesTheAlias() throws Exception {
        StepResult r = run(request("adult@1", "blueGreen"));
        assertThat(r.getStatus()).as(r.getSummary()).isEqualTo(StepStatus.SUCCESS);
        assertThat(r.getDetails().get("endpoint")).isEqualTo("http://127.0.0.1:" + port);
        assertThat(r.getChecks()).extracting(c -> c.name()).contains("smoke:skew", "smoke:latency", "deploy:rollout");
        assertThat(r.getMetrics().get("smoke_mismatches")).isEqualTo(0.0);
        assertThat(ProcessHandle.of(pid(r)).map(ProcessHandle::isAlive)).contains(true);
        assertThat(production()).isEqualTo(1);
        assertThat(predict("http://127.0.0.1:" + port).get("version").asText()).isEqualTo("1");
        // the active server's own prediction log, where a monitoring job finds the requests just served
        Path predictionLog = Path.of((String) r.getDetails().get("predictionLog"));
        assertThat(predictionLog.getFileName().toString()).isEqualTo("predictions-" + port + ".jsonl");
        assertThat(predictionLog).exists();
        try (Registry registry = Registry.open(registryDir.toString(), Map.of())) {
            List<LineageEvent> events = registry.events("adult", 1, LineageEvent.DEPLOYMENT);
            assertThat(events).hasSize(1);
            assertThat(events.get(0).passed()).isTrue();
            assertThat(events.get(0).attributes().get("endpoint")).isEqualTo("http://127.0.0.1:" + port);
        }
        assertThat(r.getLineage()).anyMatch(l -> l.kind().equals("deployment") && l.role().equals("output"));
    }

    @Test
    @Order(2)
    void blueGreenStartsTheNewVersionOnTheOtherPortThenStopsTheOld() throws Exception {
        Instance before = DeploymentState.load(deployDir.resolve("adult/local.json"), "adult", "local").active;
        StepResult r = run(request("adult@2", "blueGreen"));
        assertThat(r.getStatus()).as(r.getSummary()).isEqualTo(StepStatus.SUCCESS);
        assertThat(r.getDetails().get("endpoint")).isEqualTo("http://127.0.0.1:" + (port + 1));
        assertThat(ProcessHandle.of(before.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(predict("http://127.0.0.1:" + (port + 1)).get("version").asText()).isEqualTo("2");
        assertThat(production()).isEqualTo(2);
    }

    @Test
    @Order(3)
    void aFailedSmokeTestRollsBackAndTheAliasStays() throws Exception {
        Instance before = DeploymentState.load(deployDir.resolve("adult/local.json"), "adult", "local").active;
        Req<DeployModelRequest> request = request("adult@4", "blueGreen");
        request.set("latencyBudgetMillis", 0.001);  // no HTTP round trip is that fast
        StepResult r = run(request);
        assertThat(r.getStatus()).isEqualTo(StepStatus.FAILURE);
        assertThat(r.getSummary()).contains("rolled back: smoke test failed").contains("latency");
        assertThat(r.getChecks()).anyMatch(c -> c.name().equals("smoke:latency") && c.outcome() == CheckOutcome.FAILED);
        assertThat(production()).isEqualTo(2);
        assertThat(r.getDetails().get("endpoint")).isEqualTo(before.endpoint());
        assertThat(predict(before.endpoint()).get("version").asText()).isEqualTo("2");
        // nothing listens on the port the failed version used
        assertThat(new ServerClient(URI.create("http://127.0.0.1:" + port), null).get("/health").code()).isZero();
        try (Registry registry = Registry.open(registryDir.toString(), Map.of())) {
            assertThat(registry.events("adult", 4, LineageEvent.DEPLOYMENT)).singleElement()
                    .satisfies(e -> assertThat(e.passed()).isFalse());
        }
    }

    @Test
    @Order(4)
    void canaryWithABrokenCandidateRollsBack() throws Exception {
        Instance before = DeploymentState.load(deployDir.resolve("adult/local.json"), "adult", "local").active;
        Req<DeployModelRequest> request = request("adult@3", "canary");
        request.set("canaryPercent", 50);
        request.set("analysisRequests", 40);
        request.set("trafficData", testData.toString());
        // its own smoke data has its schema, so the smoke test passes; the traffic it gets has the old one
        List<String> lines = Files.readAllLines(testData);
        lines.set(0, lines.get(0).replace("age,", "age_years,"));
        request.set("smokeData", Files.write(dir.resolve("adult_test_age_years.csv"), lines).toString());
        StepResult r = run(request);
        assertThat(r.getStatus()).isEqualTo(StepStatus.FAILURE);
        assertThat(r.getSummary()).contains("canary analysis failed").contains("error rate");
        assertThat(r.getMetrics().get("canary_error_rate")).isEqualTo(1.0);
        assertThat(r.getMetrics().get("primary_error_rate")).isEqualTo(0.0);
        assertThat(production()).isEqualTo(2);
        // the same server process still serves version 2 alone
        assertThat(r.getDetails().get("pid")).isEqualTo(before.pid());
        JsonNode versions = new ServerClient(URI.create(before.endpoint()), null).models().at("/models/0/versions");
        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).get("version").asText()).isEqualTo("2");
    }

    @Test
    @Order(5)
    void canaryThatPassesTheAnalysisIsPromotedInTheSameServer() throws Exception {
        Instance before = DeploymentState.load(deployDir.resolve("adult/local.json"), "adult", "local").active;
        Req<DeployModelRequest> request = request("adult@1", "canary");
        request.set("canaryPercent", 50);
        request.set("analysisRequests", 40);
        request.set("trafficData", testData.toString());
        // this test is about the promotion; on a machine shared with other builds latency is noise
        request.set("latencySlackMillis", 1000);
        StepResult r = run(request);
        assertThat(r.getStatus()).as(r.getSummary()).isEqualTo(StepStatus.SUCCESS);
        assertThat(r.getMetrics().get("canary_requests")).isGreaterThanOrEqualTo(40.0);
        assertThat(r.getMetrics().get("canary_error_rate")).isEqualTo(0.0);
        assertThat(production()).isEqualTo(1);
        assertThat(r.getDetails().get("pid")).isEqualTo(before.pid());
        JsonNode versions = new ServerClient(URI.create(before.endpoint()), null).models().at("/models/0/versions");
        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).get("version").asText()).isEqualTo("1");
        assertThat(DeploymentState.load(deployDir.resolve("adult/local.json"), "adult", "local").active.version())
                .isEqualTo("1");
    }

    @Test
    @Order(6)
    void shadowScoresCopiesThenPromotes() throws Exception {
        Req<DeployModelRequest> request = request("adult@4", "shadow");
        request.set("analysisRequests", 30);
        request.set("trafficData", testData.toString());
        request.set("latencySlackMillis", 1000);
        StepResult r = run(request);
        assertThat(r.getStatus()).as(r.getSummary()).isEqualTo(StepStatus.SUCCESS);
        assertThat(r.getMetrics().get("canary_requests")).isGreaterThanOrEqualTo(30.0);
        assertThat(production()).isEqualTo(4);
    }

    @Test
    @Order(7)
    void replaceStopsTheOldServerAndStartsTheNewOnTheSamePort() throws Exception {
        Instance before = DeploymentState.load(deployDir.resolve("adult/local.json"), "adult", "local").active;
        StepResult r = run(request("adult@2", "replace"));
        assertThat(r.getStatus()).as(r.getSummary()).isEqualTo(StepStatus.SUCCESS);
        assertThat(r.getDetails().get("endpoint")).isEqualTo(before.endpoint());
        assertThat(pid(r)).isNotEqualTo(before.pid());
        assertThat(predict(before.endpoint()).get("version").asText()).isEqualTo("2");
        assertThat(production()).isEqualTo(2);
    }

    /** What a deployment logs when a smoke request gets no answer: the live server's threads, and it goes on serving. */
    @Test
    @Order(8)
    void theLocalTargetTakesTheServersThreadDumpWithoutStoppingIt() throws Exception {
        Instance active = DeploymentState.load(deployDir.resolve("adult/local.json"), "adult", "local").active;
        String dump = new LocalTarget(deployDir.resolve("adult"), List.of(), "x").threadDump(active);
        assertThat(dump).startsWith("Full thread dump").contains("XNIO-").contains("JNI global ref");
        assertThat(ProcessHandle.of(active.pid()).map(ProcessHandle::isAlive)).contains(true);
        assertThat(predict(active.endpoint()).get("version").asText()).isEqualTo("2");
        Instance gone = new Instance(active.endpoint(), active.port(), null, null, active.version(), active.ref(),
                active.sha256(), active.modelPath(), active.configFile(), active.logFile(), null, active.startedAt(), null);
        assertThat(new LocalTarget(deployDir.resolve("adult"), List.of(), "x").threadDump(gone)).isEmpty();
        // with the server's counters and, where ss is installed, the kept-alive connection the counters came over
        String report = UnansweredRequests.describe(new LocalTarget(deployDir.resolve("adult"), List.of(), "x"), active,
                new ServerClient(URI.create(active.endpoint()), null));
        assertThat(report).contains("mlsteps_requests_total").contains("Full thread dump");
        if (Files.isExecutable(Path.of("/usr/bin/ss")) || Files.isExecutable(Path.of("/bin/ss"))) {
            assertThat(report).contains("Recv-Q").containsPattern("127\\.0\\.0\\.1\\]?:" + active.port());
        }
    }

    @Test
    void badArgumentsAreInputErrors() {
        Req<DeployModelRequest> both = request("adult@1", "blueGreen");
        both.set("modelFile", "model.tribuo");
        assertThatThrownBy(() -> run(both)).isInstanceOf(InputException.class).hasMessageContaining("exactly one of");
        Req<DeployModelRequest> target = request("adult@1", "blueGreen");
        target.set("target", "mainframe");
        assertThatThrownBy(() -> run(target)).isInstanceOf(InputException.class)
                .hasMessageContaining("expected one of local, docker, kubernetes");
        Req<DeployModelRequest> strategy = request("adult@1", "yolo");
        assertThatThrownBy(() -> run(strategy)).isInstanceOf(InputException.class).hasMessageContaining("replace, blueGreen");
        Req<DeployModelRequest> portless = request("adult@1", "blueGreen");
        portless.set("port", 70000);
        assertThatThrownBy(() -> run(portless)).isInstanceOf(InputException.class).hasMessageContaining("port");
        Req<DeployModelRequest> file = Req.of(DeployModelRequest.class);
        file.set("modelFile", dir.resolve("missing.tribuo").toString());
        file.set("name", "x");
        assertThatThrownBy(() -> run(file)).isInstanceOf(InputException.class).hasMessageContaining("model file not found");
        Req<DeployModelRequest> unknown = request("nosuchmodel@1", "blueGreen");
        assertThatThrownBy(() -> run(unknown)).isInstanceOf(InputException.class);
    }
}
