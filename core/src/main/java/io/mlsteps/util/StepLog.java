package io.mlsteps.util;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The build log of a step. Everything a step says goes here, prefixed with the step name, so a Jenkins
 * console, a GitHub Actions log and a terminal all read the same.
 */
public class StepLog {
    private final PrintStream out;
    private final String prefix;
    private final boolean terminal;

    public StepLog(PrintStream out, String step, boolean terminal) {
        this.out = out;
        this.prefix = "[" + step + "] ";
        this.terminal = terminal;
    }

    /** A log that prints nothing, for library use and tests. */
    public static StepLog silent() {
        return new StepLog(new PrintStream(java.io.OutputStream.nullOutputStream()), "", false);
    }

    public void info(String message) {
        out.println(prefix + message);
        out.flush();
    }

    public void info(String format, Object... args) {
        info(String.format(Locale.ROOT, format, args));
    }

    public void warn(String message) {
        info("WARNING: " + message);
    }

    public boolean isTerminal() {
        return terminal;
    }

    public PrintStream stream() {
        return out;
    }

    /** Progress of a long read or training: see {@link Progress}. */
    public Progress progress(String what, long total) {
        return new Progress(this, what, total);
    }
}
