package io.mlsteps.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.step.StepContext;
import io.mlsteps.run.StepRunner;
import io.mlsteps.testing.SharedData;
import io.mlsteps.train.TrainModelStep;
import io.mlsteps.contract.steps.TrainModelRequest;
import io.mlsteps.testing.Req;
import io.mlsteps.model.TribuoPredictor;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model trained with {@code excludeFeatures} answers requests that carry the excluded column and its label,
 * as clients send rows: those columns are ignored and counted, never a 400; a column the model never saw is
 * still refused, and the prediction log keeps only what the model used.
 */
class ExcludedColumnsTest {
    @TempDir
    Path dir;
    private ModelServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Path trainPenguinsWithout(String excluded) throws Exception {
        Req<TrainModelRequest> request = Req.of(TrainModelRequest.class);
        request.set("data", SharedData.require("small/penguins.csv").toString());
        request.set("labelColumn", "species");
        request.set("algorithm", "cart");
        request.add("excludeFeatures", List.of(excluded));
        request.set("validationSplit", 0.0);
        new StepRunner().run(new TrainModelStep(), request.build(),
                new StepContext(dir, dir.resolve("train"), StepLog.silent(), Map.of()));
        return dir.resolve("train").resolve("model.tribuo");
    }

    @Test
    void excludedColumnsAndTheLabelAreIgnoredAndCountedUnknownOnesRefused() throws Exception {
        Path model = trainPenguinsWithout("island");
        TribuoPredictor predictor = TribuoPredictor.load(model);
        assertThat(predictor.featureNames()).noneMatch(f -> f.startsWith("island"));
        assertThat(predictor.ignoredColumns()).containsExactlyInAnyOrder("island", "species");

        ServerConfig config = new ServerConfig();
        config.port = 0;
        config.predictionLog = dir.resolve("predictions.jsonl").toString();
        config.models.add(ModelSpec.primary("penguins", "1", model.toString()));
        server = ModelServer.start(config, TribuoPredictor::load);
        URI base = server.baseUri();

        String row = "\"bill_length_mm\": 39.1, \"bill_depth_mm\": 18.7, \"flipper_length_mm\": 181, "
                + "\"body_mass_g\": 3750, \"sex\": \"male\", \"year\": 2007";
        Http.Answer asClientsSendIt = Http.post(base, "/v1/models/penguins/predict",
                "{\"inputs\": {" + row + ", \"island\": \"Torgersen\", \"species\": \"Adelie\"}}");
        assertThat(asClientsSendIt.code()).as(asClientsSendIt.body()).isEqualTo(200);
        Http.Answer featuresOnly = Http.post(base, "/v1/models/penguins/predict", "{\"inputs\": {" + row + "}}");
        assertThat(featuresOnly.json().at("/prediction/label").asText())
                .isEqualTo(asClientsSendIt.json().at("/prediction/label").asText());

        Http.Answer unknown = Http.post(base, "/v1/models/penguins/predict",
                "{\"inputs\": {" + row + ", \"colour\": \"blue\"}}");
        assertThat(unknown.code()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown feature [colour]");

        String metrics = Http.get(base, "/metrics").body();
        assertThat(metrics).containsPattern(
                "mlsteps_ignored_column_values_total\\{column=\"island\",model=\"penguins\",version=\"1\"} 1(\\.0)?\\n");
        assertThat(metrics).containsPattern(
                "mlsteps_ignored_column_values_total\\{column=\"species\",model=\"penguins\",version=\"1\"} 1(\\.0)?\\n");

        server.close();
        server = null;
        List<String> log = Files.readAllLines(dir.resolve("predictions.jsonl"));
        assertThat(log).hasSize(2);
        for (String line : log) {
            JsonNode inputs = Json.mapper().readTree(line).get("inputs");
            assertThat(inputs.has("island")).isFalse();
            assertThat(inputs.has("species")).isFalse();
            assertThat(inputs.get("bill_length_mm").asText()).isEqualTo("39.1");
        }
    }
}
