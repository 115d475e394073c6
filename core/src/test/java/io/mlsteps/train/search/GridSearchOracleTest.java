package io.mlsteps.train.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.steps.TrainModelRequest;
import io.mlsteps.step.StepContext;
import io.mlsteps.testing.PythonOracle;
import io.mlsteps.testing.Req;
import io.mlsteps.testing.SharedData;
import io.mlsteps.train.TrainModelStep;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The search against scikit-learn's GridSearchCV on the folds the tool wrote ({@code folds.csv} as a
 * PredefinedSplit): the same logistic-regression C grid, as a pipeline of a standardiser and LogisticRegression with
 * the same solver family (liblinear, bias 1), tolerance and iterations as the tool's {@code logistic_regression}, and
 * its standardisation (Tribuo's MeanStdDevTransformation: the training fold's mean and sample standard deviation,
 * ddof 1), ranks the candidates in the same order with ROC AUC within 1e-6 per candidate and per fold.
 * Both solve to tolerance 1e-8: at the tool's default 0.01 the two LIBLINEAR builds (Java, and scikit-learn's C
 * copy) stop at slightly different points, and fold AUCs differ by up to 0.004.
 */
class GridSearchOracleTest {
    @TempDir
    Path dir;

    @Test
    void logisticRegressionGridRanksAsGridSearchCv() throws Exception {
        PythonOracle.assumeModules("sklearn", "pandas");
        Path data = SharedData.require("small/breast_cancer.csv");
        List<Double> grid = List.of(0.001, 0.01, 0.1, 1.0, 10.0, 100.0);
        Req<TrainModelRequest> r = Req.of(TrainModelRequest.class);
        r.set("data", data.toString());
        r.set("labelColumn", "diagnosis");
        r.set("validationSplit", 0.0);
        r.set("candidates", List.of(Map.of("algorithm", "logistic_regression", "params", Map.of("c", grid, "tolerance", 1e-8))));
        r.set("cv", 5);
        r.set("metric", "roc_auc");
        StepContext ctx = new StepContext(dir, dir.resolve("train"), new StepLog(System.out, "train", false), Map.of());
        StepResult result = new TrainModelStep().execute(r.build(), ctx);

        JsonNode board = Json.mapper().readTree(dir.resolve("train/leaderboard.json").toFile());
        List<Double> order = new ArrayList<>();
        for (JsonNode c : board.get("candidates")) {
            order.add(c.get("params").get("c").asDouble());
        }
        JsonNode sk = PythonOracle.json("""
                import json
                import numpy as np, pandas as pd
                from sklearn.model_selection import GridSearchCV, PredefinedSplit
                from sklearn.pipeline import make_pipeline
                from sklearn.base import BaseEstimator, TransformerMixin
                from sklearn.linear_model import LogisticRegression
                class SampleStdScaler(BaseEstimator, TransformerMixin):
                    def fit(self, X, y=None):
                        self.mean_, self.std_ = X.mean(axis=0), X.std(axis=0, ddof=1)
                        return self
                    def transform(self, X):
                        return (X - self.mean_) / self.std_
                df = pd.read_csv(%s)
                folds = pd.read_csv(%s)
                X, y = df.drop(columns='diagnosis').values, df['diagnosis'].values
                pipe = make_pipeline(SampleStdScaler(), LogisticRegression(solver='liblinear', tol=1e-8, max_iter=1000))
                g = GridSearchCV(pipe, {'logisticregression__C': %s}, scoring='roc_auc',
                                 cv=PredefinedSplit(folds['fold'].values), n_jobs=1).fit(X, y)
                res = g.cv_results_
                print(json.dumps({'C': [p['logisticregression__C'] for p in res['params']],
                                  'mean': list(res['mean_test_score']), 'rank': [int(x) for x in res['rank_test_score']],
                                  'folds': [[res['split%%d_test_score' %% f][i] for f in range(5)] for i in range(len(res['params']))]}))
                """.formatted(py(data), py(dir.resolve("train/folds.csv")), grid));
        List<Double> skOrder = new ArrayList<>();
        for (int rank = 1; rank <= grid.size(); rank++) {
            for (int i = 0; i < grid.size(); i++) {
                if (sk.get("rank").get(i).asInt() == rank && !skOrder.contains(sk.get("C").get(i).asDouble())) {
                    skOrder.add(sk.get("C").get(i).asDouble());
                }
            }
        }
        for (JsonNode c : board.get("candidates")) {
            double cValue = c.get("params").get("c").asDouble();
            int i = grid.indexOf(cValue);
            assertThat(c.get("mean").asDouble()).as("mean ROC AUC of C=" + cValue)
                    .isCloseTo(sk.get("mean").get(i).asDouble(), within(1e-6));
            for (int f = 0; f < 5; f++) {
                assertThat(c.get("foldScores").get(f).asDouble()).as("fold " + f + " ROC AUC of C=" + cValue)
                        .isCloseTo(sk.get("folds").get(i).get(f).asDouble(), within(1e-6));
            }
        }
        assertThat(order).as("ranking by mean ROC AUC").isEqualTo(skOrder);
        assertThat(result.getMetrics().get("roc_auc[search_best]"))
                .isEqualTo(board.get("candidates").get(0).get("mean").asDouble());
    }

    private static String py(Object s) {
        return "'" + s.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
