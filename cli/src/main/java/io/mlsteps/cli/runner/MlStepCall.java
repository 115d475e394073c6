package io.mlsteps.cli.runner;

import groovy.lang.GString;
import io.mlsteps.cli.runner.BuildRecord.MlStepRecord;
import io.mlsteps.gate.Criticality;
import io.mlsteps.gate.QualityGate;
import io.mlsteps.step.Check;
import io.mlsteps.step.CheckOutcome;
import io.mlsteps.step.ChartRef;
import io.mlsteps.step.MlStep;
import io.mlsteps.step.OutputFile;
import io.mlsteps.step.StepContext;
import io.mlsteps.step.StepRequest;
import io.mlsteps.step.StepResult;
import io.mlsteps.step.StepRunner;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one of the seven ML steps in-process: the Jenkinsfile's named arguments become the step's typed
 * request (the same names as in Jenkins), the step runs through {@link StepRunner} into a folder of the
 * build, and its failed checks act on the stage and build by their criticality, as the plugin does:
 * NOTE makes the stage UNSTABLE, UNSTABLE also the build; ERROR fails the step (the stage), FAILURE also the
 * build. {@code failOnError: false} turns the thrown error into a returned status.
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
        @SuppressWarnings("unchecked")
        Map<String, Object> normalized = args == null ? new LinkedHashMap<>() : (Map<String, Object>) normalize(args);
        boolean failOnError = !normalized.containsKey("failOnError") || Steps.flag(normalized, "failOnError");
        normalized.remove("failOnError");
        BuiltinSteps.noteNotApplied(executor, name, normalized);
        BuiltinSteps.ML_NOT_APPLIED.forEach(normalized::remove);
        if (name.equals("compareToBaseline")) {
            handOverLastSuccessfulBuild(executor, normalized);
        }
        return invoke(executor, step, normalized, failOnError);
    }

    /**
     * {@code baseline: 'lastSuccessfulBuild'} (as with the plugin) or {@code previousResult: 'lastSuccessfulBuild'}:
     * the evaluateModel folder of the newest earlier build that ended SUCCESS or UNSTABLE (Jenkins' "last
     * successful build") becomes compareToBaseline's {@code previousResult}; with none, the baseline is missing
     * and the step's {@code onMissingBaseline} decides.
     */
    static void handOverLastSuccessfulBuild(PipelineExecutor executor, Map<String, Object> args) {
        boolean asBaseline = LAST_SUCCESSFUL_BUILD.equals(args.get("baseline"));
        boolean asPrevious = LAST_SUCCESSFUL_BUILD.equals(args.get("previousResult"));
        if (!asBaseline && !asPrevious) {
            return;
        }
        if (asBaseline) {
            args.remove("baseline");
        }
        args.remove("previousResult");
        for (BuildRecord build : executor.history.successfulBefore(executor.buildNumber, executor.record.jenkinsfile)) {
            for (int i = build.steps.size() - 1; i >= 0; i--) {
                MlStepRecord step = build.steps.get(i);
                if (step.step.equals("evaluateModel")) {
                    Path dir = executor.history.dir(build.number).resolve(step.dir);
                    args.put("previousResult", dir.toString());
                    executor.log("compareToBaseline: the baseline is the evaluation of build #" + build.number
                            + " (" + executor.workspace.relativize(dir) + ")");
                    return;
                }
            }
        }
        executor.log("compareToBaseline: no earlier successful build evaluated a model; the baseline is missing "
                + "(onMissingBaseline decides)");
    }

    static final String LAST_SUCCESSFUL_BUILD = "lastSuccessfulBuild";

    private static <Q extends StepRequest> Map<String, Object> invoke(PipelineExecutor executor, MlStep<Q> step,
                                                                      Map<String, Object> args, boolean failOnError) {
        String name = step.name();
        Q request;
        try {
            request = Json.convert(args, step.requestType(), name);
        } catch (InputException e) {
            throw new PipelineError(e.getMessage());
        }
        PipelineExecutor.Scope scope = executor.scope();
        Path stepDir = executor.nextStepDir(name);
        StepLog log = new StepLog(executor.out(), scope.logPrefix() + name, false);
        StepContext context = new StepContext(scope.cwd(), stepDir, log, executor.fullEnv());
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
        for (QualityGate gate : request.getQualityGates()) {
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

    private static Map<String, Object> apply(PipelineExecutor executor, String name, StepResult result,
                                             StepContext context, boolean failOnError) {
        Criticality worst = null;
        String reason = null;
        for (Check check : result.getChecks()) {
            if (check.outcome() == CheckOutcome.PASSED || check.criticality() == null) {
                continue;
            }
            if (worst == null || check.criticality().ordinal() > worst.ordinal()) {
                worst = check.criticality();
                reason = check.message();
            }
        }
        if (worst != null) {
            String why = name + ": " + worst + ": " + reason;
            PipelineExecutor.Scope scope = executor.scope();
            if (scope.stage() != null && scope.stage().reason == null) {
                scope.stage().reason = why;
            }
            switch (worst) {
                case NOTE -> executor.worsenStage(Result.UNSTABLE);
                case UNSTABLE -> {
                    executor.worsenStage(Result.UNSTABLE);
                    executor.worsen(Result.UNSTABLE);
                }
                case ERROR, FAILURE -> {
                    executor.worsenStage(Result.FAILURE);
                    if (worst == Criticality.FAILURE) {
                        executor.worsen(Result.FAILURE);
                    }
                    if (failOnError) {
                        throw new StepFailure(why);
                    }
                }
            }
        }
        Map<String, Object> map = toMap(result, context);
        map.put("stageResult", worst == null ? "SUCCESS" : worst == Criticality.NOTE || worst == Criticality.UNSTABLE
                ? "UNSTABLE" : "FAILURE");
        return map;
    }

    /** The map a Jenkinsfile gets back: status, passed, metrics, checks, outputs (name to path), details. */
    static Map<String, Object> toMap(StepResult result, StepContext context) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("step", result.getStep());
        map.put("status", result.getStatus().name());
        map.put("passed", result.isPassed());
        map.put("summary", result.getSummary());
        map.put("metrics", new LinkedHashMap<>(result.getMetrics()));
        List<Map<String, Object>> checks = new ArrayList<>();
        List<Map<String, Object>> gates = new ArrayList<>();
        for (Check c : result.getChecks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("metric", c.metric());
            m.put("observed", c.observed());
            m.put("expected", c.expected());
            m.put("criticality", c.criticality() == null ? null : c.criticality().name());
            m.put("outcome", c.outcome().name());
            m.put("message", c.message());
            checks.add(m);
            if (c.name() != null && c.name().startsWith("gate:")) {
                gates.add(m);
            }
        }
        map.put("gates", gates);
        map.put("checks", checks);
        Map<String, Object> outputs = new LinkedHashMap<>();
        for (OutputFile o : result.getOutputs()) {
            Path p = Path.of(o.path());
            outputs.put(o.name(), (p.isAbsolute() ? p : context.stepDir().resolve(p)).normalize().toString());
        }
        map.put("outputs", outputs);
        List<String> charts = new ArrayList<>();
        for (ChartRef c : result.getCharts()) {
            charts.add(context.stepDir().resolve(c.path()).toString());
        }
        map.put("charts", charts);
        map.put("details", new LinkedHashMap<>(result.getDetails()));
        map.put("stepDir", context.stepDir().toString());
        map.put("resultFile", context.stepDir().resolve(StepRunner.RESULT_FILE).toString());
        map.put("report", context.stepDir().resolve(StepRunner.REPORT_FILE).toString());
        // step-specific facts (registered version, endpoint, ...) also directly: r.version, as in the plugin
        result.getDetails().forEach(map::putIfAbsent);
        return map;
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
