package io.mlsteps.deploy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.mlsteps.registry.Registration;
import io.mlsteps.registry.Registry;
import io.mlsteps.step.StepContext;
import io.mlsteps.step.StepResult;
import io.mlsteps.step.StepRunner;
import io.mlsteps.step.StepStatus;
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
        Path dir = Files.createTempDirectory("mlsteps-docker-test");
        Path registryDir = dir.resolve("registry");
        try (Registry registry = Registry.open(registryDir.toString(), Map.of())) {
            registry.register(Registration.of("adultd", TestModels.adultLogistic(5, List.of())));
            registry.register(Registration.of("adultd", TestModels.adultLogistic(3, List.of())));
        }
        int port = TestModels.freePortPair();
        List<String> containers = new ArrayList<>();
        try {
            StepResult first = deploy(dir, registryDir, "adultd@1", port, base, testData);
            assertThat(first.getStatus()).as(first.getSummary()).isEqualTo(StepStatus.SUCCESS);
            String c1 = (String) first.getDetails().get("containerId");
            containers.add(c1);
            assertThat(first.getDetails().get("image")).isEqualTo("mlsteps-adultd:1");
            assertThat(first.getMetrics().get("smoke_mismatches")).isEqualTo(0.0);
            assertThat(Files.readString(dir.resolve("deployments/adultd/docker/1/Dockerfile")))
                    .contains("ARG BASE_IMAGE").contains("FROM ${BASE_IMAGE}").contains("HEALTHCHECK");
            ServerClient client = new ServerClient(URI.create("http://127.0.0.1:" + port), null);
            assertThat(client.models().at("/models/0/versions/0/version").asText()).isEqualTo("1");

            StepResult second = deploy(dir, registryDir, "adultd@2", port, base, testData);
            assertThat(second.getStatus()).as(second.getSummary()).isEqualTo(StepStatus.SUCCESS);
            containers.add((String) second.getDetails().get("containerId"));
            assertThat(second.getDetails().get("endpoint")).isEqualTo("http://127.0.0.1:" + (port + 1));
            ServerClient client2 = new ServerClient(URI.create("http://127.0.0.1:" + (port + 1)), null);
            assertThat(client2.models().at("/models/0/versions/0/version").asText()).isEqualTo("2");
            // the old container is gone
            assertThat(exists(docker, c1)).isFalse();
            try (Registry registry = Registry.open(registryDir.toString(), Map.of())) {
                assertThat(registry.aliases("adultd").get("production")).isEqualTo(2);
            }
        } finally {
            for (String c : containers) {
                if (c != null && exists(docker, c)) {
                    docker.removeContainerCmd(c).withForce(true).exec();
                }
            }
            for (String image : List.of("mlsteps-adultd:1", "mlsteps-adultd:2")) {
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
        DeployRequest r = new DeployRequest();
        r.model = ref;
        r.registry = registryDir.toString();
        r.target = "docker";
        r.baseImage = base;
        r.port = port;
        r.deployDir = dir.resolve("deployments").toString();
        r.smokeData = data.toString();
        r.smokeRows = 20;
        r.latencyBudgetMillis = 2000;
        System.out.println(Json.toString(Map.of("deploying", ref)));
        return new StepRunner().run(new DeployModelStep(), r, new StepContext(dir, dir.resolve("runs/" + System.nanoTime()),
                new StepLog(System.out, "deployModel", false), Map.of()));
    }
}
