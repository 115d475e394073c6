package io.mlsteps.jenkins.steps;

import hudson.FilePath;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.mlsteps.jenkins.results.MlRunAction;

import java.io.File;
import java.io.IOException;
import java.util.Map;

/**
 * {@code compareToBaseline(baseline: 'lastSuccessfulBuild')}: the plugin finds this job's last successful
 * (or unstable) build that evaluated a model, copies that evaluation's result.json next to the step's request
 * and passes it as {@code previousResult} (the engine's "last successful build's result"). Without such a build
 * no baseline is passed and the step's {@code onMissingBaseline} decides.
 */
final class BaselineHandover {
    static final String LAST_SUCCESSFUL_BUILD = "lastSuccessfulBuild";
    private static final int MAX_BUILDS_SEARCHED = 100;

    private BaselineHandover() {
    }

    static void apply(String step, Map<String, Object> arguments, Run<?, ?> run, FilePath stepDir, TaskListener listener)
            throws IOException, InterruptedException {
        if (!step.equals(CompareToBaselineStep.FUNCTION_NAME)
                || !LAST_SUCCESSFUL_BUILD.equals(arguments.get("baseline"))) {
            return;
        }
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
                arguments.put("baseline", null);
                if (arguments.get("previousResult") == null) {
                    arguments.put("previousResult", target.getRemote());
                }
                listener.getLogger().println("mlsteps: baseline is the evaluation of " + previous.getFullDisplayName());
                return;
            }
        }
        listener.getLogger().println("mlsteps: no earlier successful build of this job evaluated a model;"
                + " the baseline is missing (onMissingBaseline decides)");
        arguments.put("baseline", null);
    }
}
