package io.mlsteps.compare;

import io.mlsteps.testing.Req;
import io.mlsteps.contract.steps.EvaluateModelRequest;

import io.mlsteps.contract.steps.CompareToBaselineRequest;

import io.mlsteps.registry.ModelVersion;
import io.mlsteps.registry.Registration;
import io.mlsteps.registry.Registry;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.run.StepRunner;
import io.mlsteps.contract.result.StepStatus;
import io.mlsteps.testing.SharedData;
import io.mlsteps.train.TrainModelStep;
import io.mlsteps.contract.steps.TrainModelRequest;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end on adult: a logistic regression and a CART tree trained by trainModel, compared on 200 test
 * rows (too few to tell them apart: inconclusive) and on all 16,281 (decided: the better model passes "no
 * worse than the baseline", the worse one fails).
 */
class AdultEndToEndTest {
    @TempDir
    static Path dir;
    static Path logistic;
    static Path tree;
    static Path test;
    static Path test200;

    @BeforeAll
    static void train() throws Exception {
        Path train = SharedData.require("adult/adult_train.csv");
        test = SharedData.require("adult/adult_test.csv");
        // logistic regression by SGD (5 epochs): within one accuracy point of the depth-4 tree, better in ROC AUC
        logistic = trainModel(train, "linear_sgd", Map.of("loss", "log"), "train-lr");
        tree = trainModel(train, "cart", Map.of("max_depth", 4), "train-cart");
        List<String> lines = Files.readAllLines(test);
        test200 = dir.resolve("adult_test_200.csv");
        Files.write(test200, lines.subList(0, 201));
    }

    private static Path trainModel(Path data, String algorithm, Map<String, Object> params, String folder) throws Exception {
        Req<TrainModelRequest> r = Req.of(TrainModelRequest.class);
        r.set("data", data.toString());
        r.set("labelColumn", "income");
        r.set("algorithm", algorithm);
        r.set("params", new java.util.LinkedHashMap<>(params));
        new StepRunner().run(new TrainModelStep(), r.build(), new StepContext(dir, dir.resolve(folder), StepLog.silent(), Map.of()));
        return dir.resolve(folder).resolve("model.tribuo");
    }

    private StepResult compare(Path candidate, Map<String, Object> args, String folder) throws Exception {
        Map<String, Object> all = new java.util.LinkedHashMap<>(args);
        all.put("candidateModel", candidate.toString());
        all.put("labelColumn", "income");
        all.put("resamples", 500);
        all.put("qualityGates", List.of(Map.of("metric", "accuracy", "maxDrop", 0.01, "criticality", "FAILURE"),
                Map.of("metric", "roc_auc", "maxDrop", 0.0, "criticality", "FAILURE")));
        CompareToBaselineRequest req = io.mlsteps.step.Requests.bind(CompareToBaselineRequest.class, all);
        return new StepRunner().run(new CompareToBaselineStep(), req,
                new StepContext(dir, dir.resolve(folder), new StepLog(System.out, "compareToBaseline", false),
                        Map.of("USER", "tester")));
    }

    private static CheckOutcome outcome(StepResult r, String name) {
        return r.getChecks().stream().filter(c -> c.name().equals(name)).map(Check::outcome).findFirst().orElseThrow();
    }

    @Test
    void fullTestSetDecidesAndTwoHundredRowsAreInconclusive() throws Exception {
        // the logistic regression is the better model on adult; as candidate it passes, the tree fails
        StepResult lrFull = compare(logistic, Map.of("baselineModel", tree.toString(), "data", test.toString()), "c1");
        StepResult treeFull = compare(tree, Map.of("baselineModel", logistic.toString(), "data", test.toString()), "c2");
        StepResult lrSmall = compare(logistic, Map.of("baselineModel", tree.toString(), "data", test200.toString()), "c3");
        StepResult treeSmall = compare(tree, Map.of("baselineModel", logistic.toString(), "data", test200.toString()), "c4");

        // all 16,281 rows decide: the logistic regression has the better ROC AUC, so it passes "no worse" and the
        // tree fails; their accuracies differ by less than the tolerated 1 point, so both pass that gate
        assertThat(lrFull.getChecks().get(0).details()).containsEntry("rows", 16281);
        assertThat(outcome(lrFull, "compare:roc_auc:maxDrop")).isEqualTo(CheckOutcome.PASSED);
        assertThat(outcome(lrFull, "compare:accuracy:maxDrop")).isEqualTo(CheckOutcome.PASSED);
        assertThat(lrFull.getStatus()).isEqualTo(StepStatus.SUCCESS);
        assertThat(outcome(treeFull, "compare:roc_auc:maxDrop")).isEqualTo(CheckOutcome.FAILED);
        assertThat(outcome(treeFull, "compare:accuracy:maxDrop")).isEqualTo(CheckOutcome.PASSED);
        assertThat(treeFull.getStatus()).isEqualTo(StepStatus.FAILURE);

        // 200 rows cannot tell them apart: every gate is inconclusive, whichever model is the candidate
        assertThat(lrSmall.getChecks().get(0).details()).containsEntry("rows", 200);
        for (StepResult small : List.of(lrSmall, treeSmall)) {
            assertThat(small.getChecks()).allSatisfy(c -> assertThat(c.outcome()).isEqualTo(CheckOutcome.INCONCLUSIVE));
            assertThat(small.getStatus()).isEqualTo(StepStatus.UNSTABLE);
        }
        // the interval of 200 rows is several times wider than that of all rows
        double wide = (Double) lrSmall.getChecks().get(0).details().get("upper")
                - (Double) lrSmall.getChecks().get(0).details().get("lower");
        double narrow = (Double) lrFull.getChecks().get(0).details().get("upper")
                - (Double) lrFull.getChecks().get(0).details().get("lower");
        assertThat(wide).isGreaterThan(4 * narrow);
    }

    @Test
    void registryBaselineIsReEvaluatedOnTheCandidatesRows() throws Exception {
        Path registryDir = dir.resolve("registry");
        try (Registry registry = Registry.open(registryDir.toString(), Map.of())) {
            ModelVersion v = registry.register(Registration.of("adult", logistic)
                    .metrics(Map.of("accuracy", 0.99, "roc_auc", 0.99)).actor("test"));
            registry.moveAlias("adult", "production", v.version(), "test", "first release");
        }
        StepResult r = compare(tree, Map.of("baseline", "production", "modelName", "adult", "registry",
                registryDir.toString(), "data", test.toString()), "c5");
        Check acc = r.getChecks().get(0);
        assertThat(acc.details()).containsEntry("method", "paired bootstrap").containsEntry("against", "baseline");
        // the stored 0.99 is replaced by the re-evaluation on the same rows, so the tree passes the 1-point accuracy
        // tolerance and fails on ROC AUC, as against the model file
        assertThat((Double) acc.details().get("baseline")).isBetween(0.8, 0.9);
        assertThat(acc.details().get("baselineLabel")).isEqualTo("adult@production (v1)");
        assertThat(acc.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(outcome(r, "compare:roc_auc:maxDrop")).isEqualTo(CheckOutcome.FAILED);
        assertThat(r.getLineage()).anySatisfy(l -> assertThat(l.id()).isEqualTo("adult@1"));

        // no production alias yet: a first run, passed with a note
        StepResult first = compare(tree, Map.of("baseline", "staging", "modelName", "adult", "registry",
                registryDir.toString(), "data", test200.toString()), "c6");
        assertThat(first.getStatus()).isEqualTo(StepStatus.SUCCESS);
        assertThat(first.getChecks()).extracting(Check::name).containsExactly("compare:baseline");
    }

    @Test
    void pipelineEvaluateModelThenCompareFindsTheDataAndPairsTheRows() throws Exception {
        Path ws = dir.resolve("pipeline");
        Files.createDirectories(ws);
        Files.copy(test200, ws.resolve("test.csv"));
        Req<EvaluateModelRequest> e = Req.of(EvaluateModelRequest.class);
        e.set("model", tree.toString());
        e.set("data", "test.csv");
        e.set("labelColumn", "income");
        e.set("slices", List.of("sex"));
        e.set("bootstrap", 100);
        e.set("charts", false);
        new StepRunner().run(new io.mlsteps.evaluate.EvaluateModelStep(), e.build(),
                new StepContext(ws, ws.resolve(".mlsteps/evaluateModel"), StepLog.silent(), Map.of()));
        Path base = ws.resolve("baseline-predictions");
        Req<EvaluateModelRequest> eb = Req.of(EvaluateModelRequest.class);
        eb.set("model", logistic.toString());
        eb.set("data", "test.csv");
        eb.set("labelColumn", "income");
        eb.set("bootstrap", 100);
        eb.set("charts", false);
        new StepRunner().run(new io.mlsteps.evaluate.EvaluateModelStep(), eb.build(),
                new StepContext(ws, base, StepLog.silent(), Map.of()));

        // no candidate and no data given: .mlsteps/evaluateModel and the data its metrics.json names
        CompareToBaselineRequest req = io.mlsteps.step.Requests.bind(CompareToBaselineRequest.class, Map.of("baseline", "baseline-predictions", "resamples", 200,
                "qualityGates", List.of(Map.of("metric", "accuracy[sex=*]", "maxDrop", 0.01),
                        Map.of("metric", "f1_macro", "maxDrop", 0.01))));
        StepResult r = new StepRunner().run(new CompareToBaselineStep(), req,
                new StepContext(ws, ws.resolve(".mlsteps/compareToBaseline"), StepLog.silent(), Map.of()));
        assertThat(r.getChecks()).extracting(Check::name).containsExactly("compare:accuracy[sex=Female]:maxDrop",
                "compare:accuracy[sex=Male]:maxDrop", "compare:f1_macro:maxDrop");
        assertThat(r.getChecks()).allSatisfy(c -> {
            assertThat(c.details()).containsEntry("method", "paired bootstrap");
            assertThat(c.outcome()).isEqualTo(CheckOutcome.INCONCLUSIVE);
        });
        int female = (Integer) r.getChecks().get(0).details().get("rows");
        int male = (Integer) r.getChecks().get(1).details().get("rows");
        assertThat(female + male).isEqualTo(200);
        // the candidate's values equal evaluateModel's own metrics
        var evaluated = Evaluation.readMetrics(ws.resolve(".mlsteps/evaluateModel/metrics.json"));
        assertThat(r.getMetrics().get("f1_macro")).isCloseTo(evaluated.get("f1_macro"),
                org.assertj.core.data.Offset.offset(1e-12));
        var evaluatedSlices = Evaluation.readMetrics(ws.resolve(".mlsteps/evaluateModel/result.json"));
        assertThat(r.getMetrics().get("accuracy[sex=Female]")).isCloseTo(evaluatedSlices.get("accuracy[sex=Female]"),
                org.assertj.core.data.Offset.offset(1e-12));
    }
}
