package io.mlsteps.compare;

import io.mlsteps.testing.Req;

import io.mlsteps.contract.steps.CompareToBaselineRequest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.run.StepCatalog;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.run.StepRunner;
import io.mlsteps.contract.result.StepStatus;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompareToBaselineStepTest {
    @TempDir
    Path dir;
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    Map<String, String> env = new HashMap<>();

    /** Writes a predictions.csv whose model is right with probability {@code skill}; the sex column slices rows. */
    static Path predictions(Path file, int n, double skill, long seed) throws Exception {
        Random truthRnd = new Random(1);
        Random rnd = new Random(seed);
        StringBuilder sb = new StringBuilder("row,y_true,y_pred,score:no,score:yes\n");
        for (int i = 0; i < n; i++) {
            String t = truthRnd.nextDouble() < 0.4 ? "yes" : "no";
            boolean right = rnd.nextDouble() < skill;
            String p = right ? t : (t.equals("yes") ? "no" : "yes");
            double sYes = p.equals("yes") ? 0.5 + rnd.nextDouble() / 2 : rnd.nextDouble() / 2;
            sb.append(i).append(',').append(t).append(',').append(p).append(',').append(1 - sYes).append(',')
                    .append(sYes).append('\n');
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, sb);
        return file;
    }

    static Path data(Path file, int n) throws Exception {
        Random truthRnd = new Random(1);
        StringBuilder sb = new StringBuilder("x,sex,label\n");
        for (int i = 0; i < n; i++) {
            String t = truthRnd.nextDouble() < 0.4 ? "yes" : "no";
            sb.append(i).append(',').append(i % 3 == 0 ? "Female" : "Male").append(',').append(t).append('\n');
        }
        Files.writeString(file, sb);
        return file;
    }

    StepResult run(Map<String, Object> args) throws Exception {
        CompareToBaselineRequest req = io.mlsteps.step.Requests.bind(CompareToBaselineRequest.class, args);
        StepContext ctx = new StepContext(dir, dir.resolve(".mlsteps/compareToBaseline"),
                new StepLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8), "compareToBaseline", false), env);
        return new StepRunner().run(new CompareToBaselineStep(), req, ctx);
    }

    String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    static Map<String, Object> gate(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void isRegisteredInTheCatalogAndEvaluatesItsOwnGates() {
        assertThat(StepCatalog.find("compareToBaseline")).get().isInstanceOf(CompareToBaselineStep.class);
        assertThat(new CompareToBaselineStep().evaluatesGatesItself()).isTrue();
    }

    @Test
    void firstRunWithoutBaselinePassesWithANoteByDefault() throws Exception {
        predictions(dir.resolve(".mlsteps/evaluateModel/predictions.csv"), 500, 0.8, 2);
        StepResult r = run(Map.of("qualityGates", List.of(gate("metric", "accuracy", "maxDrop", 0.01))));
        assertThat(r.getStatus()).isEqualTo(StepStatus.SUCCESS);
        Check baseline = r.getChecks().stream().filter(c -> c.name().equals("compare:baseline")).findFirst().orElseThrow();
        assertThat(baseline.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(baseline.criticality()).isEqualTo(Criticality.NOTE);
        assertThat(baseline.message()).contains("first run").contains("onMissingBaseline: PASS").contains("1 relative rule");
        assertThat(r.getMetrics()).containsKey("accuracy");
        assertThat(Files.exists(dir.resolve(".mlsteps/compareToBaseline/result.json"))).isTrue();

        StepResult unstable = run(Map.of("onMissingBaseline", "unstable"));
        assertThat(unstable.getStatus()).isEqualTo(StepStatus.UNSTABLE);
        // a previous build's result may be absent (first build); an explicitly given baseline file must exist
        StepResult failure = run(Map.of("onMissingBaseline", "FAILURE", "previousResult", "no-such-build/result.json"));
        assertThat(failure.getStatus()).isEqualTo(StepStatus.FAILURE);
        assertThatThrownBy(() -> run(Map.of("baseline", "missing-dir/metrics.json")))
                .isInstanceOf(InputException.class).hasMessageContaining("missing-dir/metrics.json not found");
    }

    @Test
    void metricsFileBaselineComparesPointValuesAndAtTheBoundPasses() throws Exception {
        Path cand = dir.resolve("cand.json");
        Files.writeString(cand, "{\"metrics\": {\"accuracy\": 0.85, \"rmse\": 1.0}, \"rows\": 5000}");
        Path base = dir.resolve("base-metrics.json");
        Files.writeString(base, "{\"accuracy\": 0.86, \"f1_macro\": \"NaN\"}");
        StepResult r = run(Map.of("candidate", "cand.json", "baseline", "base-metrics.json", "qualityGates", List.of(
                gate("metric", "accuracy", "maxDrop", 0.01, "criticality", "FAILURE"),
                gate("metric", "accuracy", "minImprovement", 0.0, "criticality", "NOTE"))));
        assertThat(r.getChecks()).extracting(Check::name).containsExactly("compare:accuracy:maxDrop",
                "compare:accuracy:minImprovement");
        assertThat(r.getChecks().get(0).outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(r.getChecks().get(0).message()).contains("point values");
        assertThat(r.getChecks().get(1).outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(r.getStatus()).isEqualTo(StepStatus.UNSTABLE);
        assertThat(r.getMetrics()).containsEntry("accuracy", 0.85);
        assertThat(r.getMetrics().get("delta[accuracy]")).isCloseTo(-0.01, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(r.getTables()).singleElement().satisfies(t -> {
            assertThat(t.columns()).contains("baseline", "candidate", "delta", "interval", "bound", "outcome");
            assertThat(t.rows().get(0)).contains("0.86", "0.85", "-0.01", "delta >= -0.01");
        });
        String junit = Files.readString(dir.resolve(".mlsteps/compareToBaseline/junit.xml"));
        assertThat(junit).contains("compare:accuracy:maxDrop").contains("<failure type=\"NOTE\"");
        assertThat(log()).contains("metric").contains("delta >= -0.01");
        assertThat(r.getCharts()).singleElement().satisfies(c ->
                assertThat(dir.resolve(".mlsteps/compareToBaseline").resolve(c.path())).isRegularFile());
        JsonNode json = Json.mapper().readTree(dir.resolve(".mlsteps/compareToBaseline/result.json").toFile());
        assertThat(json.get("details").get("gates").get(0).get("outcome").asText()).isEqualTo("PASSED");
        assertThat(json.get("details").get("accepted").asBoolean()).isFalse();
        assertThat(json.get("passed").asBoolean()).isFalse();

        // one step further is a failure of FAILURE criticality
        Files.writeString(cand, "{\"metrics\": {\"accuracy\": 0.8499}}");
        StepResult worse = run(Map.of("candidate", "cand.json", "baseline", "base-metrics.json", "qualityGates",
                List.of(gate("metric", "accuracy", "maxDrop", 0.01, "criticality", "FAILURE"))));
        assertThat(worse.getStatus()).isEqualTo(StepStatus.FAILURE);
    }

    @Test
    void missingAndNanMetricsNeverPass() throws Exception {
        Files.writeString(dir.resolve("cand.json"), "{\"accuracy\": 0.9, \"roc_auc\": \"NaN\"}");
        Files.writeString(dir.resolve("base.json"), "{\"accuracy\": 0.8, \"roc_auc\": 0.9, \"f1_macro\": 0.7}");
        StepResult r = run(Map.of("candidate", "cand.json", "baseline", "base.json", "qualityGates", List.of(
                gate("metric", "f1_macro", "maxDrop", 0.5, "criticality", "ERROR"),
                gate("metric", "roc_auc", "maxDrop", 0.5, "criticality", "UNSTABLE"))));
        assertThat(r.getChecks()).allSatisfy(c -> assertThat(c.outcome()).isEqualTo(CheckOutcome.FAILED));
        assertThat(r.getChecks().get(0).message()).contains("not computed for the candidate");
        assertThat(r.getChecks().get(1).message()).contains("NaN");
        assertThat(r.getStatus()).isEqualTo(StepStatus.FAILURE);
    }

    @Test
    void pairedPredictionsDecideWithAnIntervalAndTooFewRowsAreInconclusive() throws Exception {
        predictions(dir.resolve("cand/predictions.csv"), 4000, 0.86, 2);
        predictions(dir.resolve("base/predictions.csv"), 4000, 0.80, 3);
        var gates = List.of(gate("metric", "accuracy", "maxDrop", 0.0, "criticality", "FAILURE"),
                gate("metric", "roc_auc", "maxDrop", 0.01, "criticality", "FAILURE"),
                gate("metric", "accuracy", "maxImprovement", 0.03, "criticality", "UNSTABLE"));
        StepResult r = run(Map.of("candidate", "cand", "baseline", "base/predictions.csv", "resamples", 300,
                "qualityGates", gates));
        Check acc = r.getChecks().get(0);
        assertThat(acc.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(acc.details()).containsEntry("method", "paired bootstrap").containsEntry("rows", 4000)
                .containsKeys("lower", "upper", "mcnemarExactP", "mcnemarMidP");
        assertThat((Double) acc.details().get("mcnemarExactP")).isLessThan(1e-6);
        assertThat(r.getChecks().get(1).outcome()).isEqualTo(CheckOutcome.PASSED);
        // a 6-point jump is more than the believable 3 points: the leakage alarm fires
        assertThat(r.getChecks().get(2).outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(r.getChecks().get(2).message()).contains("leakage");

        // the same models on 40 rows cannot be told apart: inconclusive, UNSTABLE by default
        predictions(dir.resolve("small-cand/predictions.csv"), 40, 0.8, 2);
        predictions(dir.resolve("small-base/predictions.csv"), 40, 0.80, 3);
        StepResult small = run(Map.of("candidate", "small-cand", "baseline", "small-base", "resamples", 300,
                "qualityGates", List.of(gates.get(0))));
        assertThat(small.getChecks().get(0).outcome()).isEqualTo(CheckOutcome.INCONCLUSIVE);
        assertThat(small.getChecks().get(0).criticality()).isEqualTo(Criticality.UNSTABLE);
        assertThat(small.getStatus()).isEqualTo(StepStatus.UNSTABLE);
        StepResult tiny = run(Map.of("candidate", "small-cand", "baseline", "small-base", "resamples", 300,
                "minRows", 50, "inconclusiveCriticality", "NOTE", "qualityGates", List.of(gates.get(0))));
        assertThat(tiny.getChecks().get(0).message()).contains("only 40 evaluation rows");
        assertThat(tiny.getChecks().get(0).criticality()).isEqualTo(Criticality.NOTE);
    }

    @Test
    void slicesAreComparedPairedWhenTheDataIsGiven() throws Exception {
        predictions(dir.resolve("cand/predictions.csv"), 3000, 0.86, 2);
        predictions(dir.resolve("base/predictions.csv"), 3000, 0.80, 3);
        data(dir.resolve("eval.csv"), 3000);
        StepResult r = run(Map.of("candidate", "cand", "baseline", "base", "data", "eval.csv", "labelColumn", "label",
                "resamples", 200, "qualityGates", List.of(gate("metric", "accuracy[sex=*]", "maxDrop", 0.0))));
        assertThat(r.getChecks()).extracting(Check::name).containsExactly(
                "compare:accuracy[sex=Female]:maxDrop", "compare:accuracy[sex=Male]:maxDrop");
        assertThat(r.getChecks().get(0).details()).containsEntry("rows", 1000);
        assertThat(r.getChecks().get(1).details()).containsEntry("rows", 2000);
        assertThat(r.getChecks()).allSatisfy(c -> assertThat(c.outcome()).isEqualTo(CheckOutcome.PASSED));
        assertThat(r.getMetrics()).containsKeys("accuracy[sex=Female]", "delta[accuracy[sex=Male]]");
    }

    @Test
    void creepingRegressionIsCaughtByTheAnchorAndThePreviousBuildStandsInForAMissingBaseline() throws Exception {
        Files.writeString(dir.resolve("cand.json"), "{\"accuracy\": 0.845}");
        Path prev = dir.resolve("prev/result.json");
        Files.createDirectories(prev.getParent());
        Files.writeString(prev, "{\"step\": \"compareToBaseline\", \"metrics\": {\"accuracy\": 0.85, \"delta[accuracy]\": -0.004}}");
        Files.writeString(dir.resolve("anchor.json"), "{\"accuracy\": 0.87}");
        StepResult r = run(Map.of("candidate", "cand.json", "previousResult", "prev/result.json", "anchor", "anchor.json",
                "qualityGates", List.of(gate("metric", "accuracy", "maxDrop", 0.01, "criticality", "FAILURE"))));
        assertThat(r.getChecks()).extracting(Check::name).containsExactly("compare:accuracy:maxDrop",
                "compare:accuracy:maxDrop@anchor");
        assertThat(r.getChecks().get(0).outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(r.getChecks().get(1).outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(r.getChecks().get(1).message()).contains("anchor.json");
        assertThat(log()).contains("previous successful build");
    }

    @Test
    void overrideTurnsFailuresIntoAuditedNotes() throws Exception {
        env.put("BUILD_USER", "alice");
        env.put("BUILD_URL", "https://ci.example/job/x/7/");
        Files.writeString(dir.resolve("cand.json"), "{\"accuracy\": 0.7}");
        Files.writeString(dir.resolve("base.json"), "{\"accuracy\": 0.86}");
        StepResult r = run(Map.of("candidate", "cand.json", "baseline", "base.json", "override",
                "hotfix for a broken feature pipeline, ticket ML-42",
                "qualityGates", List.of(gate("metric", "accuracy", "maxDrop", 0.01, "criticality", "FAILURE"))));
        Check c = r.getChecks().get(0);
        assertThat(c.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(c.criticality()).isEqualTo(Criticality.NOTE);
        assertThat(c.details()).containsEntry("overridden", true).containsEntry("overriddenBy", "alice")
                .containsEntry("originalCriticality", "FAILURE");
        assertThat(c.message()).contains("OVERRIDDEN by alice: hotfix");
        assertThat(r.getStatus()).isEqualTo(StepStatus.UNSTABLE);
        @SuppressWarnings("unchecked")
        Map<String, Object> override = (Map<String, Object>) r.getDetails().get("override");
        assertThat(override).containsEntry("by", "alice").containsEntry("buildUrl", "https://ci.example/job/x/7/")
                .containsEntry("reason", "hotfix for a broken feature pipeline, ticket ML-42");
        assertThat(r.getDetails()).containsEntry("accepted", true);
        assertThat(log()).contains("override by alice");
    }

    @Test
    void badInputsAreLocatedErrors() throws Exception {
        assertThatThrownBy(() -> run(Map.of("candidate", "nope")))
                .isInstanceOf(InputException.class).hasMessageContaining("nope").hasMessageContaining("file not found");
        Files.writeString(dir.resolve("p.csv"), "row,y_true,y_pred\n0,a,a\nx,b,a\n");
        assertThatThrownBy(() -> run(Map.of("candidate", "p.csv")))
                .isInstanceOf(InputException.class).hasMessageContaining("p.csv:3:1").hasMessageContaining("not a row number");
        Files.writeString(dir.resolve("q.csv"), "id,truth\n0,a\n");
        assertThatThrownBy(() -> run(Map.of("candidate", "q.csv")))
                .isInstanceOf(InputException.class).hasMessageContaining("expected the columns row, y_true and y_pred");
        Files.writeString(dir.resolve("m.json"), "{\"accuracy\": 0.9,");
        assertThatThrownBy(() -> run(Map.of("candidate", "m.json")))
                .isInstanceOf(InputException.class).hasMessageContaining("m.json:1");
        Files.writeString(dir.resolve("ok.json"), "{\"accuracy\": 0.9}");
        assertThatThrownBy(() -> run(Map.of("candidate", "ok.json", "onMissingBaseline", "MAYBE")))
                .isInstanceOf(InputException.class).hasMessageContaining("onMissingBaseline");
        assertThatThrownBy(() -> run(Map.of("candidate", "ok.json", "confidence", 1.5)))
                .isInstanceOf(InputException.class).hasMessageContaining("confidence");
        assertThatThrownBy(() -> run(Map.of("candidate", "ok.json", "baseline", "production", "registry",
                dir.resolve("reg").toString())))
                .isInstanceOf(InputException.class).hasMessageContaining("modelName");
        // predictions made on other data than the baseline's
        predictions(dir.resolve("c.csv"), 100, 0.8, 2);
        Files.writeString(dir.resolve("b.csv"), "row,y_true,y_pred\n0,maybe,no\n");
        assertThatThrownBy(() -> run(Map.of("candidate", "c.csv", "baseline", "b.csv")))
                .isInstanceOf(InputException.class).hasMessageContaining("other data");
    }

    @Test
    void registryBaselineWithoutDataUsesStoredMetricsAndTheVerdictGoesIntoTheCandidatesLineage() throws Exception {
        Path artifact = dir.resolve("model.bin");
        Files.writeString(artifact, "not a tribuo model");
        Path registryDir = dir.resolve("registry");
        try (io.mlsteps.registry.Registry registry = io.mlsteps.registry.Registry.open(registryDir.toString(), Map.of())) {
            var v1 = registry.register(io.mlsteps.registry.Registration.of("churn", artifact)
                    .metrics(Map.of("accuracy", 0.9)).actor("test"));
            registry.moveAlias("churn", "production", v1.version(), "test", "release");
            Files.writeString(artifact, "another model");
            registry.register(io.mlsteps.registry.Registration.of("churn", artifact).actor("test"));
        }
        env.put("USER", "bob");
        Files.writeString(dir.resolve("cand.json"), "{\"accuracy\": 0.85}");
        StepResult r = run(Map.of("candidate", "cand.json", "baseline", "churn@production", "registry",
                registryDir.toString(), "candidateVersion", "churn@2", "override", "known label shift, see ML-7",
                "qualityGates", List.of(gate("metric", "accuracy", "maxDrop", 0.01, "criticality", "FAILURE"))));
        Check c = r.getChecks().get(0);
        assertThat(c.details()).containsEntry("method", "point values").containsEntry("baseline", 0.9)
                .containsEntry("baselineLabel", "churn@production (v1)").containsEntry("overriddenBy", "bob");
        assertThat(r.getLineage()).anySatisfy(l -> assertThat(l.id()).isEqualTo("churn@1"));
        try (io.mlsteps.registry.Registry registry = io.mlsteps.registry.Registry.open(registryDir.toString(), Map.of())) {
            var events = registry.events("churn", 2, io.mlsteps.registry.LineageEvent.COMPARISON);
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.passed()).isTrue();
                assertThat(e.related()).containsExactly("churn@1");
                assertThat(e.attributes().toString()).contains("known label shift, see ML-7").contains("bob");
            });
        }
    }

    @Test
    void perClassWildcardGatesEveryClassPaired() throws Exception {
        predictions(dir.resolve("cand/predictions.csv"), 2000, 0.86, 2);
        predictions(dir.resolve("base/predictions.csv"), 2000, 0.80, 3);
        StepResult r = run(Map.of("candidate", "cand", "baseline", "base", "resamples", 200,
                "qualityGates", List.of(gate("metric", "recall[class=*]", "maxDrop", 0.0))));
        assertThat(r.getChecks()).extracting(Check::name).containsExactly("compare:recall[class=no]:maxDrop",
                "compare:recall[class=yes]:maxDrop");
        assertThat(r.getChecks()).allSatisfy(c ->
                assertThat(c.details()).containsEntry("method", "paired bootstrap").doesNotContainKey("mcnemarExactP"));
        // the rarer class has a wider interval: the same improvement is decided for 'no', not yet for 'yes'
        assertThat(r.getChecks().get(0).outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(r.getChecks().get(1).outcome()).isEqualTo(CheckOutcome.INCONCLUSIVE);
    }
}
