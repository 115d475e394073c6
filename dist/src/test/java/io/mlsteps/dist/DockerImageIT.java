package io.mlsteps.dist;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.mlsteps.dist.ReleaseFixture.VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The container image, built from the repository's Dockerfile on the real Docker engine and run as a CI job runs
 * it: the sample pipeline in a mounted workspace, as the host's user, to SUCCESS. Where no image registry is
 * reachable the base images are the local ones .ci/docker-release-bases.sh builds (MLSTEPS_TEST_DOCKER_BUILD_IMAGE,
 * MLSTEPS_TEST_DOCKER_BASE_IMAGE); without them the Dockerfile's public defaults are used. Skipped with the reason
 * where no Docker engine is set up (MLSTEPS_TEST_DOCKER=1, as the deployment tests).
 */
class DockerImageIT {
    @TempDir
    Path tmp;

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String tag = "mlsteps-it:" + VERSION.toLowerCase() + "-" + id;
    private final String container = "mlsteps-it-" + id;

    @AfterEach
    void removeWhatTheTestMade() throws Exception {
        if ("1".equals(System.getenv("MLSTEPS_TEST_DOCKER"))) {
            ReleaseFixture.run(tmp, Map.of(), 120, "docker", "rm", "-f", container);
            // --no-prune keeps the untagged layers: they are the build cache the next image build reuses
            ReleaseFixture.run(tmp, Map.of(), 120, "docker", "rmi", "--no-prune", tag);
        }
    }

    @Test
    @Timeout(2400)
    void theImageRunsTheSamplePipelineInAMountedWorkspace() throws Exception {
        assumeTrue("1".equals(System.getenv("MLSTEPS_TEST_DOCKER")),
                "needs a Docker engine (MLSTEPS_TEST_DOCKER=1; .ci/services.sh starts one)");
        String head = ReleaseFixture.gitHead();
        List<String> build = new ArrayList<>(List.of("docker", "build", "--network", "host", "-t", tag,
                "--build-arg", "MLSTEPS_COMMIT=" + (head == null ? "" : head)));
        baseImage("MLSTEPS_TEST_DOCKER_BUILD_IMAGE", "BUILD_IMAGE", build);
        baseImage("MLSTEPS_TEST_DOCKER_BASE_IMAGE", "RUNTIME_IMAGE", build);
        build.add(ReleaseFixture.ROOT.toString());
        long start = System.nanoTime();
        ReleaseFixture.Run built = ReleaseFixture.run(ReleaseFixture.ROOT, Map.of(), 2000, build);
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        System.out.printf("docker build of %s: %d s (cached steps: %d)%n", tag, seconds,
                built.output().split("Using cache", -1).length - 1);
        assertThat(built.exit()).as(built.output()).isZero();

        ReleaseFixture.Run version = ReleaseFixture.run(tmp, Map.of(), 120, "docker", "run", "--rm", "--network", "host",
                tag, "--version");
        assertThat(version.exit()).as(version.output()).isZero();
        assertThat(version.output()).startsWith("mlsteps " + VERSION + " (commit "
                + (head == null ? "unknown" : head.substring(0, 10)) + ", built ");

        Path workspace = ReleaseFixture.workspaceWithSamples(Files.createDirectories(tmp.resolve("model-repo")));
        int port = ReleaseFixture.freePortPair();
        String user = ReleaseFixture.run(tmp, Map.of(), 30, "id", "-u").output().strip() + ":"
                + ReleaseFixture.run(tmp, Map.of(), 30, "id", "-g").output().strip();
        // the documented command, as the host's user (files in the workspace stay the user's), on the host network
        // (the sample's smoke test calls the model server it deploys inside the container)
        ReleaseFixture.Run run = ReleaseFixture.run(tmp, Map.of(), 900, "docker", "run", "--rm", "--name", container,
                "--network", "host", "--user", user, "-e", "HOME=/tmp", "-v", workspace + ":/work", "-w", "/work", tag,
                "run", "samples/Jenkinsfile", "-p", "PORT=" + port);
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("\"label\":\"Gentoo\"").contains("Finished: SUCCESS")
                .contains("penguins@1 is in production at http://127.0.0.1:" + port);
        // the charts were drawn (fonts in the image) and the results name this build's engine
        Path evaluation = workspace.resolve(".mlsteps/builds/1/evaluateModel");
        assertThat(evaluation.resolve("charts/confusion-matrix.png")).isNotEmptyFile();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(evaluation.resolve("result.json").toFile())
                .at("/engine/version").asText()).isEqualTo(VERSION);
        assertThat(Files.getOwner(evaluation.resolve("result.json")))
                .isEqualTo(Files.getOwner(workspace.resolve("samples/Jenkinsfile")));
    }

    /** A --build-arg for a base image named by an environment variable, where it is set. */
    private static void baseImage(String variable, String argument, List<String> build) {
        String image = System.getenv(variable);
        if (image != null && !image.isBlank()) {
            build.addAll(List.of("--build-arg", argument + "=" + image));
        }
    }
}
