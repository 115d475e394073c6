package io.mlsteps.jenkins.engine;

import io.mlsteps.contract.result.Outcome;
import io.mlsteps.contract.result.ReturnValue;
import io.mlsteps.jenkins.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
 * and the result.json the engine writes is read and decided as Jenkins would. It runs on every Java an agent may
 * have that this machine has ({@code mlsteps.engine.javas}: bin/test passes the build's Java 17 and a JDK 25).
 * Skips when the jar is not built.
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

    /** The engines' Javas ({@link Fixtures#engineJavas()}). */
    static List<String> javas() {
        return Fixtures.engineJavas();
    }

    /** The Java's feature release as the plugin's AgentFacts would report it. */
    private String version(String java) throws IOException, InterruptedException {
        Path out = work.resolve("version.txt");
        Process process = new ProcessBuilder(java, "-XshowSettings:properties", "-version").redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        process.waitFor(60, TimeUnit.SECONDS);
        for (String line : Files.readAllLines(out)) {
            if (line.trim().startsWith("java.specification.version =")) {
                return line.substring(line.indexOf('=') + 1).trim();
            }
        }
        return null;
    }

    private void writeData(String java) throws IOException, InterruptedException {
        StringBuilder csv = new StringBuilder("age,color,income\n");
        String[] colors = {"red", "green", "blue"};
        for (int i = 0; i < 60; i++) {
            csv.append(20 + i % 40).append(',').append(colors[i % 3]).append(',').append(i % 2 == 0 ? "low" : "high").append('\n');
        }
        Files.writeString(work.resolve("data.csv"), csv, StandardCharsets.UTF_8);
        List<String> infer = new ArrayList<>(List.of(java));
        infer.addAll(JavaCommand.runtimeOptions(version(java), List.of()));
        infer.addAll(List.of("-jar", jar.toString(), "infer-schema", "data.csv", "-o", "schema.json", "--quiet"));
        assertThat(run(infer, work.resolve("infer.log"))).as("infer-schema").isZero();
    }

    private int step(String java, String name, Map<String, Object> arguments, Path stepDir) throws Exception {
        Files.createDirectories(stepDir);
        Path request = stepDir.resolve("request.json");
        Files.writeString(request, EngineRequest.toJson(name, arguments, null));
        List<String> command = JavaCommand.build(java, "-Xmx512m", jar.toString(), name, request.toString(),
                stepDir.toString(), work.toString(), version(java));
        return run(command, work.resolve(name + ".log"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void gateOnAMissingMetricMakesTheStageAndBuildUnstable(String java) throws Exception {
        writeData(java);
        Path stepDir = work.resolve(".mlsteps/validateData");
        int exit = step(java, "validateData", Map.of("data", "data.csv", "schema", "schema.json", "qualityGates",
                List.of(Map.of("metric", "no_such_metric", "threshold", 0.5, "criticality", "UNSTABLE"))), stepDir);
        String log = Files.readString(work.resolve("validateData.log"));
        assertThat(exit).as(log).isEqualTo(1);
        assertThat(log).as("the JVM has nothing to warn about").doesNotContain("WARNING");

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

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void inputErrorGivesExitThreeAndNoResult(String java) throws Exception {
        Path stepDir = work.resolve(".mlsteps/validateData");
        int exit = step(java, "validateData", Map.of("data", "missing.csv", "schema", "schema.json"), stepDir);
        String log = Files.readString(work.resolve("validateData.log"));
        assertThat(exit).as(log).isEqualTo(3);
        assertThat(log).contains("missing.csv").doesNotContain("\tat ");
        assertThat(stepDir.resolve("result.json")).doesNotExist();
        Outcome outcome = Outcome.withoutResult("validateData", exit, false);
        assertThat(outcome.failsStep()).isTrue();
        assertThat(outcome.message()).contains("usage or input error (exit code 3)");
    }
}
