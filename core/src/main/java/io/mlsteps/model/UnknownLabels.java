package io.mlsteps.model;

import io.mlsteps.util.InputException;

import java.util.Locale;

/**
 * What an evaluation does with a row whose true label is not a class of the model ({@code BAD} where the model
 * knows {@code bad} and {@code good}): such a row would turn a two-class task into three and change every metric,
 * so it is never scored silently.
 */
public enum UnknownLabels {
    /** Stop with an input error naming the file, the line and the model's classes (the default). */
    FAIL,
    /** Leave such rows out of the metrics, counted: metric {@code unknown_label_rows}, a NOTE check and a log line. */
    EXCLUDE;

    /** The metric counting the rows left out. */
    public static final String METRIC = "unknown_label_rows";

    /** The value of a user argument ({@code fail} or {@code exclude}, any case; null for the default). */
    public static UnknownLabels parse(String value, String argument) {
        if (value == null || value.isBlank()) {
            return FAIL;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InputException(argument, "is '" + value + "'; expected fail or exclude");
        }
    }

    /** The argument's value as users write it. */
    public String argument() {
        return name().toLowerCase(Locale.ROOT);
    }
}
