package io.mlsteps.compare;

import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.result.StepStatus;
import io.mlsteps.contract.steps.CompareToBaselineRequest;
import io.mlsteps.registry.Registration;
import io.mlsteps.registry.Registry;
import io.mlsteps.run.StepRunner;
import io.mlsteps.step.StepContext;
import io.mlsteps.util.Hashing;
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

import static io.mlsteps.compare.CompareToBaselineStepTest.data;
import static io.mlsteps.compare.CompareToBaselineStepTest.gate;
import static io.mlsteps.compare.CompareToBaselineStepTest.predictions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * compareToBaseline's phases as a user meets them: which gate applies when none is given, where the candidate's
 * evaluation data comes from, how each kind of baseline is found, aligned or left out, and what a missing baseline
 * does to the verdict.
 */
class CandidateAndBaselinesTest {
    @TempDir
    Path dir;
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();

    StepResult run(Map<String, Object> args) throws Exception {
        CompareToBaselineRequest req = io.mlsteps.step.Requests.bind(CompareToBaselineRequest.class, args);
        StepContext ctx = new StepContext(dir, dir.resolve(".mlsteps/compareToBaseline"),
                new StepLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8), "compareToBaseline", false), Map.of());
        return new StepRunner().run(new CompareToBaselineStep(), req, ctx);
    }

    String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    /** An evaluateModel folder: predictions.csv and a metrics.json naming its data file as evaluateModel does. */
    Path evaluation(String name, Path dataFile, String sha256, double skill, long seed) throws Exception {
        Path folder = dir.resolve(name);
        predictions(folder.resolve("predictions.csv"), 600, skill, seed);
        Files.writeString(folder.resolve("metrics.json"), """
                {"schemaVersion": 1, "task": "classification",
                 "source": {"model": "model.tribuo", "data": "%s", "dataSha256": "%s", "labelColumn": "label"},
                 "rows": 600, "metrics": {"accuracy": 0.5}}
                """.formatted(dir.relativize(dataFile), sha256));
        return folder;
    }

    @Test
    void withoutGatesAClassifierIsGatedOnAccuracyAndARegressionOnRmse() throws Exception {
        Files.writeString(dir.resolve("cls.json"), "{\"accuracy\": 0.8}");
        Files.writeString(dir.resolve("cls-base.json"), "{\"accuracy\": 0.81}");
        StepResult classifier = run(Map.of("candidate", "cls.json", "baseline", "cls-base.json"));
        assertThat(classifier.getChecks()).extracting(Check::name).containsExactly("compare:accuracy:maxDrop");
        assertThat(classifier.getChecks().get(0).criticality()).isEqualTo(Criticality.UNSTABLE);
        assertThat(classifier.getStatus()).as("0.01 worse with maxDrop 0").isEqualTo(StepStatus.UNSTABLE);
        assertThat(log()).contains("no qualityGates given: gating accuracy with maxDrop 0");

        Files.writeString(dir.resolve("reg.json"), "{\"rmse\": 10.0, \"mae\": 7.0}");
        Files.writeString(dir.resolve("reg-base.json"), "{\"rmse\": 11.0}");
        StepResult regression = run(Map.of("candidate", "reg.json", "baseline", "reg-base.json"));
        assertThat(regression.getChecks()).extracting(Check::name).containsExactly("compare:rmse:maxDrop");
        assertThat(regression.getStatus()).as("lower rmse is better").isEqualTo(StepStatus.SUCCESS);
        assertThat(log()).contains("gating rmse with maxDrop 0");
    }

    @Test
    void theCandidatesMetricsJsonNamesItsDataAndLabelColumnWhenTheDataIsNotGiven() throws Exception {
        Path data = data(dir.resolve("eval.csv"), 600);
        evaluation("cand", data, Hashing.sha256(data), 0.86, 2);
        predictions(dir.resolve("base/predictions.csv"), 600, 0.80, 3);
        StepResult r = run(Map.of("candidate", "cand", "baseline", "base", "resamples", 200,
                "qualityGates", List.of(gate("metric", "accuracy[sex=*]", "maxDrop", 0.0))));
        assertThat(log()).contains("evaluation data from the candidate's metrics.json: eval.csv");
        // the slices of the gate come from the data found: one check per sex, on the rows of each
        assertThat(r.getChecks()).extracting(Check::name).containsExactly("compare:accuracy[sex=Female]:maxDrop",
                "compare:accuracy[sex=Male]:maxDrop");
        assertThat(r.getChecks().get(0).details()).containsEntry("rows", 200);
    }

    @Test
    void aDataFileThatChangedSinceTheEvaluationIsNotUsed() throws Exception {
        Path data = data(dir.resolve("eval.csv"), 600);
        evaluation("cand", data, "0".repeat(64), 0.86, 2); // another file's checksum
        predictions(dir.resolve("base/predictions.csv"), 600, 0.80, 3);
        StepResult r = run(Map.of("candidate", "cand", "baseline", "base", "resamples", 200,
                "qualityGates", List.of(gate("metric", "accuracy[sex=*]", "maxDrop", 0.0))));
        assertThat(log()).doesNotContain("evaluation data from the candidate's metrics.json");
        // without data there are no slice columns: the wildcard matches no metric, and says so
        assertThat(r.getChecks()).extracting(Check::name).doesNotContain("compare:accuracy[sex=Female]:maxDrop");
    }

    @Test
    void predictionsMadeOnOtherLabelsThanTheDataAreRefused() throws Exception {
        Path data = dir.resolve("eval.csv");
        Files.writeString(data, "x,label\n0,no\n1,no\n2,yes\n");
        Files.writeString(dir.resolve("cand.csv"), "row,y_true,y_pred\n0,no,no\n1,yes,no\n2,yes,yes\n");
        assertThatThrownBy(() -> run(Map.of("candidate", "cand.csv", "data", "eval.csv", "labelColumn", "label")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("y_true 'yes' of data row 1 differs from the label 'no'")
                .hasMessageContaining("expected predictions made on this data file");
    }

    @Test
    void predictionsOfRowsTheDataDoesNotHaveAreRefused() throws Exception {
        Files.writeString(dir.resolve("eval.csv"), "x,label\n0,no\n1,yes\n");
        Files.writeString(dir.resolve("cand.csv"), "row,y_true,y_pred\n0,no,no\n5,yes,no\n");
        assertThatThrownBy(() -> run(Map.of("candidate", "cand.csv", "data", "eval.csv")))
                .isInstanceOf(InputException.class).hasMessageStartingWith("candidate: refers to data row 5 but ")
                .hasMessageContaining("has only 2 rows; expected predictions made on this data file");
    }

    @Test
    void aBaselineModelFileNeedsTheCandidatesPredictionsAndData() throws Exception {
        Files.writeString(dir.resolve("cand.json"), "{\"accuracy\": 0.8}");
        Files.writeString(dir.resolve("old.tribuo"), "not read: the check comes first");
        assertThatThrownBy(() -> run(Map.of("candidate", "cand.json", "baselineModel", "old.tribuo")))
                .isInstanceOf(InputException.class).hasMessageStartingWith("baselineModel: a model file needs the "
                        + "candidate's predictions and data");
        // the same file given as baseline is recognised as a model by its name
        assertThatThrownBy(() -> run(Map.of("candidate", "cand.json", "baseline", "old.tribuo")))
                .isInstanceOf(InputException.class).hasMessageContaining("a model file needs");
    }

    @Test
    void aBaselinesPredictionsOnPartOfTheRowsAreComparedOnThoseRows() throws Exception {
        predictions(dir.resolve("cand/predictions.csv"), 1000, 0.86, 2);
        Path base = predictions(dir.resolve("base/predictions.csv"), 1000, 0.80, 3);
        List<String> lines = Files.readAllLines(base);
        Files.write(base, lines.subList(0, 401)); // the baseline scored the first 400 rows only
        StepResult r = run(Map.of("candidate", "cand", "baseline", "base/predictions.csv", "resamples", 200,
                "qualityGates", List.of(gate("metric", "accuracy", "maxDrop", 0.0))));
        assertThat(r.getChecks().get(0).details()).containsEntry("rows", 400).containsEntry("method", "paired bootstrap");
        assertThat(log()).contains("its predictions cover 400 of the candidate's 1000 rows; compared on those rows");
    }

    @Test
    void aBaselineSharingNoRowWithTheCandidateIsAnError() throws Exception {
        predictions(dir.resolve("cand/predictions.csv"), 50, 0.8, 2);
        StringBuilder other = new StringBuilder("row,y_true,y_pred\n");
        for (int i = 100; i < 120; i++) {
            other.append(i).append(",no,no\n");
        }
        Files.writeString(dir.resolve("other.csv"), other);
        assertThatThrownBy(() -> run(Map.of("candidate", "cand", "baseline", "other.csv")))
                .isInstanceOf(InputException.class).hasMessageContaining("shares no data row with the candidate's predictions");
    }

    @Test
    void withoutAPrimaryBaselineTheAnchorStillJudgesAbsoluteDrops() throws Exception {
        Files.writeString(dir.resolve("cand.json"), "{\"accuracy\": 0.80}");
        Files.writeString(dir.resolve("anchor.json"), "{\"accuracy\": 0.86}");
        StepResult r = run(Map.of("candidate", "cand.json", "anchor", "anchor.json", "onMissingBaseline", "UNSTABLE",
                "qualityGates", List.of(gate("metric", "accuracy", "maxDrop", 0.02, "criticality", "FAILURE"),
                        gate("metric", "accuracy", "minImprovement", 0.0, "criticality", "NOTE"))));
        assertThat(r.getChecks()).extracting(Check::name).containsExactly("compare:baseline",
                "compare:accuracy:maxDrop@anchor");
        Check missing = r.getChecks().get(0);
        assertThat(missing.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(missing.message()).isEqualTo("No baseline was given: onMissingBaseline: UNSTABLE; 2 relative rule(s) "
                + "were not evaluated.");
        assertThat(missing.details().keySet()).as("in a fixed order").containsExactly("policy", "firstRun");
        assertThat(r.getChecks().get(1).outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(r.getStatus()).isEqualTo(StepStatus.FAILURE);
        assertThat(r.getSummary()).isEqualTo("1 gate rule(s) against anchor.json; 2 not passed");
    }

    @Test
    void anAnchorOrBaselineTheRegistryLacksIsNoBaselineAndSaysSo() throws Exception {
        Path registryDir = dir.resolve("registry");
        Path artifact = Files.writeString(dir.resolve("model.bin"), "bytes");
        try (Registry registry = Registry.open(registryDir.toString(), Map.of())) {
            registry.register(Registration.of("churn", artifact).metrics(Map.of("accuracy", 0.9)).actor("test"));
        }
        Files.writeString(dir.resolve("cand.json"), "{\"accuracy\": 0.85}");
        StepResult r = run(Map.of("candidate", "cand.json", "registry", registryDir.toString(), "modelName", "churn",
                "baseline", "production", "anchor", "churn@anchor",
                "qualityGates", List.of(gate("metric", "accuracy", "maxDrop", 0.01))));
        assertThat(log()).contains("baseline: churn@production is not in the registry");
        assertThat(r.getChecks()).extracting(Check::name).containsExactly("compare:anchor", "compare:baseline");
        assertThat(r.getChecks().get(0).criticality()).isEqualTo(Criticality.NOTE);
        assertThat(r.getChecks().get(0).message()).contains("No anchor found for 'churn@anchor'");
        assertThat(r.getChecks().get(1).message()).startsWith("No baseline was found (production)");
        assertThat(r.getStatus()).as("PASS by default on a first run").isEqualTo(StepStatus.SUCCESS);
        assertThat(r.getSummary()).isEqualTo("no baseline to compare with");
    }

    @Test
    void aRegisteredArtifactThatCannotBeScoredFallsBackToItsStoredMetrics() throws Exception {
        Path registryDir = dir.resolve("registry");
        Path artifact = Files.writeString(dir.resolve("model.tribuo"), "not a tribuo model");
        try (Registry registry = Registry.open(registryDir.toString(), Map.of())) {
            var v1 = registry.register(Registration.of("churn", artifact).metrics(Map.of("accuracy", 0.7)).actor("test"));
            registry.moveAlias("churn", "production", v1.version(), "test", "release");
        }
        predictions(dir.resolve("cand/predictions.csv"), 300, 0.86, 2);
        data(dir.resolve("eval.csv"), 300);
        StepResult r = run(Map.of("candidate", "cand", "data", "eval.csv", "labelColumn", "label",
                "registry", registryDir.toString(), "baseline", "churn@production",
                "qualityGates", List.of(gate("metric", "accuracy", "maxDrop", 0.0))));
        assertThat(log()).contains("its artifact could not be re-evaluated").contains("stored metrics are compared point-wise");
        assertThat(r.getChecks().get(0).details()).containsEntry("method", "point values").containsEntry("baseline", 0.7);
        assertThat(r.getLineage()).anySatisfy(l -> assertThat(l.id()).isEqualTo("churn@1"));
        // without data, no re-evaluation is tried and the note says what would make it paired
        StepResult stored = run(Map.of("candidate", "cand", "registry", registryDir.toString(),
                "baseline", "churn@production", "qualityGates", List.of(gate("metric", "accuracy", "maxDrop", 0.0))));
        assertThat(stored.getChecks().get(0).details()).containsEntry("method", "point values");
        assertThat(log()).contains("not re-evaluated: give data");
    }
}
