package io.mlsteps.cli.runner;

/**
 * A step failed the way Jenkins' {@code error} or a failing {@code sh} fails: the stage fails, the build
 * becomes FAILURE unless a {@code catchError} around it decides otherwise, and {@code post} still runs.
 */
public class PipelineError extends RuntimeException {
    public PipelineError(String message) {
        super(message);
    }

    public PipelineError(String message, Throwable cause) {
        super(message, cause);
    }
}
