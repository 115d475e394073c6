package io.mlsteps.cli;

import io.mlsteps.step.MlStep;
import io.mlsteps.step.StepCatalog;
import io.mlsteps.step.StepContext;
import io.mlsteps.step.StepRequest;
import io.mlsteps.step.StepResult;
import io.mlsteps.step.StepRunner;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Base of the seven step commands: builds the typed request from {@code --request} and the flags (flags
 * win), runs the step through {@link StepRunner}, and turns the status into the exit code.
 *
 * @param <Q> the step's request type
 */
public abstract class StepCommand<Q extends StepRequest> implements Callable<Integer> {
    @Mixin
    protected CommonOptions common;

    /** The Jenkinsfile name of the step, e.g. {@code validateData}. */
    protected abstract String stepName();

    /** Copies every flag the user gave onto the request; flags left unset must not overwrite the request. */
    protected abstract void applyFlags(Q request);

    @Override
    public Integer call() throws Exception {
        @SuppressWarnings("unchecked")
        MlStep<Q> step = (MlStep<Q>) StepCatalog.find(stepName()).orElseThrow();
        return run(step, common, this::applyFlags).getStatus().exitCode();
    }

    /**
     * Builds the request from {@code --request} (or the defaults), lets {@code flags} apply the command's own
     * flags, adds the {@code --gate} flags, and runs the step; shared by the step commands and {@code mlsteps step}.
     */
    static <Q extends StepRequest> StepResult run(MlStep<Q> step, CommonOptions common,
                                                   java.util.function.Consumer<Q> flags) throws Exception {
        Q request = common.request != null ? Json.read(common.request, step.requestType())
                : step.requestType().getDeclaredConstructor().newInstance();
        flags.accept(request);
        if (!common.gates.isEmpty()) {
            var gates = new java.util.ArrayList<>(request.getQualityGates());
            gates.addAll(common.parsedGates());
            request.setQualityGates(gates);
        }
        return runStep(step, request, common, System.getenv());
    }

    /** Runs a built request with the common options (run folder, log stream, --json, --quiet). */
    static <Q extends StepRequest> StepResult runStep(MlStep<Q> step, Q request, CommonOptions common,
                                                       java.util.Map<String, String> env) throws Exception {
        Path workDir = common.workDir != null ? common.workDir : Path.of("");
        Path stepDir = common.out != null ? common.out : common.runDir.resolve(step.name());
        PrintStream logStream = common.json ? System.err : System.out;
        if (common.quiet) {
            logStream = new PrintStream(java.io.OutputStream.nullOutputStream());
        }
        StepLog log = new StepLog(logStream, step.name(), System.console() != null && !common.json);
        StepContext context = new StepContext(workDir, stepDir, log, env);
        StepResult result = new StepRunner().run(step, request, context);
        if (common.json) {
            System.out.println(Json.toString(result));
        } else if (common.quiet) {
            System.out.println(step.name() + ": " + result.getStatus());
        }
        return result;
    }
}
