package io.mlsteps.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder until this command's issue lands: it says so and exits with the internal-error code. */
@Command(name = "compare", mixinStandardHelpOptions = true, description = "compareToBaseline: compare a candidate with a baseline, noise-aware. (not available in this build yet)")
public class CompareCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("mlsteps compare: not available in this build yet");
        return ExitCodes.INTERNAL;
    }
}
