package io.mlsteps.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.testing.PythonOracle;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link ClassificationMetrics} against scikit-learn on the cases where hand-written metric code usually goes
 * wrong: tied scores, a class never predicted, a class absent from y_true, probabilities of exactly 0 and 1 (log
 * loss clipping), scores that do not sum to one, bootstrap multiplicities, one row, and the curves' points.
 */
class ClassificationMetricsOracleTest {
    private static final double TOLERANCE = 1e-9;

    /** scikit-learn's metrics of the same labels and scores, named as {@link ClassificationMetrics} names them. */
    private static JsonNode sklearn(List<String> classes, List<String> yTrue, List<String> yPred, double[][] scores,
                                    boolean logLoss) {
        PythonOracle.assumeModules("sklearn", "numpy");
        return PythonOracle.json("""
                import json, warnings
                import numpy as np
                from sklearn import metrics as M
                warnings.simplefilter('ignore')
                classes = %s
                yt = %s
                yp = %s
                scores = %s
                out = {'accuracy': M.accuracy_score(yt, yp),
                       'balanced_accuracy': M.balanced_accuracy_score(yt, yp)}
                for avg in ['macro', 'weighted']:
                    p, r, f, _ = M.precision_recall_fscore_support(yt, yp, labels=classes, average=avg, zero_division=0)
                    out['precision_' + avg], out['recall_' + avg], out['f1_' + avg] = p, r, f
                p, r, f, _ = M.precision_recall_fscore_support(yt, yp, labels=classes, average=None, zero_division=0)
                for k, c in enumerate(classes):
                    out['precision[class=%%s]' %% c], out['recall[class=%%s]' %% c], out['f1[class=%%s]' %% c] = p[k], r[k], f[k]
                if scores is not None:
                    s = np.array(scores, dtype=float)
                    if len(classes) == 2:
                        pos = [1 if y == classes[1] else 0 for y in yt]
                        out['roc_auc'] = M.roc_auc_score(pos, s[:, 1]) if 0 < sum(pos) < len(pos) else None
                        out['pr_auc'] = M.average_precision_score(pos, s[:, 1])
                    else:
                        aucs, aps = [], []
                        for k, c in enumerate(classes):
                            pos = [1 if y == c else 0 for y in yt]
                            aucs.append(M.roc_auc_score(pos, s[:, k]) if 0 < sum(pos) < len(pos) else float('nan'))
                            aps.append(M.average_precision_score(pos, s[:, k]) if sum(pos) > 0 else float('nan'))
                        out['roc_auc'] = None if any(np.isnan(aucs)) else float(np.mean(aucs))
                        out['pr_auc'] = None if any(np.isnan(aps)) else float(np.mean(aps))
                    if %s:
                        clipped = np.clip(s, np.finfo(float).eps, 1 - np.finfo(float).eps)
                        clipped = clipped / clipped.sum(axis=1, keepdims=True)
                        idx = [classes.index(y) for y in yt]
                        out['log_loss'] = float(-np.mean(np.log(clipped[np.arange(len(yt)), idx])))
                out['confusion'] = M.confusion_matrix(yt, yp, labels=classes).tolist()
                print(json.dumps(out))
                """.formatted(py(classes), py(yTrue), py(yPred), scores == null ? "None" : py(scores),
                logLoss ? "True" : "False"));
    }

    private static void assertSameAsSklearn(List<String> classes, List<String> yTrue, List<String> yPred,
                                            double[][] scores, boolean probabilities) {
        JsonNode sk = sklearn(classes, yTrue, yPred, scores, probabilities);
        ClassificationMetrics.Input in = ClassificationMetrics.Input.of(classes, yTrue, yPred, scores, probabilities);
        Map<String, Double> ours = ClassificationMetrics.compute(in);
        List<String> compared = new ArrayList<>();
        sk.fieldNames().forEachRemaining(name -> {
            if (name.equals("confusion")) {
                return;
            }
            JsonNode expected = sk.get(name);
            assertThat(ours).as("metric " + name).containsKey(name);
            if (expected.isNull()) {
                assertThat(ours.get(name)).as(name + " is undefined, as in scikit-learn").isNaN();
            } else {
                assertThat(ours.get(name)).as(name).isCloseTo(expected.asDouble(), within(TOLERANCE));
            }
            compared.add(name);
        });
        assertThat(compared).as("metrics compared").hasSizeGreaterThanOrEqualTo(8 + 3 * classes.size());
        if (!probabilities) {
            assertThat(ours).as("no log loss without probabilities").doesNotContainKey("log_loss");
        }
        long[][] cm = ClassificationMetrics.confusionMatrix(in, null);
        for (int t = 0; t < classes.size(); t++) {
            for (int p = 0; p < classes.size(); p++) {
                assertThat(cm[t][p]).as("confusion[%s][%s]", classes.get(t), classes.get(p))
                        .isEqualTo(sk.get("confusion").get(t).get(p).asLong());
            }
        }
    }

    @Test
    void binaryScoresWithManyTiesGiveScikitLearnsAucAndAveragePrecision() {
        // scores rounded to one decimal: whole groups of rows share a threshold
        Random random = new Random(3);
        List<String> yTrue = new ArrayList<>();
        List<String> yPred = new ArrayList<>();
        double[][] scores = new double[80][];
        for (int i = 0; i < scores.length; i++) {
            boolean positive = random.nextDouble() < 0.4;
            double p = Math.round(Math.min(1, Math.max(0, (positive ? 0.62 : 0.4) + random.nextGaussian() * 0.2)) * 10) / 10.0;
            scores[i] = new double[]{1 - p, p};
            yTrue.add(positive ? "yes" : "no");
            yPred.add(p >= 0.5 ? "yes" : "no");
        }
        assertSameAsSklearn(List.of("no", "yes"), yTrue, yPred, scores, true);
    }

    @Test
    void aClassNeverPredictedHasPrecisionZeroAndCountsInTheMacroAverage() {
        List<String> classes = List.of("a", "b", "c");
        List<String> yTrue = List.of("a", "a", "b", "b", "c", "c", "c", "a");
        List<String> yPred = List.of("a", "b", "b", "a", "a", "a", "b", "a"); // c never predicted
        assertSameAsSklearn(classes, yTrue, yPred, null, false);
        Map<String, Double> m = ClassificationMetrics.compute(ClassificationMetrics.Input.of(classes, yTrue, yPred, null,
                false));
        assertThat(m.get("precision[class=c]")).isZero();
        assertThat(m.get("recall[class=c]")).isZero();
        assertThat(m.get("f1[class=c]")).isZero();
    }

    @Test
    void aModelClassAbsentFromTheLabelsCountsInTheMacroAveragesButNotInBalancedAccuracy() {
        // the model knows three classes, the evaluation data has two; scikit-learn with labels=classes agrees
        List<String> classes = List.of("a", "b", "c");
        List<String> yTrue = List.of("a", "a", "b", "b", "b", "a");
        List<String> yPred = List.of("a", "c", "b", "b", "a", "a");
        assertSameAsSklearn(classes, yTrue, yPred, null, false);
        Map<String, Double> m = ClassificationMetrics.compute(ClassificationMetrics.Input.of(classes, yTrue, yPred, null,
                false));
        // balanced accuracy averages the recall of a (2/3) and b (2/3) only
        assertThat(m.get("balanced_accuracy")).isCloseTo(2.0 / 3, within(TOLERANCE));
    }

    @Test
    void multiclassOneVsRestAucsWithTiedAndUnnormalisedScores() {
        Random random = new Random(11);
        List<String> classes = List.of("Adelie", "Chinstrap", "Gentoo");
        List<String> yTrue = new ArrayList<>();
        List<String> yPred = new ArrayList<>();
        double[][] scores = new double[60][3];
        for (int i = 0; i < scores.length; i++) {
            int t = i % 3;
            for (int k = 0; k < 3; k++) {
                scores[i][k] = Math.round((k == t ? 2 : 1) * random.nextDouble() * 4) / 4.0; // ties, sums not 1
            }
            int best = 0;
            for (int k = 1; k < 3; k++) {
                if (scores[i][k] > scores[i][best]) {
                    best = k;
                }
            }
            yTrue.add(classes.get(t));
            yPred.add(classes.get(best));
        }
        assertSameAsSklearn(classes, yTrue, yPred, scores, false);
    }

    @Test
    void logLossClipsProbabilitiesOfZeroAndOneAsScikitLearnDoes() {
        List<String> classes = List.of("neg", "pos");
        List<String> yTrue = List.of("pos", "neg", "pos", "neg", "pos");
        List<String> yPred = List.of("pos", "neg", "neg", "neg", "pos");
        // a confident wrong answer (p(pos) = 0 for a positive row) would be an infinite loss without clipping
        double[][] scores = {{0, 1}, {1, 0}, {1, 0}, {0.7, 0.3}, {0.2, 0.8}};
        assertSameAsSklearn(classes, yTrue, yPred, scores, true);
        double logLoss = ClassificationMetrics.compute(ClassificationMetrics.Input.of(classes, yTrue, yPred, scores,
                true)).get("log_loss");
        assertThat(logLoss).isFinite().isGreaterThan(7); // -log(eps) / 5 = 7.2
    }

    @Test
    void logLossRenormalisesScoresThatDoNotSumToOne() {
        List<String> classes = List.of("a", "b", "c");
        List<String> yTrue = List.of("a", "b", "c", "a");
        List<String> yPred = List.of("a", "b", "b", "c");
        double[][] scores = {{0.5, 0.25, 0.25}, {0.2, 0.4, 0.2}, {0.1, 0.6, 0.1}, {0.3, 0.3, 0.6}};
        assertSameAsSklearn(classes, yTrue, yPred, scores, true);
    }

    @Test
    void aurocIsUndefinedWhenEveryRowIsOfOneClass() {
        ClassificationMetrics.Input in = ClassificationMetrics.Input.of(List.of("no", "yes"), List.of("yes", "yes", "yes"),
                List.of("yes", "no", "yes"), new double[][]{{0.1, 0.9}, {0.6, 0.4}, {0.3, 0.7}}, true);
        Map<String, Double> m = ClassificationMetrics.compute(in);
        assertThat(m.get("roc_auc")).isNaN();
        assertThat(m.get("pr_auc")).as("average precision is defined with positives only").isCloseTo(1.0, within(TOLERANCE));
        assertThat(m.get("accuracy")).isCloseTo(2.0 / 3, within(TOLERANCE));
        assertThat(ClassificationMetrics.rocAuc(new boolean[]{false, false}, new double[]{0.2, 0.4})).isNaN();
        assertThat(ClassificationMetrics.averagePrecision(new boolean[]{false, false}, new double[]{0.2, 0.4})).isNaN();
    }

    @Test
    void oneRowIsAValidEvaluation() {
        Map<String, Double> m = ClassificationMetrics.compute(ClassificationMetrics.Input.of(List.of("a", "b"),
                List.of("b"), List.of("b"), new double[][]{{0.25, 0.75}}, true));
        assertThat(m.get("accuracy")).isEqualTo(1.0);
        assertThat(m.get("f1[class=b]")).isEqualTo(1.0);
        assertThat(m.get("f1[class=a]")).isZero();
        assertThat(m.get("log_loss")).isCloseTo(-Math.log(0.75), within(TOLERANCE));
        assertThat(m.get("roc_auc")).isNaN();
    }

    @Test
    void noRowsGiveUndefinedRatesNotZeros() {
        ClassificationMetrics.Input in = ClassificationMetrics.Input.of(List.of("a", "b"), List.of("a", "b"),
                List.of("a", "a"), null, false);
        Map<String, Double> m = ClassificationMetrics.compute(in, new int[0]);
        assertThat(m.get("accuracy")).isNaN();
        assertThat(m.get("balanced_accuracy")).isNaN();
        assertThat(m.get("f1_weighted")).isNaN();
        assertThat(ClassificationMetrics.computeSlice(in, new int[0]).get("f1_macro")).as("no class present").isNaN();
    }

    @Test
    void repeatedRowsOfABootstrapResampleCountAsOftenAsTheyAppear() {
        Random random = new Random(5);
        List<String> classes = List.of("a", "b", "c");
        List<String> yTrue = new ArrayList<>();
        List<String> yPred = new ArrayList<>();
        double[][] scores = new double[40][];
        for (int i = 0; i < scores.length; i++) {
            double[] s = {random.nextDouble(), random.nextDouble(), random.nextDouble()};
            double sum = s[0] + s[1] + s[2];
            scores[i] = new double[]{s[0] / sum, s[1] / sum, s[2] / sum};
            yTrue.add(classes.get(random.nextInt(3)));
            yPred.add(classes.get(random.nextInt(3)));
        }
        int[] resample = new int[40];
        for (int i = 0; i < resample.length; i++) {
            resample[i] = random.nextInt(40);
        }
        // the resample written out row by row is the oracle's input
        List<String> rt = new ArrayList<>();
        List<String> rp = new ArrayList<>();
        double[][] rs = new double[resample.length][];
        for (int i = 0; i < resample.length; i++) {
            rt.add(yTrue.get(resample[i]));
            rp.add(yPred.get(resample[i]));
            rs[i] = scores[resample[i]];
        }
        JsonNode sk = sklearn(classes, rt, rp, rs, true);
        Map<String, Double> ours = ClassificationMetrics.compute(ClassificationMetrics.Input.of(classes, yTrue, yPred,
                scores, true), resample);
        for (String name : List.of("accuracy", "balanced_accuracy", "f1_macro", "precision_weighted", "recall[class=b]",
                "log_loss")) {
            assertThat(ours.get(name)).as(name).isCloseTo(sk.get(name).asDouble(), within(TOLERANCE));
        }
        if (!sk.get("roc_auc").isNull()) {
            assertThat(ours.get("roc_auc")).isCloseTo(sk.get("roc_auc").asDouble(), within(TOLERANCE));
        }
    }

    @Test
    void theCurvesHaveScikitLearnsPointsAtEveryDistinctThreshold() {
        boolean[] positive = {true, false, true, true, false, false, true, false, true, false};
        double[] score = {0.9, 0.8, 0.8, 0.7, 0.5, 0.5, 0.5, 0.3, 0.2, 0.1};
        PythonOracle.assumeModules("sklearn");
        JsonNode sk = PythonOracle.json("""
                import json
                from sklearn.metrics import roc_curve, precision_recall_curve
                y = %s
                s = %s
                fpr, tpr, _ = roc_curve(y, s, drop_intermediate=False)
                p, r, _ = precision_recall_curve(y, s)
                print(json.dumps({'roc': [[a, b] for a, b in zip(fpr, tpr)],
                                  'pr': [[a, b] for a, b in zip(r[:-1][::-1], p[:-1][::-1])]}))
                """.formatted(Arrays.toString(toInts(positive)), Arrays.toString(score)));
        assertThat(points(ClassificationMetrics.rocCurve(positive, score))).isEqualTo(points(sk.get("roc")));
        assertThat(points(ClassificationMetrics.prCurve(positive, score))).isEqualTo(points(sk.get("pr")));
    }

    @Test
    void aLabelThatIsNotAClassIsRefusedWithItsName() {
        assertThatThrownBy(() -> ClassificationMetrics.Input.of(List.of("a", "b"), List.of("a", "B"), List.of("a", "b"),
                null, false)).isInstanceOf(IllegalArgumentException.class).hasMessage("class 'B' is not one of [a, b]");
        assertThatThrownBy(() -> new ClassificationMetrics.Input(List.of("a"), new int[2], new int[1], null, false))
                .hasMessageContaining("same length");
    }

    private static int[] toInts(boolean[] b) {
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] ? 1 : 0;
        }
        return out;
    }

    /** Points rounded to 1e-9, as text, so that lists of pairs compare by value. */
    private static List<String> points(List<double[]> pts) {
        return pts.stream().map(p -> String.format(Locale.ROOT, "(%.9f, %.9f)", p[0], p[1])).toList();
    }

    private static List<String> points(JsonNode pts) {
        List<String> out = new ArrayList<>();
        pts.forEach(p -> out.add(String.format(Locale.ROOT, "(%.9f, %.9f)", p.get(0).asDouble(), p.get(1).asDouble())));
        return out;
    }

    static String py(List<String> values) {
        return values.stream().map(v -> "'" + v + "'").toList().toString();
    }

    static String py(double[][] rows) {
        StringBuilder sb = new StringBuilder("[");
        for (double[] r : rows) {
            sb.append(Arrays.toString(r)).append(',');
        }
        return sb.append(']').toString();
    }
}
