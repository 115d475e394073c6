package io.mlsteps.cli;

/** Exit codes of the {@code mlsteps} command, as the design fixes them. */
public final class ExitCodes {
    public static final int PASSED = 0;
    public static final int UNSTABLE = 1;
    public static final int FAILURE = 2;
    public static final int USAGE_OR_INPUT = 3;
    public static final int INTERNAL = 4;

    private ExitCodes() {
    }
}
