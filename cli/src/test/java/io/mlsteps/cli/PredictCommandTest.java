package io.mlsteps.cli;

import io.mlsteps.testing.SharedData;
import io.mlsteps.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** mlsteps predict as users call it: the data as the positional argument, exit codes of its gates, exit 3 for bad input. */
class PredictCommandTest {
    @TempDir
    Path dir;

    @Test
    void predictsAFileWritesGzippedJsonLinesAndGatesOnRejects() throws Exception {
        Path penguins = SharedData.require("small/penguins.csv");
        String runDir = dir.resolve("run").toString();
        TrainEvaluateCommandTest.Run train = TrainEvaluateCommandTest.run("train", "--data", penguins.toString(),
                "--label-column", "species", "--run-dir", runDir, "--quiet");
        assertThat(train.exit()).as(train.err()).isZero();
        String model = dir.resolve("run/trainModel/model.tribuo").toString();
        Path out = dir.resolve("out/penguins.jsonl.gz");
        TrainEvaluateCommandTest.Run ok = TrainEvaluateCommandTest.run("predict", penguins.toString(), "--model-file",
                model, "--output", out.toString(), "--passthrough", "island,year", "--run-dir", runDir,
                "--gate", "rejected_rows<=0:FAILURE", "--quiet");
        assertThat(ok.exit()).as(ok.err()).isZero();
        List<String> lines;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(out))) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertThat(lines).hasSize(344);
        assertThat(Json.mapper().readTree(lines.get(0)).fieldNames()).toIterable().containsExactly("row", "island",
                "year", "prediction", "score:Adelie", "score:Chinstrap", "score:Gentoo");
        assertThat(dir.resolve("run/predict/result.json")).isRegularFile();

        // a row the model cannot read, set aside: the gate on rejected_rows fails the build (exit 2)
        List<String> rows = new java.util.ArrayList<>(Files.readAllLines(penguins));
        rows.set(10, rows.get(10).replaceFirst("^([^,]*),([^,]*),[^,]*,", "$1,$2,long,"));
        Path bad = Files.write(dir.resolve("bad.csv"), rows);
        TrainEvaluateCommandTest.Run gated = TrainEvaluateCommandTest.run("predict", bad.toString(), "--model-file",
                model, "--rejects", dir.resolve("rejects.csv").toString(), "--run-dir", runDir,
                "--gate", "rejected_rows<=0:FAILURE", "--quiet");
        assertThat(gated.exit()).as(gated.err()).isEqualTo(2);
        assertThat(Files.readAllLines(dir.resolve("rejects.csv"))).hasSize(2);

        // without rejects: exit 3, one line naming the cell
        TrainEvaluateCommandTest.Run stopped = TrainEvaluateCommandTest.run("predict", bad.toString(), "--model-file",
                model, "--run-dir", runDir);
        assertThat(stopped.exit()).isEqualTo(3);
        assertThat(stopped.err()).contains("mlsteps: error: " + bad + ":11:3: column 'bill_length_mm' is numeric in "
                + "the model but holds 'long'").doesNotContain("\tat ");
    }
}
