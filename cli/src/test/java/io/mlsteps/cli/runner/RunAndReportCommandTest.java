package io.mlsteps.cli.runner;

import io.mlsteps.cli.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mlsteps run} and {@code mlsteps report} as a user calls them: exit codes, -p, output, files. */
class RunAndReportCommandTest {
    @TempDir
    Path workspace;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void capture() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private int mlsteps(String... args) {
        out.reset();
        err.reset();
        return Main.execute(args);
    }

    @Test
    void runExitCodesParametersAndTheReportLine() throws Exception {
        Path file = workspace.resolve("ci.Jenkinsfile");
        Files.writeString(file, """
                pipeline {
                  agent any
                  parameters { string(name: 'MODE', defaultValue: 'ok') }
                  stages {
                    stage('Work') { steps { script {
                      echo "mode=${params.MODE}"
                      if (params.MODE == 'shaky') { unstable 'shaky mode' }
                      if (params.MODE == 'broken') { error 'broken mode' }
                    } } }
                  }
                }
                """);
        String ws = workspace.toString();
        assertThat(mlsteps("run", file.toString(), "--workspace", ws)).isZero();
        String output = out.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("mode=ok").contains("Finished: SUCCESS");
        String[] lines = output.strip().split("\n");
        assertThat(lines[lines.length - 1]).startsWith("Report: ").endsWith("index.html");
        assertThat(mlsteps("run", file.toString(), "--workspace", ws, "-p", "MODE=shaky")).isEqualTo(1);
        assertThat(mlsteps("run", file.toString(), "--workspace", ws, "--param", "MODE=broken")).isEqualTo(2);
        assertThat(mlsteps("run", file.toString(), "--workspace", ws, "-p", "NOPE=1")).isEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("-p NOPE").contains("declared: [MODE]");
        assertThat(mlsteps("run", file.toString(), "--workspace", ws, "-p", "MODE")).isEqualTo(3);
        assertThat(mlsteps("run", workspace.resolve("missing").toString(), "--workspace", ws)).isEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("file not found");

        assertThat(new BuildHistory(workspace.resolve(".mlsteps")).records()).extracting(r -> r.result)
                .containsExactly("SUCCESS", "UNSTABLE", "FAILURE");

        assertThat(mlsteps("report", "--markdown", "--run-dir", workspace.resolve(".mlsteps").toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("mlsteps build #3: **FAILURE**").contains("broken mode");
        assertThat(mlsteps("report", "--markdown", "--build", "2", "--run-dir", workspace.resolve(".mlsteps").toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("build #2: **UNSTABLE**").contains("shaky mode");
        assertThat(mlsteps("report", "--markdown", "--build", "9", "--run-dir", workspace.resolve(".mlsteps").toString())).isEqualTo(3);

        Path summary = workspace.resolve("summary.md");
        assertThat(mlsteps("report", "--markdown", "--output", summary.toString(), "--run-dir",
                workspace.resolve(".mlsteps").toString())).isZero();
        assertThat(summary).content().contains("**FAILURE**");

        Files.delete(workspace.resolve(".mlsteps/index.html"));
        assertThat(mlsteps("report", "--run-dir", workspace.resolve(".mlsteps").toString())).isZero();
        assertThat(workspace.resolve(".mlsteps/index.html")).exists();
        assertThat(workspace.resolve(".mlsteps/builds/3/index.html")).content().contains("broken mode");
    }

    @Test
    void unsupportedStepExitsThreeWithItsLine() throws Exception {
        Path file = workspace.resolve("Jenkinsfile");
        Files.writeString(file, "node {\n  stage('A') {\n    mail to: 'x@example.org', subject: 'hi'\n  }\n}\n");
        assertThat(mlsteps("run", file.toString(), "--workspace", workspace.toString())).isEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Jenkinsfile:3:5").contains("'mail' is not supported");
    }
}
