package io.mlsteps.compare;

import io.mlsteps.evaluate.ClassificationMetrics;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ResampledRankingTest {

    @Test
    void weightedRankingEqualsRecomputingOnTheMaterialisedResample() {
        Random rnd = new Random(5);
        int n = 700;
        boolean[] pos = new boolean[n];
        double[] score = new double[n];
        for (int i = 0; i < n; i++) {
            pos[i] = rnd.nextDouble() < 0.3;
            // coarse scores make many ties, as trees produce
            score[i] = Math.round((pos[i] ? 0.6 : 0.4) * 10 + rnd.nextGaussian() * 3) / 10.0;
        }
        ResampledRanking ranking = new ResampledRanking(pos, score);
        PairedBootstrap boot = new PairedBootstrap(100, 9, 0.95);
        for (int b = 0; b < 30; b++) {
            int[] idx = boot.indices(b, n);
            boolean[] p = new boolean[n];
            double[] s = new double[n];
            for (int i = 0; i < n; i++) {
                p[i] = pos[idx[i]];
                s[i] = score[idx[i]];
            }
            int[] w = ResampledRanking.weights(idx, n);
            double[] both = ranking.rocAucAndAveragePrecision(w);
            assertThat(both[0]).isEqualTo(ClassificationMetrics.rocAuc(p, s));
            assertThat(both[1]).isEqualTo(ClassificationMetrics.averagePrecision(p, s));
        }
        // a resample without positives has no AUC
        int[] onlyNegative = new int[n];
        for (int i = 0; i < n; i++) {
            if (!pos[i]) {
                onlyNegative[i] = 1;
            }
        }
        assertThat(ranking.rocAucAndAveragePrecision(onlyNegative)).containsExactly(Double.NaN, Double.NaN);
    }

    @Test
    void pairedMetricsFastPathEqualsTheFullComputationForTwoAndThreeClasses() {
        for (String[] classes : new String[][]{{"a", "b"}, {"a", "b", "c"}}) {
            Random rnd = new Random(classes.length);
            int n = 400;
            int[] rows = new int[n];
            String[] truth = new String[n];
            String[] pred = new String[n];
            double[][] scores = new double[n][classes.length];
            for (int i = 0; i < n; i++) {
                rows[i] = i;
                truth[i] = classes[rnd.nextInt(classes.length)];
                double sum = 0;
                for (int c = 0; c < classes.length; c++) {
                    scores[i][c] = Math.round(rnd.nextDouble() * 10) + (classes[c].equals(truth[i]) ? 3 : 0);
                    sum += scores[i][c];
                }
                int best = 0;
                for (int c = 0; c < classes.length; c++) {
                    scores[i][c] /= sum;
                    best = scores[i][c] > scores[i][best] ? c : best;
                }
                pred[i] = classes[best];
            }
            PredictionSet set = new PredictionSet("t", PredictionSet.CLASSIFICATION, rows, truth, pred,
                    java.util.List.of(classes), scores);
            PairedMetrics pm = new PairedMetrics(set, set, null);
            int[] idx = new PairedBootstrap(10, 3, 0.9).indices(1, n);
            var fast = pm.metricsOf(true, java.util.List.of("roc_auc", "pr_auc", "accuracy")).apply(idx);
            var full = ClassificationMetrics.compute(ClassificationMetrics.Input.of(java.util.List.of(classes),
                    java.util.List.of(truth), java.util.List.of(pred), scores, true), idx);
            assertThat(fast.get("roc_auc")).isCloseTo(full.get("roc_auc"), org.assertj.core.data.Offset.offset(1e-15));
            assertThat(fast.get("pr_auc")).isCloseTo(full.get("pr_auc"), org.assertj.core.data.Offset.offset(1e-15));
            assertThat(fast.get("accuracy")).isEqualTo(full.get("accuracy"));
        }
    }
}
