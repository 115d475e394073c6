package io.mlsteps.jenkins.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Computer;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.mlsteps.jenkins.agent.AgentFacts;
import io.mlsteps.jenkins.agent.AgentFiles;
import io.mlsteps.jenkins.agent.EngineJar;
import io.mlsteps.jenkins.agent.EngineProcess;
import io.mlsteps.contract.gate.QualityGate;
import io.mlsteps.contract.result.Outcome;
import io.mlsteps.contract.result.ReturnValue;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.steps.Steps;
import io.mlsteps.jenkins.config.MlStepsConfiguration;
import io.mlsteps.jenkins.engine.ContractResult;
import io.mlsteps.jenkins.engine.EngineRequest;
import io.mlsteps.jenkins.engine.EngineResult;
import io.mlsteps.jenkins.engine.JavaCommand;
import io.mlsteps.jenkins.results.BuildRecorder;
import io.mlsteps.jenkins.results.Credentials;
import jenkins.util.Timer;
import org.jenkinsci.plugins.durabletask.Controller;
import org.jenkinsci.plugins.workflow.FilePathUtils;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one ML step so that it survives a controller restart, as {@code sh} does:
 * <ol>
 *   <li>start: the arguments are checked (a bad one fails the step before any JVM starts);</li>
 *   <li>launch (off the CPS thread): the request is written into the step folder, the engine jar installed on the
 *   agent, and the engine started there as a durable task, whose serializable {@link Controller} this execution
 *   keeps;</li>
 *   <li>poll (on {@link Timer}): the engine's new output is copied into the build log and the state saved, so that
 *   after a restart the log goes on where it stopped; then its exit code is looked for;</li>
 *   <li>finish: result.json is read, the build action and fingerprints recorded, the stage and build marked, and the
 *   result map returned (or the step failed).</li>
 * </ol>
 * After a controller restart {@link #onResume()} polls again: the engine kept running on the agent. When the agent
 * was disconnected meanwhile, polling waits for it to come back. Only a restart before the engine was launched
 * launches it again.
 */
public class MlStepExecution extends StepExecution {
    private static final long serialVersionUID = 2L;
    private static final Logger LOGGER = Logger.getLogger(MlStepExecution.class.getName());
    static final long MIN_POLL_MILLIS = 250;
    static final long MAX_POLL_MILLIS = 15_000;

    /** Launch and finish do agent and disk I/O: never on the CPS thread, on Jenkins' pool for remote work. */
    private static final ExecutorService WORKERS = Computer.threadPoolForRemoting;

    /** Read once in {@link #start()}; not kept (a step is not serializable). */
    private final transient MlStep step;
    private final String name;
    private final String runDir;
    private final boolean failOnError;
    private final String jvmOptions;
    private final MlStepsConfiguration.Settings settings;
    /** The step's raw arguments as the contract binds them (quality gates included), before the baseline hand-over. */
    private LinkedHashMap<String, Object> arguments;

    /** Set once the engine runs on the agent. */
    private volatile Launched launched;
    /** Not kept: Pipeline never resumes a step that ended. */
    private transient boolean completed;

    /** A live handle on the workspace; null after a restart or a lost agent until it is found again. */
    private transient volatile FilePath workspace;
    private transient volatile long pollMillis;
    @SuppressFBWarnings(value = "SE_TRANSIENT_FIELD_NOT_RESTORED", justification = "onResume schedules anew")
    private transient volatile Future<?> pending;
    private transient volatile boolean waitingReported;

    /**
     * The engine running on the agent: the durable task's controller (which also remembers how much of the output
     * reached the build log) and where it runs, by node name and path, so a restart finds it again.
     */
    private record Launched(Controller controller, String node, String workspacePath, String stepDirPath)
            implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
    }

    MlStepExecution(MlStep step, StepContext context, MlStepsConfiguration.Settings settings) {
        super(context);
        this.step = step;
        this.name = step.getFunctionName();
        this.runDir = step.getRunDir();
        this.failOnError = step.isFailOnError();
        this.jvmOptions = step.getJvmOptions();
        this.settings = settings;
    }

    @Override
    public boolean start() throws Exception {
        try {
            arguments = new LinkedHashMap<>(step.requestArguments());
            EngineRequest.toJson(name, arguments, settings.registry());
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
        pending = WORKERS.submit(this::launch);
        return false;
    }

    /** Prepares the step folder and starts the engine on the agent. */
    private void launch() {
        try {
            StepContext context = getContext();
            Run<?, ?> run = context.get(Run.class);
            FilePath ws = context.get(FilePath.class);
            Launcher launcher = context.get(Launcher.class);
            TaskListener listener = context.get(TaskListener.class);
            EnvVars env = context.get(EnvVars.class);

            FilePath stepDir = ws.child(runDir).child(name);
            stepDir.mkdirs();
            // A stale result from an earlier run in this workspace must never be read as this run's result.
            stepDir.child("result.json").delete();
            Map<String, Object> values = new LinkedHashMap<>(arguments);
            BaselineHandover.apply(name, values, run, stepDir, listener);
            String request = EngineRequest.toJson(name, values, settings.registry());
            FilePath requestFile = stepDir.child("request.json");
            requestFile.write(request, "UTF-8");

            AgentFacts.Facts facts = ws.act(new AgentFacts());
            String java = settings.javaPath() != null ? settings.javaPath()
                    : JavaCommand.javaIn(facts.javaHome(), launcher.isUnix());
            if (settings.javaPath() == null && !JavaCommand.isKnownGoodJava(facts.javaVersion())) {
                listener.getLogger().println("mlsteps: warning: this agent runs Java " + facts.javaVersion()
                        + "; the engine is known to run on Java 17, 21 and 25. If it fails to start, set the Java"
                        + " executable in Manage Jenkins > System > ML steps.");
            }
            String options = jvmOptions != null ? jvmOptions : settings.jvmOptions();
            FilePath engine = EngineJar.install(ws, facts.cacheDir(), listener);
            EnvVars childEnv = new EnvVars(env);
            if (EngineRequest.takesRegistry(name) || name.equals("trainModel")) {
                Credentials.addUsernamePassword(childEnv, settings.postgresCredentialsId(), "MLSTEPS_PG", run);
            }
            if (name.equals("deployModel")) {
                Credentials.addUsernamePassword(childEnv, settings.dockerCredentialsId(), "MLSTEPS_DOCKER", run);
            }
            listener.getLogger().println("mlsteps: " + name + " (request: " + requestFile.getRemote() + ")");
            // the release of a configured java is unknown; the agent's own is the one AgentFacts saw
            String release = settings.javaPath() == null ? facts.javaVersion() : null;
            List<String> command = JavaCommand.build(java, options, engine.getRemote(), name, requestFile.getRemote(),
                    stepDir.getRemote(), ws.getRemote(), release);
            Controller controller = EngineProcess.launch(launcher, ws, childEnv, listener, command);
            workspace = ws;
            launched = new Launched(controller, FilePathUtils.getNodeName(ws), ws.getRemote(), stepDir.getRemote());
            if (isCompleted()) {
                // stopped while it was being launched
                controller.stop(ws, launcher);
                return;
            }
            context.saveState();
            poll(MIN_POLL_MILLIS);
        } catch (IllegalArgumentException e) {
            complete(new AbortException(e.getMessage()));
        } catch (Exception e) {
            complete(e);
        }
    }

    private synchronized void poll(long delayMillis) {
        if (completed) {
            return;
        }
        pollMillis = delayMillis;
        pending = Timer.get().schedule(this::check, delayMillis, TimeUnit.MILLISECONDS);
    }

    private long slower() {
        return Math.min(MAX_POLL_MILLIS, Math.max(MIN_POLL_MILLIS, pollMillis * 6 / 5));
    }

    /** Copies new output into the log and looks for the exit code. */
    private void check() {
        Launched engine = launched;
        Controller controller = engine.controller();
        TaskListener listener;
        Launcher launcher;
        try {
            listener = getContext().get(TaskListener.class);
            launcher = getContext().get(Launcher.class);
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the build is gone or Jenkins is shutting down; a restart resumes polling
            LOGGER.log(Level.FINE, "mlsteps: " + name + " cannot reach its build any more", e);
            return;
        }
        FilePath ws = liveWorkspace(engine, listener);
        if (ws == null) {
            poll(slower());
            return;
        }
        try {
            boolean output = controller.writeLog(ws, listener.getLogger());
            if (output) {
                // the controller now remembers how far the log was copied: a restart must not copy it twice
                getContext().saveState();
            }
            Integer exitCode = controller.exitStatus(ws, launcher, listener);
            if (exitCode == null) {
                poll(output ? MIN_POLL_MILLIS : slower());
                return;
            }
            controller.writeLog(ws, listener.getLogger());
            pending = WORKERS.submit(() -> finish(exitCode, engine, ws));
        } catch (IOException | InterruptedException e) {
            LOGGER.log(Level.FINE, "mlsteps: " + name + " lost its agent " + engine.node(), e);
            workspace = null;
            poll(slower());
        }
    }

    /** The workspace, found again by node and path when the handle was lost (restart, agent reconnect). */
    private FilePath liveWorkspace(Launched engine, TaskListener listener) {
        String node = engine.node();
        if (workspace == null) {
            workspace = FilePathUtils.find(node, engine.workspacePath());
            if (workspace == null) {
                if (!waitingReported) {
                    listener.getLogger().println("mlsteps: waiting for agent '" + node + "' to come back; the engine"
                            + " of " + name + " goes on running there");
                    waitingReported = true;
                }
                return null;
            }
            if (waitingReported) {
                listener.getLogger().println("mlsteps: agent '" + node + "' is back");
                waitingReported = false;
            }
        }
        return workspace;
    }

    /** Reads result.json, records and marks the build, and ends the step. */
    private void finish(int exitCode, Launched engine, FilePath ws) {
        if (isCompleted()) {
            return; // stopped meanwhile
        }
        try {
            StepContext context = getContext();
            Run<?, ?> run = context.get(Run.class);
            TaskListener listener = context.get(TaskListener.class);
            FlowNode flowNode = context.get(FlowNode.class);
            FilePath stepDir = ws.child(engine.stepDirPath());
            EngineResult result = readResult(stepDir.child("result.json"), listener);
            StepResult contractResult = result == null || exitCode > 2 || exitCode < 0 ? null : ContractResult.of(result);
            Outcome outcome = contractResult == null ? Outcome.withoutResult(name, exitCode, result != null)
                    : Outcome.of(name, contractResult, exitCode, failOnError);
            if (result != null) {
                BuildRecorder.record(run, ws, stepDir, name, result, outcome, gates(), listener);
            }
            if (outcome.stage() != Outcome.Mark.NONE && !outcome.failsStep()) {
                flowNode.addOrReplaceAction(new WarningAction(toResult(outcome.stage())).withMessage(outcome.message()));
            }
            if (outcome.build() != Outcome.Mark.NONE) {
                run.setResult(toResult(outcome.build()));
            }
            listener.getLogger().println("mlsteps: " + outcome.message());
            engine.controller().cleanup(ws);
            if (outcome.failsStep()) {
                complete(new AbortException(outcome.message()));
            } else {
                Map<String, String> outputs = outputPaths(result, ws, stepDir);
                String dir = stepDir.getRemote();
                complete(ReturnValue.of(contractResult, outcome, dir, path -> outputs.getOrDefault(path, dir + "/" + path)));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            complete(e);
        }
    }

    /** The quality gates of the step's arguments, as the build action shows them. */
    private List<QualityGate> gates() {
        return Steps.request(Steps.spec(name).type(), arguments).qualityGates();
    }

    private static EngineResult readResult(FilePath file, TaskListener listener) throws IOException, InterruptedException {
        if (!file.exists()) {
            return null;
        }
        try {
            return EngineResult.parse(AgentFiles.readUtf8(file));
        } catch (IllegalArgumentException e) {
            listener.getLogger().println("mlsteps: " + file.getRemote() + ": " + e.getMessage());
            return null;
        }
    }

    synchronized boolean isCompleted() {
        return completed;
    }

    /** Ends the step once: with the result map, or with the failure. */
    private void complete(Object outcome) {
        synchronized (this) {
            if (completed) {
                return;
            }
            completed = true;
        }
        if (outcome instanceof Throwable failure) {
            getContext().onFailure(failure);
        } else {
            getContext().onSuccess(outcome);
        }
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        Future<?> task = pending;
        if (task != null) {
            task.cancel(false);
        }
        Launched engine = launched;
        if (engine != null) {
            TaskListener listener = getContext().get(TaskListener.class);
            FilePath ws = liveWorkspace(engine, listener);
            if (ws != null) {
                listener.getLogger().println("mlsteps: stopping the engine of " + name);
                engine.controller().stop(ws, getContext().get(Launcher.class));
            }
        }
        complete(cause);
    }

    @Override
    public void onResume() {
        synchronized (this) {
            if (completed) {
                return;
            }
            workspace = null;
            if (launched == null) {
                // the restart came before the engine was launched: nothing runs on the agent, so launch it now
                pending = WORKERS.submit(this::launch);
                return;
            }
        }
        poll(MIN_POLL_MILLIS);
    }

    @Override
    public String getStatus() {
        Launched engine = launched;
        if (engine == null) {
            return "preparing " + name;
        }
        return "engine of " + name + " running in " + engine.stepDirPath() + " on "
                + (engine.node().isEmpty() ? "the built-in node" : engine.node()) + "; next check in " + pollMillis + " ms";
    }

    /** Output paths as the agent sees them, by the path the engine reported (relative to the step folder, else the workspace). */
    private static Map<String, String> outputPaths(EngineResult result, FilePath workspace, FilePath stepDir)
            throws IOException, InterruptedException {
        Map<String, String> paths = new LinkedHashMap<>();
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
