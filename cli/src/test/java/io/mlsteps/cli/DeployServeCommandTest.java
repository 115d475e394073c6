package io.mlsteps.cli;

import io.mlsteps.step.Requests;

import io.mlsteps.contract.steps.DeployModelRequest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Flags of {@code mlsteps deploy} reach the request; bad usage of deploy and serve exits 3 with the reason. */
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
                "--port", "9000", "--no-apply", "--java-option", "-Xmx1g", "--alias", ""));
        assertThat(r.model()).isEqualTo("adult@3");
        assertThat(r.target()).isEqualTo("docker");
        assertThat(r.strategy()).isEqualTo("canary");
        assertThat(r.canaryPercent()).isEqualTo(20.0);
        assertThat(r.port()).isEqualTo(9000);
        assertThat(r.apply()).isFalse();
        assertThat(r.javaOptions()).containsExactly("-Xmx1g");
        assertThat(r.alias()).isEmpty();
        assertThat(r.smokeRows()).isEqualTo(50);
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
}
