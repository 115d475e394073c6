package io.mlsteps.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.steps.EvaluateModelRequest;
import io.mlsteps.contract.steps.TrainModelRequest;
import io.mlsteps.step.StepContext;
import io.mlsteps.testing.CapturedLog;
import io.mlsteps.testing.Req;
import io.mlsteps.train.TrainModelStep;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * evaluateModel scoring a model on data: the label column the model records, rows it cannot evaluate, categories
 * training never saw, a data file that lacks a feature, a task that is not the model's, and bootstrap intervals
 * that are the same for the same seed and hold the point value.
 */
class ModelEvaluationTest {
    @TempDir
    static Path dir;
    static Path model;
    static final CapturedLog logged = new CapturedLog();
    private static int runs;

    static StepContext ctx(String name) {
        return new StepContext(dir, dir.resolve(name), logged.of(name), Map.of());
    }

    /** Rows of a two-class problem: the label depends on x and on the colour. */
    static Path data(String name, int n, long seed, String extraColour, String unlabelledEvery) throws Exception {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder("x,color,risk\n");
        for (int i = 0; i < n; i++) {
            double x = random.nextGaussian();
            String color = extraColour != null && i % 10 == 0 ? extraColour : random.nextBoolean() ? "red" : "blue";
            boolean bad = x + (color.equals("red") ? 0.8 : 0) + 0.5 * random.nextGaussian() > 0.4;
            String label = unlabelledEvery != null && i % Integer.parseInt(unlabelledEvery) == 1 ? "" : bad ? "bad" : "good";
            sb.append(String.format(Locale.ROOT, "%.4f", x)).append(',').append(color).append(',').append(label)
                    .append('\n');
        }
        return Files.writeString(dir.resolve(name), sb);
    }

    @BeforeAll
    static void train() throws Exception {
        new TrainModelStep().execute(Req.of(TrainModelRequest.class).set("data", data("train.csv", 500, 1, null, null)
                .toString()).set("labelColumn", "risk").build(), ctx("train"));
        model = dir.resolve("train/model.tribuo");
    }

    private static Req<EvaluateModelRequest> evaluating(Path data) {
        return Req.of(EvaluateModelRequest.class).set("model", model.toString()).set("data", data.toString())
                .set("charts", false).set("bootstrap", 0);
    }

    private static StepResult run(Req<EvaluateModelRequest> request) throws Exception {
        runs++;
        return new EvaluateModelStep().execute(request.build(), ctx("evaluate" + runs));
    }

    private static JsonNode metricsJson() {
        return Json.readTree(dir.resolve("evaluate" + runs).resolve(EvaluateModelStep.METRICS_FILE));
    }

    @Test
    void theLabelColumnTheModelRecordsIsUsedAndUnlabelledRowsAreCounted() throws Exception {
        StepResult r = run(evaluating(data("unlabelled.csv", 300, 2, null, "5")));
        JsonNode doc = metricsJson();
        assertThat(doc.get("source").get("labelColumn").asText()).isEqualTo("risk");
        assertThat(doc.get("rows").asInt()).isEqualTo(240);
        assertThat(doc.get("rowsNotEvaluated").asInt()).isEqualTo(60);
        assertThat(r.getMetrics()).containsEntry("rows", 240.0);
        assertThat(r.getSummary()).startsWith("classification on 240 rows: accuracy ");
        assertThat(logged.text()).contains("60 rows without a label (or without any feature value) are not evaluated");
        assertThat(r.getLineage()).extracting(l -> l.kind()).containsExactly("model", "dataset", "evaluation");
    }

    @Test
    void anUnseenCategoryStopsAtItsPlaceUnlessItIsScoredAsNoFeature() throws Exception {
        Path data = data("green.csv", 200, 3, "green", null);
        assertThatThrownBy(() -> run(evaluating(data))).isInstanceOf(InputException.class)
                .hasMessageContaining("green.csv:2:2")
                .hasMessageContaining("category 'green' of column 'color' was not seen in training");
        StepResult r = run(evaluating(data).set("unseenCategories", "ignore"));
        assertThat(r.getMetrics()).containsEntry("rows", 200.0);
        assertThat(metricsJson().get("unseenCategories").get("color=green").asInt()).isEqualTo(20);
        assertThat(r.getDetails()).containsKey("unseenCategories");
        assertThat(logged.text()).contains("20 values of categories unseen in training were scored as no feature");
    }

    @Test
    void aDataFileWithoutAFeatureOfTheModelIsNamedWithItsColumns() throws Exception {
        Path data = Files.writeString(dir.resolve("nocolor.csv"), "x,risk\n0.5,bad\n-0.2,good\n");
        assertThatThrownBy(() -> run(evaluating(data))).isInstanceOf(InputException.class)
                .hasMessageContaining("has no column 'color', a feature of the model; its columns are [x, risk]");
    }

    @Test
    void aTaskThatIsNotTheModelsIsRefused() throws Exception {
        Path data = data("task.csv", 50, 4, null, null);
        assertThatThrownBy(() -> run(evaluating(data).set("task", "regression"))).isInstanceOf(InputException.class)
                .hasMessage("task: is regression but the model is a classification model");
        assertThat(run(evaluating(data).set("task", "classification")).getMetrics()).containsKey("accuracy");
    }

    @Test
    void aLabelColumnTheDataLacksIsNamed() throws Exception {
        Path data = data("label.csv", 50, 5, null, null);
        assertThatThrownBy(() -> run(evaluating(data).set("labelColumn", "outcome"))).isInstanceOf(InputException.class)
                .hasMessageContaining("outcome");
    }

    @Test
    void bootstrapIntervalsHoldThePointValueAndRepeatWithTheSeed() throws Exception {
        Path data = data("boot.csv", 400, 6, null, null);
        StepResult first = run(evaluating(data).set("bootstrap", 300).set("seed", 11));
        JsonNode ci = metricsJson().get("confidenceIntervals");
        assertThat(ci.get("method").asText()).isEqualTo("percentile bootstrap");
        assertThat(ci.get("resamples").asInt()).isEqualTo(300);
        assertThat(ci.get("seed").asLong()).isEqualTo(11);
        JsonNode accuracy = ci.get("metrics").get("accuracy");
        double value = accuracy.get("value").asDouble();
        assertThat(accuracy.get("low").asDouble()).isLessThan(value);
        assertThat(accuracy.get("high").asDouble()).isGreaterThan(value);
        assertThat(accuracy.get("validResamples").asInt()).isEqualTo(300);
        assertThat(ci.get("metrics").fieldNames()).toIterable().containsExactlyElementsOf(
                List.of("accuracy", "balanced_accuracy", "precision_macro", "recall_macro", "f1_macro", "f1_weighted",
                        "roc_auc", "pr_auc", "log_loss"));
        assertThat(first.getSummary()).matches("classification on 400 rows: accuracy 0\\.\\d{4} \\[0\\.\\d{4}, 0\\.\\d{4}]");

        StepResult again = run(evaluating(data).set("bootstrap", 300).set("seed", 11));
        assertThat(again.getDetails().get("confidenceIntervals").toString())
                .isEqualTo(first.getDetails().get("confidenceIntervals").toString());
        run(evaluating(data).set("bootstrap", 300).set("seed", 12));
        assertThat(metricsJson().get("confidenceIntervals").get("metrics").get("accuracy").get("low").asDouble())
                .as("another seed, other resamples").isNotEqualTo(accuracy.get("low").asDouble());
    }

    @Test
    void theTablesOfTheResultHoldTheConfusionMatrixAndPerClassSupport() throws Exception {
        StepResult r = run(evaluating(data("tables.csv", 150, 7, null, null)));
        assertThat(r.getTables()).extracting(t -> t.id()).containsExactly("metrics", "confusion-matrix", "per-class");
        var cm = r.getTables().get(1);
        assertThat(cm.columns()).containsExactly("true \\ predicted", "bad", "good");
        long total = cm.rows().stream().mapToLong(row -> (Long) row.get(1) + (Long) row.get(2)).sum();
        assertThat(total).isEqualTo(150);
        var perClass = r.getTables().get(2);
        assertThat(perClass.rows()).extracting(row -> row.get(0)).containsExactly("bad", "good");
        assertThat(perClass.rows().stream().mapToLong(row -> (Long) row.get(4)).sum()).isEqualTo(150);
    }
}
