package io.mlsteps.step;

import io.mlsteps.util.InputException;

/** Checks on request arguments shared by all steps, so every front end gets the same messages. */
public final class Requests {
    private Requests() {
    }

    /** Returns the value, or fails with an input error naming the argument and what it should hold. */
    public static <T> T require(T value, String argument, String what) {
        if (value == null || (value instanceof String s && s.isBlank())
                || (value instanceof java.util.Collection<?> c && c.isEmpty())) {
            throw new InputException(argument, "is required: " + what);
        }
        return value;
    }
}
