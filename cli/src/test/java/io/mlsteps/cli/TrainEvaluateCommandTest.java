package io.mlsteps.cli;

import io.mlsteps.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** mlsteps train then mlsteps evaluate: outputs, exit codes of gates, and exit 3 with one line for bad input. */
class TrainEvaluateCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String err) {
    }

    static Run run(String... args) {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Run(Main.execute(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
        }
    }

    @Test
    void trainThenEvaluateWithGates() throws Exception {
        Path iris = SharedData.require("small/iris.csv");
        String runDir = dir.resolve("run").toString();
        Run train = run("train", "--data", iris.toString(), "--label-column", "species", "--algorithm", "random_forest",
                "--param", "trees=20", "--run-dir", runDir, "--quiet");
        assertThat(train.exit()).as(train.err()).isEqualTo(0);
        Path step = dir.resolve("run/trainModel");
        for (String f : new String[]{"model.tribuo", "model-card.json", "training-profile.json", "result.json",
                "report.html", "junit.xml"}) {
            assertThat(step.resolve(f)).isRegularFile();
        }
        String model = step.resolve("model.tribuo").toString();
        Run ok = run("evaluate", "--model", model, "--data", iris.toString(), "--bootstrap", "50", "--run-dir", runDir,
                "--gate", "accuracy>=0.9:FAILURE", "--quiet");
        assertThat(ok.exit()).as(ok.err()).isEqualTo(0);
        Path eval = dir.resolve("run/evaluateModel");
        for (String f : new String[]{"metrics.json", "predictions.csv", "charts/confusion-matrix.png", "charts/roc.png",
                "charts/pr.png", "report.html"}) {
            assertThat(eval.resolve(f)).isRegularFile();
        }
        assertThat(run("evaluate", "--model", model, "--data", iris.toString(), "--bootstrap", "0", "--run-dir", runDir,
                "--gate", "recall[class=setosa]>=1.01:UNSTABLE", "--quiet").exit()).isEqualTo(1);
        assertThat(run("evaluate", "--model", model, "--data", iris.toString(), "--bootstrap", "0", "--run-dir", runDir,
                "--gate", "log_loss<=0.0001:FAILURE", "--quiet").exit()).isEqualTo(2);
    }

    @Test
    void badInputExitsThreeWithOneLine() throws Exception {
        Path notAModel = Files.writeString(dir.resolve("model.tribuo"), "age,income\n1,2\n");
        Path data = Files.writeString(dir.resolve("data.csv"), "a,b\n1,x\n2,y\n");
        Run r = run("evaluate", "--model", notAModel.toString(), "--data", data.toString(), "--run-dir",
                dir.resolve("run").toString());
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("mlsteps: error:").contains("model.tribuo").contains("not a Tribuo protobuf model")
                .doesNotContain("\tat ");
        Run missing = run("train", "--data", data.toString(), "--label-column", "income", "--run-dir",
                dir.resolve("run").toString());
        assertThat(missing.exit()).isEqualTo(3);
        assertThat(missing.err()).contains("column 'income' is not in").doesNotContain("\tat ");
        Run badParam = run("train", "--data", data.toString(), "--label-column", "b", "--algorithm",
                "logistic_regression", "--param", "c=often", "--run-dir", dir.resolve("run").toString());
        assertThat(badParam.exit()).isEqualTo(3);
        assertThat(badParam.err()).contains("params.c").contains("not a valid double").doesNotContain("\tat ");
    }
}
