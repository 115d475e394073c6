package io.mlsteps.compare;

import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.result.StepStatus;
import io.mlsteps.contract.steps.CompareToBaselineRequest;
import io.mlsteps.run.StepRunner;
import io.mlsteps.step.Requests;
import io.mlsteps.step.StepContext;
import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Without {@code candidate}, compareToBaseline compares the build's latest evaluateModel call, not its first. */
class LatestCandidateTest {
    @TempDir
    Path work;

    @Test
    void theLatestEvaluateModelFolderOfTheBuildIsTheDefaultCandidate() throws Exception {
        Path build = work.resolve(".mlsteps/builds/3");
        metrics(build.resolve("evaluateModel"), 0.70);
        metrics(build.resolve("evaluateModel-2"), 0.90);
        Files.writeString(work.resolve("baseline.json"), "{\"accuracy\": 0.80}");

        StepResult result = compare(build, Map.of("baseline", "baseline.json", "qualityGates",
                List.of(Map.of("metric", "accuracy", "maxDrop", 0.01))));

        assertThat(result.getMetrics()).containsEntry("accuracy", 0.90);
        assertThat(result.getStatus()).isEqualTo(StepStatus.SUCCESS);
    }

    @Test
    void aGivenCandidateWinsAndAMissingDefaultNamesTheFolderItLookedIn() throws Exception {
        Path build = work.resolve(".mlsteps/builds/4");
        metrics(build.resolve("evaluateModel"), 0.70);
        metrics(build.resolve("evaluateModel-2"), 0.90);
        Files.writeString(work.resolve("baseline.json"), "{\"accuracy\": 0.80}");
        StepResult first = compare(build, Map.of("candidate", ".mlsteps/builds/4/evaluateModel",
                "baseline", "baseline.json", "qualityGates", List.of(Map.of("metric", "accuracy", "maxDrop", 0.01))));
        assertThat(first.getMetrics()).containsEntry("accuracy", 0.70);
        assertThat(first.getStatus()).isEqualTo(StepStatus.UNSTABLE);

        Path empty = work.resolve(".mlsteps/builds/5");
        assertThatThrownBy(() -> compare(empty, Map.of("baseline", "baseline.json")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("candidate")
                .hasMessageContaining("builds/5/evaluateModel does not exist");
    }

    private static void metrics(Path folder, double accuracy) throws Exception {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("metrics.json"),
                "{\"metrics\": {\"accuracy\": " + accuracy + "}, \"rows\": 5000}");
    }

    private StepResult compare(Path build, Map<String, Object> args) throws Exception {
        CompareToBaselineRequest request = Requests.bind(CompareToBaselineRequest.class, args);
        StepContext context = new StepContext(work, build.resolve("compareToBaseline"), new StepLog(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), "compareToBaseline", false),
                Map.of());
        return new StepRunner().run(new CompareToBaselineStep(), request, context);
    }
}
