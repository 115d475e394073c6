package io.mlsteps.train;

import io.mlsteps.model.FeatureEncoding;
import io.mlsteps.model.TribuoPredictor;
import io.mlsteps.testing.Req;

import io.mlsteps.contract.steps.TrainModelRequest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.run.StepRunner;
import io.mlsteps.testing.SharedData;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrainModelStepTest {
    @TempDir
    Path dir;

    static StepContext context(Path dir, String name, Map<String, String> env) {
        return new StepContext(dir, dir.resolve(name), new StepLog(System.out, "trainModel", false), env);
    }

    static Req<TrainModelRequest> request(Path data, String label, String algorithm) {
        Req<TrainModelRequest> r = Req.of(TrainModelRequest.class);
        r.set("data", data.toString());
        r.set("labelColumn", label);
        r.set("algorithm", algorithm);
        return r;
    }

    @Test
    void trainsAdultLogisticRegressionWithCardProfileAndCiEnvironment() throws Exception {
        Path adult = SharedData.require("adult/adult_train.csv");
        Req<TrainModelRequest> r = request(adult, "income", "logistic_regression");
        StepResult result = new StepRunner().run(new TrainModelStep(), r.build(),
                context(dir, "train", Map.of("GIT_COMMIT", "abc123", "BUILD_NUMBER", "7")));
        Path step = dir.resolve("train");
        assertThat(step.resolve("model.tribuo")).isRegularFile();
        assertThat(step.resolve("training-profile.json")).isRegularFile();
        assertThat(result.getMetrics().get("accuracy")).isGreaterThan(0.82);
        assertThat(result.getMetrics().get("roc_auc")).isGreaterThan(0.88);
        JsonNode card = Json.mapper().readTree(step.resolve("model-card.json").toFile());
        assertThat(card.get("algorithm").asText()).isEqualTo("logistic_regression");
        assertThat(card.get("labels").toString()).isEqualTo("[\"<=50K\",\">50K\"]");
        assertThat(card.get("trainingData").get("sha256").asText())
                .isEqualTo("98fbe372dd00d6afcdec811b8bb79925ff35cf6ca47fc83193913554531e8bc9");
        assertThat(card.get("trainingData").get("fileRows").asLong()).isEqualTo(32561);
        assertThat(card.get("ci").get("GIT_COMMIT").asText()).isEqualTo("abc123");
        assertThat(card.get("ci").has("BUILD_URL")).isFalse();
        assertThat(card.get("tribuo").get("version").asText()).isEqualTo("4.3.2");
        assertThat(card.get("engine").get("version").asText()).isEqualTo(io.mlsteps.util.EngineVersion.current().version());
        assertThat(card.get("engine").get("commit").asText()).isEqualTo(io.mlsteps.util.EngineVersion.current().commit());
        TribuoPredictor p = TribuoPredictor.load(step.resolve("model.tribuo"));
        assertThat(p.featureNames()).contains("age", "workclass").doesNotContain("income");
        assertThat(p.encoding().column("age").kind()).isEqualTo(FeatureEncoding.Kind.NUMERIC);
        assertThat(p.encoding().column("workclass").kind()).isEqualTo(FeatureEncoding.Kind.CATEGORICAL);
        var pred = p.predict(Map.of("age", "52", "workclass", "Self-emp-inc", "education", "Doctorate",
                "capital_gain", "15024", "hours_per_week", "60", "occupation", "Exec-managerial"));
        assertThat(pred.label()).isEqualTo(">50K");
        assertThat(pred.scores().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0,
                org.assertj.core.data.Offset.offset(1e-9));
    }

    /** The text around the first differing byte, or empty when the arrays are equal. */
    static String firstDifference(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (a[i] != b[i]) {
                int from = Math.max(0, i - 120);
                return "at byte " + i + ": ..." + new String(a, from, Math.min(a.length, i + 40) - from,
                        java.nio.charset.StandardCharsets.ISO_8859_1).replaceAll("[^ -~]", ".") + " vs ..."
                        + new String(b, from, Math.min(b.length, i + 40) - from,
                        java.nio.charset.StandardCharsets.ISO_8859_1).replaceAll("[^ -~]", ".");
            }
        }
        return a.length == b.length ? "" : "lengths " + a.length + " vs " + b.length;
    }

    @ParameterizedTest
    @CsvSource({"small/iris.csv,species,logistic_regression", "small/iris.csv,species,random_forest",
            "small/iris.csv,species,extra_trees", "small/iris.csv,species,xgboost", "small/iris.csv,species,cart",
            "small/iris.csv,species,linear_sgd",
            "small/diabetes.csv,target,linear_sgd", "small/diabetes.csv,target,cart",
            "small/diabetes.csv,target,random_forest", "small/diabetes.csv,target,xgboost"})
    void sameDataParamsAndSeedGiveByteIdenticalModels(String file, String label, String algorithm) throws Exception {
        Path data = SharedData.require(file);
        Req<TrainModelRequest> r = request(data, label, algorithm);
        if (!algorithm.startsWith("linear") && !algorithm.startsWith("logistic")) {
            r.set("params", new java.util.LinkedHashMap<>(Map.of("trees", 10)));
            if (algorithm.equals("cart")) {
                r.set("params", Map.of());
            }
        }
        new TrainModelStep().execute(r.build(), context(dir, "a", Map.of()));
        new TrainModelStep().execute(r.build(), context(dir, "b", Map.of()));
        byte[] a = Files.readAllBytes(dir.resolve("a/model.tribuo"));
        byte[] b = Files.readAllBytes(dir.resolve("b/model.tribuo"));
        assertThat(firstDifference(a, b)).as("model files differ").isEmpty();
        r.set("seed", 7L);
        new TrainModelStep().execute(r.build(), context(dir, "c", Map.of()));
        TribuoPredictor loaded = TribuoPredictor.load(dir.resolve("c/model.tribuo"));
        assertThat(loaded.task()).isEqualTo(label.equals("target") ? "regression" : "classification");
        if (!algorithm.equals("cart")) {
            // a different seed changes the model (the split and the training)
            assertThat(Files.readAllBytes(dir.resolve("c/model.tribuo"))).isNotEqualTo(a);
        }
    }
}
