package io.mlsteps.predict;

import io.mlsteps.contract.steps.EvaluateModelRequest;
import io.mlsteps.contract.steps.PredictRequest;
import io.mlsteps.evaluate.EvaluateModelStep;
import io.mlsteps.run.StepRunner;
import io.mlsteps.testing.Req;
import io.mlsteps.util.InputException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad input to predict is an input error (the CLI's exit 3) naming the file, line, column or argument and what was
 * expected; nothing is left behind that looks like finished predictions.
 */
class PredictBadInputTest {
    @TempDir
    Path dir;
    PredictFixtures fx;
    Path model;
    Path data;

    @BeforeEach
    void train() throws Exception {
        fx = new PredictFixtures(dir);
        model = fx.model("logistic_regression", "risk");
        data = fx.data("score.csv", 200, 21);
    }

    void run(Req<PredictRequest> req) throws Exception {
        new StepRunner().run(new PredictStep(), req.build(), fx.ctx("predict"));
    }

    @Test
    void anInputWithoutAModelFeatureNamesTheColumnAndTheFile() throws Exception {
        List<String> lines = Files.readAllLines(data);
        Path noSize = dir.resolve("no-size.csv");
        Files.write(noSize, lines.stream().map(l -> l.substring(0, l.lastIndexOf(',', l.lastIndexOf(',') - 1))
                + l.substring(l.lastIndexOf(','))).toList());
        assertThatThrownBy(() -> run(PredictFixtures.request(noSize, model)))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(noSize + ": has no column 'size', a feature of the model; its columns are "
                        + "[id, x, color, risk]");
        assertThat(dir.resolve("predict/predictions.csv")).doesNotExist();
        try (var files = Files.list(dir.resolve("predict"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void aPassthroughColumnThatIsMissingOrTakenIsNamed() {
        assertThatThrownBy(() -> run(PredictFixtures.request(data, model).add("passthrough", List.of("ident"))))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("has no column 'ident', asked for by passthrough");
        assertThatThrownBy(() -> run(PredictFixtures.request(data, model).add("passthrough", List.of("prediction"))))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("passthrough: 'prediction' is a column predict writes itself");
    }

    @Test
    void anUnreadableRowStopsWithTheLocatedErrorEvaluateGives() throws Exception {
        List<String> lines = Files.readAllLines(data);
        lines.set(150, lines.get(150).replaceFirst(",-?[0-9.]+,", ",12,5,").replaceFirst(",12,5,", ",12.5x,"));
        Files.write(data, lines);
        InputException predicted = (InputException) org.assertj.core.api.Assertions.catchThrowable(() ->
                run(PredictFixtures.request(data, model).set("chunkRows", 16).set("threads", 2)));
        assertThat(predicted).isNotNull();
        assertThat(predicted.getMessage()).isEqualTo(data + ":151:2: column 'x' is numeric in the model but holds "
                + "'12.5x'; expected a number");
        InputException evaluated = (InputException) org.assertj.core.api.Assertions.catchThrowable(() ->
                new EvaluateModelStep().execute(Req.of(EvaluateModelRequest.class).set("model", model.toString())
                        .set("data", data.toString()).set("bootstrap", 0).set("charts", false).build(),
                        fx.ctx("evaluate")));
        assertThat(predicted.getMessage()).isEqualTo(evaluated.getMessage());
        assertThat(dir.resolve("predict/predictions.csv")).doesNotExist();
    }

    @Test
    void theFirstBadRowInInputOrderIsReportedWhateverChunkFinishesFirst() throws Exception {
        List<String> lines = Files.readAllLines(data);
        lines.set(190, lines.get(190).replaceFirst(",(red|blue|green),", ",purple,"));
        lines.set(40, lines.get(40).replaceFirst(",(red|blue|green),", ",teal,"));
        Files.write(data, lines);
        for (int attempt = 0; attempt < 3; attempt++) {
            assertThatThrownBy(() -> run(PredictFixtures.request(data, model).set("chunkRows", 3).set("threads", 4)))
                    .isInstanceOf(InputException.class)
                    .hasMessageStartingWith(data + ":41:3: category 'teal' of column 'color' was not seen in training");
        }
    }

    @Test
    void aMalformedRecordIsLocatedByTheReader() throws Exception {
        List<String> lines = Files.readAllLines(data);
        lines.set(120, lines.get(120) + ",extra");
        Files.write(data, lines);
        assertThatThrownBy(() -> run(PredictFixtures.request(data, model)))
                .isInstanceOf(InputException.class).hasMessageStartingWith(data + ":121");
    }

    @Test
    void aModelFileThatIsNotAModelIsNamed() throws Exception {
        Path notAModel = Files.writeString(dir.resolve("model.tribuo"), "this is not a model\n");
        assertThatThrownBy(() -> run(PredictFixtures.request(data, notAModel)))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(notAModel + ": is not a Tribuo protobuf model");
        assertThatThrownBy(() -> run(PredictFixtures.request(data, dir.resolve("missing.tribuo"))))
                .isInstanceOf(InputException.class).hasMessageContaining("missing.tribuo: file not found");
    }

    @Test
    void anUnknownModelReferenceIsNamedByTheRegistry() throws Exception {
        Path registry = Files.createDirectories(dir.resolve("registry"));
        assertThatThrownBy(() -> run(Req.of(PredictRequest.class).set("data", data.toString())
                .set("model", "risk@production").set("registry", registry.toString())))
                .isInstanceOf(InputException.class).hasMessageStartingWith("model reference 'risk@production': no "
                        + "model named 'risk' in the registry");
    }

    @Test
    void exactlyOneOfModelAndModelFile() {
        assertThatThrownBy(() -> run(Req.of(PredictRequest.class).set("data", data.toString())))
                .isInstanceOf(InputException.class).hasMessageStartingWith("model: is required");
        assertThatThrownBy(() -> run(PredictFixtures.request(data, model).set("model", "risk@3")))
                .isInstanceOf(InputException.class).hasMessageStartingWith("modelFile: give either model");
    }

    @Test
    void anOutputThatCannotBeWrittenIsNamedBeforeAnyWork() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThatThrownBy(() -> run(PredictFixtures.request(data, model)
                .set("output", file.resolve("sub/preds.csv").toString())))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("output: cannot create the folder " + file.resolve("sub"));
        assertThatThrownBy(() -> run(PredictFixtures.request(data, model).set("output", dir.toString())))
                .isInstanceOf(InputException.class).hasMessageContaining("is a folder; expected a file name");
        assertThatThrownBy(() -> run(PredictFixtures.request(data, model).set("output", "preds.parquet")))
                .isInstanceOf(InputException.class)
                .hasMessage("output: 'preds.parquet' does not name a format; expected a file name ending in .csv, .tsv "
                        + "or .jsonl, each optionally .gz");
        assertThatThrownBy(() -> run(PredictFixtures.request(data, model).set("output", data.toString())))
                .isInstanceOf(InputException.class).hasMessageContaining("is an input file");
        assertThatThrownBy(() -> run(PredictFixtures.request(data, model).set("rejects", "r.csv")
                .set("output", "r.csv"))).isInstanceOf(InputException.class)
                .hasMessageStartingWith("rejects: is the same file as output");
        Path folder = Files.createDirectories(dir.resolve("in"));
        Files.copy(data, folder.resolve("a.csv"));
        assertThatThrownBy(() -> run(Req.of(PredictRequest.class).set("data", folder.toString())
                .set("modelFile", model.toString()).set("output", folder.resolve("preds.csv").toString())))
                .isInstanceOf(InputException.class).hasMessageContaining("is inside the data folder");
    }

    @Test
    void badNumbersOfThreadsAndChunksAreNamedByTheContract() {
        assertThatThrownBy(() -> PredictFixtures.request(data, model).set("chunkRows", 0).build())
                .isInstanceOf(InputException.class).hasMessageStartingWith("chunkRows:");
        assertThatThrownBy(() -> PredictFixtures.request(data, model).set("threads", -1).build())
                .isInstanceOf(InputException.class).hasMessageStartingWith("threads:");
    }
}
