package io.mlsteps.predict;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.result.StepStatus;
import io.mlsteps.contract.steps.PredictRequest;
import io.mlsteps.run.StepCatalog;
import io.mlsteps.run.StepRunner;
import io.mlsteps.testing.PythonOracle;
import io.mlsteps.testing.Req;
import io.mlsteps.util.Hashing;
import io.mlsteps.util.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The predict step on files it did not write: predictions in input order whatever the threads and chunks, the
 * columns it documents, CSV/TSV/JSON Lines with gzip, folders, passthrough columns, the reading contract, rejects
 * counted and gated, and result.json with rows, rejects, rows/s and the outputs' sha256.
 */
class PredictStepTest {
    @TempDir
    Path dir;
    PredictFixtures fx;
    Path model;

    @BeforeEach
    void train() throws Exception {
        fx = new PredictFixtures(dir);
        model = fx.model("logistic_regression", "risk");
    }

    StepResult run(Req<PredictRequest> req, String step) throws Exception {
        return new StepRunner().run(new PredictStep(), req.build(), fx.ctx(step));
    }

    @Test
    void isTheEighthStepOfTheCatalog() {
        assertThat(StepCatalog.names()).endsWith("predict");
        assertThat(StepCatalog.find("predict")).get().isInstanceOf(PredictStep.class);
    }

    @Test
    void writesOneRowPerInputRowInInputOrderWhateverTheThreadsAndChunks() throws Exception {
        Path data = fx.data("score.csv", 1000, 7);
        StepResult one = run(PredictFixtures.request(data, model).set("threads", 1)
                .set("output", dir.resolve("one.csv").toString()), "p1");
        StepResult many = run(PredictFixtures.request(data, model).set("threads", 3).set("chunkRows", 7)
                .set("output", dir.resolve("many.csv").toString()), "p2");
        assertThat(Files.readAllBytes(dir.resolve("many.csv"))).isEqualTo(Files.readAllBytes(dir.resolve("one.csv")));

        List<String> lines = PredictFixtures.lines(dir.resolve("many.csv"));
        assertThat(lines.get(0)).isEqualTo("row,prediction,score:bad,score:good");
        assertThat(lines).hasSize(1001);
        for (int i = 1; i <= 1000; i++) {
            String[] cells = lines.get(i).split(",");
            assertThat(cells[0]).isEqualTo(Integer.toString(i - 1));
            assertThat(cells[1]).isIn("bad", "good");
            double bad = Double.parseDouble(cells[2]);
            double good = Double.parseDouble(cells[3]);
            assertThat(bad + good).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(cells[1]).isEqualTo(bad > good ? "bad" : "good");
        }
        assertThat(many.getStatus()).isEqualTo(StepStatus.SUCCESS);
        assertThat(many.getMetrics()).containsEntry("rows", 1000.0).containsEntry("predicted_rows", 1000.0)
                .containsEntry("rejected_rows", 0.0).containsKey("rows_per_second");
        assertThat(many.getMetrics().get("rows_per_second")).isPositive();
        assertThat(many.getOutputs()).singleElement().satisfies(o -> {
            assertThat(o.name()).isEqualTo("predictions");
            assertThat(o.sha256()).isEqualTo(Hashing.sha256(dir.resolve("many.csv")));
        });
        JsonNode result = Json.mapper().readTree(dir.resolve("p2/result.json").toFile());
        assertThat(result.at("/details/inputs/0/rows").asLong()).isEqualTo(1000);
        assertThat(result.at("/details/inputs/0/sha256").asText()).isEqualTo(Hashing.sha256(data));
        assertThat(result.at("/details/output/columns").toString()).contains("prediction", "score:good");
        assertThat(one.getSummary()).startsWith("1,000 rows predicted with");
        // no partial file is left beside the output
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void defaultOutputIsPredictionsCsvInTheStepFolderAndPassthroughColumnsAreCopied() throws Exception {
        Path data = fx.data("score.csv", 50, 8);
        run(PredictFixtures.request(data, model).add("passthrough", List.of("id", "color")).set("scores", false), "p");
        List<String> lines = PredictFixtures.lines(dir.resolve("p/predictions.csv"));
        assertThat(lines.get(0)).isEqualTo("row,id,color,prediction");
        List<String> input = Files.readAllLines(data);
        for (int i = 1; i < input.size(); i++) {
            String[] in = input.get(i).split(",");
            String[] out = lines.get(i).split(",");
            assertThat(out[1]).isEqualTo(in[0]);
            assertThat(out[2]).isEqualTo(in[2]);
        }
    }

    @Test
    void jsonLinesGzipIsOneValidGzipStreamThatPandasReads() throws Exception {
        Path data = fx.data("score.csv", 700, 9);
        Path out = dir.resolve("out/preds.jsonl.gz");
        StepResult r = run(PredictFixtures.request(data, model).set("output", out.toString()).set("chunkRows", 64)
                .add("passthrough", List.of("id")), "p");
        assertThat(r.getStatus()).isEqualTo(StepStatus.SUCCESS);
        List<String> lines = PredictFixtures.lines(out);
        assertThat(lines).hasSize(700);
        JsonNode first = Json.mapper().readTree(lines.get(0));
        assertThat(first.get("row").asLong()).isZero();
        assertThat(first.get("id").asText()).isEqualTo("id-9-0");
        assertThat(first.get("prediction").asText()).isIn("bad", "good");
        assertThat(first.get("score:bad").isDouble()).isTrue();

        Path csv = dir.resolve("out/preds.csv");
        run(PredictFixtures.request(data, model).set("output", csv.toString()).add("passthrough", List.of("id")), "q");
        PythonOracle.assumeModules("pandas");
        JsonNode same = PythonOracle.json("""
                import json, pandas as pd
                a = pd.read_json(%s, lines=True, compression='gzip', precise_float=True)
                b = pd.read_csv(%s, float_precision='round_trip')
                print(json.dumps({"rows": len(a), "columns": list(a.columns),
                                  "equal": bool((a['prediction'] == b['prediction']).all()
                                                and (a['score:bad'] == b['score:bad']).all()
                                                and (a['id'] == b['id']).all())}))
                """.formatted(Json.toString(out.toString()), Json.toString(csv.toString())));
        assertThat(same.get("rows").asInt()).isEqualTo(700);
        assertThat(same.get("columns").toString()).isEqualTo("[\"row\",\"id\",\"prediction\",\"score:bad\",\"score:good\"]");
        assertThat(same.get("equal").asBoolean()).isTrue();
    }

    @Test
    void aFolderOfCsvAndGzippedJsonLinesIsScoredInNameOrderWithTheFileNamed() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("in"));
        Path a = fx.data("in/a.csv", 30, 10);
        List<String> b = Files.readAllLines(fx.data("b-source.csv", 20, 11));
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(folder.resolve("b.jsonl.gz")))) {
            String[] header = b.get(0).split(",");
            for (String line : b.subList(1, b.size())) {
                String[] cells = line.split(",");
                Map<String, Object> row = new java.util.LinkedHashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i], i == 1 || i == 3 ? (Object) Double.parseDouble(cells[i]) : cells[i]);
                }
                gz.write((Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(row) + "\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        StepResult r = run(Req.of(PredictRequest.class).set("data", folder.toString())
                .set("modelFile", model.toString()).add("passthrough", List.of("id")), "p");
        List<String> lines = PredictFixtures.lines(dir.resolve("p/predictions.csv"));
        assertThat(lines.get(0)).startsWith("row,file,id,prediction");
        assertThat(lines).hasSize(51);
        assertThat(lines.get(1)).startsWith("0,a.csv,id-10-0,");
        assertThat(lines.get(31)).startsWith("30,b.jsonl.gz,id-11-0,");
        assertThat(r.getMetrics()).containsEntry("rows", 50.0);
        JsonNode result = Json.mapper().readTree(dir.resolve("p/result.json").toFile());
        assertThat(result.at("/details/inputs/0/rows").asLong()).isEqualTo(30);
        assertThat(result.at("/details/inputs/1/rows").asLong()).isEqualTo(20);
        assertThat(Files.readString(a)).isNotEmpty();
    }

    @Test
    void theReadingContractAppliesHeaderlessSemicolonsAndMissingMarkers() throws Exception {
        Path data = fx.data("score.csv", 40, 12);
        List<String> rows = Files.readAllLines(data);
        StringBuilder sb = new StringBuilder();
        for (String line : rows.subList(1, rows.size())) {
            sb.append(line.replace(',', ';').replace(";green;", ";-;")).append('\n');
        }
        Path semicolons = Files.writeString(dir.resolve("score.txt"), sb);
        run(PredictFixtures.request(semicolons, model).set("format", "csv").set("delimiter", ";").set("header", false)
                .add("columnNames", List.of("id", "x", "color", "size", "risk"))
                .add("missingValues", List.of("-")), "p");
        // the same rows with the marker written as an empty cell, read with the defaults
        Path commas = Files.writeString(dir.resolve("score2.csv"),
                rows.get(0) + "\n" + sb.toString().replace(";-;", ";;").replace(';', ','));
        run(PredictFixtures.request(commas, model), "q");
        assertThat(PredictFixtures.lines(dir.resolve("p/predictions.csv")))
                .isEqualTo(PredictFixtures.lines(dir.resolve("q/predictions.csv")));
    }

    @Test
    void rowsTheModelCannotReadGoToTheRejectsFileCountedAndAGateOnThemFails() throws Exception {
        Path data = fx.data("score.csv", 100, 13);
        List<String> lines = Files.readAllLines(data);
        lines.set(5, lines.get(5).replaceFirst(",-?[0-9.]+,", ",abc,"));       // text in numeric x (data row 4)
        lines.set(9, lines.get(9).replaceFirst(",(red|blue|green),", ",purple,")); // unseen category (row 8)
        lines.set(20, "id-x,,,,bad");                                             // no feature value (row 19)
        lines.set(30, lines.get(30).replaceFirst(",-?[0-9.]+,", ",NaN,"));        // non-finite: scored as missing
        Files.write(data, lines);
        StepResult r = run(PredictFixtures.request(data, model).set("rejects", dir.resolve("rejects.csv").toString())
                .add("passthrough", List.of("id"))
                .add("qualityGates", List.of(Map.of("metric", "rejected_rows", "threshold", 0))), "p");
        assertThat(r.getMetrics()).containsEntry("rows", 100.0).containsEntry("predicted_rows", 97.0)
                .containsEntry("rejected_rows", 3.0).containsEntry("non_finite_values", 1.0)
                .containsEntry("non_finite_values[x]", 1.0);
        assertThat(r.getMetrics().get("rejected_ratio")).isEqualTo(0.03);
        assertThat(r.getChecks()).anySatisfy(c -> {
            assertThat(c.metric()).isEqualTo("rejected_rows");
            assertThat(c.outcome()).isEqualTo(CheckOutcome.FAILED);
        });
        assertThat(r.getStatus()).isIn(StepStatus.FAILURE, StepStatus.UNSTABLE);
        List<String> rejected = PredictFixtures.lines(dir.resolve("rejects.csv"));
        assertThat(rejected.get(0)).isEqualTo("row,line,column,reason,x,color,size,id");
        assertThat(rejected).hasSize(4);
        assertThat(rejected.get(1)).startsWith("4,6,x,").contains("column 'x' is numeric in the model but holds 'abc'");
        assertThat(rejected.get(2)).startsWith("8,10,color,").contains("category 'purple' of column 'color'");
        assertThat(rejected.get(3)).startsWith("19,21,,").contains("no value for any feature");
        List<String> predicted = PredictFixtures.lines(dir.resolve("p/predictions.csv"));
        assertThat(predicted).hasSize(98);
        assertThat(predicted).noneMatch(l -> l.startsWith("4,") || l.startsWith("8,") || l.startsWith("19,"));
        assertThat(r.getOutputs()).extracting(o -> o.name()).containsExactly("predictions", "rejects");
    }

    @Test
    void unseenCategoriesIgnoredAreScoredAsNoFeatureAndCounted() throws Exception {
        Path data = fx.data("score.csv", 30, 14);
        List<String> lines = Files.readAllLines(data);
        lines.set(3, lines.get(3).replaceFirst(",(red|blue|green),", ",purple,"));
        Files.write(data, lines);
        StepResult r = run(PredictFixtures.request(data, model).set("unseenCategories", "ignore"), "p");
        assertThat(r.getMetrics()).containsEntry("predicted_rows", 30.0).containsEntry("unseen_category_values", 1.0);
        assertThat(Json.mapper().readTree(dir.resolve("p/result.json").toFile()).at("/details/unseenCategories")
                .toString()).isEqualTo("{\"color=purple\":1}");
    }

    @Test
    void regressionWritesTheValueAsPrediction() throws Exception {
        Path regression = fx.model("linear_sgd", "x");
        Path data = fx.data("score.csv", 25, 15);
        run(PredictFixtures.request(data, regression).set("output", dir.resolve("r.tsv").toString()), "p");
        List<String> lines = PredictFixtures.lines(dir.resolve("r.tsv"));
        assertThat(lines.get(0)).isEqualTo("row\tprediction");
        assertThat(lines).hasSize(26);
        assertThat(Double.parseDouble(lines.get(1).split("\t")[1])).isFinite();
    }
}
