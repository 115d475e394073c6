package io.mlsteps.cli.runner;

import groovy.lang.GString;
import io.mlsteps.cli.runner.BuildRecord.MlStepRecord;
import io.mlsteps.contract.ArgumentException;
import io.mlsteps.contract.gate.QualityGate;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.Outcome;
import io.mlsteps.contract.result.ReturnValue;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.steps.BaselineHandover;
import io.mlsteps.contract.steps.ExecutionArgs;
import io.mlsteps.contract.steps.StepRequest;
import io.mlsteps.contract.steps.Steps;
import io.mlsteps.step.MlStep;
import io.mlsteps.step.StepContext;
import io.mlsteps.run.StepRunner;
import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one of the seven ML steps in-process, through the contract as the plugin does: the Jenkinsfile's named
 * arguments become the step's request ({@code request.json} in the step folder, the same text the plugin
 * writes), the step runs through {@link StepRunner} into a folder of the build, and its failed checks act on the
 * stage and build by the contract's {@link Outcome} rule; the Jenkinsfile gets the contract's
 * {@link ReturnValue} map. {@code failOnError: false} turns the thrown error into a returned status.
 */
final class MlStepCall {
    private MlStepCall() {
    }

    static Map<String, Object> run(PipelineExecutor executor, String name, Map<String, Object> args) {
        executor.checkInterrupted();
        MlStep<?> step;
        try {
            step = executor.stepLookup.apply(name).orElseThrow();
        } catch (IllegalStateException e) {
            throw new PipelineError(name + " is not available in this build of mlsteps");
        }
        Map<String, Object> raw = args == null ? new LinkedHashMap<>() : new LinkedHashMap<>(args);
        // runDir and jvmOptions are Jenkins' (where the plugin writes, the engine JVM's options): noted, then dropped
        BuiltinSteps.noteNotApplied(executor, name, raw);
        ExecutionArgs execution;
        try {
            execution = Steps.takeExecutionArgs(raw);
            Steps.requirePipelineForms(name, raw);
            BaselineHandover.apply(name, raw, () -> lastSuccessfulEvaluation(executor)).ifPresent(executor::log);
        } catch (ArgumentException e) {
            throw new PipelineError(name + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new PipelineError(name + ": " + e, e);
        }
        return invoke(executor, step, raw, execution.failOnError());
    }

    /** The evaluateModel folder of the newest earlier build of this Jenkinsfile that ended SUCCESS or UNSTABLE. */
    private static Optional<BaselineHandover.Evaluation> lastSuccessfulEvaluation(PipelineExecutor executor) {
        for (BuildRecord build : executor.history.successfulBefore(executor.buildNumber, executor.record.jenkinsfile)) {
            for (int i = build.steps.size() - 1; i >= 0; i--) {
                MlStepRecord step = build.steps.get(i);
                if (step.step.equals("evaluateModel")) {
                    Path dir = executor.history.dir(build.number).resolve(step.dir);
                    return Optional.of(new BaselineHandover.Evaluation("build #" + build.number,
                            dir.toString()));
                }
            }
        }
        return Optional.empty();
    }

    private static <Q extends StepRequest> Map<String, Object> invoke(PipelineExecutor executor, MlStep<Q> step,
                                                                      Map<String, Object> raw, boolean failOnError) {
        String name = step.name();
        Q request;
        String requestJson;
        try {
            requestJson = Steps.requestJson(name, raw);
            request = Steps.request(step.requestType(), raw);
        } catch (ArgumentException e) {
            throw new PipelineError(name + ": " + e.getMessage());
        }
        PipelineExecutor.Scope scope = executor.scope();
        Path stepDir = executor.nextStepDir(name);
        StepLog log = new StepLog(executor.out(), scope.logPrefix() + name, false);
        StepContext context = new StepContext(scope.cwd(), stepDir, log, executor.fullEnv());
        writeRequest(context.stepDir(), requestJson);
        StepResult result;
        try {
            result = new StepRunner().run(step, request, context);
        } catch (InputException e) {
            throw new PipelineError(name + ": " + e.getMessage());
        } catch (RuntimeException e) {
            if (e instanceof PipelineError) {
                throw e;
            }
            throw new PipelineError(name + " failed: " + e, e);
        } catch (Exception e) {
            throw new PipelineError(name + " failed: " + e, e);
        }
        record(executor, name, request, result, stepDir);
        return apply(executor, name, result, context, failOnError);
    }

    private static void writeRequest(Path stepDir, String requestJson) {
        try {
            Files.createDirectories(stepDir);
            Files.writeString(stepDir.resolve("request.json"), requestJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void record(PipelineExecutor executor, String name, StepRequest request, StepResult result,
                               Path stepDir) {
        MlStepRecord rec = new MlStepRecord();
        PipelineExecutor.Scope scope = executor.scope();
        rec.stage = scope.stage() == null ? null : scope.stage().name;
        rec.step = name;
        rec.status = result.getStatus().name();
        rec.dir = executor.buildDir.relativize(stepDir).toString();
        rec.summary = result.getSummary();
        rec.metrics.putAll(result.getMetrics());
        for (QualityGate gate : request.qualityGates()) {
            if (gate.threshold() != null) {
                rec.thresholds.put(gate.metric(), gate.threshold());
            }
        }
        for (Check check : result.failedChecks()) {
            rec.failedChecks.add(check.criticality() + " " + check.outcome() + ": " + check.message());
        }
        synchronized (executor.record) {
            executor.record.steps.add(rec);
        }
    }

    /** Marks the stage and build by the contract's outcome rule and returns the Jenkinsfile's map, or fails the step. */
    private static Map<String, Object> apply(PipelineExecutor executor, String name, StepResult result,
                                             StepContext context, boolean failOnError) {
        Outcome outcome = Outcome.of(name, result, failOnError);
        if (outcome.stage() != Outcome.Mark.NONE) {
            PipelineExecutor.Scope scope = executor.scope();
            if (scope.stage() != null && scope.stage().reason == null) {
                scope.stage().reason = outcome.message();
            }
            executor.worsenStage(Result.valueOf(outcome.stage().name()));
        }
        if (outcome.build() != Outcome.Mark.NONE) {
            executor.worsen(Result.valueOf(outcome.build().name()));
        }
        if (outcome.failsStep()) {
            throw new StepFailure(outcome.message());
        }
        Path dir = context.stepDir();
        return ReturnValue.of(result, outcome, dir.toString(), p -> dir.resolve(p).normalize().toString());
    }

    /** Turns Groovy values into plain JSON-able ones: GStrings to strings, nested maps and lists copied. */
    static Object normalize(Object value) {
        if (value instanceof GString || value instanceof CharSequence) {
            return value.toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), normalize(v)));
            return copy;
        }
        if (value instanceof Collection<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(normalize(v)));
            return copy;
        }
        if (value instanceof Object[] array) {
            List<Object> copy = new ArrayList<>();
            for (Object v : array) {
                copy.add(normalize(v));
            }
            return copy;
        }
        if (value instanceof Path || value instanceof java.io.File) {
            return value.toString();
        }
        return value;
    }
}
