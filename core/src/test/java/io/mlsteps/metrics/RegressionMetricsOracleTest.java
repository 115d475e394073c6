package io.mlsteps.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.testing.PythonOracle;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link RegressionMetrics} against scikit-learn: ordinary data, a constant target (R² by {@code force_finite}),
 * zeros in y_true (MAPE's epsilon), negative and huge values, bootstrap multiplicities, and no rows at all.
 */
class RegressionMetricsOracleTest {
    private static JsonNode sklearn(double[] yTrue, double[] yPred) {
        PythonOracle.assumeModules("sklearn", "numpy");
        return PythonOracle.json("""
                import json, numpy as np
                from sklearn import metrics as M
                yt = np.array(%s, dtype=float)
                yp = np.array(%s, dtype=float)
                mse = M.mean_squared_error(yt, yp)
                print(json.dumps({'mse': mse, 'rmse': float(np.sqrt(mse)), 'mae': M.mean_absolute_error(yt, yp),
                                  'r2': M.r2_score(yt, yp), 'mape': M.mean_absolute_percentage_error(yt, yp)}))
                """.formatted(Arrays.toString(yTrue), Arrays.toString(yPred)));
    }

    private static void assertSameAsSklearn(double[] yTrue, double[] yPred, double relative) {
        JsonNode sk = sklearn(yTrue, yPred);
        Map<String, Double> ours = RegressionMetrics.compute(yTrue, yPred);
        assertThat(ours).containsOnlyKeys("rmse", "mse", "mae", "r2", "mape");
        for (String name : ours.keySet()) {
            double expected = sk.get(name).asDouble();
            assertThat(ours.get(name)).as(name).isCloseTo(expected, within(Math.max(1e-9, Math.abs(expected) * relative)));
        }
    }

    @Test
    void noisyPredictionsOfAnOrdinaryTarget() {
        Random random = new Random(1);
        double[] yTrue = new double[200];
        double[] yPred = new double[200];
        for (int i = 0; i < yTrue.length; i++) {
            yTrue[i] = 3000 + 800 * random.nextGaussian();
            yPred[i] = yTrue[i] + 250 * random.nextGaussian();
        }
        assertSameAsSklearn(yTrue, yPred, 1e-12);
    }

    @Test
    void aConstantTargetGivesR2OfOneWhenPerfectAndZeroOtherwise() {
        double[] constant = {5, 5, 5, 5};
        assertSameAsSklearn(constant, new double[]{5, 5, 5, 5}, 1e-12);
        assertSameAsSklearn(constant, new double[]{5, 6, 5, 4}, 1e-12);
        assertThat(RegressionMetrics.compute(constant, constant).get("r2")).isEqualTo(1.0);
        assertThat(RegressionMetrics.compute(constant, new double[]{5, 6, 5, 4}).get("r2")).isEqualTo(0.0);
    }

    @Test
    void zerosInTheTargetUseScikitLearnsEpsilonInMape() {
        // |e| / max(|y|, eps): a zero target makes MAPE huge but finite, as in scikit-learn
        assertSameAsSklearn(new double[]{0, 1, 2, 0}, new double[]{0.5, 1, 1.5, 0}, 1e-12);
        assertThat(RegressionMetrics.compute(new double[]{0, 1}, new double[]{0.5, 1}).get("mape")).isFinite()
                .isGreaterThan(1e14);
    }

    @Test
    void negativeAndLargeValues() {
        assertSameAsSklearn(new double[]{-1e6, -3, 0.25, 7e8}, new double[]{-9e5, 2, -0.25, 6.9e8}, 1e-12);
    }

    @Test
    void aWorseThanConstantPredictionHasANegativeR2() {
        double[] yTrue = {1, 2, 3, 4, 5};
        double[] yPred = {5, 4, 3, 2, 1};
        assertSameAsSklearn(yTrue, yPred, 1e-12);
        assertThat(RegressionMetrics.compute(yTrue, yPred).get("r2")).isEqualTo(-3.0);
    }

    @Test
    void repeatedRowsOfABootstrapResampleCountAsOftenAsTheyAppear() {
        double[] yTrue = {1, 4, 2, 8, 5, 7};
        double[] yPred = {1.5, 3, 2, 9, 4, 7.5};
        int[] resample = {0, 0, 3, 3, 3, 5};
        double[] rt = Arrays.stream(resample).mapToDouble(i -> yTrue[i]).toArray();
        double[] rp = Arrays.stream(resample).mapToDouble(i -> yPred[i]).toArray();
        JsonNode sk = sklearn(rt, rp);
        Map<String, Double> ours = RegressionMetrics.compute(yTrue, yPred, resample);
        for (String name : ours.keySet()) {
            assertThat(ours.get(name)).as(name).isCloseTo(sk.get(name).asDouble(), within(1e-12));
        }
    }

    @Test
    void noRowsGiveNaNAndDifferentLengthsAreRefused() {
        Map<String, Double> none = RegressionMetrics.compute(new double[]{1, 2}, new double[]{1, 2}, new int[0]);
        assertThat(none.values()).hasSize(5).allMatch(v -> v.isNaN());
        assertThatThrownBy(() -> RegressionMetrics.compute(new double[]{1}, new double[]{1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same length");
    }

    @Test
    void oneRowHasAnErrorButNoVariance() {
        Map<String, Double> m = RegressionMetrics.compute(new double[]{3}, new double[]{1});
        assertThat(m.get("mae")).isEqualTo(2.0);
        assertThat(m.get("rmse")).isEqualTo(2.0);
        assertThat(m.get("mape")).isCloseTo(2.0 / 3, within(1e-15));
        assertThat(m.get("r2")).as("a constant target, predicted wrongly").isEqualTo(0.0);
    }
}
