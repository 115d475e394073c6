package io.mlsteps.deploy;

import io.mlsteps.testing.Req;

import io.mlsteps.contract.steps.DeployModelRequest;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.mlsteps.registry.Registration;
import io.mlsteps.registry.Registry;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.run.StepRunner;
import io.mlsteps.contract.result.StepStatus;
import io.mlsteps.testing.SharedData;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The docker target end to end against a real engine: builds an image per version from the generated
 * context on a locally built base image, runs it with host networking, smoke-tests it, switches blue/green,
 * and removes the old container. Skipped unless MLSTEPS_TEST_DOCKER=1 (CI starts dockerd and builds the
 * base image with .ci/docker-base-image.sh).
 */
class DockerDeployTest {
    @Test
    void buildsRunsSmokeTestsAndSwitchesContainers() throws Exception {
        Assumptions.assumeTrue("1".equals(System.getenv("MLSTEPS_TEST_DOCKER")),
                "skipped: MLSTEPS_TEST_DOCKER is not 1 (start a Docker engine with .ci/services.sh)");
        String base = System.getenv().getOrDefault("MLSTEPS_TEST_DOCKER_BASE_IMAGE", "mlsteps-test-base:bookworm-jre17");
        DockerClient docker = DockerTarget.client(null);
        try {
            docker.inspectImageCmd(base).exec();
        } catch (NotFoundException e) {
            Assumptions.abort("skipped: base image " + base + " not found (build it with .ci/docker-base-image.sh)");
        }
        Path testData = SharedData.require("adult/adult_test.csv");
        // a name of its own: image tags must not collide with a concurrent run of this test on the same engine
        String name = "adultd" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        Path dir = Files.createTempDirectory("mlsteps-docker-test");
        Path registryDir = dir.resolve("registry");
        try (Registry registry = Registry.open(registryDir.toString(), Map.of())) {
            registry.register(Registration.of(name, TestModels.adultLogistic(5, List.of())));
            registry.register(Registration.of(name, TestModels.adultLogistic(3, List.of())));
            registry.register(Registration.of(name, TestModels.adultLogistic(4, List.of())));
        }
        int port = TestModels.freePortPair();
        List<String> containers = new ArrayList<>();
        try {
            StepResult first = deploy(dir, registryDir, name + "@1", port, base, testData);
            assertThat(first.getStatus()).as(first.getSummary()).isEqualTo(StepStatus.SUCCESS);
            String c1 = (String) first.getDetails().get("containerId");
            containers.add(c1);
            assertThat(first.getDetails().get("image")).isEqualTo("mlsteps-" + name + ":1");
            assertThat(first.getMetrics().get("smoke_mismatches")).isEqualTo(0.0);
            assertThat(Files.readString(dir.resolve("deployments/" + name + "/docker/1/Dockerfile")))
                    .contains("ARG BASE_IMAGE").contains("FROM ${BASE_IMAGE}").contains("HEALTHCHECK");
            ServerClient client = new ServerClient(URI.create("http://127.0.0.1:" + port), null);
            assertThat(client.models().at("/models/0/versions/0/version").asText()).isEqualTo("1");

            StepResult second = deploy(dir, registryDir, name + "@2", port, base, testData);
            assertThat(second.getStatus()).as(second.getSummary()).isEqualTo(StepStatus.SUCCESS);
            containers.add((String) second.getDetails().get("containerId"));
            assertThat(second.getDetails().get("endpoint")).isEqualTo("http://127.0.0.1:" + (port + 1));
            ServerClient client2 = new ServerClient(URI.create("http://127.0.0.1:" + (port + 1)), null);
            assertThat(client2.models().at("/models/0/versions/0/version").asText()).isEqualTo("2");
            // the old container is gone
            assertThat(exists(docker, c1)).isFalse();
            // what a deployment logs when a smoke request gets no answer: the live server's threads; it goes on serving
            Instance live = DeploymentState.load(dir.resolve("deployments/" + name + "/docker.json"), name, "docker").active;
            DockerTarget target = new DockerTarget(dir.resolve("deployments/" + name),
                    request(dir, registryDir, name + "@2", port, base, testData).build(), "x", StepLog.silent(), Map.of());
            assertThat(target.threadDump(live)).startsWith("Full thread dump").contains("XNIO-").contains("JNI global ref");
            assertThat(client2.models().at("/models/0/versions/0/version").asText()).isEqualTo("2");
            try (Registry registry = Registry.open(registryDir.toString(), Map.of())) {
                assertThat(registry.aliases(name).get("production")).isEqualTo(2);
            }

            // canary inside the running container: the candidate is loaded beside the primary, takes half the
            // traffic for the analysis window, and is promoted in place (same container, same endpoint)
            Req<DeployModelRequest> canary = request(dir, registryDir, name + "@3", port, base, testData);
            canary.set("strategy", "canary");
            canary.set("canaryPercent", 50);
            canary.set("analysisRequests", 40);
            canary.set("trafficData", testData.toString());
            canary.set("latencySlackMillis", 1000);
            StepResult third = run(dir, canary);
            assertThat(third.getStatus()).as(third.getSummary()).isEqualTo(StepStatus.SUCCESS);
            assertThat(third.getMetrics().get("canary_requests")).isGreaterThanOrEqualTo(40.0);
            assertThat(third.getMetrics().get("canary_error_rate")).isEqualTo(0.0);
            assertThat(third.getDetails().get("containerId")).isEqualTo(containers.get(1));
            assertThat(client2.models().at("/models/0/versions")).hasSize(1);
            assertThat(client2.models().at("/models/0/versions/0/version").asText()).isEqualTo("3");
            try (Registry registry = Registry.open(registryDir.toString(), Map.of())) {
                assertThat(registry.aliases(name).get("production")).isEqualTo(3);
            }

            // a free port picked by the deployment (blue/green beside the running container), then stopping the model
            // leaves no container of the deployment folder behind, running or not
            Req<DeployModelRequest> auto = request(dir, registryDir, name + "@1", 0, base, testData);
            StepResult fourth = run(dir, auto);
            assertThat(fourth.getStatus()).as(fourth.getSummary()).isEqualTo(StepStatus.SUCCESS);
            containers.add((String) fourth.getDetails().get("containerId"));
            int autoPort = ((Number) fourth.getDetails().get("port")).intValue();
            assertThat(autoPort).isPositive().isNotIn(port, port + 1);
            assertThat(exists(docker, containers.get(1))).isFalse();
            assertThat(new ServerClient(URI.create("http://127.0.0.1:" + autoPort), null).models()
                    .at("/models/0/versions/0/version").asText()).isEqualTo("1");
            assertThat(Deployments.list(dir.resolve("deployments"), null, Map.of())).singleElement()
                    .satisfies(e -> assertThat(e.target() + " " + e.instance().port() + " " + e.health())
                            .isEqualTo("docker " + autoPort + " up"));
            Req<DeployModelRequest> stop = request(dir, registryDir, name, 0, base, testData).set("action", "stop");
            StepResult stopped = run(dir, stop);
            assertThat(stopped.getStatus()).as(stopped.getSummary()).isEqualTo(StepStatus.SUCCESS);
            assertThat(stopped.getSummary()).contains("stopped " + name + "@1 at http://127.0.0.1:" + autoPort);
            assertThat(docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(DockerTarget.HOME_LABEL, dir.resolve("deployments").resolve(name).toString()))
                    .exec()).isEmpty();
            assertThat(new ServerClient(URI.create("http://127.0.0.1:" + autoPort), null).get("/health").code()).isZero();
        } finally {
            for (String c : containers) {
                if (c != null && exists(docker, c)) {
                    docker.removeContainerCmd(c).withForce(true).exec();
                }
            }
            for (String image : List.of("mlsteps-" + name + ":1", "mlsteps-" + name + ":2", "mlsteps-" + name + ":3")) {
                try {
                    docker.removeImageCmd(image).withForce(true).exec();
                } catch (NotFoundException e) {
                    // not built
                }
            }
        }
    }

    private static boolean exists(DockerClient docker, String id) {
        try {
            docker.inspectContainerCmd(id).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static StepResult deploy(Path dir, Path registryDir, String ref, int port, String base, Path data) throws Exception {
        return run(dir, request(dir, registryDir, ref, port, base, data));
    }

    private static Req<DeployModelRequest> request(Path dir, Path registryDir, String ref, int port, String base, Path data) {
        Req<DeployModelRequest> r = Req.of(DeployModelRequest.class);
        r.set("model", ref);
        r.set("registry", registryDir.toString());
        r.set("target", "docker");
        r.set("baseImage", base);
        r.set("port", port);
        r.set("deployDir", dir.resolve("deployments").toString());
        r.set("smokeData", data.toString());
        r.set("smokeRows", 20);
        r.set("latencyBudgetMillis", 2000);
        return r;
    }

    private static StepResult run(Path dir, Req<DeployModelRequest> r) throws Exception {
        System.out.println(Json.toString(Map.of("deploying", r.build().model(), "strategy", r.build().strategy())));
        return new StepRunner().run(new DeployModelStep(), r.build(), new StepContext(dir, dir.resolve("runs/" + System.nanoTime()),
                new StepLog(System.out, "deployModel", false), Map.of()));
    }
}
