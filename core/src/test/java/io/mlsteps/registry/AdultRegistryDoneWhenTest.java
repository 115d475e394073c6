package io.mlsteps.registry;

import io.mlsteps.testing.Req;

import io.mlsteps.contract.steps.RegisterModelRequest;

import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.gate.QualityGate;
import io.mlsteps.lineage.LineageGraph;
import io.mlsteps.lineage.LineageNode;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.run.StepRunner;
import io.mlsteps.contract.result.StepStatus;
import io.mlsteps.testing.SharedData;
import io.mlsteps.train.TrainModelStep;
import io.mlsteps.contract.steps.TrainModelRequest;
import io.mlsteps.util.Hashing;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "done when": the adult model from trainModel is registered with its metrics; alias moves are
 * audited; a lineage walk goes from the production alias back to the training CSV's sha256 — on both stores.
 */
class AdultRegistryDoneWhenTest {
    @TempDir
    static Path trainDir;
    static Path adult;
    static Path model;

    @TempDir
    Path work;

    static Map<String, String> ci() {
        Map<String, String> env = new HashMap<>();
        env.put("JOB_NAME", "adult-retrain");
        env.put("BUILD_NUMBER", "17");
        env.put("BUILD_URL", "http://jenkins.example/job/adult-retrain/17/");
        env.put("GIT_COMMIT", "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
        env.put("BRANCH_NAME", "main");
        return env;
    }

    @BeforeAll
    static void train() throws Exception {
        adult = SharedData.require("adult/adult_train.csv");
        Req<TrainModelRequest> r = Req.of(TrainModelRequest.class);
        r.set("data", adult.toString());
        r.set("labelColumn", "income");
        r.set("algorithm", "logistic_regression");
        StepContext ctx = new StepContext(trainDir, trainDir.resolve("trainModel"), StepLog.silent(), ci());
        new StepRunner().run(new TrainModelStep(), r.build(), ctx);
        model = trainDir.resolve("trainModel/model.tribuo");
    }

    void doneWhen(String registryUri) throws Exception {
        Map<String, String> env = ci();
        env.put("MLSTEPS_REGISTRY", registryUri);
        Req<RegisterModelRequest> req = Req.of(RegisterModelRequest.class);
        req.set("name", "adult");
        req.set("model", model.toString());
        req.set("metrics", trainDir.resolve("trainModel/result.json").toString());
        req.set("qualityGates", List.of(QualityGate.threshold("accuracy", 0.8, Criticality.FAILURE)));
        req.set("alias", "staging");
        req.set("requireGate", true);
        StepResult result = new StepRunner().run(new RegisterModelStep(), req.build(),
                new StepContext(work, work.resolve("registerModel"), StepLog.silent(), env));
        assertThat(result.getStatus()).isEqualTo(StepStatus.SUCCESS);

        try (Registry registry = Registry.open(null, env)) {
            ModelVersion v = registry.resolve("adult@staging");
            assertThat(v.metrics().get("accuracy")).isGreaterThan(0.8);
            assertThat(v.card().get("algorithm").asText()).isEqualTo("logistic_regression");
            assertThat(v.profileSha256()).isNotNull();
            registry.moveAlias("adult", "production", v.version(), "user:release-manager", "adult retrain 17", true);
            assertThat(registry.aliasHistory("adult", "production")).singleElement().satisfies(e -> {
                assertThat(e.actor()).isEqualTo("user:release-manager");
                assertThat(e.reason()).isEqualTo("adult retrain 17");
                assertThat(e.toVersion()).isEqualTo(v.version());
                assertThat(e.gateChecked()).isTrue();
            });

            LineageGraph g = registry.lineage("adult@production");
            String csv = "dataset:" + Hashing.sha256(adult);
            assertThat(g.upstream(g.getRoot())).extracting(LineageNode::id)
                    .contains(csv, "build:http://jenkins.example/job/adult-retrain/17/");
            assertThat(g.node(csv).orElseThrow().attributes()).containsEntry("rows", 32561L);
            assertThat(g.downstream(g.getRoot())).extracting(LineageNode::id).contains("alias:adult@production");
            // the registered artifact is the trained model, verified on the way out
            Path back = registry.fetchArtifact(v, work.resolve("back.tribuo"));
            assertThat(Hashing.sha256(back)).isEqualTo(Hashing.sha256(model));
        }
    }

    @org.junit.jupiter.api.AfterEach
    void dropSchemas() {
        RegistryStores.dropCreatedSchemas();
    }

    @Test
    void onSqlite() throws Exception {
        doneWhen(RegistryStores.sqliteUri(work));
    }

    @Test
    void onPostgres() throws Exception {
        doneWhen(RegistryStores.postgresUri(work));
    }
}
