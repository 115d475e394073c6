package io.mlsteps.contract.result;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the steps of one build write, the layout the plugin and the local runner share:
 * {@code <runDir>/builds/<BUILD_NUMBER>/<step>/} for a step's first call in the build, then {@code <step>-2/},
 * {@code <step>-3/}, ... for later calls. Declared once here so that the front ends that create the folders and
 * the steps that read an earlier step's folder (compareToBaseline's default candidate) cannot disagree.
 */
public final class StepFolders {
    private StepFolders() {
    }

    /** The folder name of the {@code call}-th call (from 1) of {@code step} in a build. */
    public static String name(String step, int call) {
        if (call < 1) {
            throw new IllegalArgumentException("call counts from 1: " + call);
        }
        return call == 1 ? step : step + "-" + call;
    }

    /** The build's folder relative to the run folder. */
    public static String build(int buildNumber) {
        return "builds/" + buildNumber;
    }

    /**
     * The folder of the latest call of {@code step} that exists in {@code buildDir} (the highest call number), or the
     * first call's folder when there is none, so that an error can name where it looked.
     */
    public static Path latest(Path buildDir, String step) {
        Path latest = buildDir.resolve(name(step, 1));
        for (int call = 2; Files.isDirectory(buildDir.resolve(name(step, call))); call++) {
            latest = buildDir.resolve(name(step, call));
        }
        return latest;
    }
}
