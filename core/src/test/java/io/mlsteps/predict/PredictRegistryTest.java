package io.mlsteps.predict;

import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.steps.PredictRequest;
import io.mlsteps.contract.steps.RegisterModelRequest;
import io.mlsteps.lineage.LineageEdge;
import io.mlsteps.lineage.LineageGraph;
import io.mlsteps.lineage.LineageNode;
import io.mlsteps.registry.LineageEvent;
import io.mlsteps.registry.Registry;
import io.mlsteps.registry.RegisterModelStep;
import io.mlsteps.run.StepRunner;
import io.mlsteps.testing.Req;
import io.mlsteps.util.Hashing;
import io.mlsteps.util.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A registered model is opened by its reference ({@code risk@production}) from the registry, and the prediction
 * is recorded in the version's lineage: model version, then the input dataset, then the predictions dataset.
 */
class PredictRegistryTest {
    @TempDir
    Path dir;

    @Test
    void predictsWithAnAliasAndRecordsModelVersionInputAndPredictionsInTheLineage() throws Exception {
        PredictFixtures fx = new PredictFixtures(dir);
        Path model = fx.model("logistic_regression", "risk");
        Path registry = dir.resolve("registry");
        new StepRunner().run(new RegisterModelStep(), Req.of(RegisterModelRequest.class).set("name", "risk")
                .set("model", model.toString()).set("alias", "production").set("registry", registry.toString())
                .build(), fx.ctx("register"));
        Path data = fx.data("score.csv", 300, 31);

        StepResult result = new StepRunner().run(new PredictStep(), Req.of(PredictRequest.class)
                .set("data", data.toString()).set("model", "risk@production").set("registry", registry.toString())
                .set("output", dir.resolve("out/preds.csv.gz").toString()).build(), fx.ctx("predict"));
        StepResult byFile = new StepRunner().run(new PredictStep(), PredictFixtures.request(data, model)
                .set("output", dir.resolve("out/by-file.csv.gz").toString()).build(), fx.ctx("predict-file"));
        assertThat(PredictFixtures.lines(dir.resolve("out/preds.csv.gz")))
                .isEqualTo(PredictFixtures.lines(dir.resolve("out/by-file.csv.gz")));
        assertThat(result.getSummary()).contains("risk@1");
        assertThat(byFile.getDetails()).doesNotContainKey("lineageEvent");

        String output = Hashing.sha256(dir.resolve("out/preds.csv.gz"));
        String input = Hashing.sha256(data);
        String event = (String) result.getDetails().get("lineageEvent");
        assertThat(event).startsWith(LineageEvent.PREDICTION + ":");
        try (Registry r = Registry.open(registry.toString())) {
            LineageGraph g = r.lineage("risk@production");
            assertThat(g.getEdges()).contains(new LineageEdge("model:risk@1", event, "predicted"),
                    new LineageEdge("dataset:" + input, event, "input"),
                    new LineageEdge(event, "dataset:" + output, "output"));
            LineageNode predictions = g.node("dataset:" + output).orElseThrow();
            assertThat(predictions.attributes()).containsEntry("rows", 300L);
            assertThat(g.node(event).orElseThrow().attributes().get("metrics").toString())
                    .contains("predicted_rows=300.0");
        }
        assertThat(result.getLineage()).anySatisfy(ref -> {
            assertThat(ref.kind()).isEqualTo("modelVersion");
            assertThat(ref.id()).isEqualTo("risk@1");
        });
        assertThat(Files.exists(dir.resolve("predict/model/model.tribuo"))).isTrue();

        assertThatThrownBy(() -> new StepRunner().run(new PredictStep(), Req.of(PredictRequest.class)
                .set("data", data.toString()).set("model", "risk@staging").set("registry", registry.toString())
                .build(), fx.ctx("predict-staging")))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("model reference 'risk@staging': model 'risk' has no alias 'staging'");
    }
}
