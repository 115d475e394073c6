package io.mlsteps.train;

import io.mlsteps.evaluate.EvaluateModelStep;
import io.mlsteps.contract.steps.EvaluateModelRequest;
import io.mlsteps.contract.steps.TrainModelRequest;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.testing.Req;
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

    Req<TrainModelRequest> request(Path data, Path validation) {
        return Req.of(TrainModelRequest.class).set("data", data.toString()).set("validationData", validation.toString())
                .set("labelColumn", "income");
    }

    /** Trains with the request's own reading arguments. */
    StepResult train(Req<TrainModelRequest> r, String out) throws Exception {
        StepResult result = new StepResult(TrainModelStep.NAME);
        new TrainModelStep().train(r.build(), ctx(out), result);
        return result;
    }

    @Test
    void adultTrainsAlikeWithSemicolonsAndWithoutItsHeader() throws Exception {
        Path train = SharedData.require("adult/adult_train.csv");
        Path test = SharedData.require("adult/adult_test.csv");
        List<String> names = Arrays.asList(Files.readAllLines(train).get(0).split(","));
        StepResult comma = train(request(copy(train, "train.csv", 8000, true, ","),
                copy(test, "test.csv", 3000, true, ",")), "comma");
        StepResult semicolon = train(request(copy(train, "train-sc.csv", 8000, true, ";"),
                copy(test, "test-sc.csv", 3000, true, ";")), "semicolon");
        StepResult headerless = train(request(copy(train, "train.data", 8000, false, ","),
                copy(test, "test.data", 3000, false, ",")).set("header", false).set("columnNames", names), "headerless");
        Map<String, Double> expected = withoutTimes(comma.getMetrics());
        assertThat(expected).containsKeys("accuracy", "roc_auc").containsEntry("training_rows", 8000.0);
        assertThat(withoutTimes(semicolon.getMetrics())).isEqualTo(expected);
        assertThat(withoutTimes(headerless.getMetrics())).isEqualTo(expected);

        // evaluation of the headerless test file with the same names: the metrics of the one with a header
        Req<EvaluateModelRequest> e = Req.of(EvaluateModelRequest.class).set("model", dir.resolve("comma/model.tribuo").toString())
                .set("bootstrap", 0).set("unseenCategories", "ignore").set("charts", false);
        StepResult named = new EvaluateModelStep().execute(e.set("data", dir.resolve("test.data").toString())
                .set("header", false).set("columnNames", names).build(), ctx("eval-headerless"));
        StepResult sniffed = new EvaluateModelStep().execute(Req.of(EvaluateModelRequest.class)
                .set("model", dir.resolve("comma/model.tribuo").toString()).set("bootstrap", 0)
                .set("unseenCategories", "ignore").set("charts", false)
                .set("data", dir.resolve("test-sc.csv").toString()).build(), ctx("eval-sc"));
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
        EvaluateModelRequest e = Req.of(EvaluateModelRequest.class)
                .set("predictions", Files.writeString(dir.resolve("predictions.csv"), preds).toString())
                .set("data", Files.writeString(dir.resolve("people.data"), data).toString())
                .set("slices", List.of("sex")).set("bootstrap", 0).set("charts", false)
                .set("header", false).set("columnNames", List.of("sex", "label")).build();
        StepResult r = new EvaluateModelStep().execute(e, ctx("sliced"));
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
