package io.mlsteps.deploy;

import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.steps.DeployModelRequest;
import io.mlsteps.registry.ModelRef;
import io.mlsteps.contract.result.Check;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code deployModel action: 'stop'} ({@code mlsteps undeploy}): stops what was deployed of a model on a target. On
 * {@code local} and {@code docker} that is the server the state file names and every other server started from the
 * same deployment folder (found by their command line or container label: a stop that failed earlier, an interrupted
 * run), so nothing of the model keeps running; the state file then names no active server. On {@code kubernetes}
 * the model's Deployments and Service are deleted with kubectl. The registry and its aliases are not touched.
 */
final class Undeploy {
    private Undeploy() {
    }

    /** The model name of a stop request: {@code name}, or the name part of {@code model} (a version part is ignored). */
    static String modelName(DeployModelRequest request) {
        if (request.name() != null) {
            return ModelRef.checkName(request.name(), "name");
        }
        if (request.model() == null) {
            throw new InputException("model", "is required to stop a deployment: the model's name, e.g. model: 'adult'");
        }
        return ModelRef.parse(request.model()).name();
    }

    static StepResult run(DeployModelRequest request, StepContext context, String stepName) throws Exception {
        String model = modelName(request);
        if (!DeployModelStep.TARGETS.contains(request.target())) {
            throw new InputException("target", "'" + request.target() + "' is not a target; expected one of local, docker, "
                    + "kubernetes");
        }
        StepResult result = new StepResult(stepName);
        Map<String, Object> details = result.getDetails();
        details.put("action", "stop");
        details.put("target", request.target());
        details.put("model", model);
        if (request.target().equals("kubernetes")) {
            String report = KubernetesTarget.stop(request, model);
            context.log().info("kubernetes: %s", report);
            details.put("stopped", report);
            result.addCheck(Check.passed("deploy:stop", null, "deleted", "nothing of " + model + " deployed",
                    Criticality.FAILURE, report));
            result.setSummary("stopped " + model + " on kubernetes: " + report);
            return result;
        }
        Path home = DeployModelStep.deployHome(request, context, model);
        if (!Files.isDirectory(home)) {
            throw new InputException("model", "nothing of '" + model + "' was ever deployed under " + home.getParent()
                    + " (deployed there: " + Deployments.models(home.getParent()) + "); check 'model' and 'deployDir'");
        }
        RuntimeTarget target = request.target().equals("docker")
                ? new DockerTarget(home, request, DeployModelStep.adminToken(home), context.log(), context.env())
                : new LocalTarget(home, List.of(), "");
        List<Instance> stopped = stopAll(target, home, context.log());
        List<Instance> left = new ArrayList<>();
        for (Instance i : stopped) {
            if (target.isRunning(i)) {
                left.add(i);
            }
        }
        List<Map<String, Object>> list = new ArrayList<>();
        stopped.forEach(i -> list.add(Deployments.describe(i)));
        details.put("stopped", list);
        details.put("stateFile", home.resolve(target.kind() + ".json").toString());
        if (!left.isEmpty()) {
            String message = "still running after being stopped: " + left.stream().map(Deployments::where).toList();
            result.addCheck(Check.failed("deploy:stop", null, left.size() + " running", "nothing running",
                    Criticality.FAILURE, message));
            result.setSummary(message);
            return result;
        }
        String what = stopped.isEmpty() ? "nothing of " + model + " was running on " + target.kind()
                : "stopped " + String.join(", ", stopped.stream().map(Deployments::where).toList());
        result.addCheck(Check.passed("deploy:stop", null, stopped.size() + " stopped", "nothing running",
                Criticality.FAILURE, what + "; no server of " + model + " from " + home + " runs now"));
        result.setSummary(what);
        return result;
    }

    /** Stops the recorded server and every stray of the folder; records the stop in the state file. */
    private static List<Instance> stopAll(RuntimeTarget target, Path home, StepLog log) {
        Path stateFile = home.resolve(target.kind() + ".json");
        DeploymentState state = DeploymentState.load(stateFile, home.getFileName().toString(), target.kind());
        List<Instance> stopped = new ArrayList<>();
        Instance active = state.active;
        if (active != null && target.isRunning(active)) {
            log.info("stopping %s", Deployments.where(active));
            target.stop(active);
            stopped.add(active);
        }
        for (Instance stray : target.strays(active)) {
            log.info("stopping %s, which the state file does not name (left by an earlier run)", Deployments.where(stray));
            target.stop(stray);
            stopped.add(stray);
        }
        if (active != null || !stopped.isEmpty()) {
            state.history.add(new DeploymentState.Event(Instant.now().toString(), active == null ? null : active.version(),
                    "stop", "stopped", active == null ? null : active.endpoint(), null));
            state.active = null;
            state.save(stateFile);
        }
        return stopped;
    }
}
