package io.mlsteps.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.testing.PythonOracle;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A slice's macro averages count only the classes present in it, as scikit-learn's defaults do
 * ({@code labels=None}: the labels of y_true ∪ y_pred); the whole data's count every class the model knows.
 */
class SliceMacroAverageOracleTest {
    private static final List<String> CLASSES = List.of("Adelie", "Chinstrap", "Gentoo");
    // rows 0-5 are one island without Chinstrap penguins (neither true nor predicted); rows 6-9 another island
    private static final List<String> Y_TRUE = List.of("Adelie", "Adelie", "Gentoo", "Gentoo", "Gentoo", "Adelie",
            "Chinstrap", "Chinstrap", "Adelie", "Gentoo");
    private static final List<String> Y_PRED = List.of("Adelie", "Gentoo", "Gentoo", "Gentoo", "Adelie", "Adelie",
            "Chinstrap", "Adelie", "Adelie", "Gentoo");
    private static final int[] BISCOE = {0, 1, 2, 3, 4, 5};

    @Test
    void aSliceMissingAClassAveragesOverTheClassesItHasAsScikitLearnDoes() {
        PythonOracle.assumeModules("sklearn");
        JsonNode sk = PythonOracle.json("""
                import json
                from sklearn.metrics import precision_recall_fscore_support as prfs
                yt = %s
                yp = %s
                out = {}
                for name, labels in [('present', None), ('all', %s)]:
                    for avg in ['macro', 'weighted']:
                        p, r, f, _ = prfs(yt[:6], yp[:6], labels=labels, average=avg, zero_division=0)
                        out['%%s_precision_%%s' %% (name, avg)], out['%%s_recall_%%s' %% (name, avg)], out['%%s_f1_%%s' %% (name, avg)] = p, r, f
                    p, r, f, _ = prfs(yt, yp, labels=%s, average='macro', zero_division=0)
                    out['whole_precision_macro'], out['whole_recall_macro'], out['whole_f1_macro'] = p, r, f
                print(json.dumps(out))
                """.formatted(py(Y_TRUE), py(Y_PRED), py(CLASSES), py(CLASSES)));
        ClassificationMetrics.Input in = ClassificationMetrics.Input.of(CLASSES, Y_TRUE, Y_PRED, null, false);

        Map<String, Double> slice = ClassificationMetrics.computeSlice(in, BISCOE);
        Map<String, Double> whole = ClassificationMetrics.compute(in);
        for (String base : List.of("precision", "recall", "f1")) {
            assertThat(slice.get(base + "_macro")).as(base + "_macro of the slice")
                    .isCloseTo(sk.get("present_" + base + "_macro").asDouble(), within(1e-12))
                    // the absent class would have pulled it down by a third
                    .isGreaterThan(sk.get("all_" + base + "_macro").asDouble());
            assertThat(slice.get(base + "_weighted")).isCloseTo(sk.get("present_" + base + "_weighted").asDouble(),
                    within(1e-12));
            assertThat(whole.get(base + "_macro")).as(base + "_macro of all rows")
                    .isCloseTo(sk.get("whole_" + base + "_macro").asDouble(), within(1e-12));
        }
        // the slice's per-class values are those of compute() on the same rows: only the averaging differs
        assertThat(slice.get("f1[class=Gentoo]")).isEqualTo(ClassificationMetrics.compute(in, BISCOE).get("f1[class=Gentoo]"));
    }

    @Test
    void aClassOnlyPredictedInTheSliceStillCounts() {
        // no Gentoo in y_true, but one predicted: scikit-learn's labels are y_true ∪ y_pred, so Gentoo counts (F1 0)
        ClassificationMetrics.Input in = ClassificationMetrics.Input.of(CLASSES, List.of("Adelie", "Adelie", "Chinstrap"),
                List.of("Adelie", "Gentoo", "Chinstrap"), null, false);
        Map<String, Double> slice = ClassificationMetrics.computeSlice(in, null);
        // Adelie: p 1, r 0.5, f1 2/3; Chinstrap: 1, 1, 1; Gentoo: 0, 0, 0
        assertThat(slice.get("f1_macro")).isCloseTo((2.0 / 3 + 1 + 0) / 3, within(1e-12));
        assertThat(slice.get("recall_macro")).isCloseTo((0.5 + 1 + 0) / 3, within(1e-12));
    }

    private static String py(List<String> values) {
        return values.stream().map(v -> "'" + v + "'").toList().toString();
    }
}
