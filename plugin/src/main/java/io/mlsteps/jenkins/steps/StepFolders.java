package io.mlsteps.jenkins.steps;

import hudson.FilePath;
import hudson.model.Run;

import java.io.IOException;

/**
 * Where one ML step writes in the workspace, in the layout the local runner ({@code mlsteps run}) uses too:
 * {@code <runDir>/builds/<BUILD_NUMBER>/<step>/}, and {@code <step>-2/}, {@code <step>-3/}, ... for later calls of
 * the same step in the build. A build never overwrites another build's outputs, two calls in one build never
 * share a folder, and the step's return value names the folder and its files, so Jenkinsfiles need no paths.
 */
final class StepFolders {
    /** Steps of parallel branches choose their folders one at a time. */
    private static final Object LOCK = new Object();

    private StepFolders() {
    }

    /** The folder of the {@code call}-th call (from 1) of a step in a build, relative to the run folder. */
    static String relative(int buildNumber, String step, int call) {
        return io.mlsteps.contract.result.StepFolders.build(buildNumber) + "/"
                + io.mlsteps.contract.result.StepFolders.name(step, call);
    }

    /** Creates and returns the first folder of this step in this build that does not exist yet. */
    static FilePath next(FilePath workspace, String runDir, Run<?, ?> run, String step)
            throws IOException, InterruptedException {
        FilePath runFolder = workspace.child(runDir);
        synchronized (LOCK) {
            for (int call = 1; ; call++) {
                FilePath dir = runFolder.child(relative(run.getNumber(), step, call));
                if (!dir.exists()) {
                    dir.mkdirs();
                    return dir;
                }
            }
        }
    }
}
