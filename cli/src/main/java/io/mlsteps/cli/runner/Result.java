package io.mlsteps.cli.runner;

import java.util.Locale;

/**
 * A build or stage result, ordered from best to worst as Jenkins' {@code hudson.model.Result}
 * (SUCCESS, UNSTABLE, FAILURE, NOT_BUILT, ABORTED); a build's result only ever gets worse.
 */
public enum Result {
    SUCCESS(0), UNSTABLE(1), FAILURE(2), NOT_BUILT(6), ABORTED(5);

    private final int exitCode;

    Result(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The worse of the two, as Jenkins' {@code Result.combine}. */
    public Result combine(Result other) {
        return other != null && other.ordinal() > ordinal() ? other : this;
    }

    public boolean isWorseThan(Result other) {
        return ordinal() > other.ordinal();
    }

    /** Parses a result name as Jenkinsfiles write it ('UNSTABLE', 'failure'). */
    public static Result parse(Object value, String what) {
        String text = String.valueOf(value).trim().toUpperCase(Locale.ROOT);
        try {
            return valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new PipelineError(what + " is invalid: " + value
                    + ". Valid options are SUCCESS, UNSTABLE, FAILURE, NOT_BUILT and ABORTED.");
        }
    }

    /** The exit code of {@code mlsteps run}: 0, 1, 2 as for a step; 5 ABORTED, 6 NOT_BUILT (3 and 4 are taken). */
    public int exitCode() {
        return exitCode;
    }
}
