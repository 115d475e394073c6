package io.mlsteps.validate;

import io.mlsteps.contract.result.Criticality;

/**
 * The typed anomaly codes validation reports. Each code is a check whose criticality the user can set
 * ({@code anomalyCriticality: [UNEXPECTED_COLUMN: 'NOTE']}, or {@code OFF} to skip it); the defaults below
 * fail the build only on anomalies that break a downstream step.
 */
public enum Anomaly {
    MISSING_COLUMN(Criticality.FAILURE, "a column of the schema is absent from the data"),
    UNEXPECTED_COLUMN(Criticality.UNSTABLE, "the data has a column the schema does not list"),
    TYPE_MISMATCH(Criticality.FAILURE, "values do not parse as the column's declared type"),
    MISSING_RATIO_ABOVE(Criticality.UNSTABLE, "more values are missing than the schema allows"),
    OUT_OF_RANGE(Criticality.UNSTABLE, "numeric values fall outside the schema's [min, max] more often than tolerated"),
    UNSEEN_CATEGORY(Criticality.UNSTABLE, "categorical values outside the schema's domain exceed the rare-value tolerance"),
    CONSTANT_COLUMN(Criticality.NOTE, "a column holds a single value (or none) although the reference varied"),
    DUPLICATE_ROWS(Criticality.NOTE, "identical rows exceed the schema's maximum duplicate ratio"),
    EMPTY_DATASET(Criticality.FAILURE, "the data has no rows"),
    NAN_OR_INFINITE(Criticality.UNSTABLE, "a numeric column holds NaN or infinite values"),
    BANNED_COLUMN(Criticality.FAILURE, "the data has a column the schema bans (e.g. personal data)"),
    LABEL_IMBALANCE(Criticality.UNSTABLE, "the rarest label class is below the schema's minimum share"),
    TOO_FEW_ROWS(Criticality.FAILURE, "the data has fewer rows than the schema's minRows"),
    PATTERN_MISMATCH(Criticality.FAILURE, "values do not match the column's regular expression"),
    VALUE_NOT_ALLOWED(Criticality.FAILURE, "values are not in the column's allowedValues"),
    NOT_UNIQUE(Criticality.FAILURE, "a column declared unique repeats values");

    private final Criticality defaultCriticality;
    private final String meaning;

    Anomaly(Criticality defaultCriticality, String meaning) {
        this.defaultCriticality = defaultCriticality;
        this.meaning = meaning;
    }

    public Criticality defaultCriticality() {
        return defaultCriticality;
    }

    /** What the code means, in a sentence fragment. */
    public String meaning() {
        return meaning;
    }

    /** Parses a code name case-insensitively, with an error listing the valid codes. */
    public static Anomaly parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown anomaly code '" + text + "'; expected one of "
                    + java.util.Arrays.toString(values()));
        }
    }
}
