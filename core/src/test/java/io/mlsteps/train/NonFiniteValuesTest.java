package io.mlsteps.train;

import io.mlsteps.model.FeatureEncoding;
import io.mlsteps.model.NonFiniteValues;
import io.mlsteps.evaluate.EvaluateModelStep;
import io.mlsteps.contract.steps.EvaluateModelRequest;
import io.mlsteps.contract.steps.TrainModelRequest;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.testing.CapturedLog;
import io.mlsteps.testing.Req;
import io.mlsteps.util.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One rule for NaN, inf and -inf in a numeric feature, in training and in evaluation: the value is missing (as an
 * empty cell is) and counted in the result ({@code non_finite_values}, per column too) with a warning naming where
 * the first one is. A label must be a finite number.
 */
class NonFiniteValuesTest {
    @TempDir
    Path dir;
    final CapturedLog logged = new CapturedLog();

    StepContext ctx(String step) {
        return new StepContext(dir, dir.resolve(step),
                logged.of(step), Map.of());
    }

    static final List<String> NON_FINITE = List.of("NaN", "inf", "-Infinity", "1e999", "nan", "-inf");

    /** A file whose x column holds the non-finite spellings in some rows, or (as {@code blank}) nothing there. */
    Path data(String name, int n, long seed, boolean blank) throws Exception {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder("x,z,y\n");
        int k = 0;
        for (int i = 0; i < n; i++) {
            double x = random.nextGaussian();
            double z = random.nextGaussian();
            String label = x + z + random.nextGaussian() > 0 ? "yes" : "no";
            String xs = String.format(java.util.Locale.ROOT, "%.4f", x);
            if (i % 25 == 3) {
                xs = blank ? "" : NON_FINITE.get(k++ % NON_FINITE.size());
            }
            sb.append(xs).append(',').append(String.format(java.util.Locale.ROOT, "%.4f", z)).append(',')
                    .append(label).append('\n');
        }
        return Files.writeString(dir.resolve(name), sb);
    }

    TrainModelRequest train(Path data) {
        return Req.of(TrainModelRequest.class).set("data", data.toString()).set("labelColumn", "y").build();
    }

    @Test
    void trainingTreatsNonFiniteValuesAsMissingAndCountsThem() throws Exception {
        Path withNonFinite = data("train.csv", 500, 1, false);
        Path withBlanks = data("blank.csv", 500, 1, true);
        StepResult a = new TrainModelStep().execute(train(withNonFinite), ctx("a"));
        StepResult b = new TrainModelStep().execute(train(withBlanks), ctx("b"));
        assertThat(a.getMetrics().get(NonFiniteValues.METRIC)).isEqualTo(20.0);
        assertThat(a.getMetrics().get(NonFiniteValues.METRIC + "[x]")).isEqualTo(20.0);
        assertThat(a.getMetrics()).doesNotContainKey(NonFiniteValues.METRIC + "[z]");
        assertThat(b.getMetrics().get(NonFiniteValues.METRIC)).isEqualTo(0.0);
        // the same model as with empty cells
        for (String m : new String[]{"accuracy", "roc_auc", "log_loss"}) {
            assertThat(a.getMetrics().get(m)).as(m).isEqualTo(b.getMetrics().get(m));
        }
        assertThat(logged.text()).contains("[a] WARNING: 20 non-finite values (NaN, inf, -inf) "
                + "in numeric features of the training and validation rows treated as missing: x 20 (first at "
                + withNonFinite + ":5:1)");
    }

    @Test
    void evaluationTreatsThemAlikeAndCountsThem() throws Exception {
        new TrainModelStep().execute(train(data("train.csv", 500, 1, true)), ctx("train"));
        Path eval = data("eval.csv", 200, 2, false);
        Path evalBlank = data("eval-blank.csv", 200, 2, true);
        StepResult a = new EvaluateModelStep().execute(evaluation(eval), ctx("ea"));
        StepResult b = new EvaluateModelStep().execute(evaluation(evalBlank), ctx("eb"));
        assertThat(a.getMetrics().get(NonFiniteValues.METRIC)).isEqualTo(8.0);
        assertThat(a.getMetrics().get(NonFiniteValues.METRIC + "[x]")).isEqualTo(8.0);
        assertThat(b.getMetrics().get(NonFiniteValues.METRIC)).isEqualTo(0.0);
        assertThat(a.getMetrics().get("roc_auc")).isEqualTo(b.getMetrics().get("roc_auc"));
        assertThat(Files.readString(dir.resolve("ea/predictions.csv"))).isEqualTo(Files.readString(dir.resolve("eb/predictions.csv")));
        assertThat(logged.text()).contains("[ea] WARNING: 8 non-finite values")
                .contains("x 8 (first at " + eval + ":5:1)");
    }

    EvaluateModelRequest evaluation(Path data) {
        return Req.of(EvaluateModelRequest.class).set("model", dir.resolve("train/model.tribuo").toString())
                .set("data", data.toString()).set("bootstrap", 0).set("charts", false).build();
    }

    @Test
    void aNonFiniteRegressionLabelIsRefused() throws Exception {
        StringBuilder sb = new StringBuilder("x,target\n");
        for (int i = 0; i < 40; i++) {
            sb.append(i).append(',').append(i == 7 ? "inf" : Integer.toString(i * 3 + i % 5)).append('\n');
        }
        Path file = Files.writeString(dir.resolve("reg.csv"), sb);
        TrainModelRequest r = Req.of(TrainModelRequest.class).set("data", file.toString()).set("labelColumn", "target")
                .set("task", "regression").build();
        assertThatThrownBy(() -> new TrainModelStep().execute(r, ctx("reg"))).isInstanceOf(InputException.class)
                .hasMessage(file + ":9:2: regression label 'target' holds 'inf'; expected a finite number");
    }

    @Test
    void parseNumberSaysNaNForEveryNonFiniteSpelling() {
        for (String s : NON_FINITE) {
            assertThat(FeatureEncoding.parseNumber("x", " " + s + " ")).as(s).isNaN();
        }
        assertThat(FeatureEncoding.parseNumber("x", "1e300")).isEqualTo(1e300);
        assertThatThrownBy(() -> FeatureEncoding.parseNumber("x", "infinite")).isInstanceOf(FeatureEncoding.BadValue.class);
    }
}
