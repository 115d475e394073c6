package io.mlsteps.cli;

import io.mlsteps.step.Requests;

import io.mlsteps.contract.steps.DeployModelRequest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flags of {@code mlsteps deploy} reach the request; bad usage of deploy and serve exits 3 with the reason; deploy,
 * deployments and undeploy on a real local server, which leaves nothing running; serve says the truth about an
 * empty admin token file.
 */
class DeployServeCommandTest {
    private static String stderrOf(IntSupplier run, int[] code) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            code[0] = run.getAsInt();
        } finally {
            System.setErr(old);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void flagsReachTheRequest() {
        DeployModelRequest r = Requests.bind(DeployModelRequest.class, StepCommand.parse("deployModel",
                "--model", "adult@3", "--target", "docker", "--strategy", "canary", "--canary-percent", "20",
                "--port", "9000", "--no-apply", "--java-option", "-Xmx1g", "--alias", "", "--action", "stop"));
        assertThat(r.model()).isEqualTo("adult@3");
        assertThat(r.target()).isEqualTo("docker");
        assertThat(r.strategy()).isEqualTo("canary");
        assertThat(r.canaryPercent()).isEqualTo(20.0);
        assertThat(r.port()).isEqualTo(9000);
        assertThat(r.apply()).isFalse();
        assertThat(r.javaOptions()).containsExactly("-Xmx1g");
        assertThat(r.alias()).isEmpty();
        assertThat(r.smokeRows()).isEqualTo(50);
        assertThat(r.action()).isEqualTo("stop");
    }

    @Test
    void badUsageExitsThreeWithTheReason() {
        int[] code = new int[1];
        String err = stderrOf(() -> Main.execute("deploy", "--model", "adult@1", "--model-file", "m.tribuo",
                "--run-dir", System.getProperty("java.io.tmpdir") + "/mlsteps-cli-deploy-test"), code);
        assertThat(code[0]).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(err).contains("give exactly one of 'model'");
        err = stderrOf(() -> Main.execute("serve"), code);
        assertThat(code[0]).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(err).contains("--model: is required");
        err = stderrOf(() -> Main.execute("serve", "--model", "adult=/nonexistent/model.tribuo"), code);
        assertThat(code[0]).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(err).contains("not found");
    }

    @Test
    void deployListAndUndeployALocalServer(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path model = io.mlsteps.deploy.TestModels.adultLogistic(1, java.util.List.of());
        java.nio.file.Path data = io.mlsteps.testing.SharedData.require("adult/adult_test.csv");
        String deployDir = dir.resolve("deployments").toString();
        var deploy = DataCommandsTest.mlsteps("deploy", "--model-file", model.toString(), "--name", "adult", "--port", "0",
                "--deploy-dir", deployDir, "--smoke-data", data.toString(), "--smoke-rows", "5",
                "--latency-budget-millis", "5000", "--run-dir", dir.resolve(".mlsteps").toString(), "--json");
        assertThat(deploy.exit()).as(deploy.err()).isZero();
        var result = io.mlsteps.util.Json.mapper().readTree(deploy.out());
        int port = result.at("/details/port").asInt();
        assertThat(result.at("/details/endpoint").asText()).isEqualTo("http://127.0.0.1:" + port);

        var listed = DataCommandsTest.mlsteps("deployments", "--deploy-dir", deployDir);
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).contains("MODEL").contains("HEALTH").containsPattern(
                "adult +adult@[0-9a-f]{12} +local +http://127\\.0\\.0\\.1:" + port + " +" + result.at("/details/pid").asLong()
                        + " .* yes +up");
        var json = DataCommandsTest.mlsteps("deployments", "--deploy-dir", deployDir, "--json");
        assertThat(io.mlsteps.util.Json.mapper().readTree(json.out()).at("/0/health").asText()).isEqualTo("up");

        var stop = DataCommandsTest.mlsteps("undeploy", "--model", "adult", "--deploy-dir", deployDir, "--run-dir",
                dir.resolve(".mlsteps").toString());
        assertThat(stop.exit()).as(stop.err()).isZero();
        assertThat(stop.out()).contains("stopped adult@").contains("http://127.0.0.1:" + port);
        assertThat(dir.resolve(".mlsteps/undeploy/result.json")).exists();
        assertThat(dir.resolve(".mlsteps/deployModel/result.json")).exists();
        assertThat(ProcessHandle.of(result.at("/details/pid").asLong()).map(ProcessHandle::isAlive)).isNotEqualTo(
                java.util.Optional.of(true));
        assertThat(DataCommandsTest.mlsteps("deployments", "--deploy-dir", deployDir).out())
                .startsWith("no model server runs from");
        var unknown = DataCommandsTest.mlsteps("undeploy", "--deploy-dir", deployDir, "--run-dir",
                dir.resolve(".mlsteps").toString());
        assertThat(unknown.exit()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(unknown.err()).contains("model: is required to stop a deployment");
    }

    /** An empty token file leaves the admin endpoints off, and the server says so (it said "on" while answering 403). */
    @Test
    void anEmptyAdminTokenFileIsSaidAndTheEndpointsAreOff(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path model = io.mlsteps.deploy.TestModels.adultLogistic(1, java.util.List.of());
        java.nio.file.Path empty = java.nio.file.Files.writeString(dir.resolve("token.txt"), "\n");
        Process server = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.mlsteps.cli.Main", "serve", "--model", "adult=" + model,
                "--port", "0", "--admin-token-file", empty.toString(), "--heap", "64g").redirectErrorStream(true).start();
        try {
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder printed = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                printed.append(line).append('\n');
                if (line.contains("listening on")) {
                    break;
                }
            }
            assertThat(printed.toString()).contains("warning: the admin token file " + empty
                            + " is empty: the admin endpoints stay off (they answer 403)")
                    .contains("admin endpoints off").doesNotContain("admin endpoints on")
                    .contains("warning: the heap limit is").contains("not --heap 64g");
            String base = printed.toString().replaceAll("(?s).*listening on (http://[0-9.:]+).*", "$1");
            var answer = new io.mlsteps.deploy.ServerClient(java.net.URI.create(base), "").admin("/admin/reload", "{}");
            assertThat(answer.code()).isEqualTo(403);
        } finally {
            server.destroy();
            server.waitFor();
        }
    }
}
