package io.mlsteps.cli.runner;

/**
 * The body of a step was stopped from outside, as Jenkins' {@code FlowInterruptedException}: a timeout
 * ("Timeout has been exceeded"), a failing sibling branch under failFast ("Failed in branch X"). It ends the
 * stage and, unless caught, the build with its result (ABORTED), not FAILURE.
 */
public class PipelineInterrupted extends PipelineError {
    private final Result result;
    /** The timeout that fired; null for other causes. A timeout's own interruption, once past it, is retried. */
    private final transient Object source;
    private volatile boolean actualInterruption = true;

    public PipelineInterrupted(Result result, String cause, Object source) {
        super(cause);
        this.result = result;
        this.source = source;
    }

    public Result result() {
        return result;
    }

    Object source() {
        return source;
    }

    /** False once a timeout's interruption has left that timeout: an enclosing {@code retry} then retries it. */
    public boolean isActualInterruption() {
        return actualInterruption;
    }

    void setActualInterruption(boolean actual) {
        actualInterruption = actual;
    }

    /** The result an error gives the stage and build it ends: its own for an interruption, else FAILURE. */
    static Result resultOf(Throwable error) {
        return error instanceof PipelineInterrupted i ? i.result() : Result.FAILURE;
    }
}
