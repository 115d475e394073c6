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
import io.mlsteps.jenkins.engine.EngineRequest;
import io.mlsteps.jenkins.engine.EngineResult;
import io.mlsteps.jenkins.engine.GateSpec;
import io.mlsteps.jenkins.engine.JavaCommand;
import io.mlsteps.jenkins.engine.Outcome;
import io.mlsteps.jenkins.engine.ReturnValue;
import io.mlsteps.jenkins.engine.StepArguments;
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

        FilePath stepDir = StepFolders.next(workspace, step.getRunDir(), run, name);
        stepDir.mkdirs();
        // A stale result from an earlier run in this workspace must never be read as this run's result.
        stepDir.child("result.json").delete();

        List<GateSpec> gates;
        String request;
        try {
            gates = step.gateSpecs();
            Map<String, Object> arguments = step.arguments();
            BaselineHandover.apply(name, arguments, run, stepDir, listener);
            request = EngineRequest.toJson(name, arguments, gates, config.getRegistry());
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
        if (StepArguments.REGISTRY_STEPS.contains(name) || name.equals("trainModel")) {
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
        Outcome outcome = Outcome.decide(name, result, exitCode, step.isFailOnError());
        if (result != null) {
            BuildRecorder.record(run, workspace, stepDir, name, result, outcome, gates, listener);
        }
        if (outcome.stage() != Outcome.Mark.NONE) {
            node.addOrReplaceAction(new WarningAction(toResult(outcome.stage())).withMessage(outcome.message()));
        }
        if (outcome.build() != Outcome.Mark.NONE) {
            run.setResult(toResult(outcome.build()));
        }
        listener.getLogger().println("mlsteps: " + outcome.message());
        if (outcome.abort()) {
            throw new AbortException(outcome.message());
        }
        return ReturnValue.of(result, outcome, stepDir.getRemote(), outputPaths(result, workspace, stepDir));
    }

    /** Output paths as the agent sees them: the engine reports them relative to the step folder, else the workspace. */
    private static Map<String, String> outputPaths(EngineResult result, FilePath workspace, FilePath stepDir)
            throws java.io.IOException, InterruptedException {
        Map<String, String> paths = new java.util.LinkedHashMap<>();
        for (EngineResult.Output output : result.getOutputs()) {
            if (output.name() == null || output.path() == null) {
                continue;
            }
            FilePath inStep = stepDir.child(output.path());
            paths.put(output.name(), (inStep.exists() ? inStep : workspace.child(output.path())).getRemote());
        }
        return paths;
    }

    static Result toResult(Outcome.Mark mark) {
        return mark == Outcome.Mark.FAILURE ? Result.FAILURE : Result.UNSTABLE;
    }
}
