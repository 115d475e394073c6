package io.mlsteps.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder until this command's issue lands: it says so and exits with the internal-error code. */
@Command(name = "drift", mixinStandardHelpOptions = true, description = "checkDrift: data, prediction and performance drift. (not available in this build yet)")
public class DriftCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("mlsteps drift: not available in this build yet");
        return ExitCodes.INTERNAL;
    }
}
