package io.mlsteps.predict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlsteps.contract.steps.EvaluateModelRequest;
import io.mlsteps.contract.steps.PredictRequest;
import io.mlsteps.contract.steps.TrainModelRequest;
import io.mlsteps.data.DataReaders;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.data.RecordReader;
import io.mlsteps.deploy.TestModels;
import io.mlsteps.evaluate.EvaluateModelStep;
import io.mlsteps.serve.ModelServer;
import io.mlsteps.serve.ModelSpec;
import io.mlsteps.serve.ServerConfig;
import io.mlsteps.step.StepContext;
import io.mlsteps.run.StepRunner;
import io.mlsteps.testing.CapturedLog;
import io.mlsteps.testing.Req;
import io.mlsteps.testing.SharedData;
import io.mlsteps.train.TrainModelStep;
import io.mlsteps.model.TribuoPredictor;
import io.mlsteps.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batch predictions equal the model server's for the same rows (the real server, started in-process on a free
 * port, sent the rows as a client would) and evaluateModel's {@code predictions.csv}, label and every score exactly,
 * for a classifier on adult's test set and a regressor on diabetes.
 */
class PredictParityTest {
    @TempDir
    Path dir;
    final CapturedLog logged = new CapturedLog();

    StepContext ctx(String step) {
        return new StepContext(dir, dir.resolve(step), logged.of(step), Map.of());
    }

    @Test
    void adultClassifierEqualsTheServerAndEvaluateModel() throws Exception {
        Path data = SharedData.require("adult/adult_test.csv");
        Path model = TestModels.adultLogistic(3, List.of());
        List<String[]> predicted = predict(data, model);
        assertThat(predicted).hasSize(16281);
        assertEqualsServer(data, model, predicted);
        assertEqualsEvaluate(data, model, predicted);
    }

    @Test
    void diabetesRegressorEqualsTheServerAndEvaluateModel() throws Exception {
        Path data = SharedData.require("small/diabetes.csv");
        new StepRunner().run(new TrainModelStep(), Req.of(TrainModelRequest.class).set("data", data.toString())
                .set("labelColumn", "target").set("algorithm", "random_forest").set("seed", 3).build(), ctx("train"));
        Path model = dir.resolve("train/model.tribuo");
        List<String[]> predicted = predict(data, model);
        assertThat(predicted).hasSize(442);
        assertEqualsServer(data, model, predicted);
        assertEqualsEvaluate(data, model, predicted);
    }

    /** The predictions file's rows (header dropped), scored with 2 threads in small chunks. */
    private List<String[]> predict(Path data, Path model) throws Exception {
        new StepRunner().run(new PredictStep(), Req.of(PredictRequest.class).set("data", data.toString())
                .set("modelFile", model.toString()).set("unseenCategories", "ignore").set("threads", 2)
                .set("chunkRows", 500).build(), ctx("predict"));
        List<String> lines = PredictFixtures.lines(dir.resolve("predict/predictions.csv"));
        List<String[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            rows.add(line.split(",", -1));
        }
        return rows;
    }

    private void assertEqualsServer(Path data, Path model, List<String[]> predicted) throws Exception {
        TribuoPredictor predictor = TribuoPredictor.load(model);
        ServerConfig config = new ServerConfig();
        config.port = 0;
        config.models.add(ModelSpec.primary("m", "1", model.toString()));
        List<JsonNode> answers = new ArrayList<>();
        try (ModelServer server = ModelServer.start(config, TribuoPredictor::load);
             RecordReader reader = DataReaders.open(data, ReadOptions.defaults())) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            URI uri = server.baseUri().resolve("/v1/models/m/predict");
            List<String> columns = reader.columns();
            ObjectNode body = Json.mapper().createObjectNode();
            ArrayNode inputs = body.putArray("inputs");
            String[] record;
            while ((record = reader.next()) != null) {
                ObjectNode row = inputs.addObject();
                for (String f : predictor.featureNames()) {
                    row.put(f, record[columns.indexOf(f)]);
                }
                if (inputs.size() == 1000) {
                    send(client, uri, body, answers);
                    inputs.removeAll();
                }
            }
            if (!inputs.isEmpty()) {
                send(client, uri, body, answers);
            }
        }
        assertThat(answers).hasSameSizeAs(predicted);
        List<String> labels = predictor.labels();
        for (int i = 0; i < answers.size(); i++) {
            JsonNode a = answers.get(i);
            String[] p = predicted.get(i);
            assertThat(p[0]).isEqualTo(Integer.toString(i));
            if (labels.isEmpty()) {
                assertThat(Double.parseDouble(p[1])).as("row %d", i).isEqualTo(a.get("value").asDouble());
            } else {
                assertThat(p[1]).as("row %d", i).isEqualTo(a.get("label").asText());
                for (int k = 0; k < labels.size(); k++) {
                    assertThat(Double.parseDouble(p[2 + k])).as("row %d score %s", i, labels.get(k))
                            .isEqualTo(a.get("scores").get(labels.get(k)).asDouble());
                }
            }
        }
    }

    private static void send(HttpClient client, URI uri, ObjectNode body, List<JsonNode> answers) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Json.mapper().readTree(r.body()).get("predictions").forEach(answers::add);
    }

    private void assertEqualsEvaluate(Path data, Path model, List<String[]> predicted) throws Exception {
        new StepRunner().run(new EvaluateModelStep(), Req.of(EvaluateModelRequest.class).set("model", model.toString())
                .set("data", data.toString()).set("unseenCategories", "ignore").set("bootstrap", 0)
                .set("charts", false).build(), ctx("evaluate"));
        List<String> lines = PredictFixtures.lines(dir.resolve("evaluate/predictions.csv"));
        assertThat(lines).hasSize(predicted.size() + 1);
        for (int i = 1; i < lines.size(); i++) {
            String[] e = lines.get(i).split(",", -1);   // row, y_true, y_pred, score:<class>...
            String[] p = predicted.get(i - 1);          // row, prediction, score:<class>...
            assertThat(p[0]).isEqualTo(e[0]);
            if (e.length == 3) {
                assertThat(Double.parseDouble(p[1])).as("row %s", e[0]).isEqualTo(Double.parseDouble(e[2]));
            } else {
                assertThat(p[1]).as("row %s", e[0]).isEqualTo(e[2]);
                for (int k = 3; k < e.length; k++) {
                    assertThat(Double.parseDouble(p[k - 1])).as("row %s", e[0]).isEqualTo(Double.parseDouble(e[k]));
                }
            }
        }
    }
}
