package io.mlsteps.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.oracle.labs.mlrg.olcut.util.Pair;
import io.mlsteps.contract.gate.Direction;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.result.StepStatus;
import io.mlsteps.contract.steps.EvaluateModelRequest;
import io.mlsteps.contract.steps.TrainModelRequest;
import io.mlsteps.evaluate.EvaluateModelStep;
import io.mlsteps.model.Prediction;
import io.mlsteps.step.StepContext;
import io.mlsteps.run.StepRunner;
import io.mlsteps.testing.Req;
import io.mlsteps.testing.SharedData;
import io.mlsteps.train.TrainModelStep;
import io.mlsteps.model.TribuoPredictor;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tribuo.Model;
import org.tribuo.transform.TransformedModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Explanations in evaluateModel: linear coefficients equal the Tribuo model's weights (read back through
 * {@code getTopFeatures}, not the weight matrix the engine reads) grouped by column as documented; importance does
 * not depend on the thread count; a gate on {@code importance[column]} catches a column that matters and passes a
 * column of noise; bad arguments stop with the argument named.
 */
class ExplanationsTest {
    @TempDir
    static Path dir;
    static Path signalModel;
    static Path signalData;

    static StepContext context(String name) {
        return new StepContext(dir, dir.resolve(name), new StepLog(System.out, name, false), Map.of());
    }

    static Path train(String name, Path data, String label, String algorithm, Map<String, Object> params)
            throws Exception {
        Req<TrainModelRequest> t = Req.of(TrainModelRequest.class).set("data", data.toString()).set("labelColumn", label)
                .set("algorithm", algorithm).set("validationSplit", 0.0);
        params.forEach((k, v) -> t.put("params", k, v));
        new StepRunner().run(new TrainModelStep(), t.build(), context(name + "-train"));
        return dir.resolve(name + "-train/model.tribuo");
    }

    /** 400 rows: the label follows {@code signal} (10 % flipped); {@code ssn} and {@code color} are noise. */
    @BeforeAll
    static void signalAndNoise() throws Exception {
        Random random = new Random(3);
        StringBuilder csv = new StringBuilder("signal,ssn,color,label\n");
        String[] colors = {"red", "green", "blue"};
        for (int i = 0; i < 400; i++) {
            double x = random.nextDouble();
            boolean yes = (x > 0.5) ^ (random.nextDouble() < 0.1);
            csv.append(x).append(',').append(random.nextInt(1_000_000)).append(',')
                    .append(colors[random.nextInt(3)]).append(',').append(yes ? "yes" : "no").append('\n');
        }
        signalData = Files.writeString(dir.resolve("signal.csv"), csv);
        signalModel = train("signal", signalData, "label", "logistic_regression", Map.of());
    }

    static Req<EvaluateModelRequest> evaluate(Path model, Path data) {
        return Req.of(EvaluateModelRequest.class).set("model", model.toString()).set("data", data.toString())
                .set("bootstrap", 0).set("importance", true);
    }

    @ParameterizedTest(name = "{0} {3}")
    @CsvSource({
            "adult/adult_train.csv,adult/adult_test.csv,income,logistic_regression",
            "small/penguins.csv,small/penguins.csv,species,logistic_regression",
            "small/iris.csv,small/iris.csv,species,linear_sgd",
            "small/diabetes.csv,small/diabetes.csv,target,linear_sgd"})
    void coefficientsAreTheModelsWeightsSummedByColumn(String trainFile, String testFile, String label,
                                                      String algorithm) throws Exception {
        String name = "coef_" + trainFile.replaceAll("\\W", "_") + "_" + algorithm;
        Path model = train(name, SharedData.require(trainFile), label, algorithm, Map.of());
        StepResult result = new StepRunner().run(new EvaluateModelStep(), evaluate(model, SharedData.require(testFile))
                .set("importanceRepeats", 1).set("importanceMaxRows", 500).set("unseenCategories", "ignore").build(),
                context(name));
        JsonNode coefficients = Json.mapper().readTree(dir.resolve(name).resolve("importance.json").toFile())
                .get("coefficients");
        assertThat(coefficients).as("a linear model has coefficients").isNotNull();

        // the model's weights per output, through Tribuo's own reporting of a linear model's features
        Model<?> tribuo = TribuoPredictor.load(model).model();
        Model<?> inner = tribuo instanceof TransformedModel<?> t ? t.getInnerModel() : tribuo;
        Map<String, List<Pair<String, Double>>> top = inner.getTopFeatures(-1);
        Map<String, Map<String, Double>> weights = new LinkedHashMap<>();
        top.forEach((output, list) -> {
            Map<String, Double> w = new LinkedHashMap<>();
            list.stream().filter(p -> !p.getA().equals(Model.BIAS_FEATURE)).forEach(p -> w.put(p.getA(), p.getB()));
            weights.put(output, w);
        });
        List<String> outputs = new ArrayList<>();
        coefficients.get("outputs").forEach(o -> outputs.add(o.asText()));
        if (weights.size() == 2) { // binary: the positive class's row minus the other's
            assertThat(outputs).hasSize(1);
            String positive = outputs.get(0);
            String negative = weights.keySet().stream().filter(k -> !k.equals(positive)).findFirst().orElseThrow();
            Map<String, Double> diff = new LinkedHashMap<>();
            weights.get(positive).forEach((f, v) -> diff.put(f, v - weights.get(negative).getOrDefault(f, 0.0)));
            weights.get(negative).forEach((f, v) -> diff.putIfAbsent(f, -v));
            weights.clear();
            weights.put(positive, diff);
        } else {
            assertThat(outputs).containsExactlyInAnyOrderElementsOf(weights.keySet());
        }
        for (JsonNode c : coefficients.get("columns")) {
            String column = c.get("name").asText();
            boolean numeric = c.get("kind").asText().equals("numeric");
            double total = 0;
            for (String output : outputs) {
                double abs = 0;
                double signed = 0;
                int features = 0;
                for (Map.Entry<String, Double> w : weights.get(output).entrySet()) {
                    if (w.getKey().equals(column) || w.getKey().startsWith(column + "=")) {
                        abs += Math.abs(w.getValue());
                        signed += w.getValue();
                        features++;
                    }
                }
                assertThat(c.get("abs").get(output).asDouble()).as(column + " " + output).isCloseTo(abs, within(1e-12));
                if (numeric) {
                    assertThat(features).isEqualTo(1);
                    assertThat(c.get("signed").get(output).asDouble()).isCloseTo(signed, within(1e-12));
                } else {
                    assertThat(c.get("signed").isNull()).isTrue();
                    assertThat(c.get("features").asInt()).isEqualTo(features);
                }
                total += abs;
            }
            assertThat(result.getMetrics().get("coefficient_abs[" + column + "]")).isCloseTo(total, within(1e-12));
        }
        assertThat(result.getTables()).anyMatch(t -> t.id().equals("coefficients"));
    }

    @Test
    void treeModelsHaveImportanceButNoCoefficients() throws Exception {
        Path model = train("cart", signalData, "label", "cart", Map.of());
        StepResult result = new StepRunner().run(new EvaluateModelStep(), evaluate(model, signalData).build(),
                context("cart"));
        assertThat(result.getMetrics()).containsKey("importance[signal]").doesNotContainKey("coefficient_abs[signal]");
        assertThat(result.getTables()).noneMatch(t -> t.id().equals("coefficients"));
    }

    @Test
    void aGateOnImportanceCatchesAColumnThatMattersAndPassesNoise() throws Exception {
        Req<EvaluateModelRequest> r = evaluate(signalModel, signalData).set("qualityGates", List.of(
                Map.of("metric", "importance[ssn]", "threshold", 0.02, "criticality", "UNSTABLE"),
                Map.of("metric", "importance_high[color]", "threshold", 0.02, "criticality", "UNSTABLE"),
                Map.of("metric", "importance[signal]", "threshold", 0.02, "criticality", "UNSTABLE")));
        StepResult result = new StepRunner().run(new EvaluateModelStep(), r.build(), context("gate"));
        assertThat(result.getMetrics().get("importance[signal]")).isGreaterThan(0.2);
        assertThat(Math.abs(result.getMetrics().get("importance[ssn]"))).isLessThan(0.02);
        assertThat(result.getStatus()).isEqualTo(StepStatus.UNSTABLE);
        assertThat(result.getChecks()).hasSize(3);
        assertThat(result.getChecks().stream().filter(c -> c.notPassed()).map(c -> c.metric()).toList())
                .containsExactly("importance[signal]");
        // the table and chart a person reads, the document a script reads
        assertThat(result.getTables()).anyMatch(t -> t.id().equals("importance") && t.rows().get(0).get(0).equals("signal"));
        assertThat(result.getCharts()).anyMatch(c -> c.id().equals("importance"));
        JsonNode metrics = Json.mapper().readTree(dir.resolve("gate/metrics.json").toFile());
        assertThat(metrics.get("importance").get("columns").get(0).get("column").asText()).isEqualTo("signal");
    }

    @Test
    void importanceDoesNotDependOnTheThreadCount() {
        TribuoPredictor predictor = TribuoPredictor.load(signalModel);
        List<String> lines;
        try {
            lines = Files.readAllLines(signalData);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String[][] values = new String[lines.size() - 1][];
        double[] truth = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            String[] f = lines.get(i + 1).split(",");
            Map<String, String> byName = Map.of("signal", f[0], "ssn", f[1], "color", f[2]);
            values[i] = predictor.featureNames().stream().map(byName::get).toArray(String[]::new);
            truth[i] = f[3].equals("yes") ? 1 : 0;
        }
        PermutationImportance.Scorer brier = new PermutationImportance.Scorer() {
            @Override
            public double original(int[] positions) {
                return 0;
            }

            @Override
            public double permuted(int[] positions, List<Prediction> predictions) {
                double sum = 0;
                for (int i = 0; i < positions.length; i++) {
                    double d = predictions.get(i).scores().get("yes") - truth[positions[i]];
                    sum += d * d;
                }
                return sum / positions.length;
            }
        };
        List<List<PermutationImportance.Column>> runs = new ArrayList<>();
        for (int threads : new int[]{1, 2, 5}) {
            runs.add(PermutationImportance.compute(predictor, values, i -> "row " + i, brier,
                    new PermutationImportance.Settings("brier", Direction.LOWER_IS_BETTER, 4, 99, 250, 0.9, threads,
                            false), StepLog.silent()).columns());
        }
        for (List<PermutationImportance.Column> run : runs.subList(1, runs.size())) {
            for (int j = 0; j < run.size(); j++) {
                assertThat(run.get(j).name()).isEqualTo(runs.get(0).get(j).name());
                assertThat(run.get(j).scores()).containsExactly(runs.get(0).get(j).scores());
            }
        }
        assertThat(runs.get(0).get(0).name()).isEqualTo("signal");
    }

    @Test
    void importanceOfAPredictionsFileNamesTheArgument() throws Exception {
        Path predictions = Files.writeString(dir.resolve("preds.csv"), "y_true,y_pred\na,a\nb,a\na,b\n");
        Req<EvaluateModelRequest> r = Req.of(EvaluateModelRequest.class).set("predictions", predictions.toString())
                .set("importance", true);
        assertThatThrownBy(() -> new EvaluateModelStep().execute(r.build(), context("bad-preds")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("importance")
                .hasMessageContaining("needs a model");
    }

    @Test
    void anUnknownOrUncomputedMetricIsRefused() throws Exception {
        assertThatThrownBy(() -> new EvaluateModelStep().execute(evaluate(signalModel, signalData)
                .set("importanceMetric", "acuracy").build(), context("bad-metric")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("importanceMetric")
                .hasMessageContaining("'acuracy' is not a metric of evaluateModel");
        // rmse is a metric, but not of a classification
        assertThatThrownBy(() -> new EvaluateModelStep().execute(evaluate(signalModel, signalData)
                .set("importanceMetric", "rmse").build(), context("bad-metric2")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("'rmse' is not a metric of this evaluation; expected one of [accuracy,");
    }

    @Test
    void zeroRepeatsOrNegativeRowsAreRefused() {
        assertThatThrownBy(() -> evaluate(signalModel, signalData).set("importanceRepeats", 0).build())
                .isInstanceOf(InputException.class)
                .hasMessageContaining("importanceRepeats");
        assertThatThrownBy(() -> evaluate(signalModel, signalData).set("importanceMaxRows", -1).build())
                .isInstanceOf(InputException.class)
                .hasMessageContaining("importanceMaxRows");
    }
}
