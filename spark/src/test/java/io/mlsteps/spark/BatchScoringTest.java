package io.mlsteps.spark;

import io.mlsteps.data.ReadOptions;
import io.mlsteps.model.Prediction;
import io.mlsteps.step.StepContext;
import io.mlsteps.run.StepRunner;
import io.mlsteps.contract.steps.TrainModelRequest;
import io.mlsteps.testing.Req;
import io.mlsteps.testing.SharedData;
import io.mlsteps.train.TrainModelStep;
import io.mlsteps.model.TribuoPredictor;
import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Batch scoring on Spark (local[2], several partitions): every row's prediction and class scores equal the engine's
 * own predictor's on the same row; Parquet and CSV outputs; the lineage names input, model and output.
 */
class BatchScoringTest extends LocalSparkTest {
    static Path model;
    static Path data;

    @BeforeAll
    static void trainModel(@TempDir Path dir) throws Exception {
        TrainModelRequest train = Req.of(TrainModelRequest.class).set("data", SharedData.require("small/penguins.csv").toString())
                .set("labelColumn", "species").build();
        new StepRunner().run(new TrainModelStep(), train, new StepContext(dir, dir.resolve("train"), StepLog.silent(), Map.of()));
        model = dir.resolve("train/model.tribuo");
        // the penguins with an id, repeated so that the file is read in several partitions
        List<String> lines = Files.readAllLines(SharedData.require("small/penguins.csv"));
        List<String> withId = new ArrayList<>(List.of("id," + lines.get(0)));
        for (int copy = 0, id = 0; copy < 20; copy++) {
            for (int i = 1; i < lines.size(); i++) {
                withId.add((id++) + "," + lines.get(i));
            }
        }
        data = Files.write(dir.resolve("penguins-with-id.csv"), withId);
    }

    @Test
    void everyRowsPredictionEqualsTheEnginesPredictor(@TempDir Path out) throws Exception {
        engine.session().conf().set("spark.sql.files.maxPartitionBytes", "65536");
        BatchScoring.Result result;
        try {
            result = BatchScoring.score(engine, new BatchScoring.Request(SparkTesting.source(data), model,
                    out.resolve("predictions").toString(), "parquet", List.of("id"), true, false), StepLog.silent());
        } finally {
            engine.session().conf().set("spark.sql.files.maxPartitionBytes", SparkTesting.testConf().get("spark.sql.files.maxPartitionBytes"));
        }
        assertThat(result.partitions()).isGreaterThan(2);
        assertThat(result.rows()).isEqualTo(344 * 20);
        assertThat(result.columns()).startsWith("id", "prediction").contains("score:Adelie", "score:Gentoo", "score:Chinstrap");
        assertThat(result.lineage()).extracting(l -> l.kind() + ":" + l.role())
                .containsExactly("dataset:input", "model:input", "dataset:output");

        Map<String, Prediction> expected = localPredictions();
        List<Row> rows = engine.session().read().parquet(result.output()).collectAsList();
        assertThat(rows).hasSize(expected.size());
        for (Row r : rows) {
            Prediction p = expected.get(r.getString(0));
            assertThat(r.getString(1)).as("row " + r.getString(0)).isEqualTo(p.label());
            for (String c : List.of("Adelie", "Gentoo", "Chinstrap")) {
                assertThat(r.getDouble(r.fieldIndex("score:" + c))).isEqualTo(p.scores().get(c));
            }
        }
    }

    @Test
    void csvOutputAndAnExistingOutputIsAnError(@TempDir Path out) {
        BatchScoring.Request request = new BatchScoring.Request(SparkTesting.source(data), model,
                out.resolve("csv").toString(), "csv", List.of("id"), false, false);
        BatchScoring.Result result = BatchScoring.score(engine, request, StepLog.silent());
        assertThat(result.columns()).containsExactly("id", "prediction");
        List<Row> rows = engine.session().read().option("header", "true").csv(result.output()).collectAsList();
        assertThat(rows).hasSize(344 * 20);
        assertThatThrownBy(() -> BatchScoring.score(engine, request, StepLog.silent())).isInstanceOf(InputException.class)
                .hasMessageContaining("exists already");
        assertThatThrownBy(() -> BatchScoring.score(engine, new BatchScoring.Request(SparkTesting.source(data), model,
                out.resolve("x").toString(), "csv", List.of("no_such"), false, false), StepLog.silent()))
                .isInstanceOf(InputException.class).hasMessageContaining("keepColumns");
    }

    private static Map<String, Prediction> localPredictions() throws Exception {
        TribuoPredictor predictor = TribuoPredictor.load(model);
        List<String> lines = Files.readAllLines(data);
        String[] header = lines.get(0).split(",");
        Map<String, Prediction> out = new HashMap<>();
        ReadOptions options = ReadOptions.defaults();
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 1; c < header.length; c++) {
                if (predictor.featureNames().contains(header[c])) {
                    row.put(header[c], options.isMissing(cells[c]) ? null : cells[c]);
                }
            }
            out.put(cells[0], predictor.predict(row));
        }
        return out;
    }
}
