package io.mlsteps.evaluate;

import io.mlsteps.testing.Req;

import io.mlsteps.contract.steps.EvaluateModelRequest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.gate.QualityGate;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.run.StepRunner;
import io.mlsteps.contract.result.StepStatus;
import io.mlsteps.testing.PythonOracle;
import io.mlsteps.testing.SharedData;
import io.mlsteps.train.TrainModelStep;
import io.mlsteps.contract.steps.TrainModelRequest;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every metric of evaluateModel equals scikit-learn's on the same predictions, to 1e-9: adult (binary), iris and
 * wine (multiclass), diabetes (regression). The predictions are the step's own predictions.csv, so the oracle
 * sees exactly what the step scored.
 */
class EvaluateModelOracleTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void oracle() {
        PythonOracle.assumeModules("sklearn", "pandas", "numpy");
    }

    static StepContext context(String name) {
        return new StepContext(dir, dir.resolve(name), new StepLog(System.out, name, false), Map.of());
    }

    static Path train(String name, Path data, String label, String algorithm) throws Exception {
        Req<TrainModelRequest> t = Req.of(TrainModelRequest.class);
        t.set("data", data.toString());
        t.set("labelColumn", label);
        t.set("algorithm", algorithm);
        t.set("validationSplit", 0.0);
        new StepRunner().run(new TrainModelStep(), t.build(), context(name + "-train"));
        return dir.resolve(name + "-train/model.tribuo");
    }

    /** sklearn's metrics on a predictions.csv, named as mlsteps names them. */
    static JsonNode sklearn(Path predictions, String task, Path data, List<String> slices) {
        String script = """
                import json, math, sys
                import numpy as np, pandas as pd
                from sklearn import metrics as M
                from sklearn.preprocessing import label_binarize
                p = pd.read_csv(%s, dtype={'y_true': str, 'y_pred': str}, keep_default_na=False)
                task = %s
                slices = %s
                out = {}
                def cls(df, prefix_ok=True):
                    r = {}
                    classes = [c[len('score:'):] for c in df.columns if c.startswith('score:')]
                    yt, yp = df.y_true.values, df.y_pred.values
                    r['accuracy'] = M.accuracy_score(yt, yp)
                    r['balanced_accuracy'] = M.balanced_accuracy_score(yt, yp)
                    # a slice averages over the classes present in it (y_true or y_pred): scikit-learn's default
                    averaged = classes if prefix_ok else None
                    for avg in ['macro', 'weighted']:
                        pr, rc, f, _ = M.precision_recall_fscore_support(yt, yp, labels=averaged, average=avg, zero_division=0)
                        r['precision_' + avg], r['recall_' + avg], r['f1_' + avg] = pr, rc, f
                    if prefix_ok:
                        pr, rc, f, _ = M.precision_recall_fscore_support(yt, yp, labels=classes, average=None, zero_division=0)
                        for i, c in enumerate(classes):
                            r['precision[class=%%s]' %% c], r['recall[class=%%s]' %% c], r['f1[class=%%s]' %% c] = pr[i], rc[i], f[i]
                    S = df[['score:' + c for c in classes]].values.astype(float)
                    # one-vs-rest AUCs need every class in y_true (a slice may lack one: then mlsteps has NaN)
                    if len(set(yt)) > 1 and (len(classes) == 2 or prefix_ok or set(yt) == set(classes)):
                        if len(classes) == 2:
                            pos = (yt == classes[1])
                            r['roc_auc'] = M.roc_auc_score(pos, S[:, 1])
                            r['pr_auc'] = M.average_precision_score(pos, S[:, 1])
                        else:
                            r['roc_auc'] = M.roc_auc_score(yt, S, multi_class='ovr', average='macro', labels=classes)
                            r['pr_auc'] = M.average_precision_score(label_binarize(yt, classes=classes), S, average='macro')
                        r['log_loss'] = M.log_loss(yt, S, labels=classes)
                    return r
                def reg(df):
                    yt, yp = df.y_true.astype(float).values, df.y_pred.astype(float).values
                    return {'rmse': math.sqrt(M.mean_squared_error(yt, yp)), 'mse': M.mean_squared_error(yt, yp),
                            'mae': M.mean_absolute_error(yt, yp), 'r2': M.r2_score(yt, yp),
                            'mape': M.mean_absolute_percentage_error(yt, yp)}
                f = cls if task == 'classification' else reg
                out.update(f(p))
                if slices:
                    d = pd.read_csv(%s, dtype=str, keep_default_na=False)
                    for s in slices:
                        col = d[s].values[p['row'].values]
                        for v in sorted(set(col)):
                            sub = p[col == v]
                            m = cls(sub, False) if task == 'classification' else reg(sub)
                            for k, val in m.items():
                                out['%%s[%%s=%%s]' %% (k, s, v)] = val
                            out['rows[%%s=%%s]' %% (s, v)] = len(sub)
                print(json.dumps(out))
                """.formatted(py(predictions.toString()), py(task), slices.stream().map(EvaluateModelOracleTest::py).toList(),
                py(data.toString()));
        return PythonOracle.json(script);
    }

    static String py(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @ParameterizedTest(name = "{0} {2}")
    @CsvSource({
            "adult/adult_train.csv,adult/adult_test.csv,income,logistic_regression,classification,sex;race",
            "small/iris.csv,small/iris.csv,species,logistic_regression,classification,''",
            "small/wine.csv,small/wine.csv,cultivar,random_forest,classification,''",
            "small/diabetes.csv,small/diabetes.csv,target,linear_sgd,regression,sex",
            // Torgersen island has Adelie penguins only, Biscoe no Chinstrap: slices missing classes
            "small/penguins.csv,small/penguins.csv,species,logistic_regression,classification,island"})
    void everyMetricEqualsScikitLearn(String trainFile, String testFile, String label, String algorithm, String task,
                                      String slices) throws Exception {
        Path trainData = SharedData.require(trainFile);
        Path testData = SharedData.require(testFile);
        String name = trainFile.replaceAll("\\W", "_");
        Path model = train(name, trainData, label, algorithm);
        Req<EvaluateModelRequest> r = Req.of(EvaluateModelRequest.class);
        r.set("model", model.toString());
        r.set("data", testData.toString());
        r.set("slices", slices.isBlank() ? List.of() : List.of(slices.split(";")));
        r.set("bootstrap", 200);
        r.set("unseenCategories", "ignore");
        StepResult result = new StepRunner().run(new EvaluateModelStep(), r.build(), context(name + "-eval"));
        Path predictions = dir.resolve(name + "-eval/predictions.csv");
        JsonNode expected = sklearn(predictions, task, testData, r.build().slices());
        Map<String, Double> actual = result.getMetrics();
        int compared = 0;
        for (var it = expected.fields(); it.hasNext(); ) {
            var e = it.next();
            assertThat(actual).as("metric %s computed", e.getKey()).containsKey(e.getKey());
            assertThat(actual.get(e.getKey())).as(e.getKey()).isCloseTo(e.getValue().asDouble(), within(1e-9));
            compared++;
        }
        assertThat(compared).isGreaterThanOrEqualTo(task.equals("regression") ? 5 : 12);

        // The same predictions.csv as a predictions file (any framework's output) gives the same metrics.
        Req<EvaluateModelRequest> fromFile = Req.of(EvaluateModelRequest.class);
        fromFile.set("predictions", predictions.toString());
        fromFile.set("data", testData.toString());
        fromFile.set("slices", r.args().get("slices"));
        fromFile.set("bootstrap", 200);
        StepResult again = new StepRunner().run(new EvaluateModelStep(), fromFile.build(), context(name + "-pred"));
        for (var it = expected.fields(); it.hasNext(); ) {
            var e = it.next();
            assertThat(again.getMetrics().get(e.getKey())).as("from predictions file: " + e.getKey())
                    .isCloseTo(e.getValue().asDouble(), within(1e-9));
        }
        JsonNode doc = Json.mapper().readTree(dir.resolve(name + "-eval/metrics.json").toFile());
        assertThat(doc.get("task").asText()).isEqualTo(task);
        JsonNode ci = doc.get("confidenceIntervals").get("metrics").get(task.equals("regression") ? "rmse" : "accuracy");
        assertThat(ci.get("low").asDouble()).isLessThanOrEqualTo(ci.get("value").asDouble());
        assertThat(ci.get("high").asDouble()).isGreaterThanOrEqualTo(ci.get("value").asDouble());
        // seeded: the second run used the same seed and rows, so the same intervals
        JsonNode ci2 = Json.mapper().readTree(dir.resolve(name + "-pred/metrics.json").toFile())
                .get("confidenceIntervals").get("metrics").get(task.equals("regression") ? "rmse" : "accuracy");
        assertThat(ci2.get("low").asDouble()).isEqualTo(ci.get("low").asDouble());
    }

    @Test
    void perSliceGatesTripAsConfigured() throws Exception {
        Path adultTrain = SharedData.require("adult/adult_train.csv");
        Path adultTest = SharedData.require("adult/adult_test.csv");
        Path model = train("gates", adultTrain, "income", "logistic_regression");
        Req<EvaluateModelRequest> r = Req.of(EvaluateModelRequest.class);
        r.set("model", model.toString());
        r.set("data", adultTest.toString());
        r.set("slices", List.of("sex"));
        r.set("bootstrap", 0);
        r.set("unseenCategories", "ignore");
        r.set("qualityGates", List.of(QualityGate.threshold("accuracy", 0.80, Criticality.FAILURE),
                QualityGate.threshold("accuracy[sex=*]", 0.85, Criticality.UNSTABLE)));
        StepResult result = new StepRunner().run(new EvaluateModelStep(), r.build(), context("gates-eval"));
        double male = result.getMetrics().get("accuracy[sex=Male]");
        double female = result.getMetrics().get("accuracy[sex=Female]");
        assertThat(female).isGreaterThan(0.85);
        assertThat(male).isLessThan(0.85);
        assertThat(result.getStatus()).isEqualTo(StepStatus.UNSTABLE);
        assertThat(result.getChecks()).anyMatch(c -> c.name().equals("gate:accuracy[sex=Male]")
                && c.outcome() == io.mlsteps.contract.result.CheckOutcome.FAILED);
        assertThat(result.getChecks()).anyMatch(c -> c.name().equals("gate:accuracy[sex=Female]")
                && c.outcome() == io.mlsteps.contract.result.CheckOutcome.PASSED);
        assertThat(result.getMetrics().get("rows[sex=Female]") + result.getMetrics().get("rows[sex=Male]"))
                .isEqualTo(result.getMetrics().get("rows"));
        assertThat(dir.resolve("gates-eval/charts")).isDirectoryContaining("glob:**/confusion-matrix.png")
                .isDirectoryContaining("glob:**/roc.png").isDirectoryContaining("glob:**/pr.png")
                .isDirectoryContaining("glob:**/calibration.png").isDirectoryContaining("glob:**/slice-sex.png");

        r.set("qualityGates", List.of(QualityGate.threshold("roc_auc", 0.99, Criticality.FAILURE)));
        StepResult failing = new StepRunner().run(new EvaluateModelStep(), r.build(), context("gates-eval2"));
        assertThat(failing.getStatus()).isEqualTo(StepStatus.FAILURE);
    }
}
