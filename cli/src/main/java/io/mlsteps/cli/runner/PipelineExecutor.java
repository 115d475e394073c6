package io.mlsteps.cli.runner;

import groovy.lang.Closure;
import io.mlsteps.cli.runner.BuildRecord.StageRecord;
import io.mlsteps.cli.runner.Declarative.Condition;
import io.mlsteps.cli.runner.Declarative.OptionsDef;
import io.mlsteps.cli.runner.Declarative.Parameter;
import io.mlsteps.cli.runner.Declarative.PipelineDef;
import io.mlsteps.cli.runner.Declarative.PostDef;
import io.mlsteps.cli.runner.Declarative.StageDef;
import io.mlsteps.util.InputException;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Executes a Jenkinsfile with Jenkins' result semantics: a result only gets worse (UNSTABLE sticks), a
 * failed stage makes the build FAILURE and the following stages are skipped, {@code post} always runs.
 * Holds the state of one build: its result, the stage table, the environment scopes of each thread.
 */
public final class PipelineExecutor {

    /** What a thread runs in: extra environment, working directory, the stage it belongs to, a log prefix. */
    record Scope(Map<String, String> env, Path cwd, StageRecord stage, String logPrefix) {
        Scope with(Map<String, String> extra) {
            Map<String, String> merged = new LinkedHashMap<>(env);
            merged.putAll(extra);
            return new Scope(merged, cwd, stage, logPrefix);
        }
    }

    final RunSettings settings;
    final Path workspace;
    final Path buildDir;
    final int buildNumber;
    final BuildRecord record;
    final BuildHistory history;
    private final PrintStream out;
    private final Map<String, String> baseEnv;
    /** Variables set with {@code env.NAME = value}: visible to the rest of the build. */
    private final Map<String, String> assignedEnv = new ConcurrentHashMap<>();
    private final ThreadLocal<Scope> scope = new ThreadLocal<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mlsteps-timeout");
        t.setDaemon(true);
        return t;
    });
    private volatile Result result = Result.SUCCESS;
    private Map<String, Object> params = new LinkedHashMap<>();
    private final Map<String, Integer> stepFolderCounts = new ConcurrentHashMap<>();
    private final BuildRecord previous;
    PipelineScript script;
    /** Where ML steps come from: the engine's catalog (tests substitute their own steps). */
    java.util.function.Function<String, java.util.Optional<io.mlsteps.step.MlStep<?>>> stepLookup =
            io.mlsteps.run.StepCatalog::find;

    PipelineExecutor(RunSettings settings, Path workspace, BuildHistory history, int buildNumber,
                     Map<String, String> baseEnv, PrintStream out, BuildRecord record) {
        this.settings = settings;
        this.workspace = workspace;
        this.history = history;
        this.buildNumber = buildNumber;
        this.buildDir = history.dir(buildNumber);
        this.baseEnv = baseEnv;
        this.out = out;
        this.record = record;
        this.previous = history.previous(buildNumber, record.jenkinsfile).orElse(null);
        scope.set(new Scope(Map.of(), workspace, null, ""));
        Map<String, Object> initial = new LinkedHashMap<>(settings.parameters());
        this.params = Collections.unmodifiableMap(initial);
    }

    // ------------------------------------------------------------------ state

    public Result result() {
        return result;
    }

    /** Makes the build result worse (never better), as Jenkins does. */
    synchronized void worsen(Result r) {
        result = result.combine(r);
    }

    /** Makes the current stage's result worse (never better). */
    void worsenStage(Result r) {
        StageRecord stage = scope().stage();
        if (stage != null) {
            synchronized (stage) {
                stage.result = Result.parse(stage.result, "stage").combine(r).name();
            }
        }
    }

    Result previousResult() {
        return previous == null ? null : Result.parse(previous.result, "previous build");
    }

    Scope scope() {
        return scope.get();
    }

    Map<String, Object> params() {
        return params;
    }

    /** The value of an environment variable in the current scope, or null. */
    public String env(String name) {
        Scope s = scope();
        if (s != null && s.env().containsKey(name)) {
            return s.env().get(name);
        }
        String assigned = assignedEnv.get(name);
        return assigned != null ? assigned : baseEnv.get(name);
    }

    void assignEnv(String name, Object value) {
        assignedEnv.put(name, value == null ? "" : value.toString());
    }

    /** The whole environment of the current scope, for processes and ML steps. */
    Map<String, String> fullEnv() {
        Map<String, String> all = new LinkedHashMap<>(baseEnv);
        all.putAll(assignedEnv);
        all.putAll(scope().env());
        return all;
    }

    /** Runs a body in a changed scope and restores the previous one afterwards. */
    <T> T inScope(Scope inner, Supplier<T> body) {
        Scope outer = scope.get();
        scope.set(inner);
        try {
            return body.get();
        } finally {
            scope.set(outer);
        }
    }

    // ------------------------------------------------------------------ log

    void log(String message) {
        String prefix = scope() == null ? "" : scope().logPrefix();
        synchronized (out) {
            for (String line : message.split("\n", -1)) {
                out.println(prefix + line);
            }
            out.flush();
        }
    }

    PrintStream out() {
        return out;
    }

    // ------------------------------------------------------------------ bodies

    /** Calls a closure of the Jenkinsfile with the script answering its step calls. */
    Object callBody(Closure<?> body, Object... args) {
        checkInterrupted();
        Closure<?> copy = (Closure<?>) body.clone();
        copy.setDelegate(script);
        copy.setResolveStrategy(Closure.DELEGATE_FIRST);
        return copy.call(args);
    }

    void checkInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new PipelineError("interrupted");
        }
    }

    /** Runs a body with a time limit; when it passes, the thread is interrupted (a running sh is killed). */
    <T> T withTimeout(Long millis, Supplier<T> body) {
        if (millis == null) {
            return body.get();
        }
        Thread thread = Thread.currentThread();
        AtomicBoolean fired = new AtomicBoolean();
        ScheduledFuture<?> alarm = timer.schedule(() -> {
            fired.set(true);
            thread.interrupt();
        }, millis, TimeUnit.MILLISECONDS);
        try {
            T value = body.get();
            if (fired.get()) {
                throw new PipelineError("Timeout has been exceeded (" + Steps.human(millis) + ")");
            }
            return value;
        } catch (RuntimeException | Error e) {
            if (fired.get()) {
                throw new PipelineError("Timeout has been exceeded (" + Steps.human(millis) + ")");
            }
            throw e;
        } finally {
            alarm.cancel(false);
            if (fired.get()) {
                Thread.interrupted(); // clear, so what follows the timeout block runs normally
            }
        }
    }

    // ------------------------------------------------------------------ declarative

    void runDeclarative(PipelineDef def) {
        resolveParameters(def.parameters);
        if (!"not declared".equals(def.agent)) {
            note("agent " + def.agent + ": noted, not enforced (steps run on this machine)");
        }
        for (String option : def.options.noted) {
            note("option " + option + ": noted, has no effect in a local run");
        }
        for (String trigger : def.triggers) {
            note("trigger " + trigger + ": noted; a local run is started by hand");
        }
        Scope pipelineScope = scope();
        try {
            if (def.environment != null) {
                pipelineScope = evaluateEnvironment(def.environment, pipelineScope);
            }
        } catch (RuntimeException e) {
            fail(null, e);
        }
        inScope(pipelineScope, () -> {
            try {
                if (result != Result.FAILURE) {
                    withTimeout(def.options.timeoutMillis, () -> {
                        runStages(def.stages, "", def.options);
                        return null;
                    });
                }
            } catch (RuntimeException e) {
                fail(null, e);
            } finally {
                runPost(def.post, null);
            }
            return null;
        });
    }

    void note(String message) {
        record.notes.add(message);
        log("[note] " + message);
    }

    /** Declared parameters with their defaults, overridden by {@code -p name=value}; an unknown name is an error. */
    private void resolveParameters(Map<String, Parameter> declared) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Parameter p : declared.values()) {
            values.put(p.name(), p.defaultValue());
        }
        for (Map.Entry<String, String> given : settings.parameters().entrySet()) {
            Parameter p = declared.get(given.getKey());
            if (p == null) {
                throw new InputException("-p " + given.getKey(), "the Jenkinsfile declares no parameter '"
                        + given.getKey() + "'; declared: " + declared.keySet());
            }
            String text = given.getValue();
            Object value = text;
            if (p.type().equals("booleanParam")) {
                if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                    throw new InputException("-p " + given.getKey(), "expected true or false, got '" + text + "'");
                }
                value = Boolean.valueOf(text);
            } else if (p.type().equals("choice") && !p.choices().contains(text)) {
                throw new InputException("-p " + given.getKey(), "'" + text + "' is not one of the choices " + p.choices());
            }
            values.put(p.name(), value);
        }
        params = Collections.unmodifiableMap(values);
        record.parameters.clear();
        record.parameters.putAll(values);
        Map<String, String> asEnv = new LinkedHashMap<>();
        values.forEach((k, v) -> asEnv.put(k, String.valueOf(v)));
        scope.set(scope().with(asEnv));
    }

    /** Evaluates an environment block; its values may refer to variables defined before them. */
    Scope evaluateEnvironment(Closure<?> block, Scope outer) {
        Map<String, String> values = new LinkedHashMap<>(outer.env());
        Scope inner = new Scope(values, outer.cwd(), outer.stage(), outer.logPrefix());
        inScope(inner, () -> {
            Closure<?> copy = (Closure<?>) block.clone();
            copy.setDelegate(new Declarative.EnvironmentBuilder(values));
            copy.setResolveStrategy(Closure.DELEGATE_FIRST);
            copy.call();
            return null;
        });
        return inner;
    }

    private void runStages(List<StageDef> stages, String prefix, OptionsDef pipelineOptions) {
        for (StageDef stage : stages) {
            boolean skipUnstable = pipelineOptions != null && pipelineOptions.skipStagesAfterUnstable
                    && result == Result.UNSTABLE;
            if (result == Result.FAILURE || skipUnstable) {
                skipAll(stage, prefix, result == Result.FAILURE ? "earlier failure" : "earlier unstable result");
                continue;
            }
            runStage(stage, prefix, pipelineOptions);
        }
    }

    private void skipAll(StageDef stage, String prefix, String reason) {
        StageRecord rec = addStage(prefix + stage.name, stage.line);
        rec.result = "SKIPPED";
        rec.reason = reason;
        log("Stage '" + prefix + stage.name + "' skipped due to " + reason);
    }

    StageRecord addStage(String name, int line) {
        StageRecord rec = new StageRecord(name, line);
        synchronized (record) {
            record.stages.add(rec);
        }
        return rec;
    }

    private void runStage(StageDef stage, String prefix, OptionsDef pipelineOptions) {
        String name = prefix + stage.name;
        StageRecord rec = addStage(name, stage.line);
        long start = System.nanoTime();
        Scope outer = scope();
        Scope stageScope = new Scope(outer.env(), outer.cwd(), rec, outer.logPrefix());
        inScope(stageScope, () -> {
            try {
                if (!stage.when.isEmpty()) {
                    boolean run = stage.when.stream().allMatch(c -> c.test(this));
                    if (!run) {
                        rec.result = "SKIPPED";
                        rec.reason = "when " + Declarative.describeAll(stage.when, " and ") + " is false";
                        log("Stage '" + name + "' skipped due to when conditional: " + rec.reason);
                        return null;
                    }
                }
                log("");
                log("=== Stage: " + name + " ===");
                if (stage.agent != null) {
                    note("stage '" + name + "' agent " + stage.agent + ": noted, not enforced");
                }
                for (String option : stage.options.noted) {
                    note("stage '" + name + "' option " + option + ": noted, has no effect in a local run");
                }
                Scope bodyScope = stage.environment == null ? scope() : evaluateEnvironment(stage.environment, scope());
                inScope(bodyScope, () -> {
                    try {
                        runWithRetry(stage.options.retry, () -> withTimeout(stage.options.timeoutMillis, () -> {
                            runStageBody(stage, name, pipelineOptions);
                            return null;
                        }));
                    } catch (RuntimeException e) {
                        fail(rec, e);
                    } finally {
                        runPost(stage.post, rec);
                    }
                    return null;
                });
            } catch (RuntimeException e) {
                fail(rec, e);
            } finally {
                rec.durationMillis = (System.nanoTime() - start) / 1_000_000;
            }
            return null;
        });
    }

    private void runStageBody(StageDef stage, String name, OptionsDef pipelineOptions) {
        if (!stage.parallel.isEmpty()) {
            runParallelStages(stage, name + " / ");
        } else if (!stage.stages.isEmpty()) {
            runStages(stage.stages, name + " / ", pipelineOptions);
        } else if (stage.steps != null) {
            callBody(stage.steps);
        }
        // a parent stage is as bad as its worst child
        synchronized (record) {
            for (StageRecord child : record.stages) {
                if (child.name.startsWith(name + " / ") && !"SKIPPED".equals(child.result)) {
                    worsenStage(Result.parse(child.result, "stage"));
                }
            }
        }
    }

    private void runParallelStages(StageDef parent, String prefix) {
        List<Thread> threads = new ArrayList<>();
        List<StageDef> branches = parent.parallel;
        Map<Thread, StageDef> byThread = new LinkedHashMap<>();
        Scope outer = scope();
        for (StageDef branch : branches) {
            Scope branchScope = new Scope(outer.env(), outer.cwd(), outer.stage(), "[" + branch.name + "] ");
            Thread t = new Thread(() -> {
                scope.set(branchScope);
                runStage(branch, prefix, null);
                if (parent.failFast && result == Result.FAILURE) {
                    byThread.keySet().forEach(other -> {
                        if (other != Thread.currentThread()) {
                            other.interrupt();
                        }
                    });
                }
            }, "stage-" + branch.name);
            threads.add(t);
            byThread.put(t, branch);
        }
        threads.forEach(Thread::start);
        joinAll(threads);
    }

    static void joinAll(List<Thread> threads) {
        for (Thread t : threads) {
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                    threads.forEach(Thread::interrupt);
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    <T> T runWithRetry(int attempts, Supplier<T> body) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= Math.max(1, attempts); attempt++) {
            try {
                return body.get();
            } catch (RuntimeException e) {
                last = e;
                if (attempt < attempts) {
                    log("Retrying (attempt " + (attempt + 1) + " of " + attempts + ") after: " + describe(e));
                }
            }
        }
        throw last;
    }

    /** Records an uncaught error: the stage (if any) and the build become FAILURE. */
    void fail(StageRecord stage, Throwable e) {
        log("ERROR: " + describe(e));
        if (stage != null) {
            stage.result = Result.FAILURE.name();
            if (stage.reason == null) {
                stage.reason = describe(e);
            }
        }
        worsen(Result.FAILURE);
    }

    /** A one-line description of an error, with the Jenkinsfile line where it happened. */
    String describe(Throwable e) {
        String message = e instanceof PipelineError || e instanceof InputException ? e.getMessage()
                : e instanceof groovy.lang.MissingPropertyException mp ? "no such property or variable: " + mp.getProperty()
                : e instanceof groovy.lang.MissingMethodException mm ? "no such method: " + mm.getMethod()
                + (mm.getArguments().length == 0 ? "()" : " with arguments " + argTypes(mm.getArguments()))
                : e.toString();
        int line = Lines.lineOf(e);
        String file = settings.jenkinsfileName();
        return line > 0 && !(e instanceof JenkinsfileException) ? message + " (" + file + ":" + line + ")" : message;
    }

    private static String argTypes(Object[] args) {
        List<String> types = new ArrayList<>();
        for (Object a : args) {
            types.add(a == null ? "null" : a.getClass().getSimpleName());
        }
        return types.toString();
    }

    private static final List<String> POST_ORDER = List.of("always", "changed", "fixed", "regression", "aborted",
            "failure", "success", "unstable", "unsuccessful", "cleanup");

    /** Runs post conditions in Jenkins' order; for a stage the stage's result decides, else the build's. */
    void runPost(PostDef post, StageRecord stage) {
        if (post.conditions.isEmpty()) {
            return;
        }
        Result before = stage == null ? previousResult() : previousStageResult(stage.name);
        for (String condition : POST_ORDER) {
            Closure<?> body = post.conditions.get(condition);
            if (body == null) {
                continue;
            }
            Result now = stage == null ? result : Result.parse(stage.result, "stage");
            boolean applies = switch (condition) {
                case "always", "cleanup" -> true;
                case "changed" -> before != null && before != now;
                case "fixed" -> before != null && now == Result.SUCCESS && before != Result.SUCCESS;
                case "regression" -> before == Result.SUCCESS && now != Result.SUCCESS;
                case "aborted" -> false;
                case "failure" -> now == Result.FAILURE;
                case "success" -> now == Result.SUCCESS;
                case "unstable" -> now == Result.UNSTABLE;
                case "unsuccessful" -> now != Result.SUCCESS;
                default -> false;
            };
            if (!applies) {
                continue;
            }
            log("--- post (" + condition + ")" + (stage == null ? "" : " of stage '" + stage.name + "'"));
            try {
                callBody(body);
            } catch (RuntimeException e) {
                fail(stage, e);
            }
        }
    }

    private Result previousStageResult(String name) {
        if (previous == null) {
            return null;
        }
        for (StageRecord s : previous.stages) {
            if (s.name.equals(name) && !"SKIPPED".equals(s.result)) {
                return Result.parse(s.result, "stage");
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ scripted

    /** Scripted {@code stage('name') { ... }}: an error fails the stage and propagates, as in Jenkins. */
    Object runScriptedStage(String name, Closure<?> body) {
        Scope outer = scope();
        String fullName = outer.stage() == null ? name : outer.stage().name + " / " + name;
        StageRecord rec = addStage(fullName, Lines.callerLine());
        log("");
        log("=== Stage: " + fullName + " ===");
        long start = System.nanoTime();
        try {
            return inScope(new Scope(outer.env(), outer.cwd(), rec, outer.logPrefix()), () -> callBody(body));
        } catch (RuntimeException e) {
            rec.result = Result.FAILURE.name();
            rec.reason = describe(e);
            throw e;
        } finally {
            rec.durationMillis = (System.nanoTime() - start) / 1_000_000;
            if (outer.stage() != null && !"SKIPPED".equals(rec.result)) {
                Result r = Result.parse(rec.result, "stage");
                synchronized (outer.stage()) {
                    outer.stage().result = Result.parse(outer.stage().result, "stage").combine(r).name();
                }
            }
        }
    }

    /** Scripted {@code parallel a: {...}, b: {...}}: all branches run; a failed one fails the call afterwards. */
    Object runScriptedParallel(Map<?, ?> branches) {
        boolean failFast = Boolean.TRUE.equals(branches.get("failFast"));
        Map<String, Object> results = new ConcurrentHashMap<>();
        Map<String, Throwable> errors = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        Scope outer = scope();
        for (Map.Entry<?, ?> entry : branches.entrySet()) {
            String name = String.valueOf(entry.getKey());
            if (name.equals("failFast")) {
                continue;
            }
            if (!(entry.getValue() instanceof Closure<?> body)) {
                throw new PipelineError("parallel: branch '" + name + "' is not a closure");
            }
            Scope branchScope = new Scope(outer.env(), outer.cwd(), outer.stage(), outer.logPrefix() + "[" + name + "] ");
            threads.add(new Thread(() -> {
                scope.set(branchScope);
                try {
                    Object value = callBody(body);
                    if (value != null) {
                        results.put(name, value);
                    }
                } catch (Throwable e) {
                    errors.put(name, e);
                    log("ERROR: " + describe(e));
                    if (failFast) {
                        threads.forEach(t -> {
                            if (t != Thread.currentThread()) {
                                t.interrupt();
                            }
                        });
                    }
                }
            }, "parallel-" + name));
        }
        threads.forEach(Thread::start);
        joinAll(threads);
        if (!errors.isEmpty()) {
            String which = String.join(", ", errors.keySet());
            Throwable first = errors.values().iterator().next();
            throw new PipelineError("parallel branch(es) failed: " + which + ": " + describe(first), first);
        }
        return new LinkedHashMap<>(results);
    }

    // ------------------------------------------------------------------ ML step folders

    /** A fresh folder for an ML step in this build: {@code <step>}, then {@code <step>-2}, ... */
    Path nextStepDir(String stepName) {
        int n = stepFolderCounts.merge(stepName, 1, Integer::sum);
        return buildDir.resolve(n == 1 ? stepName : stepName + "-" + n);
    }

    String jobName() {
        return settings.jobName();
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    void shutdown() {
        timer.shutdownNow();
    }
}
