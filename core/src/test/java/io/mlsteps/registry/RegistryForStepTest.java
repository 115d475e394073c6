package io.mlsteps.registry;

import io.mlsteps.compare.CompareToBaselineStep;
import io.mlsteps.contract.steps.CheckDriftRequest;
import io.mlsteps.contract.steps.CompareToBaselineRequest;
import io.mlsteps.contract.steps.DeployModelRequest;
import io.mlsteps.contract.steps.StepRequest;
import io.mlsteps.contract.steps.TrainModelRequest;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.data.DatasetProfile;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.deploy.DeployModelStep;
import io.mlsteps.drift.CheckDriftStep;
import io.mlsteps.run.StepRunner;
import io.mlsteps.step.MlStep;
import io.mlsteps.step.StepContext;
import io.mlsteps.testing.Req;
import io.mlsteps.testing.SharedData;
import io.mlsteps.train.TrainModelStep;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every step that opens the registry opens it relative to its workspace ({@link Registry#forStep}), never the
 * process' folder: the workspace here is a temporary folder, the process runs in the module's folder, and the
 * registry argument is a relative path. Opening it against the process' folder would create an empty registry
 * there and not find the model.
 */
class RegistryForStepTest {
    @TempDir
    Path workspace;
    /** A name no other test uses, so a registry wrongly created in the process' folder is seen and removed. */
    private final String registryName = "registry-" + UUID.randomUUID();

    @BeforeEach
    void registerAModelInTheWorkspace() throws Exception {
        Path model = trainIris(workspace);
        Path profile = workspace.resolve("training-profile.json");
        DatasetProfile.compute(SharedData.require("small/iris.csv"), ReadOptions.defaults(), StepLog.silent())
                .save(profile);
        try (Registry registry = Registry.open(workspace.resolve(registryName).toString(), Map.of())) {
            ModelVersion v1 = registry.register(Registration.of("iris", model).profile(profile)
                    .metrics(Map.of("accuracy", 0.9)).actor("test"));
            registry.moveAlias("iris", "production", v1.version(), "test", "release");
        }
        Files.copy(SharedData.require("small/iris.csv"), workspace.resolve("today.csv"));
        Files.writeString(workspace.resolve("candidate.json"), "{\"accuracy\": 0.95}");
    }

    @AfterEach
    void nothingWasCreatedInTheProcessFolder() throws Exception {
        Path wrong = Path.of(registryName).toAbsolutePath();
        boolean created = Files.exists(wrong);
        if (created) {
            try (var files = Files.walk(wrong)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        assertThat(created).as("a registry was opened in the process' folder " + wrong).isFalse();
    }

    @Test
    void checkDriftFindsTheRegisteredReferenceInTheWorkspace() throws Exception {
        Req<CheckDriftRequest> q = Req.of(CheckDriftRequest.class);
        q.set("model", "iris@production");
        q.set("registry", registryName);
        q.set("current", "today.csv");
        StepResult r = run(new CheckDriftStep(), q.build());
        assertThat(r.getLineage()).anySatisfy(l -> assertThat(l.id()).isEqualTo("iris@1"));
        assertThat(r.getMetrics()).containsKey("drift_share");
    }

    @Test
    void compareToBaselineFindsTheRegisteredBaselineInTheWorkspace() throws Exception {
        Req<CompareToBaselineRequest> q = Req.of(CompareToBaselineRequest.class);
        q.set("candidate", "candidate.json");
        q.set("baseline", "iris@production");
        q.set("registry", registryName);
        StepResult r = run(new CompareToBaselineStep(), q.build());
        assertThat(r.getLineage()).anySatisfy(l -> assertThat(l.id()).isEqualTo("iris@1"));
        assertThat(r.getMetrics()).containsEntry("delta[accuracy]", 0.95 - 0.9);
    }

    @Test
    void deployModelFindsTheRegisteredModelInTheWorkspace() throws Exception {
        Req<DeployModelRequest> q = Req.of(DeployModelRequest.class);
        q.set("model", "iris@1");
        q.set("registry", registryName);
        q.set("target", "kubernetes");
        q.set("apply", false);
        q.set("image", "example/iris:1");
        StepResult r = run(new DeployModelStep(), q.build());
        assertThat(r.getLineage()).anySatisfy(l -> {
            assertThat(l.id()).isEqualTo("model:iris@1");
            assertThat(l.uri()).isEqualTo(workspace.resolve(registryName).toString());
        });
    }

    private <Q extends StepRequest> StepResult run(MlStep<Q> step, Q request) throws Exception {
        return new StepRunner().run(step, request,
                new StepContext(workspace, Path.of(".mlsteps", step.name()), StepLog.silent(), Map.of()));
    }

    private static Path trainIris(Path dir) throws Exception {
        Req<TrainModelRequest> q = Req.of(TrainModelRequest.class);
        q.set("data", SharedData.require("small/iris.csv").toString());
        q.set("labelColumn", "species");
        q.set("validationSplit", 0.0);
        new StepRunner().run(new TrainModelStep(), q.build(),
                new StepContext(dir, dir.resolve("train"), StepLog.silent(), Map.of()));
        return dir.resolve("train/model.tribuo");
    }
}
