package io.mlsteps.train;

import io.mlsteps.model.TribuoPredictor;
import io.mlsteps.testing.Req;

import io.mlsteps.contract.steps.TrainModelRequest;

import io.mlsteps.evaluate.EvaluateModelStep;
import io.mlsteps.contract.steps.EvaluateModelRequest;
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

    Req<TrainModelRequest> train(Path file, String label) {
        Req<TrainModelRequest> r = Req.of(TrainModelRequest.class);
        r.set("data", file.toString());
        r.set("labelColumn", label);
        return r;
    }

    Path model() throws Exception {
        new TrainModelStep().execute(train(data, "label").build(), ctx("train"));
        return dir.resolve("train/model.tribuo");
    }

    Req<EvaluateModelRequest> evaluate(Path model, Path file) {
        Req<EvaluateModelRequest> r = Req.of(EvaluateModelRequest.class);
        r.set("model", model.toString());
        r.set("data", file.toString());
        r.set("bootstrap", 10);
        r.set("charts", false);
        return r;
    }

    @Test
    void missingLabelColumn() {
        assertThatThrownBy(() -> new TrainModelStep().execute(train(data, "income").build(), ctx("t")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("labelColumn").hasMessageContaining("column 'income' is not in")
                .hasMessageContaining("[num, cat, label]");
    }

    @Test
    void singleClassLabel() throws Exception {
        Path one = write("one.csv", "num,label\n1,a\n2,a\n3,a\n");
        assertThatThrownBy(() -> new TrainModelStep().execute(train(one, "label").build(), ctx("t")))
                .isInstanceOf(InputException.class).hasMessageContaining("single class [a]");
    }

    @Test
    void textInANumericFeatureIsLocated() throws Exception {
        String text = Files.readString(data).replaceFirst("\n5,", "\nfive,");
        Path bad = write("bad.csv", text);
        assertThatThrownBy(() -> new TrainModelStep().execute(train(bad, "label").build(), ctx("t")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("bad.csv:7:1").hasMessageContaining("'five'")
                .hasMessageContaining("categoricalFeatures");
    }

    @Test
    void textInANumericFeatureAtEvaluation() throws Exception {
        Path model = model();
        Path bad = write("eval.csv", "num,cat,label\n3,red,no\nlots,blue,yes\n");
        assertThatThrownBy(() -> new EvaluateModelStep().execute(evaluate(model, bad).build(), ctx("e")))
                .isInstanceOf(InputException.class).hasMessageContaining("eval.csv:3:1")
                .hasMessageContaining("'lots'").hasMessageContaining("expected a number");
    }

    @Test
    void unseenCategoryAtEvaluation() throws Exception {
        Path model = model();
        Path unseen = write("eval.csv", "num,cat,label\n3,red,no\n12,green,yes\n");
        assertThatThrownBy(() -> new EvaluateModelStep().execute(evaluate(model, unseen).build(), ctx("e")))
                .isInstanceOf(InputException.class).hasMessageContaining("eval.csv:3:2")
                .hasMessageContaining("'green'").hasMessageContaining("unseenCategories");
        Req<EvaluateModelRequest> lenient = evaluate(model, unseen);
        lenient.set("unseenCategories", "ignore");
        var result = new EvaluateModelStep().execute(lenient.build(), ctx("e2"));
        assertThat(result.getDetails().get("unseenCategories")).isEqualTo(Map.of("cat=green", 1));
    }

    @Test
    void emptyFiles() throws Exception {
        Path empty = write("empty.csv", "");
        assertThatThrownBy(() -> new TrainModelStep().execute(train(empty, "label").build(), ctx("t")))
                .isInstanceOf(InputException.class).hasMessageContaining("empty.csv:1:1").hasMessageContaining("empty");
        Path header = write("header.csv", "num,label\n");
        assertThatThrownBy(() -> new TrainModelStep().execute(train(header, "label").build(), ctx("t")))
                .isInstanceOf(InputException.class).hasMessageContaining("header.csv").hasMessageContaining("no data rows");
        Path model = model();
        assertThatThrownBy(() -> new EvaluateModelStep().execute(evaluate(model, header).build(), ctx("e")))
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
        assertThatThrownBy(() -> new EvaluateModelStep().execute(evaluate(truncated, data).build(), ctx("e")))
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
        Req<TrainModelRequest> r = train(data, "label");
        r.set("algorithm", "svm");
        assertThatThrownBy(() -> new TrainModelStep().execute(r.build(), ctx("t")))
                .isInstanceOf(InputException.class).hasMessageContaining("algorithm")
                .hasMessageContaining("logistic_regression, linear_sgd, cart, random_forest, extra_trees, xgboost");
        r.set("algorithm", "random_forest");
        r.set("params", Map.of("n_estimators", 10));
        assertThatThrownBy(() -> new TrainModelStep().execute(r.build(), ctx("t")))
                .isInstanceOf(InputException.class).hasMessageContaining("params.n_estimators")
                .hasMessageContaining("trees, max_depth");
        r.set("params", Map.of("trees", "many"));
        assertThatThrownBy(() -> new TrainModelStep().execute(r.build(), ctx("t")))
                .isInstanceOf(InputException.class).hasMessageContaining("params.trees")
                .hasMessageContaining("integer");
    }

    @Test
    void badParametersOfTheLibLinearAndRandomForestTrainersNameTheParameter() {
        Req<TrainModelRequest> r = train(data, "label");
        r.set("algorithm", "logistic_regression");
        r.set("params", Map.of("epochs", 5));
        assertThatThrownBy(() -> new TrainModelStep().execute(r.build(), ctx("t")))
                .isInstanceOf(InputException.class).hasMessageContaining("params.epochs")
                .hasMessageContaining("c, tolerance, max_iterations, standardize");
        r.set("params", Map.of("c", "high"));
        assertThatThrownBy(() -> new TrainModelStep().execute(r.build(), ctx("t")))
                .isInstanceOf(InputException.class).hasMessageContaining("params.c").hasMessageContaining("a number");
        r.set("params", Map.of("c", 0));
        assertThatThrownBy(() -> new TrainModelStep().execute(r.build(), ctx("t")))
                .isInstanceOf(InputException.class).hasMessageContaining("params.c").hasMessageContaining("> 0");
        r.set("algorithm", "random_forest");
        r.set("params", Map.of("impurity", "gini"));
        assertThatThrownBy(() -> new TrainModelStep().execute(r.build(), ctx("t")))
                .isInstanceOf(InputException.class).hasMessageContaining("params.impurity")
                .hasMessageContaining("trees, max_depth, min_child_weight, subsample, fraction_features");
        r.set("params", Map.of("subsample", 1.5));
        assertThatThrownBy(() -> new TrainModelStep().execute(r.build(), ctx("t")))
                .isInstanceOf(InputException.class).hasMessageContaining("params.subsample")
                .hasMessageContaining("(0, 1]");
        r.set("params", Map.of("trees", 0));
        assertThatThrownBy(() -> new TrainModelStep().execute(r.build(), ctx("t")))
                .isInstanceOf(InputException.class).hasMessageContaining("params.trees")
                .hasMessageContaining("at least 1");
    }

    @Test
    void predictionsFileWithoutPredictions() throws Exception {
        Path p = write("p.csv", "y_true,score:yes\nyes,0.3\n");
        Req<EvaluateModelRequest> r = Req.of(EvaluateModelRequest.class);
        r.set("predictions", p.toString());
        assertThatThrownBy(() -> new EvaluateModelStep().execute(r.build(), ctx("e")))
                .isInstanceOf(InputException.class).hasMessageContaining("column 'y_pred' is not in");
    }
}
