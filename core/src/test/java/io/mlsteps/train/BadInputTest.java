package io.mlsteps.train;

import io.mlsteps.evaluate.EvaluateModelStep;
import io.mlsteps.evaluate.EvaluateRequest;
import io.mlsteps.step.StepContext;
import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each bad input of trainModel and evaluateModel is an InputException that names the place and the fix. */
class BadInputTest {
    @TempDir
    Path dir;
    Path data;

    @BeforeEach
    void writeData() throws Exception {
        StringBuilder sb = new StringBuilder("num,cat,label\n");
        for (int i = 0; i < 60; i++) {
            sb.append(i % 17).append(',').append(i % 3 == 0 ? "red" : "blue").append(',')
                    .append(i % 17 > 8 ? "yes" : "no").append('\n');
        }
        data = write("data.csv", sb.toString());
    }

    Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    StepContext ctx(String name) {
        return new StepContext(dir, dir.resolve(name), StepLog.silent(), Map.of());
    }

    TrainRequest train(Path file, String label) {
        TrainRequest r = new TrainRequest();
        r.data = file.toString();
        r.labelColumn = label;
        return r;
    }

    Path model() throws Exception {
        new TrainModelStep().execute(train(data, "label"), ctx("train"));
        return dir.resolve("train/model.tribuo");
    }

    EvaluateRequest evaluate(Path model, Path file) {
        EvaluateRequest r = new EvaluateRequest();
        r.model = model.toString();
        r.data = file.toString();
        r.bootstrap = 10;
        r.charts = false;
        return r;
    }

    @Test
    void missingLabelColumn() {
        assertThatThrownBy(() -> new TrainModelStep().execute(train(data, "income"), ctx("t")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("labelColumn").hasMessageContaining("column 'income' is not in")
                .hasMessageContaining("[num, cat, label]");
    }

    @Test
    void singleClassLabel() throws Exception {
        Path one = write("one.csv", "num,label\n1,a\n2,a\n3,a\n");
        assertThatThrownBy(() -> new TrainModelStep().execute(train(one, "label"), ctx("t")))
                .isInstanceOf(InputException.class).hasMessageContaining("single class [a]");
    }

    @Test
    void textInANumericFeatureIsLocated() throws Exception {
        String text = Files.readString(data).replaceFirst("\n5,", "\nfive,");
        Path bad = write("bad.csv", text);
        assertThatThrownBy(() -> new TrainModelStep().execute(train(bad, "label"), ctx("t")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("bad.csv:7:1").hasMessageContaining("'five'")
                .hasMessageContaining("categoricalFeatures");
    }

    @Test
    void textInANumericFeatureAtEvaluation() throws Exception {
        Path model = model();
        Path bad = write("eval.csv", "num,cat,label\n3,red,no\nlots,blue,yes\n");
        assertThatThrownBy(() -> new EvaluateModelStep().execute(evaluate(model, bad), ctx("e")))
                .isInstanceOf(InputException.class).hasMessageContaining("eval.csv:3:1")
                .hasMessageContaining("'lots'").hasMessageContaining("expected a number");
    }

    @Test
    void unseenCategoryAtEvaluation() throws Exception {
        Path model = model();
        Path unseen = write("eval.csv", "num,cat,label\n3,red,no\n12,green,yes\n");
        assertThatThrownBy(() -> new EvaluateModelStep().execute(evaluate(model, unseen), ctx("e")))
                .isInstanceOf(InputException.class).hasMessageContaining("eval.csv:3:2")
                .hasMessageContaining("'green'").hasMessageContaining("unseenCategories");
        EvaluateRequest lenient = evaluate(model, unseen);
        lenient.unseenCategories = "ignore";
        var result = new EvaluateModelStep().execute(lenient, ctx("e2"));
        assertThat(result.getDetails().get("unseenCategories")).isEqualTo(Map.of("cat=green", 1));
    }

    @Test
    void emptyFiles() throws Exception {
        Path empty = write("empty.csv", "");
        assertThatThrownBy(() -> new TrainModelStep().execute(train(empty, "label"), ctx("t")))
                .isInstanceOf(InputException.class).hasMessageContaining("empty.csv:1:1").hasMessageContaining("empty");
        Path header = write("header.csv", "num,label\n");
        assertThatThrownBy(() -> new TrainModelStep().execute(train(header, "label"), ctx("t")))
                .isInstanceOf(InputException.class).hasMessageContaining("header.csv").hasMessageContaining("no data rows");
        Path model = model();
        assertThatThrownBy(() -> new EvaluateModelStep().execute(evaluate(model, header), ctx("e")))
                .isInstanceOf(InputException.class).hasMessageContaining("no data rows");
    }

    @Test
    void aFileThatIsNotAModelOrIsTruncated() throws Exception {
        assertThatThrownBy(() -> TribuoPredictor.load(data))
                .isInstanceOf(InputException.class).hasMessageContaining("data.csv")
                .hasMessageContaining("is not a Tribuo protobuf model");
        byte[] bytes = Files.readAllBytes(model());
        Path truncated = dir.resolve("truncated.tribuo");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> new EvaluateModelStep().execute(evaluate(truncated, data), ctx("e")))
                .isInstanceOf(InputException.class).hasMessageContaining("truncated.tribuo")
                .hasMessageContaining("truncated");
        Path empty = write("empty.tribuo", "");
        assertThatThrownBy(() -> TribuoPredictor.load(empty))
                .isInstanceOf(InputException.class).hasMessageContaining("file is empty");
        assertThatThrownBy(() -> TribuoPredictor.load(dir.resolve("absent.tribuo")))
                .isInstanceOf(InputException.class).hasMessageContaining("file not found");
    }

    @Test
    void unknownAlgorithmOrParameterListsTheValidOnes() {
        TrainRequest r = train(data, "label");
        r.algorithm = "svm";
        assertThatThrownBy(() -> new TrainModelStep().execute(r, ctx("t")))
                .isInstanceOf(InputException.class).hasMessageContaining("algorithm")
                .hasMessageContaining("logistic_regression, linear_sgd, cart, random_forest, extra_trees, xgboost");
        r.algorithm = "random_forest";
        r.params = Map.of("n_estimators", 10);
        assertThatThrownBy(() -> new TrainModelStep().execute(r, ctx("t")))
                .isInstanceOf(InputException.class).hasMessageContaining("params.n_estimators")
                .hasMessageContaining("trees, max_depth");
        r.params = Map.of("trees", "many");
        assertThatThrownBy(() -> new TrainModelStep().execute(r, ctx("t")))
                .isInstanceOf(InputException.class).hasMessageContaining("params.trees")
                .hasMessageContaining("integer");
    }

    @Test
    void badParametersOfTheLibLinearAndRandomForestTrainersNameTheParameter() {
        TrainRequest r = train(data, "label");
        r.algorithm = "logistic_regression";
        r.params = Map.of("epochs", 5);
        assertThatThrownBy(() -> new TrainModelStep().execute(r, ctx("t")))
                .isInstanceOf(InputException.class).hasMessageContaining("params.epochs")
                .hasMessageContaining("c, tolerance, max_iterations, standardize");
        r.params = Map.of("c", "high");
        assertThatThrownBy(() -> new TrainModelStep().execute(r, ctx("t")))
                .isInstanceOf(InputException.class).hasMessageContaining("params.c").hasMessageContaining("a number");
        r.params = Map.of("c", 0);
        assertThatThrownBy(() -> new TrainModelStep().execute(r, ctx("t")))
                .isInstanceOf(InputException.class).hasMessageContaining("params.c").hasMessageContaining("> 0");
        r.algorithm = "random_forest";
        r.params = Map.of("impurity", "gini");
        assertThatThrownBy(() -> new TrainModelStep().execute(r, ctx("t")))
                .isInstanceOf(InputException.class).hasMessageContaining("params.impurity")
                .hasMessageContaining("trees, max_depth, min_child_weight, subsample, fraction_features");
        r.params = Map.of("subsample", 1.5);
        assertThatThrownBy(() -> new TrainModelStep().execute(r, ctx("t")))
                .isInstanceOf(InputException.class).hasMessageContaining("params.subsample")
                .hasMessageContaining("(0, 1]");
        r.params = Map.of("trees", 0);
        assertThatThrownBy(() -> new TrainModelStep().execute(r, ctx("t")))
                .isInstanceOf(InputException.class).hasMessageContaining("params.trees")
                .hasMessageContaining("at least 1");
    }

    @Test
    void predictionsFileWithoutPredictions() throws Exception {
        Path p = write("p.csv", "y_true,score:yes\nyes,0.3\n");
        EvaluateRequest r = new EvaluateRequest();
        r.predictions = p.toString();
        assertThatThrownBy(() -> new EvaluateModelStep().execute(r, ctx("e")))
                .isInstanceOf(InputException.class).hasMessageContaining("column 'y_pred' is not in");
    }
}
