package io.mlsteps.cli.runner;

import groovy.lang.Closure;
import io.mlsteps.cli.runner.BuildRecord.StageRecord;
import io.mlsteps.util.InputException;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The state of one build and the primitives every part of a Jenkinsfile runs on, with Jenkins' semantics:
 * the build result (only ever worse), stages with their warnings (Jenkins' {@code WarningAction}s, which a
 * stage's {@code post} combines with the build result), scopes (environment, folder, stage) per thread,
 * timeouts and failFast as interruptions that end with ABORTED, {@code retry}, {@code parallel}. The
 * declarative pipeline itself is run by {@link DeclarativeRun}.
 */
public final class PipelineExecutor {

    /** A stage while it runs: its row of the stage table, its parent, and the worst warning set inside it. */
    static final class StageRun {
        final StageRecord record;
        final StageRun parent;
        final String name;
        private Result warning = Result.SUCCESS;

        StageRun(StageRecord record, StageRun parent, String name) {
            this.record = record;
            this.parent = parent;
            this.name = name;
        }

        synchronized Result warning() {
            return warning;
        }
    }

    /**
     * Inside a {@code post} condition's body {@code currentBuild.result} reads the condition's logical result
     * (build result combined with the stage's and the error's), as Jenkins sets it for the body's duration.
     */
    static final class PostView {
        final Result logical;
        Result current;

        PostView(Result logical) {
            this.logical = logical;
            this.current = logical;
        }
    }

    /** What a thread runs in: extra environment, working directory, the stage it belongs to, a log prefix. */
    record Scope(Map<String, String> env, Path cwd, StageRun run, String logPrefix, PostView post) {
        Scope with(Map<String, String> extra) {
            Map<String, String> merged = new LinkedHashMap<>(env);
            merged.putAll(extra);
            return new Scope(merged, cwd, run, logPrefix, post);
        }

        Scope withCwd(Path dir) {
            return new Scope(env, dir, run, logPrefix, post);
        }

        Scope withStage(StageRun stage) {
            Map<String, String> merged = new LinkedHashMap<>(env);
            merged.put("STAGE_NAME", stage.name);
            return new Scope(merged, cwd, stage, logPrefix, post);
        }

        Scope withPrefix(String prefix) {
            return new Scope(env, cwd, run, prefix, post);
        }

        Scope withPost(PostView view) {
            return new Scope(env, cwd, run, logPrefix, view);
        }

        /** The stage table row of the stage this scope runs in, or null outside stages. */
        StageRecord stage() {
            return run == null ? null : run.record;
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
    /** Why a thread was interrupted: a timeout or a failing sibling branch. */
    private final Map<Thread, PipelineInterrupted> interruptions = new ConcurrentHashMap<>();
    /** Errors already printed where they happened, so the end of the build does not print them again. */
    private final Set<Throwable> logged = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mlsteps-timeout");
        t.setDaemon(true);
        return t;
    });
    private volatile Result result = Result.SUCCESS;
    private Map<String, Object> params;
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
        scope.set(new Scope(Map.of(), workspace, null, "", null));
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(settings.parameters()));
    }

    // ------------------------------------------------------------------ results

    public Result result() {
        return result;
    }

    /** Makes the build result worse (never better), as Jenkins' {@code Run.setResult}. */
    synchronized void worsen(Result r) {
        result = result.combine(r);
    }

    /**
     * A warning on the current stage (Jenkins' {@code WarningAction}: unstable, catchError's stageResult, a gate):
     * the stage and its enclosing stages show it, and their {@code post} conditions see it.
     */
    void worsenStage(Result r) {
        for (StageRun run = scope().run(); run != null; run = run.parent) {
            synchronized (run) {
                run.warning = run.warning.combine(r);
                run.record.result = Result.parse(run.record.result, "stage").combine(r).name();
            }
        }
    }

    /** An error left the stage: it shows the error's result (FAILURE, or ABORTED for an interruption). */
    void markStageFailed(StageRun run, Throwable error) {
        synchronized (run) {
            if (!"SKIPPED".equals(run.record.result)) {
                run.record.result = Result.parse(run.record.result, "stage")
                        .combine(PipelineInterrupted.resultOf(error)).name();
            }
            if (run.record.reason == null) {
                run.record.reason = describe(error);
            }
        }
    }

    /** The result of the previous completed build of this Jenkinsfile, or null on the first build. */
    Result previousResult() {
        return previous == null ? null : Result.parse(previous.result, "previous build");
    }

    /**
     * Jenkins' {@code BuildCondition.getCombinedResult}: the build result, combined with the warnings of the
     * stage (when judging a stage's post) and with the result of the error that is ending it.
     */
    Result combinedResult(Throwable error, StageRun stage) {
        Scope s = scope();
        Result build = s != null && s.post() != null ? s.post().current : result;
        Result combined = build;
        if (stage != null) {
            combined = combined.combine(stage.warning());
        }
        return error == null ? combined : combined.combine(PipelineInterrupted.resultOf(error));
    }

    /** {@code currentBuild.result}: the build result, or a post condition's logical result inside its body. */
    Result visibleResult() {
        Scope s = scope();
        return s != null && s.post() != null ? s.post().current : result;
    }

    /** {@code currentBuild.result = ...}: worse only; inside a post body it changes the logical result first. */
    void setResultFromScript(Result r) {
        Scope s = scope();
        if (s != null && s.post() != null) {
            synchronized (s.post()) {
                s.post().current = s.post().current.combine(r);
            }
        } else {
            worsen(r);
        }
        if (s != null && s.stage() != null && r != Result.SUCCESS && s.stage().reason == null) {
            s.stage().reason = "currentBuild.result = " + r;
        }
    }

    Scope scope() {
        return scope.get();
    }

    /** Changes the scope of this thread for the rest of what it runs (parameters as environment variables). */
    void replaceScope(Scope changed) {
        scope.set(changed);
    }

    Map<String, Object> params() {
        return params;
    }

    void setParams(Map<String, Object> values) {
        params = Collections.unmodifiableMap(values);
    }

    // ------------------------------------------------------------------ environment

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

    /** Prints an error where it happened ("ERROR: ..."), once. */
    void logError(Throwable e) {
        if (logged.add(e)) {
            log(e instanceof PipelineInterrupted ? e.getMessage() : "ERROR: " + describe(e));
        }
    }

    void note(String message) {
        synchronized (record) {
            record.notes.add(message);
        }
        log("[note] " + message);
    }

    /** A note given once per build (an argument not applied, said where it is first used). */
    void noteOnce(String message) {
        synchronized (record) {
            if (record.notes.contains(message)) {
                return;
            }
        }
        note(message);
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

    /** Stops a thread of this build for a reason (its steps end with that interruption). */
    void interrupt(Thread thread, PipelineInterrupted cause) {
        interruptions.putIfAbsent(thread, cause);
        thread.interrupt();
    }

    /** Throws the interruption of this thread, if any (and clears it: what follows runs normally). */
    void checkInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw interrupted();
        }
    }

    /** The interruption this thread received, clearing the thread's flag; a plain one when none was recorded. */
    PipelineInterrupted interrupted() {
        Thread.interrupted();
        PipelineInterrupted cause = interruptions.remove(Thread.currentThread());
        return cause != null ? cause : new PipelineInterrupted(Result.ABORTED, "Aborted", null);
    }

    /**
     * Runs a body with a time limit, as Jenkins' {@code timeout}: when it passes the body's steps are stopped
     * (a running sh is killed) and it ends ABORTED with "Timeout has been exceeded"; a body that catches the
     * interruption and returns ends normally. Past this timeout its interruption no longer counts as one from
     * outside, so an enclosing {@code retry} retries it.
     */
    <T> T withTimeout(Long millis, Supplier<T> body) {
        if (millis == null) {
            return body.get();
        }
        Thread thread = Thread.currentThread();
        Object source = new Object();
        AtomicBoolean fired = new AtomicBoolean();
        log("Timeout set to expire in " + Steps.human(millis));
        ScheduledFuture<?> alarm = timer.schedule(() -> {
            fired.set(true);
            log("Cancelling nested steps due to timeout");
            interrupt(thread, new PipelineInterrupted(Result.ABORTED, "Timeout has been exceeded", source));
        }, millis, TimeUnit.MILLISECONDS);
        try {
            return body.get();
        } catch (PipelineInterrupted e) {
            if (e.source() == source) {
                e.setActualInterruption(false);
            }
            throw e;
        } finally {
            alarm.cancel(false);
            if (fired.get()) {
                interruptions.remove(thread);
                Thread.interrupted();
            }
        }
    }

    /**
     * Jenkins' {@code retry(n)}: an error ends the attempt ("ERROR: ..." and "Retrying"); an interruption from
     * outside (a timeout around the retry, an abort) is not retried.
     */
    <T> T runWithRetry(int attempts, Supplier<T> body) {
        for (int left = Math.max(1, attempts); ; left--) {
            try {
                return body.get();
            } catch (RuntimeException e) {
                boolean fromOutside = e instanceof PipelineInterrupted i && i.isActualInterruption();
                if (left <= 1 || fromOutside) {
                    throw e;
                }
                log(e instanceof PipelineInterrupted ? e.getMessage() : "ERROR: " + describe(e));
                log("Retrying");
            }
        }
    }

    /**
     * Jenkins' {@code parallel}: every branch runs in its own thread with its own log prefix; the call waits
     * for all and then throws the first failure. With failFast, the first failure stops the other branches
     * ("Failed in branch X", ABORTED).
     */
    Map<String, Object> parallel(Map<String, Supplier<Object>> branches, boolean failFast) {
        Map<String, Object> results = new ConcurrentHashMap<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        Map<Thread, String> threads = new LinkedHashMap<>();
        Scope outer = scope();
        AtomicBoolean stopSent = new AtomicBoolean();
        for (Map.Entry<String, Supplier<Object>> branch : branches.entrySet()) {
            String name = branch.getKey();
            Scope branchScope = outer.withPrefix(outer.logPrefix() + "[" + name + "] ");
            Thread t = new Thread(() -> {
                scope.set(branchScope);
                try {
                    Object value = branch.getValue().get();
                    if (value != null) {
                        results.put(name, value);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                    if (failFast && !(e instanceof PipelineInterrupted) && stopSent.compareAndSet(false, true)) {
                        threads.keySet().forEach(other -> {
                            if (other != Thread.currentThread() && other.isAlive()) {
                                interrupt(other, new PipelineInterrupted(Result.ABORTED, "Failed in branch " + name, null));
                            }
                        });
                    }
                } finally {
                    interruptions.remove(Thread.currentThread());
                }
            }, "branch-" + name);
            threads.put(t, name);
        }
        threads.keySet().forEach(Thread::start);
        joinAll(new ArrayList<>(threads.keySet()));
        if (!failures.isEmpty()) {
            Throwable first = failures.stream().filter(e -> !(e instanceof PipelineInterrupted)).findFirst()
                    .orElse(failures.get(0));
            throw first instanceof RuntimeException r ? r : new PipelineError(describe(first), first);
        }
        return new LinkedHashMap<>(results);
    }

    /** Waits for the threads; an interruption of the waiting thread is passed on to them, then rethrown. */
    private void joinAll(List<Thread> threads) {
        PipelineInterrupted received = null;
        for (Thread t : threads) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    received = interrupted();
                    for (Thread other : threads) {
                        interrupt(other, received);
                    }
                }
            }
        }
        if (received != null) {
            throw received;
        }
    }

    // ------------------------------------------------------------------ stages

    StageRecord addStage(String name, int line) {
        StageRecord rec = new StageRecord(name, line);
        synchronized (record) {
            record.stages.add(rec);
        }
        return rec;
    }

    /** Opens a stage below the current one: its table row (named by its path), STAGE_NAME, its scope. */
    Scope openStage(String name, int line) {
        Scope outer = scope();
        StageRun parent = outer.run();
        String fullName = parent == null ? name : parent.record.name + " / " + name;
        StageRun run = new StageRun(addStage(fullName, line), parent, name);
        return outer.withStage(run);
    }

    /** Scripted {@code stage('name') { ... }}: an error fails the stage and propagates, as in Jenkins. */
    Object runScriptedStage(String name, Closure<?> body) {
        Scope stageScope = openStage(name, Lines.callerLine());
        StageRun run = stageScope.run();
        long start = System.nanoTime();
        return inScope(stageScope, () -> {
            log("");
            log("=== Stage: " + run.record.name + " ===");
            try {
                return callBody(body);
            } catch (RuntimeException e) {
                logError(e);
                markStageFailed(run, e);
                throw e;
            } finally {
                run.record.durationMillis = (System.nanoTime() - start) / 1_000_000;
            }
        });
    }

    /** Scripted {@code parallel a: {...}, b: {...}, failFast: true}: the branches' return values by name. */
    Object runScriptedParallel(Map<?, ?> branches) {
        boolean failFast = Boolean.TRUE.equals(branches.get("failFast"));
        Map<String, Supplier<Object>> bodies = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : branches.entrySet()) {
            String name = String.valueOf(entry.getKey());
            if (name.equals("failFast")) {
                continue;
            }
            if (!(entry.getValue() instanceof Closure<?> body)) {
                throw new PipelineError("parallel: branch '" + name + "' is not a closure");
            }
            bodies.put(name, () -> {
                try {
                    return callBody(body);
                } catch (RuntimeException e) {
                    logError(e);
                    throw e;
                }
            });
        }
        return parallel(bodies, failFast);
    }

    /** Ends the build with an error nothing caught: it is printed, and it gives the build its result. */
    void endWith(Throwable error) {
        logError(error);
        worsen(PipelineInterrupted.resultOf(error));
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
        return line > 0 && !(e instanceof JenkinsfileException) && !(e instanceof PipelineInterrupted)
                ? message + " (" + file + ":" + line + ")" : message;
    }

    private static String argTypes(Object[] args) {
        List<String> types = new ArrayList<>();
        for (Object a : args) {
            types.add(a == null ? "null" : a.getClass().getSimpleName());
        }
        return types.toString();
    }

    // ------------------------------------------------------------------ ML step folders

    /**
     * A fresh folder for an ML step in this build, in the layout the plugin shares
     * ({@code <runDir>/builds/<BUILD_NUMBER>/<step>}, then {@code <step>-2}, ... for later calls).
     */
    Path nextStepDir(String stepName) {
        int n = stepFolderCounts.merge(stepName, 1, Integer::sum);
        return buildDir.resolve(io.mlsteps.contract.result.StepFolders.name(stepName, n));
    }

    String jobName() {
        return settings.jobName();
    }

    void shutdown() {
        timer.shutdownNow();
    }
}
