package io.mlsteps.train;

import io.mlsteps.data.ReadOptions;
import io.mlsteps.evaluate.EvaluateModelStep;
import io.mlsteps.evaluate.EvaluateRequest;
import io.mlsteps.model.UnknownLabels;
import io.mlsteps.step.StepContext;
import io.mlsteps.step.StepResult;
import io.mlsteps.testing.SharedData;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * trainModel and evaluateModel read through the reading contract: the adult data written with ';', or without its
 * header line and named by columnNames, trains the same model (same validation metrics) and evaluates alike.
 */
class TrainReadingTest {
    @TempDir
    Path dir;

    StepContext ctx(String out) {
        return new StepContext(dir, dir.resolve(out), StepLog.silent(), Map.of());
    }

    /** The first {@code rows} records of a dataset, with or without the header line, fields joined by {@code delimiter}. */
    Path copy(Path from, String name, int rows, boolean header, String delimiter) throws Exception {
        List<String> lines = Files.readAllLines(from);
        List<String> out = lines.subList(header ? 0 : 1, rows + 1).stream().map(l -> l.replace(",", delimiter)).toList();
        return Files.write(dir.resolve(name), out);
    }

    TrainRequest request(Path data, Path validation) {
        TrainRequest r = new TrainRequest();
        r.data = data.toString();
        r.validationData = validation.toString();
        r.labelColumn = "income";
        return r;
    }

    StepResult train(TrainRequest r, String out, ReadOptions options) throws Exception {
        StepResult result = new StepResult(TrainModelStep.NAME);
        new TrainModelStep().train(r, ctx(out), result, options);
        return result;
    }

    @Test
    void adultTrainsAlikeWithSemicolonsAndWithoutItsHeader() throws Exception {
        Path train = SharedData.require("adult/adult_train.csv");
        Path test = SharedData.require("adult/adult_test.csv");
        List<String> names = Arrays.asList(Files.readAllLines(train).get(0).split(","));
        StepResult comma = train(request(copy(train, "train.csv", 8000, true, ","),
                copy(test, "test.csv", 3000, true, ",")), "comma", ReadOptions.defaults());
        StepResult semicolon = train(request(copy(train, "train-sc.csv", 8000, true, ";"),
                copy(test, "test-sc.csv", 3000, true, ";")), "semicolon", ReadOptions.defaults());
        StepResult headerless = train(request(copy(train, "train.data", 8000, false, ","),
                copy(test, "test.data", 3000, false, ",")), "headerless",
                ReadOptions.fromArguments(null, null, false, names, null));
        Map<String, Double> expected = withoutTimes(comma.getMetrics());
        assertThat(expected).containsKeys("accuracy", "roc_auc").containsEntry("training_rows", 8000.0);
        assertThat(withoutTimes(semicolon.getMetrics())).isEqualTo(expected);
        assertThat(withoutTimes(headerless.getMetrics())).isEqualTo(expected);

        // evaluation of the headerless test file with the same names: the metrics of the one with a header
        EvaluateRequest e = new EvaluateRequest();
        e.model = dir.resolve("comma/model.tribuo").toString();
        e.data = dir.resolve("test.data").toString();
        e.bootstrap = 0;
        e.unseenCategories = "ignore";
        e.charts = false;
        StepResult named = new EvaluateModelStep().evaluate(e, ctx("eval-headerless"),
                ReadOptions.fromArguments(null, null, false, names, null), UnknownLabels.FAIL);
        e.data = dir.resolve("test-sc.csv").toString();
        StepResult sniffed = new EvaluateModelStep().evaluate(e, ctx("eval-sc"), ReadOptions.defaults(), UnknownLabels.FAIL);
        assertThat(named.getMetrics().get("roc_auc")).isEqualTo(comma.getMetrics().get("roc_auc"));
        assertThat(sniffed.getMetrics()).isEqualTo(named.getMetrics());
    }

    @Test
    void aPredictionsFileKeepsItsHeaderWhenTheDataHasNone() throws Exception {
        StringBuilder preds = new StringBuilder("row,y_true,y_pred\n");
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            String truth = i % 3 == 0 ? "yes" : "no";
            preds.append(i).append(',').append(truth).append(',').append(i % 5 == 0 ? "yes" : truth).append('\n');
            data.append(i % 2 == 0 ? "Female" : "Male").append(';').append(truth).append('\n');
        }
        EvaluateRequest e = new EvaluateRequest();
        e.predictions = Files.writeString(dir.resolve("predictions.csv"), preds).toString();
        e.data = Files.writeString(dir.resolve("people.data"), data).toString();
        e.slices = List.of("sex");
        e.bootstrap = 0;
        e.charts = false;
        StepResult r = new EvaluateModelStep().evaluate(e, ctx("sliced"),
                ReadOptions.fromArguments(null, null, false, List.of("sex", "label"), null), UnknownLabels.FAIL);
        assertThat(r.getMetrics().get("rows")).isEqualTo(40.0);
        assertThat(r.getMetrics().get("rows[sex=Female]")).isEqualTo(20.0);
        assertThat(r.getMetrics()).containsKeys("accuracy[sex=Female]", "accuracy[sex=Male]");
    }

    private static Map<String, Double> withoutTimes(Map<String, Double> metrics) {
        Map<String, Double> m = new java.util.TreeMap<>(metrics);
        m.remove("training_seconds");
        m.remove("training_cpu_seconds");
        return m;
    }
}
