package io.mlsteps.testing;

import io.mlsteps.util.StepLog;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Step logs whose lines a test reads back: what a user would see in the build log. */
public final class CapturedLog {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    /** A log of {@code step} (its lines prefixed {@code [step]}) writing into this capture. */
    public StepLog of(String step) {
        return new StepLog(out, step, false);
    }

    /** Everything logged so far. */
    public String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    public void clear() {
        bytes.reset();
    }
}
