package io.mlsteps.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.steps.EvaluateModelRequest;
import io.mlsteps.step.StepContext;
import io.mlsteps.testing.CapturedLog;
import io.mlsteps.testing.PythonOracle;
import io.mlsteps.testing.Req;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * evaluateModel on a predictions file written by any framework: one score column for a binary task, the positive
 * class chosen, the task found from the columns, rows without a label, scores that are not probabilities, slices
 * read from the data file through the {@code row} column, and the errors of a malformed file, each located. The
 * numbers are scikit-learn's on the same file.
 */
class PredictionsFileTest {
    @TempDir
    Path dir;
    final CapturedLog logged = new CapturedLog();
    private int runs;

    private StepContext ctx() {
        runs++;
        return new StepContext(dir, dir.resolve("evaluate" + runs), logged.of("evaluate" + runs), Map.of());
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private static Req<EvaluateModelRequest> evaluating(Path predictions) {
        return Req.of(EvaluateModelRequest.class).set("predictions", predictions.toString()).set("bootstrap", 0)
                .set("charts", false);
    }

    /** Runs the step and returns its metrics.json. */
    private JsonNode evaluate(Req<EvaluateModelRequest> request) throws Exception {
        StepContext ctx = ctx();
        new EvaluateModelStep().execute(request.build(), ctx);
        return Json.readTree(ctx.stepDir().resolve(EvaluateModelStep.METRICS_FILE));
    }

    /** scikit-learn's metrics of a predictions file, computed by pandas from the same CSV. */
    private static JsonNode sklearn(Path file, String positive) {
        PythonOracle.assumeModules("sklearn", "pandas", "numpy");
        return PythonOracle.json("""
                import json, numpy as np, pandas as pd
                from sklearn import metrics as M
                df = pd.read_csv(%s, dtype={'y_true': str, 'y_pred': str}).dropna(subset=['y_true'])
                pos = %s
                score = df['score:' + pos] if 'score:' + pos in df else None
                y = (df['y_true'] == pos).astype(int)
                out = {'accuracy': M.accuracy_score(df.y_true, df.y_pred),
                       'f1_macro': M.f1_score(df.y_true, df.y_pred, average='macro'),
                       'recall_pos': M.recall_score(df.y_true, df.y_pred, pos_label=pos),
                       'rows': len(df)}
                if score is not None:
                    out['roc_auc'] = M.roc_auc_score(y, score)
                    out['pr_auc'] = M.average_precision_score(y, score)
                    p = np.clip(score.to_numpy(float), np.finfo(float).eps, 1 - np.finfo(float).eps)
                    out['log_loss'] = float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
                print(json.dumps(out))
                """.formatted(pyString(file.toString()), pyString(positive)));
    }

    /** A binary predictions file: noisy scores of the class {@code positive}, some rows without a label. */
    private Path binaryFile(String name, String negative, String positive, int n, boolean withNegativeScore,
                            int unlabelledEvery) throws Exception {
        Random random = new Random(n);
        StringBuilder sb = new StringBuilder("row,y_true,y_pred,");
        if (withNegativeScore) {
            sb.append("score:").append(negative).append(',');
        }
        sb.append("score:").append(positive).append('\n');
        for (int i = 0; i < n; i++) {
            boolean isPositive = random.nextDouble() < 0.35;
            double p = Math.min(0.99, Math.max(0.01, (isPositive ? 0.65 : 0.35) + 0.25 * random.nextGaussian()));
            p = Math.round(p * 100) / 100.0; // ties, as real classifiers' rounded scores have
            String truth = unlabelledEvery > 0 && i % unlabelledEvery == 3 ? "" : isPositive ? positive : negative;
            sb.append(i).append(',').append(truth).append(',').append(p >= 0.5 ? positive : negative).append(',');
            if (withNegativeScore) {
                sb.append(String.format(Locale.ROOT, "%.2f", 1 - p)).append(',');
            }
            sb.append(String.format(Locale.ROOT, "%.2f", p)).append('\n');
        }
        return write(name, sb.toString());
    }

    @Test
    void oneScoreColumnOfTheSecondClassIsEnoughForABinaryTask() throws Exception {
        Path file = binaryFile("binary.csv", "no", "yes", 300, false, 0);
        JsonNode doc = evaluate(evaluating(file));
        JsonNode sk = sklearn(file, "yes");
        assertThat(doc.get("task").asText()).isEqualTo("classification");
        assertThat(doc.get("classes")).extracting(JsonNode::asText).containsExactly("no", "yes");
        assertThat(doc.get("positiveClass").asText()).isEqualTo("yes");
        assertThat(doc.get("scoresAreProbabilities").asBoolean()).isTrue();
        JsonNode m = doc.get("metrics");
        for (String name : List.of("accuracy", "f1_macro", "roc_auc", "pr_auc", "log_loss")) {
            assertThat(m.get(name).asDouble()).as(name).isCloseTo(sk.get(name).asDouble(), within(1e-9));
        }
        assertThat(m.get("recall[class=yes]").asDouble()).isCloseTo(sk.get("recall_pos").asDouble(), within(1e-9));
        // predictions.csv gains the other class's score as the complement
        List<String> lines = Files.readAllLines(dir.resolve("evaluate1").resolve(EvaluateModelStep.PREDICTIONS_FILE));
        assertThat(lines.get(0)).isEqualTo("row,y_true,y_pred,score:no,score:yes");
        String[] first = lines.get(1).split(",");
        assertThat(Double.parseDouble(first[3]) + Double.parseDouble(first[4])).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void thePositiveClassChosenIsScoredInsteadOfTheSecondInSortedOrder() throws Exception {
        Path file = binaryFile("credit.csv", "good", "bad", 250, true, 0);
        JsonNode doc = evaluate(evaluating(file).set("positiveClass", "bad"));
        JsonNode sk = sklearn(file, "bad");
        assertThat(doc.get("classes")).extracting(JsonNode::asText).containsExactly("good", "bad");
        assertThat(doc.get("positiveClass").asText()).isEqualTo("bad");
        assertThat(doc.get("metrics").get("roc_auc").asDouble()).isCloseTo(sk.get("roc_auc").asDouble(), within(1e-9));
        assertThat(doc.get("metrics").get("pr_auc").asDouble()).isCloseTo(sk.get("pr_auc").asDouble(), within(1e-9));
        JsonNode defaultOrder = evaluate(evaluating(file));
        assertThat(defaultOrder.get("positiveClass").asText()).isEqualTo("good");
        assertThat(defaultOrder.get("metrics").get("pr_auc").asDouble()).as("another class, another average precision")
                .isNotCloseTo(doc.get("metrics").get("pr_auc").asDouble(), within(1e-6));
    }

    @Test
    void aPositiveClassThatIsNoClassIsRefusedWithTheClasses() throws Exception {
        Path file = binaryFile("pc.csv", "no", "yes", 40, false, 0);
        assertThatThrownBy(() -> evaluate(evaluating(file).set("positiveClass", "maybe")))
                .isInstanceOf(InputException.class)
                .hasMessage("positiveClass: 'maybe' is not a class; expected one of [no, yes]");
    }

    @Test
    void rowsWithoutALabelAreLeftOutAndCounted() throws Exception {
        Path file = binaryFile("unlabelled.csv", "no", "yes", 200, true, 10);
        JsonNode doc = evaluate(evaluating(file));
        JsonNode sk = sklearn(file, "yes");
        assertThat(doc.get("rows").asInt()).isEqualTo(sk.get("rows").asInt()).isEqualTo(180);
        assertThat(doc.get("rowsNotEvaluated").asInt()).isEqualTo(20);
        assertThat(doc.get("metrics").get("accuracy").asDouble()).isCloseTo(sk.get("accuracy").asDouble(), within(1e-9));
        assertThat(doc.get("metrics").get("log_loss").asDouble()).isCloseTo(sk.get("log_loss").asDouble(), within(1e-9));
        // predictions.csv keeps the file's own row numbers
        List<String> rows = Files.readAllLines(dir.resolve("evaluate1").resolve(EvaluateModelStep.PREDICTIONS_FILE));
        assertThat(rows).hasSize(181).noneMatch(line -> line.startsWith("3,"));
    }

    @Test
    void scoresThatAreNotProbabilitiesGiveRankingMetricsButNoLogLoss() throws Exception {
        Path file = write("margins.csv", """
                y_true,y_pred,score:a,score:b
                a,a,2.5,-2.5
                b,b,-1.0,1.0
                a,b,-1.5,1.5
                b,b,-3.0,3.0
                a,a,1.5,-1.5
                """);
        JsonNode doc = evaluate(evaluating(file));
        assertThat(doc.get("scoresAreProbabilities").asBoolean()).isFalse();
        assertThat(doc.get("metrics").has("log_loss")).isFalse();
        // margins still rank the rows: 5 of the 6 (b, a) pairs are in order; the misclassified a row outranks one b
        assertThat(doc.get("metrics").get("roc_auc").asDouble()).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(doc.get("headline")).extracting(JsonNode::asText).doesNotContain("log_loss").contains("roc_auc");
    }

    @Test
    void numbersWithoutScoreColumnsAreARegressionAndTextIsAClassification() throws Exception {
        Path numbers = write("numbers.csv", "y_true,y_pred\n1.5,1.0\n2.0,2.5\n3.0,2.0\n4.0,4.5\n");
        JsonNode regression = evaluate(evaluating(numbers));
        assertThat(regression.get("task").asText()).isEqualTo("regression");
        assertThat(regression.get("metrics").get("mae").asDouble()).isCloseTo(0.625, within(1e-12));
        assertThat(regression.get("metrics").get("rmse").asDouble()).isCloseTo(Math.sqrt(1.75 / 4), within(1e-12));

        Path labels = write("labels.csv", "y_true,y_pred\n0,1\n1,1\ncat,cat\n0,0\n");
        assertThat(evaluate(evaluating(labels)).get("task").asText()).as("one label is text").isEqualTo("classification");

        JsonNode asked = evaluate(evaluating(numbers).set("task", "classification"));
        assertThat(asked.get("task").asText()).isEqualTo("classification");
        assertThat(asked.get("classes")).extracting(JsonNode::asText).containsExactly("1.0", "1.5", "2.0", "2.5", "3.0",
                "4.0", "4.5");
    }

    @Test
    void aMissingPredictionIsAnErrorAtItsLineAndColumn() throws Exception {
        Path file = write("gap.csv", "y_true,y_pred\na,a\nb,\na,b\n");
        assertThatThrownBy(() -> evaluate(evaluating(file))).isInstanceOf(InputException.class)
                .hasMessageContaining("gap.csv:3:2").hasMessageContaining("y_pred is missing");
    }

    @Test
    void aClassWithoutItsScoreColumnIsNamed() throws Exception {
        Path file = write("three.csv", "y_true,y_pred,score:a,score:b\na,a,0.7,0.2\nb,c,0.1,0.3\nc,c,0.2,0.1\n");
        assertThatThrownBy(() -> evaluate(evaluating(file))).isInstanceOf(InputException.class)
                .hasMessageContaining("has no column 'score:c'; expected a score column for every class [a, b, c]");
    }

    @Test
    void aSingleTrueClassCannotBeEvaluatedAsAClassifier() throws Exception {
        Path file = write("single.csv", "y_true,y_pred\nyes,yes\nyes,no\nyes,yes\n");
        assertThatThrownBy(() -> evaluate(evaluating(file))).isInstanceOf(InputException.class)
                .hasMessageContaining("label column 'y_true' holds a single class [yes]");
    }

    @Test
    void aFileWithoutLabelsOrWithoutTheColumnsIsRefused() throws Exception {
        Path empty = write("nolabels.csv", "y_true,y_pred\n,a\n,b\n");
        assertThatThrownBy(() -> evaluate(evaluating(empty))).isInstanceOf(InputException.class)
                .hasMessageContaining("no row has a y_true value");
        Path noPred = write("nopred.csv", "y_true,prediction\na,a\n");
        assertThatThrownBy(() -> evaluate(evaluating(noPred))).isInstanceOf(InputException.class)
                .hasMessageContaining("y_pred");
        Path text = write("text.csv", "y_true,y_pred\n1.0,2.0\nlots,3.0\n");
        assertThatThrownBy(() -> evaluate(evaluating(text).set("task", "regression"))).isInstanceOf(InputException.class)
                .hasMessageContaining("text.csv:3:1").hasMessageContaining("y_true column 'y_true' holds 'lots'; expected a number");
    }

    @Test
    void slicesComeFromTheDataFileThroughTheRowColumn() throws Exception {
        // predictions of rows 4, 0, 2, 1, 3 (any order) of a data file; the island of each comes from the data
        Path data = write("penguins.csv", """
                island,bill
                Biscoe,40
                Dream,41
                Biscoe,39
                Dream,45
                Torgersen,38
                """);
        Path predictions = write("preds.csv", """
                row,y_true,y_pred
                4,Adelie,Adelie
                0,Gentoo,Gentoo
                2,Gentoo,Adelie
                1,Chinstrap,Chinstrap
                3,Chinstrap,Adelie
                """);
        StepContext ctx = ctx();
        StepResult result = new EvaluateModelStep().execute(evaluating(predictions).set("data", data.toString())
                .add("slices", List.of("island")).build(), ctx);
        assertThat(result.getMetrics()).containsEntry("accuracy[island=Biscoe]", 0.5)
                .containsEntry("accuracy[island=Dream]", 0.5).containsEntry("accuracy[island=Torgersen]", 1.0)
                .containsEntry("rows[island=Biscoe]", 2.0).containsEntry("rows[island=Torgersen]", 1.0);
        JsonNode doc = Json.readTree(ctx.stepDir().resolve(EvaluateModelStep.METRICS_FILE));
        assertThat(doc.get("source").get("data").asText()).isEqualTo(data.toString());
        assertThat(doc.get("source").get("dataSha256").asText()).hasSize(64);
        JsonNode groups = doc.get("slices").get("island");
        assertThat(groups).extracting(g -> g.get("value").asText()).containsExactly("Biscoe", "Dream", "Torgersen");
        // the slice's macro average counts only its classes (Biscoe: Gentoo and Adelie)
        // (Gentoo 1/2 + Adelie, predicted but never true, 0) / 2; Chinstrap, absent from Biscoe, does not count
        assertThat(groups.get(0).get("metrics").get("recall_macro").asDouble()).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void aRowNumberOutsideTheDataFileIsAnErrorAtItsLine() throws Exception {
        Path data = write("small.csv", "island\nBiscoe\nDream\n");
        Path predictions = write("far.csv", "row,y_true,y_pred\n0,a,a\n7,b,b\n");
        assertThatThrownBy(() -> evaluate(evaluating(predictions).set("data", data.toString())
                .add("slices", List.of("island")))).isInstanceOf(InputException.class)
                .hasMessageContaining("far.csv:3").hasMessageContaining("row 7 is not a row of " + data + " (2 rows)");
    }

    @Test
    void aMissingSliceValueIsItsOwnGroupAndAnUnknownSliceColumnIsNamed() throws Exception {
        Path predictions = write("own.csv", "y_true,y_pred,sex\na,a,f\nb,b,\na,b,m\nb,b,f\n");
        StepContext ctx = ctx();
        StepResult result = new EvaluateModelStep().execute(evaluating(predictions).add("slices", List.of("sex")).build(), ctx);
        assertThat(result.getMetrics()).containsEntry("rows[sex=(missing)]", 1.0).containsEntry("accuracy[sex=f]", 1.0)
                .containsEntry("accuracy[sex=m]", 0.0);
        assertThatThrownBy(() -> evaluate(evaluating(predictions).add("slices", List.of("age"))))
                .isInstanceOf(InputException.class).hasMessageContaining("age");
    }

    @Test
    void undefinedMetricsAreNullInMetricsJson() throws Exception {
        // one slice holds only class a: its AUC is undefined, written as null (JSON has no NaN)
        Path predictions = write("auc.csv", """
                y_true,y_pred,score:a,score:b,site
                a,a,0.8,0.2,x
                a,a,0.6,0.4,x
                a,b,0.3,0.7,y
                b,b,0.1,0.9,y
                """);
        JsonNode doc = evaluate(evaluating(predictions).add("slices", List.of("site")));
        JsonNode x = doc.get("slices").get("site").get(0);
        assertThat(x.get("value").asText()).isEqualTo("x");
        assertThat(x.get("metrics").get("roc_auc").isNull()).isTrue();
        assertThat(doc.get("metrics").get("roc_auc").asDouble()).isEqualTo(1.0);
    }

    @Test
    void theConfusionMatrixAndPerClassSupportAreScikitLearns() throws Exception {
        PythonOracle.assumeModules("sklearn");
        List<String> truth = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        Random random = new Random(4);
        StringBuilder sb = new StringBuilder("y_true,y_pred\n");
        String[] classes = {"Adelie", "Chinstrap", "Gentoo"};
        for (int i = 0; i < 90; i++) {
            String t = classes[random.nextInt(3)];
            String p = random.nextDouble() < 0.7 ? t : classes[random.nextInt(3)];
            truth.add(t);
            predicted.add(p);
            sb.append(t).append(',').append(p).append('\n');
        }
        JsonNode doc = evaluate(evaluating(write("cm.csv", sb.toString())));
        JsonNode sk = PythonOracle.json("""
                import json
                from sklearn.metrics import confusion_matrix, precision_recall_fscore_support
                yt, yp = %s, %s
                labels = ['Adelie', 'Chinstrap', 'Gentoo']
                p, r, f, s = precision_recall_fscore_support(yt, yp, labels=labels)
                print(json.dumps({'cm': confusion_matrix(yt, yp, labels=labels).tolist(), 'p': list(p), 'r': list(r),
                                  'f': list(f), 's': [int(v) for v in s]}))
                """.formatted(pyList(truth), pyList(predicted)));
        JsonNode cm = doc.get("confusionMatrix");
        assertThat(cm.get("rows").asText()).isEqualTo("true class");
        assertThat(cm.get("matrix").toString()).isEqualTo(sk.get("cm").toString());
        for (int k = 0; k < 3; k++) {
            JsonNode c = doc.get("perClass").get(classes[k]);
            assertThat(c.get("support").asInt()).isEqualTo(sk.get("s").get(k).asInt());
            assertThat(c.get("precision").asDouble()).isCloseTo(sk.get("p").get(k).asDouble(), within(1e-9));
            assertThat(c.get("recall").asDouble()).isCloseTo(sk.get("r").get(k).asDouble(), within(1e-9));
            assertThat(c.get("f1").asDouble()).isCloseTo(sk.get("f").get(k).asDouble(), within(1e-9));
        }
    }

    private static String pyString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String pyList(List<String> values) {
        return values.stream().map(PredictionsFileTest::pyString).toList().toString();
    }
}
