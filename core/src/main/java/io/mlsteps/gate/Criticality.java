package io.mlsteps.gate;

import io.mlsteps.step.StepStatus;

/**
 * How much a failed check matters, in the vocabulary of the Jenkins coverage and warnings-ng plugins.
 * NOTE marks only the stage unstable, UNSTABLE also the build; ERROR fails only the stage (the step),
 * FAILURE also the build.
 */
public enum Criticality {
    NOTE, UNSTABLE, ERROR, FAILURE;

    /** The step status a failed check of this criticality causes. */
    public StepStatus stepStatus() {
        return this == NOTE || this == UNSTABLE ? StepStatus.UNSTABLE : StepStatus.FAILURE;
    }

    /** Whether a failed check of this criticality changes the overall build result, not just the stage. */
    public boolean affectsBuild() {
        return this == UNSTABLE || this == FAILURE;
    }

    /** Parses a user-supplied value case-insensitively, with an error that lists the valid values. */
    public static Criticality parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("criticality is empty; expected one of NOTE, UNSTABLE, ERROR, FAILURE");
        }
        try {
            return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown criticality '" + value + "'; expected one of NOTE, UNSTABLE, ERROR, FAILURE");
        }
    }
}
