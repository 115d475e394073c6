package io.mlsteps.jenkins.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.mlsteps.jenkins.agent.AgentFacts;
import io.mlsteps.jenkins.agent.EngineJar;
import io.mlsteps.jenkins.agent.EngineProcess;
import io.mlsteps.jenkins.config.MlStepsConfiguration;
import io.mlsteps.contract.gate.QualityGate;
import io.mlsteps.contract.result.Outcome;
import io.mlsteps.contract.result.ReturnValue;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.steps.Steps;
import io.mlsteps.jenkins.engine.ContractResult;
import io.mlsteps.jenkins.engine.EngineRequest;
import io.mlsteps.jenkins.engine.EngineResult;
import io.mlsteps.jenkins.engine.JavaCommand;
import io.mlsteps.jenkins.results.BuildRecorder;
import io.mlsteps.jenkins.results.Credentials;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

import java.util.List;
import java.util.Map;

/**
 * Runs one ML step: writes the request into the step folder, installs the engine on the agent if needed,
 * starts it in a child JVM, reads result.json, records the build action and fingerprints, marks the stage
 * and build, and returns the result map (or fails the step). Runs off the CPS thread; like every
 * {@link SynchronousNonBlockingStepExecution} it does not survive a controller restart.
 */
public class MlStepExecution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
    private static final long serialVersionUID = 1L;

    private final transient MlStep step;

    MlStepExecution(MlStep step, StepContext context) {
        super(context);
        this.step = step;
    }

    @Override
    protected Map<String, Object> run() throws Exception {
        StepContext context = getContext();
        Run<?, ?> run = context.get(Run.class);
        FilePath workspace = context.get(FilePath.class);
        Launcher launcher = context.get(Launcher.class);
        TaskListener listener = context.get(TaskListener.class);
        EnvVars env = context.get(EnvVars.class);
        FlowNode node = context.get(FlowNode.class);
        MlStepsConfiguration config = MlStepsConfiguration.get();
        String name = step.getFunctionName();

        FilePath stepDir = workspace.child(step.getRunDir()).child(name);
        stepDir.mkdirs();
        // A stale result from an earlier run in this workspace must never be read as this run's result.
        stepDir.child("result.json").delete();

        List<QualityGate> gates;
        String request;
        try {
            Map<String, Object> arguments = step.requestArguments();
            BaselineHandover.apply(name, arguments, run, stepDir, listener);
            request = EngineRequest.toJson(name, arguments, config.getRegistry());
            gates = Steps.request(Steps.spec(name).type(), arguments).qualityGates();
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
        FilePath requestFile = stepDir.child("request.json");
        requestFile.write(request, "UTF-8");

        AgentFacts.Facts facts = workspace.act(new AgentFacts());
        String java = config.getJavaPath() != null ? config.getJavaPath()
                : JavaCommand.javaIn(facts.javaHome(), launcher.isUnix());
        if (config.getJavaPath() == null && !JavaCommand.isKnownGoodJava(facts.javaVersion())) {
            listener.getLogger().println("mlsteps: warning: this agent runs Java " + facts.javaVersion()
                    + "; the engine is known to run on Java 17 and 21. If it fails to start, set the Java executable"
                    + " in Manage Jenkins > System > ML steps.");
        }
        String jvmOptions = step.getJvmOptions() != null ? step.getJvmOptions() : config.getJvmOptions();
        FilePath engine = EngineJar.install(workspace, facts.cacheDir(), listener);

        EnvVars childEnv = new EnvVars(env);
        if (EngineRequest.takesRegistry(name) || name.equals("trainModel")) {
            Credentials.addUsernamePassword(childEnv, config.getPostgresCredentialsId(), "MLSTEPS_PG", run);
        }
        if (name.equals("deployModel")) {
            Credentials.addUsernamePassword(childEnv, config.getDockerCredentialsId(), "MLSTEPS_DOCKER", run);
        }
        listener.getLogger().println("mlsteps: " + name + " (request: " + requestFile.getRemote() + ")");
        int exitCode = EngineProcess.run(launcher, workspace, childEnv, listener, java, jvmOptions, engine, name,
                requestFile, stepDir);

        EngineResult result = null;
        FilePath resultFile = stepDir.child("result.json");
        if (resultFile.exists()) {
            try {
                result = EngineResult.parse(resultFile.readToString());
            } catch (IllegalArgumentException e) {
                listener.getLogger().println("mlsteps: " + resultFile.getRemote() + ": " + e.getMessage());
            }
        }
        StepResult contractResult = result == null || exitCode > 2 || exitCode < 0 ? null : ContractResult.of(result);
        Outcome outcome = contractResult == null ? Outcome.withoutResult(name, exitCode, result != null)
                : Outcome.of(name, contractResult, exitCode, step.isFailOnError());
        if (result != null) {
            BuildRecorder.record(run, workspace, stepDir, name, result, outcome, gates, listener);
        }
        if (outcome.stage() != Outcome.Mark.NONE && !outcome.failsStep()) {
            node.addOrReplaceAction(new WarningAction(toResult(outcome.stage())).withMessage(outcome.message()));
        }
        if (outcome.build() != Outcome.Mark.NONE) {
            run.setResult(toResult(outcome.build()));
        }
        listener.getLogger().println("mlsteps: " + outcome.message());
        if (outcome.failsStep()) {
            throw new AbortException(outcome.message());
        }
        Map<String, String> outputs = outputPaths(result, workspace, stepDir);
        String dir = stepDir.getRemote();
        return ReturnValue.of(contractResult, outcome, dir, path -> outputs.getOrDefault(path, dir + "/" + path));
    }

    /** Output paths as the agent sees them, by the path the engine reported (relative to the step folder, else the workspace). */
    private static Map<String, String> outputPaths(EngineResult result, FilePath workspace, FilePath stepDir)
            throws java.io.IOException, InterruptedException {
        Map<String, String> paths = new java.util.LinkedHashMap<>();
        for (EngineResult.Output output : result.getOutputs()) {
            if (output.name() == null || output.path() == null) {
                continue;
            }
            FilePath inStep = stepDir.child(output.path());
            paths.put(output.path(), (inStep.exists() ? inStep : workspace.child(output.path())).getRemote());
        }
        return paths;
    }

    static Result toResult(Outcome.Mark mark) {
        return mark == Outcome.Mark.FAILURE ? Result.FAILURE : Result.UNSTABLE;
    }
}
