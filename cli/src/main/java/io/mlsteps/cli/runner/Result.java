package io.mlsteps.cli.runner;

import java.util.Locale;

/** A build or stage result, ordered from best to worst as in Jenkins; results only ever get worse. */
public enum Result {
    SUCCESS, UNSTABLE, FAILURE;

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
            throw new PipelineError(what + ": unknown result '" + value + "'; expected SUCCESS, UNSTABLE or FAILURE");
        }
    }

    public int exitCode() {
        return ordinal();
    }
}
