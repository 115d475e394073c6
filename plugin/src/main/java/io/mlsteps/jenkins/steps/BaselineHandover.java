package io.mlsteps.jenkins.steps;

import hudson.FilePath;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.mlsteps.contract.steps.BaselineHandover.Evaluation;
import io.mlsteps.jenkins.results.MlRunAction;

import java.io.File;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The contract's "last successful build" rule ({@link io.mlsteps.contract.steps.BaselineHandover}) with Jenkins'
 * build history as the lookup: this job's newest earlier build that ended SUCCESS or UNSTABLE and evaluated a
 * model; its evaluation's result.json is copied next to the step's request and handed over as
 * {@code previousResult}.
 */
final class BaselineHandover {
    private static final int MAX_BUILDS_SEARCHED = 100;

    private BaselineHandover() {
    }

    static void apply(String step, Map<String, Object> arguments, Run<?, ?> run, FilePath stepDir, TaskListener listener)
            throws Exception {
        io.mlsteps.contract.steps.BaselineHandover.apply(step, arguments, () -> lastSuccessfulEvaluation(run, stepDir))
                .ifPresent(line -> listener.getLogger().println("mlsteps: " + line));
    }

    private static Optional<Evaluation> lastSuccessfulEvaluation(Run<?, ?> run, FilePath stepDir)
            throws IOException, InterruptedException {
        Run<?, ?> previous = run.getPreviousBuild();
        for (int i = 0; previous != null && i < MAX_BUILDS_SEARCHED; i++, previous = previous.getPreviousBuild()) {
            Result result = previous.getResult();
            MlRunAction action = previous.getAction(MlRunAction.class);
            if (result == null || result.isWorseThan(Result.UNSTABLE) || action == null) {
                continue;
            }
            File evaluation = action.lastResultFile("evaluateModel");
            if (evaluation != null) {
                FilePath target = stepDir.child("baseline-" + previous.getNumber() + ".json");
                new FilePath(evaluation).copyTo(target);
                return Optional.of(new Evaluation(previous.getFullDisplayName(), target.getRemote()));
            }
        }
        return Optional.empty();
    }
}
