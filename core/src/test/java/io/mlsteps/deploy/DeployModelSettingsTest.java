package io.mlsteps.deploy;

import io.mlsteps.contract.steps.DeployModelRequest;
import io.mlsteps.step.StepContext;
import io.mlsteps.testing.Req;
import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * deployModel checks every argument, and finds the files it names, before it opens the registry, loads the model or
 * reads data; all problems are reported in one error. No server is started in these tests.
 */
class DeployModelSettingsTest {
    @TempDir
    Path work;

    private StepContext context() {
        return new StepContext(work, work.resolve(".mlsteps/deployModel"), StepLog.silent(), Map.of());
    }

    private Req<DeployModelRequest> request() {
        Req<DeployModelRequest> r = Req.of(DeployModelRequest.class);
        r.set("model", "adult@1");
        r.set("registry", "registry");
        r.set("deployDir", "deployments");
        return r;
    }

    @Test
    void twoBadArgumentsAreOneErrorNamingBothAndNothingIsOpened() {
        Req<DeployModelRequest> r = request();
        r.set("port", 70000);
        r.set("canaryPercent", 0);
        r.set("smokeData", "missing.csv");  // does not exist either: the error is about the arguments, all of them
        assertThatThrownBy(() -> new DeployModelStep().execute(r.build(), context()))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("3 arguments are wrong:")
                .hasMessageContaining("\n  port: must be between 1 and 65534")
                .hasMessageContaining("\n  canaryPercent: must be in (0, 100], got 0.0")
                .hasMessageContaining("\n  smokeData: file not found: " + work.resolve("missing.csv"));
        assertThat(work.resolve("registry")).as("the registry is not even opened").doesNotExist();
        assertThat(work.resolve("deployments")).doesNotExist();
    }

    @Test
    void oneBadArgumentIsReportedAsItself() {
        Req<DeployModelRequest> r = request();
        r.set("tolerance", -1);
        assertThatThrownBy(() -> DeployModelStep.Settings.of(r.build(), context()))
                .isInstanceOf(InputException.class)
                .hasMessage("tolerance: tolerance must be >= 0 and latencyBudgetMillis > 0");
    }

    @Test
    void exactlyOneOfModelAndModelFile() {
        Req<DeployModelRequest> neither = Req.of(DeployModelRequest.class);
        assertThatThrownBy(() -> DeployModelStep.Settings.of(neither.build(), context()))
                .isInstanceOf(InputException.class).hasMessageStartingWith("model: give exactly one of 'model'");
        Req<DeployModelRequest> both = request();
        both.set("modelFile", "model.tribuo");
        both.set("name", "adult");
        assertThatThrownBy(() -> DeployModelStep.Settings.of(both.build(), context()))
                .isInstanceOf(InputException.class).hasMessageContaining("give exactly one of 'model'");
    }

    @Test
    void aModelFileNeedsAUrlNameAndMustExist() {
        Req<DeployModelRequest> r = Req.of(DeployModelRequest.class);
        r.set("modelFile", "missing.tribuo");
        r.set("name", "has space");
        assertThatThrownBy(() -> DeployModelStep.Settings.of(r.build(), context()))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("2 arguments are wrong:")
                .hasMessageContaining("name: is required with 'modelFile': the model name in the URL (letters, digits, "
                        + "'.', '_', '-'; got 'has space')")
                .hasMessageContaining("missing.tribuo: model file not found");
        Req<DeployModelRequest> nameless = Req.of(DeployModelRequest.class);
        nameless.set("modelFile", "missing.tribuo");
        assertThatThrownBy(() -> DeployModelStep.Settings.of(nameless.build(), context()))
                .hasMessageContaining("got nothing");
    }

    @Test
    void aFoundModelFileIsResolvedAgainstTheWorkspace() throws Exception {
        Files.writeString(work.resolve("m.tribuo"), "bytes");
        Files.writeString(work.resolve("smoke.csv"), "a,b\n1,2\n");
        Req<DeployModelRequest> r = Req.of(DeployModelRequest.class);
        r.set("modelFile", "m.tribuo");
        r.set("name", "m");
        r.set("smokeData", "smoke.csv");
        DeployModelStep.Settings settings = DeployModelStep.Settings.of(r.build(), context());
        assertThat(settings.modelFile()).isEqualTo(work.resolve("m.tribuo"));
        assertThat(settings.smokeData()).isEqualTo(work.resolve("smoke.csv"));
        assertThat(settings.trafficData()).isNull();
    }

    @Test
    void aBadModelReferenceOrAliasIsAnArgumentError() {
        Req<DeployModelRequest> r = request();
        r.set("model", "adult@0");
        r.set("alias", "9lives");
        assertThatThrownBy(() -> DeployModelStep.Settings.of(r.build(), context()))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("2 arguments are wrong:")
                .hasMessageContaining("model reference 'adult@0': versions start at 1")
                .hasMessageContaining("alias: ");
    }

    @Test
    void theLatestAliasCannotBeMovedSoItIsRefusedBeforeDeploying() {
        Req<DeployModelRequest> r = request();
        r.set("alias", "latest");
        assertThatThrownBy(() -> DeployModelStep.Settings.of(r.build(), context()))
                .isInstanceOf(InputException.class)
                .hasMessage("alias: 'latest' is reserved: it always means the newest version");
    }

    @Test
    void anEmptyAliasMeansNoAliasAndIsNoError() {
        Req<DeployModelRequest> r = request();
        r.set("alias", "");
        assertThat(DeployModelStep.Settings.of(r.build(), context()).smokeData()).isNull();
    }

    @Test
    void dataArgumentsMustBeFilesNotFolders() throws Exception {
        Files.createDirectories(work.resolve("traffic"));
        Req<DeployModelRequest> r = request();
        r.set("trafficData", "traffic");
        r.set("smokeData", "nowhere.csv");
        assertThatThrownBy(() -> DeployModelStep.Settings.of(r.build(), context()))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("smokeData: file not found: " + work.resolve("nowhere.csv"))
                .hasMessageContaining("trafficData: " + work.resolve("traffic") + " is a folder; expected a CSV, TSV "
                        + "or JSON Lines file");
    }

    @Test
    void countsBelowOneAreRefused() {
        Req<DeployModelRequest> r = request();
        r.set("smokeRows", 0);
        r.set("latencyBudgetMillis", 0);
        assertThatThrownBy(() -> DeployModelStep.Settings.of(r.build(), context()))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("analysisRequests: analysisRequests, smokeRows, analysisTimeoutSeconds and "
                        + "startTimeoutSeconds must be at least 1")
                .hasMessageContaining("tolerance: tolerance must be >= 0 and latencyBudgetMillis > 0");
    }

    @Test
    void theKubernetesTargetsOwnRulesAreCheckedWithTheOthers() {
        Req<DeployModelRequest> r = request();
        r.set("target", "kubernetes");
        r.set("strategy", "shadow");
        r.set("port", -1);
        assertThatThrownBy(() -> DeployModelStep.Settings.of(r.build(), context()))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("2 arguments are wrong:")
                .hasMessageContaining("strategy: the kubernetes target renders replace, blueGreen (a rolling update) "
                        + "and canary; shadow needs the local or docker target")
                .hasMessageContaining("port: must be between 1 and 65534");
    }

    @Test
    void aFreePortNeedsADockerEngineOnThisMachine() {
        Req<DeployModelRequest> remote = request();
        remote.set("target", "docker");
        remote.set("port", 0);
        remote.set("dockerHost", "tcp://10.1.2.3:2376");
        assertThatThrownBy(() -> DeployModelStep.Settings.of(remote.build(), context()))
                .isInstanceOf(InputException.class)
                .hasMessage("port: 0 (a free port of this machine) needs a Docker engine on this machine; give the "
                        + "port the server should use on tcp://10.1.2.3:2376");
        Req<DeployModelRequest> local = request();
        local.set("target", "docker");
        local.set("port", 0);
        local.set("dockerHost", "unix:///var/run/docker.sock");
        assertThat(DeployModelStep.Settings.of(local.build(), context())).isNotNull();
        assertThat(DockerTarget.engineIsLocal("tcp://localhost:2375")).isTrue();
        assertThat(DockerTarget.engineIsLocal("tcp://127.0.0.1:2375")).isTrue();
        assertThat(DockerTarget.engineIsLocal("ssh://builder@ci")).isFalse();
    }
}
