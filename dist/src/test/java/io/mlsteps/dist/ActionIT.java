package io.mlsteps.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.mlsteps.dist.ReleaseFixture.VERSION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GitHub Action (action.yml) as the runner executes it: its shell steps run in order with bash as GitHub runs
 * them, with the inputs in their env, the step outputs, GITHUB_PATH and the job summary carried between steps as
 * the runner carries them. The download comes from a file: URL of the locally built release. Steps that use other
 * actions (actions/setup-java) are GitHub's and are not run here; this machine's java stands in.
 */
class ActionIT {
    private static final Path ACTION = ReleaseFixture.ROOT.resolve("action.yml");
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*([^}]*?)\\s*}}");

    @TempDir
    Path tmp;

    /** What one run of the action left: each step's outcome and outputs, the PATH additions and the job summary. */
    record ActionRun(Map<String, String> outputs, List<String> addedPath, String summary, String log, Integer failedStepExit,
                     String failedStep) {
        String output(String step, String name) {
            return outputs.get(step + "." + name);
        }
    }

    private String sha256() throws IOException {
        return Files.readString(ReleaseFixture.tarball().resolveSibling(ReleaseFixture.tarball().getFileName() + ".sha256"))
                .split("\\s+")[0];
    }

    private Map<String, String> inputs(Path workspace, Map<String, String> given) throws IOException {
        JsonNode declared = action().get("inputs");
        Map<String, String> inputs = new HashMap<>();
        declared.fields().forEachRemaining(e -> inputs.put(e.getKey(), e.getValue().path("default").asText("")));
        inputs.put("download-url", ReleaseFixture.DIST_DIR.toUri().toString());
        inputs.put("working-directory", workspace.toString());
        inputs.putAll(given);
        assertThat(declared.has("version")).isTrue();
        for (String name : given.keySet()) {
            assertThat(declared.has(name)).as("action.yml declares the input %s", name).isTrue();
        }
        return inputs;
    }

    private static JsonNode action() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(ACTION.toFile());
    }

    @Test
    void everyRunScriptTakesItsInputsThroughEnvNotExpressions() throws Exception {
        for (JsonNode step : action().at("/runs/steps")) {
            if (step.has("run")) {
                assertThat(step.get("run").asText()).as("step %s", step.path("name").asText()).doesNotContain("${{");
                assertThat(step.path("shell").asText()).isEqualTo("bash");
            }
        }
    }

    @Test
    @Timeout(900)
    void installsThePinnedReleaseAndRunsTheJenkinsfileToSuccess() throws Exception {
        Path workspace = ReleaseFixture.workspaceWithSamples(Files.createDirectories(tmp.resolve("repo")));
        int port = ReleaseFixture.freePortPair();
        try {
            ActionRun run = runAction(workspace, Map.of("version", VERSION, "sha256", sha256(),
                    "jenkinsfile", "samples/Jenkinsfile", "args", "-p PORT=" + port));
            assertThat(run.failedStep()).as(run.log()).isNull();
            assertThat(run.output("run", "result")).isEqualTo("SUCCESS");
            assertThat(run.output("run", "exit-code")).isEqualTo("0");
            Path home = tmp.resolve("tool-cache/mlsteps/" + VERSION + "/mlsteps-" + VERSION);
            assertThat(run.output("install", "home")).isEqualTo(home.toString());
            assertThat(run.addedPath()).containsExactly(home.resolve("bin").toString());
            assertThat(run.log()).contains("mlsteps " + VERSION + " (commit ").contains("Finished: SUCCESS")
                    .contains("mlsteps: SUCCESS (exit 0)");
            assertThat(run.summary()).contains("**SUCCESS**").contains("Evaluate");
        } finally {
            ReleaseFixture.stopServers(workspace.resolve(".mlsteps/deployments"));
        }
    }

    @Test
    @Timeout(600)
    void aStepWhoseGateFailsFailsTheJobAfterTheSummaryAndTheInstallIsReused() throws Exception {
        Path workspace = ReleaseFixture.workspaceWithSamples(Files.createDirectories(tmp.resolve("repo")));
        Map<String, String> validate = Map.of("version", VERSION, "step", "validate", "args",
                "samples/data/penguins.csv --schema samples/data/penguins.schema.json --gate 'rows>=1000:FAILURE'");
        ActionRun failing = runAction(workspace, validate);
        assertThat(failing.output("run", "result")).as(failing.log()).isEqualTo("FAILURE");
        assertThat(failing.output("run", "exit-code")).isEqualTo("2");
        assertThat(failing.failedStep()).isEqualTo("Gate");
        assertThat(failing.failedStepExit()).isEqualTo(2);
        assertThat(failing.log()).contains("::error::mlsteps: quality gates FAILURE");
        assertThat(failing.summary()).contains("FAILURE").contains("rows");

        // fail-on: never lets it pass; the release is not downloaded again (the URL now leads nowhere)
        Map<String, String> again = new HashMap<>(validate);
        again.put("fail-on", "never");
        again.put("download-url", tmp.resolve("nowhere").toUri().toString());
        ActionRun tolerated = runAction(workspace, again);
        assertThat(tolerated.failedStep()).as(tolerated.log()).isNull();
        assertThat(tolerated.output("run", "result")).isEqualTo("FAILURE");
        assertThat(tolerated.log()).doesNotContain("downloading");
    }

    @Test
    @Timeout(300)
    void aWrongChecksumInstallsNothing() throws Exception {
        Path workspace = Files.createDirectories(tmp.resolve("repo"));
        ActionRun run = runAction(workspace, Map.of("version", VERSION, "sha256", "0".repeat(64)));
        assertThat(run.failedStep()).isEqualTo("Install mlsteps");
        assertThat(run.failedStepExit()).isEqualTo(3);
        assertThat(run.log()).contains("does not match its SHA-256").contains("FAILED");
        assertThat(tmp.resolve("tool-cache/mlsteps/" + VERSION + "/mlsteps-" + VERSION)).doesNotExist();
        // the later steps still run as the runner runs them: the summary (always) has nothing to summarise
        assertThat(run.output("run", "result")).isNull();
    }

    /** Runs the action's steps as the GitHub runner does: stops at the first failing step, except steps marked always(). */
    private ActionRun runAction(Path workspace, Map<String, String> given) throws Exception {
        Map<String, String> inputs = inputs(workspace, given);
        Path runnerTemp = Files.createDirectories(tmp.resolve("runner-temp"));
        Path summary = Files.writeString(runnerTemp.resolve("summary.md"), "");
        Path pathFile = Files.writeString(runnerTemp.resolve("path"), "");
        Map<String, String> outputs = new LinkedHashMap<>();
        StringBuilder log = new StringBuilder();
        String failedStep = null;
        Integer failedExit = null;
        int index = 0;
        for (JsonNode step : action().at("/runs/steps")) {
            String name = step.path("name").asText();
            String id = step.path("id").asText("step" + index++);
            if (!step.has("run")) {
                assertThat(step.path("uses").asText()).as("step %s", name).startsWith("actions/setup-java@");
                continue;
            }
            if (!condition(step.path("if").asText(""), inputs, failedStep != null)) {
                continue;
            }
            Path outputFile = Files.writeString(runnerTemp.resolve(id + ".out"), "");
            Path script = Files.writeString(runnerTemp.resolve(id + ".sh"), step.get("run").asText());
            Map<String, String> env = new HashMap<>();
            env.put("GITHUB_OUTPUT", outputFile.toString());
            env.put("GITHUB_PATH", pathFile.toString());
            env.put("GITHUB_STEP_SUMMARY", summary.toString());
            env.put("GITHUB_REF_NAME", "main");
            env.put("RUNNER_TOOL_CACHE", tmp.resolve("tool-cache").toString());
            env.put("HOME", Files.createDirectories(tmp.resolve("home")).toString());
            // GITHUB_PATH lines go before the PATH, the latest first
            List<String> added = new ArrayList<>(Files.readAllLines(pathFile));
            java.util.Collections.reverse(added);
            if (!added.isEmpty()) {
                env.put("PATH", String.join(":", added) + ":" + System.getenv("PATH"));
            }
            step.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), expand(e.getValue().asText(), inputs, outputs)));
            Path dir = Path.of(expand(step.path("working-directory").asText("."), inputs, outputs));
            ReleaseFixture.Run run = ReleaseFixture.run(dir.isAbsolute() ? dir : workspace.resolve(dir), env, 840,
                    List.of("bash", "--noprofile", "--norc", "-eo", "pipefail", script.toString()));
            log.append("## ").append(name).append(" (exit ").append(run.exit()).append(")\n").append(run.output());
            for (String line : Files.readAllLines(outputFile)) {
                int eq = line.indexOf('=');
                outputs.put(id + "." + line.substring(0, eq), line.substring(eq + 1));
            }
            if (run.exit() != 0 && failedStep == null) {
                failedStep = name;
                failedExit = run.exit();
            }
        }
        return new ActionRun(outputs, Files.readAllLines(pathFile), Files.readString(summary), log.toString(), failedExit,
                failedStep);
    }

    /** ${{ inputs.NAME }} and ${{ steps.ID.outputs.NAME }}, the expressions action.yml uses in env and folders. */
    private static String expand(String text, Map<String, String> inputs, Map<String, String> outputs) {
        Matcher m = EXPRESSION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String value;
            if (e.startsWith("inputs.")) {
                value = inputs.get(e.substring("inputs.".length()));
                assertThat(value).as("input of %s", e).isNotNull();
            } else if (e.matches("steps\\.[\\w-]+\\.outputs\\.[\\w-]+")) {
                String[] p = e.split("\\.");
                value = outputs.getOrDefault(p[1] + "." + p[3], "");
            } else {
                throw new AssertionError("an expression this test does not know: " + e);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A step's if: the forms action.yml uses (always(), inputs.X == / != 'v', joined by &&); none means success(). */
    private static boolean condition(String expression, Map<String, String> inputs, boolean aStepFailed) {
        if (expression.isBlank()) {
            return !aStepFailed;
        }
        boolean always = false;
        boolean value = true;
        for (String term : expression.split("&&")) {
            term = term.strip();
            Matcher compare = Pattern.compile("inputs\\.([\\w-]+)\\s*(==|!=)\\s*'([^']*)'").matcher(term);
            if (term.equals("always()")) {
                always = true;
            } else if (compare.matches()) {
                boolean equal = inputs.getOrDefault(compare.group(1), "").equals(compare.group(3));
                value &= compare.group(2).equals("==") == equal;
            } else {
                throw new AssertionError("an if: this test does not know: " + term);
            }
        }
        return value && (always || !aStepFailed);
    }
}
