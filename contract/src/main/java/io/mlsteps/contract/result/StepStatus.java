package io.mlsteps.contract.result;

/** Outcome of a step as a CI system sees it; ordered from best to worst. */
public enum StepStatus {
    SUCCESS(0), UNSTABLE(1), FAILURE(2);

    private final int exitCode;

    StepStatus(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The CLI exit code of a step that ran to its end with this status (0, 1 or 2). */
    public int exitCode() {
        return exitCode;
    }

    public boolean isWorseThan(StepStatus other) {
        return ordinal() > other.ordinal();
    }

    public StepStatus combine(StepStatus other) {
        return other.isWorseThan(this) ? other : this;
    }
}
