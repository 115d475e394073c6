package io.mlsteps.spark;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.steps.PredictRequest;
import io.mlsteps.contract.steps.TrainModelRequest;
import io.mlsteps.predict.PredictStep;
import io.mlsteps.run.StepRunner;
import io.mlsteps.step.StepContext;
import io.mlsteps.testing.Req;
import io.mlsteps.testing.SharedData;
import io.mlsteps.train.TrainModelStep;
import io.mlsteps.util.Hashing;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code predict} with {@code engine: 'spark'} (local[2], the input read in several partitions): every row's
 * prediction and class scores equal the single-process engine's on the same model and data (keyed by the passthrough
 * id), from CSV and Parquet, one file or a folder; the counts, inputs and lineage of result.json are the local run's;
 * rows the model cannot read stop the step naming file and column, or go to the rejects; bad input is named.
 */
class SparkPredictTest extends LocalSparkTest {
    static final List<String> CLASSES = List.of("Adelie", "Chinstrap", "Gentoo");
    static Path model;
    static Path data;

    @BeforeAll
    static void trainModel(@TempDir Path dir) throws Exception {
        TrainModelRequest train = Req.of(TrainModelRequest.class).set("data", SharedData.require("small/penguins.csv").toString())
                .set("labelColumn", "species").build();
        new StepRunner().run(new TrainModelStep(), train, new StepContext(dir, dir.resolve("train"), StepLog.silent(), Map.of()));
        model = dir.resolve("train/model.tribuo");
        data = Files.write(dir.resolve("penguins-with-id.csv"), penguins(0, 20, null));
    }

    /** The penguins with an id column, {@code copies} times; {@code island} replaces the island of every 100th row. */
    static List<String> penguins(int firstId, int copies, String island) throws IOException {
        List<String> lines = Files.readAllLines(SharedData.require("small/penguins.csv"));
        List<String> out = new ArrayList<>(List.of("id," + lines.get(0)));
        for (int copy = 0, id = firstId; copy < copies; copy++) {
            for (int i = 1; i < lines.size(); i++, id++) {
                String line = lines.get(i);
                if (island != null && id % 100 == 7) {
                    line = line.replaceFirst(",[A-Za-z]+,", "," + island + ",");
                }
                out.add(id + "," + line);
            }
        }
        return out;
    }

    @BeforeEach
    void smallPartitions() {
        engine.session().conf().set("spark.sql.files.maxPartitionBytes", "65536");
    }

    @AfterEach
    void defaultPartitions() {
        engine.session().conf().set("spark.sql.files.maxPartitionBytes", SparkTesting.testConf().get("spark.sql.files.maxPartitionBytes"));
    }

    static Req<PredictRequest> request(Path input, String engineName) {
        Req<PredictRequest> req = Req.of(PredictRequest.class).set("data", input.toString()).set("modelFile", model.toString())
                .add("passthrough", List.of("id"));
        return engineName == null ? req : req.set("engine", engineName).set("sparkMaster", "local[2]");
    }

    static StepResult run(Path dir, String step, Req<PredictRequest> req) throws Exception {
        return new StepRunner().run(new PredictStep(), req.build(),
                new StepContext(dir, dir.resolve(step), new StepLog(System.out, step, false), Map.of()));
    }

    @Test
    void predictionsOnSparkEqualTheLocalEnginesRowForRow(@TempDir Path dir) throws Exception {
        StepResult local = run(dir, "local", request(data, null).set("output", dir.resolve("local.csv").toString()));
        StepResult spark = run(dir, "spark", request(data, "spark").set("output", dir.resolve("spark.parquet").toString()));

        Map<String, Row> expected = byId(engine.session().read().option("header", "true").csv(dir.resolve("local.csv").toString())
                .collectAsList());
        List<Row> rows = engine.session().read().parquet(dir.resolve("spark.parquet").toString()).collectAsList();
        assertThat(rows).hasSize(344 * 20).hasSize(expected.size());
        assertSamePredictions(rows, expected);
        for (String metric : List.of("rows", "predicted_rows", "rejected_rows", "non_finite_values")) {
            assertThat(spark.getMetrics().get(metric)).as(metric).isEqualTo(local.getMetrics().get(metric));
        }
        JsonNode result = Json.mapper().readTree(dir.resolve("spark/result.json").toFile());
        assertThat(result.at("/details/partitions").asInt()).isGreaterThan(2);
        assertThat(result.at("/details/engine").asText()).startsWith("spark ").contains("local[2]");
        assertThat(result.at("/details/inputs/0/rows").asLong()).isEqualTo(344 * 20);
        assertThat(result.at("/details/inputs/0/sha256").asText()).isEqualTo(Hashing.sha256(data));
        assertThat(result.at("/details/output/format").asText()).isEqualTo("parquet");
        assertThat(result.at("/details/output/columns").toString()).isEqualTo(
                "[\"id\",\"prediction\",\"score:Adelie\",\"score:Chinstrap\",\"score:Gentoo\"]");
        assertThat(spark.getLineage()).extracting(l -> l.kind() + ":" + l.role())
                .containsExactly("dataset:input", "model:input", "dataset:output");
        assertThat(spark.getLineage().get(2).sha256()).hasSize(64);
        assertThat(spark.getSummary()).startsWith("6,880 rows predicted with").endsWith("-> spark.parquet");

        // typed Parquet input: its values turned into the readers' text give the same predictions
        Path parquet = dir.resolve("penguins.parquet");
        engine.session().read().option("header", "true").csv(data.toString()).write().parquet(parquet.toString());
        run(dir, "from-parquet", request(parquet, "spark").set("output", dir.resolve("p.jsonl.gz").toString()));
        List<Row> fromParquet = engine.session().read().json(dir.resolve("p.jsonl.gz").toString())
                .selectExpr("id", "prediction", "`score:Adelie`", "`score:Chinstrap`", "`score:Gentoo`").collectAsList();
        assertThat(fromParquet).hasSize(expected.size());
        assertSamePredictions(fromParquet, expected);
    }

    @Test
    void aFolderIsScoredWithEachRowsFileAndItsRowsPerFile(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("in"));
        Files.write(folder.resolve("a.csv"), penguins(0, 3, null));
        Files.write(folder.resolve("b.csv"), penguins(10_000, 2, null));
        run(dir, "local", request(folder, null).set("output", dir.resolve("local.csv").toString()));
        run(dir, "spark", request(folder, "spark").set("output", dir.resolve("spark.csv").toString()).set("scores", false));

        List<Row> rows = engine.session().read().option("header", "true").csv(dir.resolve("spark.csv").toString()).collectAsList();
        assertThat(rows.get(0).schema().fieldNames()).containsExactly("file", "id", "prediction");
        Map<String, Row> expected = byId(engine.session().read().option("header", "true").csv(dir.resolve("local.csv").toString())
                .collectAsList());
        assertThat(rows).hasSize(344 * 5);
        for (Row r : rows) {
            Row e = expected.get(r.<String>getAs("id"));
            assertThat(r.<String>getAs("file")).isEqualTo(e.<String>getAs("file"));
            assertThat(r.<String>getAs("prediction")).isEqualTo(e.<String>getAs("prediction"));
        }
        JsonNode local = Json.mapper().readTree(dir.resolve("local/result.json").toFile());
        JsonNode spark = Json.mapper().readTree(dir.resolve("spark/result.json").toFile());
        assertThat(spark.at("/details/inputs")).isEqualTo(local.at("/details/inputs"));
    }

    @Test
    void rowsTheModelCannotReadStopTheStepOrGoToTheRejects(@TempDir Path dir) throws Exception {
        Path odd = Files.write(dir.resolve("odd.csv"), penguins(0, 5, "Atlantis"));
        // the row that stops the step is named by file, line and column, as the local engine names it
        InputException onSpark = org.assertj.core.api.Assertions.catchThrowableOfType(() -> run(dir, "stop",
                request(odd, "spark").set("output", dir.resolve("stop.parquet").toString())), InputException.class);
        InputException here = org.assertj.core.api.Assertions.catchThrowableOfType(() -> run(dir, "lstop",
                request(odd, null).set("output", dir.resolve("lstop.csv").toString())), InputException.class);
        assertThat(onSpark).isNotNull().hasMessageContaining("category 'Atlantis' of column 'island' was not seen in training");
        assertThat(here).isNotNull();
        assertThat(here.line()).isGreaterThan(1);
        assertThat(List.of(onSpark.source(), onSpark.line(), onSpark.column()))
                .isEqualTo(List.of(here.source(), here.line(), here.column()));
        assertThat(dir.resolve("stop.parquet")).doesNotExist();

        StepResult local = run(dir, "local", request(odd, null).set("output", dir.resolve("l.csv").toString())
                .set("rejects", dir.resolve("l-rejects.csv").toString()));
        StepResult spark = run(dir, "spark", request(odd, "spark").set("output", dir.resolve("s.parquet").toString())
                .set("rejects", dir.resolve("s-rejects.csv").toString()));
        assertThat(spark.getMetrics().get("rejected_rows")).isEqualTo(local.getMetrics().get("rejected_rows")).isEqualTo(18.0);
        assertThat(spark.getMetrics().get("predicted_rows")).isEqualTo(local.getMetrics().get("predicted_rows"));
        List<Row> rejects = engine.session().read().option("header", "true").csv(dir.resolve("s-rejects.csv").toString())
                .collectAsList();
        assertThat(rejects).hasSize(18).allSatisfy(r -> {
            assertThat(r.<String>getAs("column")).isEqualTo("island");
            assertThat(r.<String>getAs("reason")).contains("'Atlantis'");
            assertThat(Integer.parseInt(r.getAs("id")) % 100).isEqualTo(7);
        });
        assertThat(engine.session().read().parquet(dir.resolve("s.parquet").toString()).count()).isEqualTo(344 * 5 - 18);

        StepResult ignoredLocal = run(dir, "ignored-local", request(odd, null).set("unseenCategories", "ignore")
                .set("output", dir.resolve("il.csv").toString()));
        StepResult ignored = run(dir, "ignored", request(odd, "spark").set("unseenCategories", "ignore")
                .set("output", dir.resolve("i.parquet").toString()));
        assertThat(ignored.getMetrics().get("unseen_category_values")).isEqualTo(18.0)
                .isEqualTo(ignoredLocal.getMetrics().get("unseen_category_values"));
        Map<String, Row> expected = byId(engine.session().read().option("header", "true").csv(dir.resolve("il.csv").toString())
                .collectAsList());
        assertSamePredictions(engine.session().read().parquet(dir.resolve("i.parquet").toString()).collectAsList(), expected);
    }

    @Test
    void badInputIsNamed(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> run(dir, "m", request(data, "spark").set("modelFile", dir.resolve("gone.tribuo").toString())))
                .isInstanceOf(InputException.class).hasMessageContaining("gone.tribuo").hasMessageContaining("file not found");
        assertThatThrownBy(() -> run(dir, "d", request(dir.resolve("nowhere.csv"), "spark")))
                .isInstanceOf(InputException.class).hasMessageContaining("nowhere.csv").hasMessageContaining("file not found");
        assertThatThrownBy(() -> run(dir, "f", request(data, "spark").set("output", dir.resolve("predictions.xlsx").toString())))
                .isInstanceOf(InputException.class).hasMessageContaining("output").hasMessageContaining(".parquet, .csv");
        assertThatThrownBy(() -> run(dir, "c", request(data, "spark").set("passthrough", List.of("no_such"))))
                .isInstanceOf(InputException.class).hasMessageContaining("has no column 'no_such'");

        Path out = dir.resolve("out.parquet");
        run(dir, "first", request(data, "spark").set("output", out.toString()));
        assertThatThrownBy(() -> run(dir, "again", request(data, "spark").set("output", out.toString())))
                .isInstanceOf(InputException.class).hasMessageContaining(out.toString())
                .hasMessageContaining("exists already").hasMessageContaining("overwrite: true");
        run(dir, "replaced", request(data, "spark").set("output", out.toString()).set("overwrite", true)
                .set("scores", false));
        assertThat(engine.session().read().parquet(out.toString()).columns()).containsExactly("id", "prediction");
        // the step's own default output is replaced run after run, as the local engine's file is
        run(dir, "default", request(data, "spark"));
        StepResult twice = run(dir, "default", request(data, "spark"));
        assertThat(twice.getOutputs().get(0).path()).isEqualTo("predictions.parquet");

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String master = "spark://127.0.0.1:" + port;
        assertThatThrownBy(() -> run(dir, "u", request(data, "spark").set("sparkMaster", master)))
                .isInstanceOf(InputException.class).hasMessageContaining("sparkMaster").hasMessageContaining(master)
                .hasMessageContaining("cannot reach");
    }

    private static Map<String, Row> byId(List<Row> rows) {
        Map<String, Row> out = new HashMap<>();
        rows.forEach(r -> out.put(String.valueOf((Object) r.getAs("id")), r));
        return out;
    }

    /** Every row's class and scores equal the expected row's of the same id (the local engine's CSV: text). */
    private static void assertSamePredictions(List<Row> rows, Map<String, Row> expected) {
        for (Row r : rows) {
            Row e = expected.get(String.valueOf((Object) r.getAs("id")));
            assertThat(e).as("id " + r.getAs("id")).isNotNull();
            assertThat(r.<String>getAs("prediction")).as("id " + r.getAs("id")).isEqualTo(e.<String>getAs("prediction"));
            for (String c : CLASSES) {
                if (List.of(e.schema().fieldNames()).contains("score:" + c)) {
                    assertThat(((Number) r.getAs("score:" + c)).doubleValue()).as("id " + r.getAs("id") + " " + c)
                            .isEqualTo(Double.parseDouble(e.getAs("score:" + c)));
                }
            }
        }
    }
}
