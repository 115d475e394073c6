package io.mlsteps.cli.runner;

import io.mlsteps.contract.result.StepStatus;
import io.mlsteps.util.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
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
 * the retraining, monitoring and batch scoring pipelines, and the deliberately failing one, which must end FAILURE at the
 * Evaluate gate with Register and Deploy skipped. The main pipeline also runs in two copies of the samples at the
 * same time, each in its own process, as two jobs on one agent would. Every model server a sample started is stopped
 * with deployModel's stop action afterwards, and ps must show none left.
 * Every step's report is then opened in headless Chromium ({@link ReportScreenshots}).
 */
class SamplesTest {
    @TempDir
    Path workspace;


    record Run(JenkinsfileRunner.Outcome outcome, String log, BuildRecord record) {
        BuildRecord.StageRecord stage(String name) {
            return record.stages.stream().filter(s -> s.name.equals(name)).findFirst().orElseThrow();
        }

        List<String> stageResults() {
            return record.stages.stream().map(s -> s.name + ":" + s.result).toList();
        }
    }

    private Path copySamples() throws IOException {
        return copySamples(workspace);
    }

    private Path copySamples(Path workspace) throws IOException {
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

    @Test
    void samplesRunEndToEnd() throws Exception {
        copySamples();

        // PORT 0, the sample's default: a free port chosen at deployment, another one for the next build
        Run first = run("Jenkinsfile", Map.of());
        assertThat(first.outcome().result()).as(first.log()).isEqualTo(Result.SUCCESS);
        assertThat(first.stageResults()).containsExactly("Validate data:SUCCESS", "Split:SUCCESS", "Train:SUCCESS",
                "Evaluate:SUCCESS", "Compare to production:SUCCESS", "Register:SUCCESS", "Deploy (local):SUCCESS",
                "Smoke test:SUCCESS");
        assertThat(first.log()).contains("\"label\":\"Gentoo\"").containsPattern("penguins@1 is in production at "
                + "http://127\\.0\\.0\\.1:[1-9][0-9]+").containsPattern("penguins@1 serves at http://127\\.0\\.0\\.1:[0-9]+ \\(port [0-9]+\\)");
        assertThat(first.log().strip()).endsWith("Report: " + JenkinsfileRunner.shown(workspace.resolve(".mlsteps/index.html")));
        assertThat(first.record().steps).extracting(s -> s.step).containsExactly("validateData", "trainModel",
                "evaluateModel", "compareToBaseline", "registerModel", "deployModel");

        Run second = run("Jenkinsfile", Map.of());
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

        Run score = run("Jenkinsfile.score", Map.of());
        assertThat(score.outcome().result()).as(score.log()).isEqualTo(Result.SUCCESS);
        assertThat(score.log()).contains("scored: 344 rows predicted with penguins@2 (classification)");
        assertThat(score.record().steps).extracting(s -> s.step).containsExactly("predict");
        assertThat(score.record().steps.get(0).metrics).containsEntry("predicted_rows", 344.0)
                .containsEntry("rejected_rows", 0.0);
        assertThat(workspace.resolve(".mlsteps/scored/predictions.csv.gz")).isRegularFile();

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

        // every step's report and the failing build's page, as a person sees them in a browser
        Map<String, Path> reports = ReportScreenshots.newestReportPerStep(workspace.resolve(".mlsteps"));
        assertThat(reports).containsOnlyKeys("validateData", "trainModel", "evaluateModel", "compareToBaseline",
                "registerModel", "deployModel", "checkDrift", "predict");
        ReportScreenshots.assertReadable(reports, workspace.resolve(".mlsteps/builds/" + failing.outcome().number()
                + "/index.html"), StepStatus.FAILURE);
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

    /** Two copies of the samples run the main pipeline at the same time, each as its own {@code mlsteps run}. */
    @Test
    void theSampleRunsInTwoFoldersAtOnce() throws Exception {
        List<Path> folders = List.of(workspace.resolve("one"), workspace.resolve("two"));
        List<Process> runs = new ArrayList<>();
        for (Path folder : folders) {
            copySamples(folder);
            runs.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), "io.mlsteps.cli.Main", "run",
                    "samples/Jenkinsfile", "--workspace", folder.toString(), "--no-report").directory(folder.toFile())
                    .redirectErrorStream(true).redirectOutput(folder.resolve("build.log").toFile()).start());
        }
        List<String> endpoints = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            int exit = runs.get(i).waitFor();
            String log = Files.readString(folders.get(i).resolve("build.log"));
            assertThat(exit).as(log).isZero();
            assertThat(log).contains("\"label\":\"Gentoo\"").contains("Finished: SUCCESS");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("penguins@1 is in production at (http://\\S+)")
                    .matcher(log);
            assertThat(m.find()).as(log).isTrue();
            endpoints.add(m.group(1));
        }
        assertThat(endpoints.get(0)).isNotEqualTo(endpoints.get(1));
        // each folder's server answers as its own deployment's
        for (Path folder : folders) {
            Map<?, ?> state = Json.read(folder.resolve(".mlsteps/deployments/penguins/local.json"), Map.class);
            Map<?, ?> active = (Map<?, ?>) state.get("active");
            java.net.http.HttpResponse<String> health = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(active.get("endpoint") + "/health")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(health.headers().firstValue("X-Mlsteps-Instance")).contains((String) active.get("instanceId"));
        }
        assertThat(serversOf(workspace)).hasSize(2);
    }

    /** The model server processes whose command line lies in {@code folder}, as ps shows them. */
    private static List<String> serversOf(Path folder) throws IOException, InterruptedException {
        Process ps = new ProcessBuilder("ps", "-eo", "pid,args").redirectErrorStream(true).start();
        String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ps.waitFor();
        return out.lines().filter(l -> l.contains(folder.toString()) && l.contains("io.mlsteps.serve.ServeMain")).toList();
    }

    /** Stops the model servers the samples started (deployModel's stop action), then checks that none is left. */
    @AfterEach
    void stopServers() throws Exception {
        try (Stream<Path> files = Files.walk(workspace)) {
            for (Path state : files.filter(p -> p.getFileName().toString().equals("local.json")).toList()) {
                io.mlsteps.contract.steps.DeployModelRequest stop = io.mlsteps.step.Requests.bind(
                        io.mlsteps.contract.steps.DeployModelRequest.class, Map.of("action", "stop",
                                "model", state.getParent().getFileName().toString(),
                                "deployDir", state.getParent().getParent().toString()));
                io.mlsteps.contract.result.StepResult stopped = new io.mlsteps.run.StepRunner().run(new io.mlsteps.deploy.DeployModelStep(),
                        stop, new io.mlsteps.step.StepContext(workspace, workspace.resolve("stop-" + System.nanoTime()),
                                io.mlsteps.util.StepLog.silent(), Map.of()));
                assertThat(stopped.getStatus()).as(stopped.getSummary()).isEqualTo(io.mlsteps.contract.result.StepStatus.SUCCESS);
            }
        }
        assertThat(serversOf(workspace)).as("model servers left running").isEmpty();
    }
}
