package io.mlsteps.contract.result;

import io.mlsteps.contract.ArgumentException;

import java.util.Locale;

/**
 * How much a failed (or inconclusive) check matters, in the vocabulary of the Jenkins coverage and warnings-ng
 * plugins, and the one table of what it does everywhere:
 *
 * <table>
 * <caption>criticality of a failed check</caption>
 * <tr><th>criticality</th><th>step status (CLI exit)</th><th>stage</th><th>build</th><th>step fails</th></tr>
 * <tr><td>NOTE</td><td>UNSTABLE (1)</td><td>UNSTABLE</td><td>-</td><td>no</td></tr>
 * <tr><td>UNSTABLE</td><td>UNSTABLE (1)</td><td>UNSTABLE</td><td>UNSTABLE</td><td>no</td></tr>
 * <tr><td>ERROR</td><td>FAILURE (2)</td><td>FAILURE</td><td>-</td><td>yes, unless failOnError: false</td></tr>
 * <tr><td>FAILURE</td><td>FAILURE (2)</td><td>FAILURE</td><td>FAILURE</td><td>yes, unless failOnError: false</td></tr>
 * </table>
 */
public enum Criticality {
    NOTE(StepStatus.UNSTABLE, Outcome.Mark.UNSTABLE, Outcome.Mark.NONE),
    UNSTABLE(StepStatus.UNSTABLE, Outcome.Mark.UNSTABLE, Outcome.Mark.UNSTABLE),
    ERROR(StepStatus.FAILURE, Outcome.Mark.FAILURE, Outcome.Mark.NONE),
    FAILURE(StepStatus.FAILURE, Outcome.Mark.FAILURE, Outcome.Mark.FAILURE);

    private final StepStatus stepStatus;
    private final Outcome.Mark stage;
    private final Outcome.Mark build;

    Criticality(StepStatus stepStatus, Outcome.Mark stage, Outcome.Mark build) {
        this.stepStatus = stepStatus;
        this.stage = stage;
        this.build = build;
    }

    /** The step status a failed check of this criticality causes. */
    public StepStatus stepStatus() {
        return stepStatus;
    }

    /** The mark a failed check of this criticality puts on its stage. */
    public Outcome.Mark stageMark() {
        return stage;
    }

    /** The mark a failed check of this criticality puts on the whole build; NONE for NOTE and ERROR. */
    public Outcome.Mark buildMark() {
        return build;
    }

    /** Whether a failed check of this criticality changes the overall build result, not just the stage. */
    public boolean affectsBuild() {
        return build != Outcome.Mark.NONE;
    }

    /** Whether a failed check of this criticality fails the step (an error in the pipeline) by default. */
    public boolean failsStep() {
        return stepStatus == StepStatus.FAILURE;
    }

    /** Parses a user-supplied value case-insensitively, with an error that lists the valid values. */
    public static Criticality parse(String value) {
        if (value == null || value.isBlank()) {
            throw new ArgumentException("criticality", "is empty; expected one of NOTE, UNSTABLE, ERROR, FAILURE");
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ArgumentException("criticality", "is '" + value + "'; expected one of NOTE, UNSTABLE, ERROR, FAILURE");
        }
    }
}
