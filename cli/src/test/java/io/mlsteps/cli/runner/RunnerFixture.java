package io.mlsteps.cli.runner;

import io.mlsteps.step.MlStep;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Runs small Jenkinsfiles in a temporary workspace and keeps what the build printed and recorded. */
final class RunnerFixture {
    final Path workspace;
    String branch;
    Function<String, Optional<MlStep<?>>> steps;

    RunnerFixture(Path workspace) {
        this.workspace = workspace;
    }

    record Run(JenkinsfileRunner.Outcome outcome, String log, BuildRecord record) {
        Result result() {
            return outcome.result();
        }

        BuildRecord.StageRecord stage(String name) {
            return record.stages.stream().filter(s -> s.name.equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no stage " + name + " in " + record.stages.stream().map(s -> s.name).toList()));
        }
    }

    Run run(String jenkinsfile) {
        return run(jenkinsfile, Map.of());
    }

    Run run(String jenkinsfile, Map<String, String> params) {
        try {
            Path file = workspace.resolve("Jenkinsfile");
            Files.writeString(file, jenkinsfile, StandardCharsets.UTF_8);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream console = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            RunSettings settings = new RunSettings(file, workspace, workspace.resolve(".mlsteps"), "demo", branch,
                    params, false);
            JenkinsfileRunner.Outcome outcome = JenkinsfileRunner.run(settings, console, steps);
            BuildRecord record = new BuildHistory(workspace.resolve(".mlsteps")).load(outcome.number()).orElseThrow();
            return new Run(outcome, bytes.toString(StandardCharsets.UTF_8), record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A declarative pipeline with the given stages text. */
    static String pipeline(String body) {
        return "pipeline {\n  agent any\n" + body + "\n}\n";
    }
}
