package io.mlsteps.cli.runner;

import groovy.lang.Closure;
import io.mlsteps.cli.runner.Declarative.OptionsDef;
import io.mlsteps.cli.runner.Declarative.Parameter;
import io.mlsteps.cli.runner.Declarative.PipelineDef;
import io.mlsteps.cli.runner.Declarative.PostDef;
import io.mlsteps.cli.runner.Declarative.StageDef;
import io.mlsteps.cli.runner.Declarative.Wrapper;
import io.mlsteps.cli.runner.PipelineExecutor.PostView;
import io.mlsteps.cli.runner.PipelineExecutor.Scope;
import io.mlsteps.cli.runner.PipelineExecutor.StageRun;
import io.mlsteps.util.InputException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs a declarative pipeline as Jenkins' {@code ModelInterpreter} does. The error that ends a stage is
 * carried along its sequence of stages (each parallel branch has its own): a later stage is skipped only
 * when an error propagated ("skipped due to earlier failure(s)"), not when the build result is merely
 * FAILURE (catchError, currentBuild.result). {@code skipStagesAfterUnstable} skips while the build result
 * is UNSTABLE, also inside parallel branches. Post conditions run in Jenkins' order, each judging the
 * build result combined with the stage's warnings and the error ending it; the pipeline's options wrap the
 * stages and the pipeline's post.
 */
final class DeclarativeRun {
    /** Jenkins' post conditions in their extension ordinal order (highest first). */
    static final List<String> POST_ORDER = List.of("always", "changed", "fixed", "regression", "aborted", "success",
            "unsuccessful", "unstable", "failure", "notBuilt", "cleanup");

    private final PipelineExecutor executor;
    private final PipelineDef pipeline;

    private DeclarativeRun(PipelineExecutor executor, PipelineDef pipeline) {
        this.executor = executor;
        this.pipeline = pipeline;
    }

    static void run(PipelineExecutor executor, PipelineDef pipeline) {
        new DeclarativeRun(executor, pipeline).run();
    }

    /** Why a stage is skipped, with Jenkins' log line. */
    enum Skip {
        FAILURE("earlier failure(s)"), UNSTABLE("earlier stage(s) marking the build as unstable"),
        WHEN("when conditional");

        final String text;

        Skip(String text) {
            this.text = text;
        }
    }

    private void run() {
        if (pipeline.parametersBlock != null) {
            EnvironmentResolver environment = pipeline.environment == null ? null
                    : new EnvironmentResolver(executor, pipeline.environment);
            Declarative.configure(pipeline.parametersBlock,
                    new Declarative.ParametersBuilder(pipeline.parameters, environment));
        }
        resolveParameters(pipeline.parameters);
        Throwable firstError = null;
        boolean[] postRun = {false};
        Scope pipelineScope = executor.scope();
        try {
            if (pipeline.environment != null) {
                pipelineScope = new EnvironmentResolver(executor, pipeline.environment).scope(pipelineScope);
            }
            executor.inScope(pipelineScope, () -> {
                if (pipeline.optionsBlock != null) {
                    Declarative.configure(pipeline.optionsBlock, new Declarative.OptionsBuilder(pipeline.options));
                }
                if (pipeline.triggersBlock != null) {
                    Declarative.configure(pipeline.triggersBlock, new Declarative.TriggersBuilder(pipeline.triggers));
                }
                return null;
            });
            noteWhatDoesNotApply();
            executor.inScope(pipelineScope, () -> inWrappers(pipeline.options, () -> {
                Throwable error = evaluateSequentialStages(pipeline.stages, null, null, null);
                postRun[0] = true;
                error = runPostBuild(error);
                if (error != null) {
                    throw asRuntime(error);
                }
                return null;
            }));
        } catch (RuntimeException e) {
            firstError = e;
        }
        if (!postRun[0]) {
            Throwable error = firstError;
            firstError = executor.inScope(pipelineScope, () -> runPostBuild(error));
        }
        if (firstError != null) {
            executor.endWith(firstError);
        }
    }

    private void noteWhatDoesNotApply() {
        if (!"not declared".equals(pipeline.agent)) {
            executor.note("agent " + pipeline.agent + ": noted, not enforced (steps run on this machine)");
        }
        for (String option : pipeline.options.noted) {
            executor.note("option " + option + ": noted, has no effect in a local run");
        }
        for (String trigger : pipeline.triggers) {
            executor.note("trigger " + trigger + ": noted; a local run is started by hand");
        }
    }

    /** Declared parameters with their defaults, overridden by {@code -p name=value}; an unknown name is an error. */
    private void resolveParameters(Map<String, Parameter> declared) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Parameter p : declared.values()) {
            values.put(p.name(), p.defaultValue());
        }
        for (Map.Entry<String, String> given : executor.settings.parameters().entrySet()) {
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
        executor.setParams(values);
        executor.record.parameters.clear();
        executor.record.parameters.putAll(values);
        Map<String, String> asEnv = new LinkedHashMap<>();
        values.forEach((k, v) -> asEnv.put(k, String.valueOf(v)));
        executor.replaceScope(executor.scope().with(asEnv));
    }

    /** The options' timeout and retry around a body, in the order written (the first is the outermost). */
    private <T> T inWrappers(OptionsDef options, Supplier<T> body) {
        return wrap(options.wrappers, 0, body);
    }

    private <T> T wrap(List<Wrapper> wrappers, int index, Supplier<T> body) {
        if (index == wrappers.size()) {
            return body.get();
        }
        Wrapper w = wrappers.get(index);
        Supplier<T> inner = () -> wrap(wrappers, index + 1, body);
        return w.name().equals("timeout") ? executor.withTimeout(w.amount(), inner)
                : executor.runWithRetry((int) w.amount(), inner);
    }

    /** Stages one after the other; returns the first error (the one later stages are skipped for). */
    private Throwable evaluateSequentialStages(List<StageDef> stages, Throwable firstError, StageDef parent,
                                              Skip skip) {
        try {
            for (StageDef stage : stages) {
                try {
                    evaluateStage(stage, firstError, skip);
                } catch (RuntimeException e) {
                    if (firstError == null) {
                        firstError = e;
                    }
                }
            }
        } finally {
            // the post of a stage holding sequential stages runs inside that stage, after them
            if (skip == null && parent != null) {
                firstError = runPostConditions(parent.post, firstError, executor.scope().run());
            }
        }
        return firstError;
    }

    private void evaluateStage(StageDef stage, Throwable firstError, Skip inheritedSkip) {
        Scope stageScope = executor.openStage(stage.name, stage.line);
        StageRun run = stageScope.run();
        long start = System.nanoTime();
        executor.inScope(stageScope, () -> {
            Skip skip = inheritedSkip != null ? inheritedSkip
                    : firstError != null ? Skip.FAILURE : skipUnstable() ? Skip.UNSTABLE : null;
            Throwable error = firstError;
            try {
                if (skip != null) {
                    skipStage(stage, run, skip, firstError);
                } else {
                    skip = enter(stage, run);
                }
            } catch (RuntimeException e) {
                executor.markStageFailed(run, e);
                if (error == null) {
                    error = e;
                }
            } finally {
                if (skip == null && stage.isParallel()) {
                    error = runPostConditions(stage.post, error, run);
                }
                run.record.durationMillis = (System.nanoTime() - start) / 1_000_000;
            }
            if (error != null) {
                throw asRuntime(error);
            }
            return null;
        });
    }

    /**
     * A stage that is not skipped: its options, its when (before the options with beforeOptions, else inside
     * them), then its content; returns {@link Skip#WHEN} when the condition is false.
     */
    private Skip enter(StageDef stage, StageRun run) {
        executor.log("");
        executor.log("=== Stage: " + run.record.name + " ===");
        stage.readOptions();
        noteStage(stage, run);
        WhenCheck when = new WhenCheck(stage.when);
        if (when.passedOrNotEvaluated(stage.when != null && stage.when.beforeOptions)) {
            inWrappers(stage.options, () -> {
                if (when.passedOrNotEvaluated(true)) {
                    runStageContent(stage);
                }
                return null;
            });
        }
        if (when.passed) {
            return null;
        }
        run.record.reason = "when " + Declarative.describeAll(when.conditions, " and ") + " is false";
        skipStage(stage, run, Skip.WHEN, null);
        return Skip.WHEN;
    }

    /** Jenkins' WhenEvaluator: the conditions are made and evaluated once, when first asked to now; a pass is kept. */
    private final class WhenCheck {
        private final Declarative.WhenDef when;
        boolean passed;
        List<Declarative.Condition> conditions = List.of();

        WhenCheck(Declarative.WhenDef when) {
            this.when = when;
            this.passed = when == null;
        }

        boolean passedOrNotEvaluated(boolean evaluateNow) {
            if (passed || !evaluateNow) {
                return true;
            }
            conditions = when.conditions();
            passed = conditions.stream().allMatch(c -> c.test(executor));
            return passed;
        }
    }

    private void noteStage(StageDef stage, StageRun run) {
        if (stage.agent != null) {
            executor.note("stage '" + run.record.name + "' agent " + stage.agent + ": noted, not enforced");
        }
        for (String option : stage.options.noted) {
            executor.note("stage '" + run.record.name + "' option " + option + ": noted, has no effect in a local run");
        }
    }

    /** After a passing when: the stage's environment, then its parallel branches, nested stages or steps. */
    private void runStageContent(StageDef stage) {
        Scope bodyScope = stage.environment == null ? executor.scope()
                : new EnvironmentResolver(executor, stage.environment).scope(executor.scope());
        executor.inScope(bodyScope, () -> {
            if (stage.isParallel()) {
                runParallel(stage, null);
            } else if (!stage.stages.isEmpty()) {
                Throwable nested = evaluateSequentialStages(stage.stages, null, stage, null);
                if (nested != null) {
                    throw asRuntime(nested);
                }
            } else {
                executeSingleStage(stage);
            }
            return null;
        });
    }

    /** A stage's steps, then its post with the steps' error; the error (or the post's) propagates. */
    private void executeSingleStage(StageDef stage) {
        StageRun run = executor.scope().run();
        Throwable stageError = null;
        try {
            executor.callBody(stage.steps);
        } catch (RuntimeException e) {
            executor.logError(e);
            executor.markStageFailed(run, e);
            stageError = e;
        } finally {
            stageError = runPostConditions(stage.post, stageError, run);
        }
        if (stageError != null) {
            throw asRuntime(stageError);
        }
    }

    /** The branches of a parallel stage; failFast there or parallelsAlwaysFailFast stops the others. */
    private void runParallel(StageDef stage, Skip skip) {
        Map<String, Supplier<Object>> branches = new LinkedHashMap<>();
        for (StageDef branch : stage.parallel) {
            branches.put(branch.name, () -> {
                evaluateStage(branch, null, skip);
                return null;
            });
        }
        boolean failFast = skip == null && (stage.failFast || pipeline.options.parallelsAlwaysFailFast);
        executor.parallel(branches, failFast);
    }

    /** A skipped stage, and every stage inside it, with Jenkins' reason. */
    private void skipStage(StageDef stage, StageRun run, Skip skip, Throwable firstError) {
        executor.log("Stage \"" + stage.name + "\" skipped due to " + skip.text);
        run.record.result = "SKIPPED";
        if (run.record.reason == null) {
            run.record.reason = skip == Skip.FAILURE ? "earlier failure" : skip == Skip.UNSTABLE
                    ? "earlier unstable result" : skip.text;
        }
        if (stage.isParallel()) {
            runParallel(stage, skip);
        } else if (!stage.stages.isEmpty()) {
            evaluateSequentialStages(stage.stages, firstError, stage, skip);
        }
    }

    private boolean skipUnstable() {
        return pipeline.options.skipStagesAfterUnstable && executor.result() == Result.UNSTABLE;
    }

    /** The pipeline's post, in the synthetic stage Jenkins runs it in (STAGE_NAME "Declarative: Post Actions"). */
    private Throwable runPostBuild(Throwable error) {
        if (pipeline.post.conditions.isEmpty()) {
            return error;
        }
        Scope postScope = executor.scope().with(Map.of("STAGE_NAME", "Declarative: Post Actions"));
        return executor.inScope(postScope, () -> runPostConditions(pipeline.post, error, null));
    }

    /**
     * Jenkins' {@code runPostConditions}: every condition in order, each judged on the current state (an
     * earlier body may have changed it); a failing body is reported and becomes the error if there was none.
     */
    Throwable runPostConditions(PostDef post, Throwable error, StageRun stage) {
        if (post.conditions.isEmpty() || !anySatisfied(post, error, stage)) {
            return error;
        }
        executor.log(stage == null ? "--- Declarative: Post Actions" : "--- Post stage (" + stage.record.name + ")");
        for (String condition : POST_ORDER) {
            Closure<?> body = post.conditions.get(condition);
            if (body == null || !satisfied(condition, error, stage)) {
                continue;
            }
            PostView view = new PostView(executor.combinedResult(error, stage));
            executor.log("--- post (" + condition + ")");
            try {
                executor.inScope(executor.scope().withPost(view), () -> executor.callBody(body));
            } catch (RuntimeException e) {
                executor.log("Error when executing " + condition + " post condition:");
                executor.logError(e);
                if (stage != null) {
                    executor.markStageFailed(stage, e);
                }
                if (error == null) {
                    error = e;
                }
            } finally {
                // a result the body set stays; the logical result it read does not (as Jenkins resets it)
                if (view.current != view.logical) {
                    executor.worsen(view.current);
                }
            }
        }
        return error;
    }

    private boolean anySatisfied(PostDef post, Throwable error, StageRun stage) {
        return POST_ORDER.stream().anyMatch(c -> post.conditions.containsKey(c) && satisfied(c, error, stage));
    }

    /** Jenkins' build conditions; changed, fixed and regression compare the build (not the stage) with the last one. */
    private boolean satisfied(String condition, Throwable error, StageRun stage) {
        Result previous = executor.previousResult();
        Result build = executor.combinedResult(error, null);
        Result combined = executor.combinedResult(error, stage);
        return switch (condition) {
            case "always", "cleanup" -> true;
            case "changed" -> previous == null || build != previous;
            case "fixed" -> previous != null && build == Result.SUCCESS
                    && (previous == Result.FAILURE || previous == Result.UNSTABLE);
            case "regression" -> previous != null && build.isWorseThan(previous);
            case "aborted" -> combined == Result.ABORTED;
            case "success" -> combined == Result.SUCCESS;
            case "unsuccessful" -> combined != Result.SUCCESS;
            case "unstable" -> combined == Result.UNSTABLE;
            case "failure" -> combined == Result.FAILURE;
            case "notBuilt" -> combined == Result.NOT_BUILT;
            default -> false;
        };
    }

    private static RuntimeException asRuntime(Throwable e) {
        return e instanceof RuntimeException r ? r : new PipelineError(e.toString(), e);
    }
}
