package io.mlsteps.compare;

import io.mlsteps.contract.result.Criticality;

import java.util.Locale;

/** What {@code compareToBaseline} does when there is nothing to compare with (a first run). */
public enum MissingBaselinePolicy {
    /** Pass, with a note saying that nothing was compared. */
    PASS,
    /** Mark the build unstable. */
    UNSTABLE,
    /** Fail the build. */
    FAILURE;

    /** The criticality of the failed check this policy creates; null for PASS. */
    public Criticality criticality() {
        return switch (this) {
            case PASS -> null;
            case UNSTABLE -> Criticality.UNSTABLE;
            case FAILURE -> Criticality.FAILURE;
        };
    }

    public static MissingBaselinePolicy parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown onMissingBaseline '" + value + "'; expected PASS, UNSTABLE or FAILURE");
        }
    }
}
