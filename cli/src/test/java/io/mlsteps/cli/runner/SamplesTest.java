package io.mlsteps.cli.runner;

import io.mlsteps.util.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped samples, run end to end with the real steps in a copy of the repository's samples/ folder:
 * the main pipeline (twice, so the second build compares with the model the first put into production),
 * the retraining and monitoring pipelines, and the deliberately failing one, which must end FAILURE at the
 * Evaluate gate with Register and Deploy skipped.
 */
class SamplesTest {
    @TempDir
    Path workspace;

    private final List<Path> deployDirs = new ArrayList<>();

    record Run(JenkinsfileRunner.Outcome outcome, String log, BuildRecord record) {
        BuildRecord.StageRecord stage(String name) {
            return record.stages.stream().filter(s -> s.name.equals(name)).findFirst().orElseThrow();
        }

        List<String> stageResults() {
            return record.stages.stream().map(s -> s.name + ":" + s.result).toList();
        }
    }

    private Path copySamples() throws IOException {
        Path source = Path.of("..", "samples").toAbsolutePath().normalize();
        assertThat(source.resolve("Jenkinsfile")).as("the repository's samples folder").exists();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path target = workspace.resolve("samples").resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        deployDirs.add(workspace.resolve(".mlsteps/deployments"));
        return workspace;
    }

    private Run run(String jenkinsfile, Map<String, String> params) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        RunSettings settings = new RunSettings(workspace.resolve("samples").resolve(jenkinsfile), workspace,
                workspace.resolve(".mlsteps"), "samples", "main", params, true);
        JenkinsfileRunner.Outcome outcome = JenkinsfileRunner.run(settings, console);
        String log = bytes.toString(StandardCharsets.UTF_8);
        BuildRecord record = new BuildHistory(workspace.resolve(".mlsteps")).load(outcome.number()).orElseThrow();
        return new Run(outcome, log, record);
    }

    private static String freePort() throws IOException {
        // blue/green uses PORT and PORT+1: find two free neighbours
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            try (ServerSocket next = new ServerSocket(port + 1)) {
                return Integer.toString(port);
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no two free neighbouring ports");
    }

    @Test
    void samplesRunEndToEnd() throws Exception {
        copySamples();
        String port = freePort();

        Run first = run("Jenkinsfile", Map.of("PORT", port));
        assertThat(first.outcome().result()).as(first.log()).isEqualTo(Result.SUCCESS);
        assertThat(first.stageResults()).containsExactly("Validate data:SUCCESS", "Split:SUCCESS", "Train:SUCCESS",
                "Evaluate:SUCCESS", "Compare to production:SUCCESS", "Register:SUCCESS", "Deploy (local):SUCCESS",
                "Smoke test:SUCCESS");
        assertThat(first.log()).contains("\"label\":\"Gentoo\"").contains("penguins@1 is in production at http://127.0.0.1:" + port);
        assertThat(first.log().strip()).endsWith("Report: " + JenkinsfileRunner.shown(workspace.resolve(".mlsteps/index.html")));
        assertThat(first.record().steps).extracting(s -> s.step).containsExactly("validateData", "trainModel",
                "evaluateModel", "compareToBaseline", "registerModel", "deployModel");

        Run second = run("Jenkinsfile", Map.of("PORT", port));
        assertThat(second.outcome().result()).as(second.log()).isEqualTo(Result.SUCCESS);
        assertThat(second.log()).contains("re-evaluated penguins@1 on the candidate's").contains("penguins@2 is in production");

        Run retrain = run("Jenkinsfile.retrain", Map.of());
        assertThat(retrain.outcome().result()).as(retrain.log()).isEqualTo(Result.SUCCESS);
        assertThat(retrain.stage("Register as staging").result).isEqualTo("SUCCESS");
        assertThat(retrain.log()).contains("penguins@3 is staging");

        Run monitoring = run("Jenkinsfile.monitoring", Map.of());
        // a few dozen smoke-test requests: no dataset drift, at most moderate PSI shifts (UNSTABLE)
        assertThat(monitoring.outcome().result()).as(monitoring.log()).isIn(Result.SUCCESS, Result.UNSTABLE);
        if (monitoring.outcome().result() == Result.UNSTABLE) {
            assertThat(monitoring.stage("Drift").reason).contains("PSI");
        }
        assertThat(monitoring.record().steps).extracting(s -> s.step).containsExactly("checkDrift");
        assertThat(monitoring.record().steps.get(0).metrics).containsKey("drift_share");

        Run failing = run("Jenkinsfile.failing", Map.of());
        assertThat(failing.outcome().result()).isEqualTo(Result.FAILURE);
        assertThat(failing.stage("Evaluate").result).isEqualTo("FAILURE");
        assertThat(failing.stage("Evaluate").reason).contains("accuracy = ").contains("misses the gate >= 0.9 (FAILURE)");
        assertThat(failing.stage("Register").result).isEqualTo("SKIPPED");
        assertThat(failing.stage("Deploy (local)").result).isEqualTo("SKIPPED");

        String index = Files.readString(workspace.resolve(".mlsteps/index.html"));
        assertThat(index).contains("builds/5/index.html").contains("<img class=\"trend\"");
        String markdown = MarkdownSummary.ofBuild(failing.record());
        assertThat(markdown).contains("**FAILURE**").contains("misses the gate >= 0.9");
    }

    @Test
    void searchSampleGatesOnTheLeaderboardAndRegistersTheWinner() throws Exception {
        copySamples();
        Run search = run("Jenkinsfile.search", Map.of());
        assertThat(search.outcome().result()).as(search.log()).isEqualTo(Result.SUCCESS);
        assertThat(search.stageResults()).containsExactly("Validate new data:SUCCESS", "Split:SUCCESS",
                "Search and train:SUCCESS", "Evaluate:SUCCESS", "Register the winner:SUCCESS");
        assertThat(search.log()).contains("progress: candidate 7/7").contains("search: winner")
                .contains("penguins-search@1 is staging");
        assertThat(search.record().steps.get(1).metrics).containsKeys("roc_auc[search_best]", "search_candidates");
        Path card = workspace.resolve(".mlsteps/builds/1/trainModel/model-card.json");
        assertThat(Files.readString(card)).contains("\"runnerUp\"");
        assertThat(Files.readString(workspace.resolve(".mlsteps/builds/1/trainModel/report.html")))
                .contains("<h2>Leaderboard (roc_auc, 5 folds)</h2>").contains("alt=\"Leaderboard: roc_auc by candidate");
    }

    /** Stops the model servers the samples started (their pids are in the deployment state files). */
    @AfterEach
    void stopServers() throws IOException {
        for (Path dir : deployDirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path state : files.filter(p -> p.getFileName().toString().equals("local.json")).toList()) {
                    Map<?, ?> json = Json.read(state, Map.class);
                    if (json.get("active") instanceof Map<?, ?> active && active.get("pid") instanceof Number pid) {
                        ProcessHandle.of(pid.longValue()).ifPresent(ProcessHandle::destroy);
                    }
                }
            }
        }
    }
}
