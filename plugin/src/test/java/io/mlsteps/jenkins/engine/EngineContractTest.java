package io.mlsteps.jenkins.engine;

import io.mlsteps.contract.result.Outcome;
import io.mlsteps.contract.result.ReturnValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The plugin's side of the contract with the real engine: the command line the plugin builds runs the CLI jar
 * (cli/target/mlsteps.jar, built by the main build before this check), the request JSON it writes is accepted,
 * and the result.json the engine writes is read and decided as Jenkins would. Skips when the jar is not built.
 */
class EngineContractTest {
    private static Path jar;

    @TempDir
    Path work;

    @BeforeAll
    static void findJar() {
        Path pluginDir = io.mlsteps.jenkins.Fixtures.pluginDir();
        jar = pluginDir.resolve("../cli/target/mlsteps.jar").normalize();
        assumeTrue(Files.isRegularFile(jar), "the CLI jar is not built (" + jar + "); run mvn -pl cli -am package first");
    }

    private int run(List<String> command, Path log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("engine did not finish in 180 s: " + Files.readString(log));
        }
        return process.exitValue();
    }

    /** The engine's Java: mlsteps.engine.java (bin/test passes the build's own java), else this JVM's. */
    private static String java() {
        String configured = System.getProperty("mlsteps.engine.java", "");
        return configured.isBlank() ? JavaCommand.javaIn(System.getProperty("java.home"), File.separatorChar == '/')
                : configured;
    }

    private void writeData() throws IOException, InterruptedException {
        StringBuilder csv = new StringBuilder("age,color,income\n");
        String[] colors = {"red", "green", "blue"};
        for (int i = 0; i < 60; i++) {
            csv.append(20 + i % 40).append(',').append(colors[i % 3]).append(',').append(i % 2 == 0 ? "low" : "high").append('\n');
        }
        Files.writeString(work.resolve("data.csv"), csv, StandardCharsets.UTF_8);
        List<String> infer = List.of(java(), "-jar", jar.toString(), "infer-schema", "data.csv", "-o", "schema.json", "--quiet");
        assertThat(run(infer, work.resolve("infer.log"))).as("infer-schema").isZero();
    }

    private int step(String name, Map<String, Object> arguments, Path stepDir) throws Exception {
        Files.createDirectories(stepDir);
        Path request = stepDir.resolve("request.json");
        Files.writeString(request, EngineRequest.toJson(name, arguments, null));
        List<String> command = JavaCommand.build(java(), "-Xmx512m", jar.toString(), name, request.toString(),
                stepDir.toString(), work.toString());
        return run(command, work.resolve(name + ".log"));
    }

    @Test
    void gateOnAMissingMetricMakesTheStageAndBuildUnstable() throws Exception {
        writeData();
        Path stepDir = work.resolve(".mlsteps/validateData");
        int exit = step("validateData", Map.of("data", "data.csv", "schema", "schema.json", "qualityGates",
                List.of(Map.of("metric", "no_such_metric", "threshold", 0.5, "criticality", "UNSTABLE"))), stepDir);
        String log = Files.readString(work.resolve("validateData.log"));
        assertThat(exit).as(log).isEqualTo(1);

        EngineResult result = EngineResult.parse(Files.readString(stepDir.resolve("result.json")));
        assertThat(result.getStep()).isEqualTo("validateData");
        assertThat(result.getStatus()).isEqualTo("UNSTABLE");
        assertThat(result.failedChecks()).anySatisfy(c -> assertThat(c.metric()).isEqualTo("no_such_metric"));
        Outcome outcome = Outcome.of("validateData", ContractResult.of(result), exit, true);
        assertThat(outcome.stage()).isEqualTo(Outcome.Mark.UNSTABLE);
        assertThat(outcome.build()).isEqualTo(Outcome.Mark.UNSTABLE);
        assertThat(outcome.failsStep()).isFalse();
        assertThat(ReturnValue.of(ContractResult.of(result), outcome, stepDir.toString(), p -> stepDir + "/" + p))
                .containsEntry("status", "UNSTABLE");

        // What the build action copies ("result.json,report.html,junit.xml,lineage.json,charts/**") is there.
        assertThat(stepDir.resolve("report.html")).isRegularFile();
        assertThat(stepDir.resolve("junit.xml")).isRegularFile();
        List<String> charts = new ArrayList<>();
        for (EngineResult.Chart chart : result.getCharts()) {
            charts.add(chart.path());
            assertThat(stepDir.resolve(chart.path())).as(chart.path()).isRegularFile();
        }
        assertThat(charts).allSatisfy(p -> assertThat(p).startsWith("charts/"));
    }

    @Test
    void inputErrorGivesExitThreeAndNoResult() throws Exception {
        Path stepDir = work.resolve(".mlsteps/validateData");
        int exit = step("validateData", Map.of("data", "missing.csv", "schema", "schema.json"), stepDir);
        String log = Files.readString(work.resolve("validateData.log"));
        assertThat(exit).as(log).isEqualTo(3);
        assertThat(log).contains("missing.csv").doesNotContain("\tat ");
        assertThat(stepDir.resolve("result.json")).doesNotExist();
        Outcome outcome = Outcome.withoutResult("validateData", exit, false);
        assertThat(outcome.failsStep()).isTrue();
        assertThat(outcome.message()).contains("usage or input error (exit code 3)");
    }
}
