package io.mlsteps.deploy;

import io.mlsteps.contract.steps.DeployModelRequest;
import io.mlsteps.serve.ModelServer;
import io.mlsteps.serve.ModelSpec;
import io.mlsteps.serve.ServeMain;
import io.mlsteps.serve.ServerConfig;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.run.StepRunner;
import io.mlsteps.contract.result.StepStatus;
import io.mlsteps.testing.Req;
import io.mlsteps.testing.SharedData;
import io.mlsteps.model.TribuoPredictor;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A deployment and another server on the same port, both real: the other one (the same model, the same version,
 * as another job's deployment would be) already listens when the deployment starts. A fixed port is refused before
 * anything starts; a server that cannot bind is reported at once with its own reason, and the other server's answers
 * are never taken for its own (readiness, smoke test); {@code port: 0} deploys beside it on free ports, blue/green
 * moves to another free port, {@code deployments} lists what runs, and {@code action: 'stop'} leaves no process of the
 * deployment behind (checked with ps), the other server untouched.
 */
class PortCollisionTest {
    @TempDir
    Path dir;
    private ModelServer other;
    private Path modelFile;
    private Path smokeData;

    @BeforeEach
    void startTheOtherServer() throws Exception {
        smokeData = SharedData.require("adult/adult_test.csv");
        modelFile = TestModels.adultLogistic(5, List.of());
        ServerConfig config = new ServerConfig();
        config.port = 0;
        config.models.add(ModelSpec.primary("adult", "1", modelFile.toString()));
        other = ModelServer.start(config, ServeMain.defaultLoader());
    }

    @AfterEach
    void stopEverything() {
        other.close();
        Path home = dir.resolve("deployments/adult");
        LocalTarget target = new LocalTarget(home, List.of(), "");
        target.strays(null).forEach(target::stop);
    }

    private Req<DeployModelRequest> request(int port) {
        return Req.of(DeployModelRequest.class).set("modelFile", modelFile.toString()).set("name", "adult")
                .set("version", "1").set("port", port).set("deployDir", dir.resolve("deployments").toString())
                .set("smokeData", smokeData.toString()).set("smokeRows", 10).set("latencyBudgetMillis", 5000)
                .set("startTimeoutSeconds", 60);
    }

    private Req<DeployModelRequest> stop(String model) {
        return Req.of(DeployModelRequest.class).set("action", "stop").set("model", model)
                .set("deployDir", dir.resolve("deployments").toString());
    }

    private StepResult run(Req<DeployModelRequest> request) throws Exception {
        return new StepRunner().run(new DeployModelStep(), request.build(), new StepContext(dir,
                dir.resolve("runs").resolve("deploy-" + System.nanoTime()), new StepLog(System.out, "deployModel", false),
                Map.of()));
    }

    /** The command lines of running processes that mention the deployment folder, as ps shows them. */
    private List<String> processesOfTheDeployment() throws IOException, InterruptedException {
        Process ps = new ProcessBuilder("ps", "-eo", "pid,args").redirectErrorStream(true).start();
        String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ps.waitFor();
        String folder = dir.resolve("deployments").toString();
        return out.lines().filter(l -> l.contains(folder) && l.contains(ServerRuntime.MAIN_CLASS)).toList();
    }

    @Test
    void aFixedPortThatAnotherServerHoldsIsRefusedBeforeAnythingStarts() throws Exception {
        assertThatThrownBy(() -> run(request(other.port()))).isInstanceOf(InputException.class)
                .hasMessageContaining("port " + other.port()).hasMessageContaining("is in use by another process")
                .hasMessageContaining("give port 0");
        assertThat(processesOfTheDeployment()).isEmpty();
        assertThat(dir.resolve("deployments/adult/local.json")).doesNotExist();
        assertThat(new ServerClient(other.baseUri(), null).get("/health").code()).isEqualTo(200);
    }

    @Test
    void aServerThatCannotBindIsReportedAtOnceAndTheOtherServersAnswersAreNotItsOwn() throws Exception {
        Path home = dir.resolve("deployments/adult");
        LocalTarget target = new LocalTarget(home, List.of("-Xmx256m", "-XX:+UseSerialGC"), "");
        ServerConfig config = new ServerConfig();
        config.port = other.port();  // as a race would have it: the port was taken after it was checked
        config.models.add(ModelSpec.primary("adult", "1", modelFile.toString()));
        Instance started = target.start(config, modelFile, "1", "adult@1", io.mlsteps.util.Hashing.sha256(modelFile));
        assertThat(started.instanceId()).isNotBlank().isNotEqualTo(other.instanceId());
        long t0 = System.nanoTime();
        String problem = Strategies.awaitReady(target, started, 120);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(problem).contains("the server of adult@1 on port " + other.port() + " exited before it was ready: "
                + "cannot listen on 127.0.0.1:" + other.port() + ": Address already in use");
        assertThat(Strategies.portTaken(problem)).isTrue();
        assertThat(seconds).as("reported when the server exits, not at the start timeout").isLessThan(60);
        assertThat(target.isRunning(started)).isFalse();

        // the other server answers on the port, but not as this deployment's instance: a smoke test fails, naming it
        Instance impostor = started.restarted(null, null, "someone-else");
        ServerClient client = ServerClient.of(impostor, null);
        assertThat(client.get("/ready").code()).isEqualTo(ServerClient.OTHER_SERVER);
        assertThat(client.get("/ready").body()).contains("another server answered at " + impostor.endpoint())
                .contains("instance " + other.instanceId()).contains("expected instance someone-else");
        SmokeTest.Outcome smoke = SmokeTest.run(client, "adult", "1", TribuoPredictor.load(modelFile),
                SmokeTest.sample(smokeData, TribuoPredictor.load(modelFile).featureNames(), false, 5, 1), 1e-6, 5000,
                (what, answer) -> { });
        assertThat(smoke.passed()).isFalse();
        assertThat(smoke.reason()).contains("5 smoke request(s) failed").contains("another server answered");
    }

    @Test
    void portZeroDeploysBesideTheOtherServerThenStopLeavesNothingRunning() throws Exception {
        StepResult first = run(request(0));
        assertThat(first.getStatus()).as(first.getSummary()).isEqualTo(StepStatus.SUCCESS);
        int port1 = ((Number) first.getDetails().get("port")).intValue();
        assertThat(port1).isPositive().isNotEqualTo(other.port());
        assertThat(first.getDetails().get("endpoint")).isEqualTo("http://127.0.0.1:" + port1);
        assertThat(first.getDetails().get("instanceId")).isNotNull();

        Req<DeployModelRequest> again = request(0).set("version", "1b");
        StepResult second = run(again);
        assertThat(second.getStatus()).as(second.getSummary()).isEqualTo(StepStatus.SUCCESS);
        int port2 = ((Number) second.getDetails().get("port")).intValue();
        assertThat(port2).isNotIn(port1, other.port());
        assertThat(ProcessHandle.of(((Number) first.getDetails().get("pid")).longValue()).map(ProcessHandle::isAlive))
                .isNotEqualTo(java.util.Optional.of(true));

        // a server the state file does not name (left by an interrupted run) also belongs to the deployment
        Path home = dir.resolve("deployments/adult");
        LocalTarget target = new LocalTarget(home, List.of("-Xmx256m"), "");
        ServerConfig config = new ServerConfig();
        config.port = Ports.pick("127.0.0.1", java.util.Set.of());
        config.models.add(ModelSpec.primary("adult", "1", modelFile.toString()));
        Instance stray = target.start(config, modelFile, "1", "adult@1", io.mlsteps.util.Hashing.sha256(modelFile));
        assertThat(Strategies.awaitReady(target, stray, 60)).isNull();

        List<Deployments.Entry> listed = Deployments.list(dir.resolve("deployments"), null, Map.of());
        assertThat(listed).extracting(e -> e.model() + " " + e.target() + " " + e.instance().version() + " "
                + e.instance().port() + " " + e.recorded() + " " + e.health())
                .containsExactlyInAnyOrder("adult local 1b " + port2 + " true up", "adult local 1 " + config.port + " false up");
        assertThat(listed.get(0).instance().startedAt()).isNotNull();
        assertThat(processesOfTheDeployment()).hasSize(2);

        Req<DeployModelRequest> stop = stop("adult");
        StepResult stopped = run(stop);
        assertThat(stopped.getStatus()).as(stopped.getSummary()).isEqualTo(StepStatus.SUCCESS);
        assertThat(stopped.getSummary()).contains("stopped adult@1b at http://127.0.0.1:" + port2)
                .contains("adult@1 at http://127.0.0.1:" + config.port);
        assertThat(processesOfTheDeployment()).isEmpty();
        assertThat(DeploymentState.load(home.resolve("local.json"), "adult", "local").active).isNull();
        assertThat(Json.toString(DeploymentState.load(home.resolve("local.json"), "adult", "local").history))
                .contains("\"outcome\" : \"stopped\"");
        assertThat(Deployments.list(dir.resolve("deployments"), null, Map.of())).isEmpty();
        // stopping again finds nothing and says so
        StepResult nothing = run(stop);
        assertThat(nothing.getStatus()).isEqualTo(StepStatus.SUCCESS);
        assertThat(nothing.getSummary()).isEqualTo("nothing of adult was running on local");
        // the other server was never touched
        assertThat(new ServerClient(other.baseUri(), null).get("/health").code()).isEqualTo(200);
        assertThatThrownBy(() -> run(stop("adlut"))).isInstanceOf(InputException.class)
                .hasMessageContaining("nothing of 'adlut' was ever deployed").hasMessageContaining("[adult]");
    }
}
