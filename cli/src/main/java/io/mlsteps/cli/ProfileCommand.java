package io.mlsteps.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder until this command's issue lands: it says so and exits with the internal-error code. */
@Command(name = "profile", mixinStandardHelpOptions = true, description = "Profile a data file (per-column statistics and sketches) and write the profile artifact. (not available in this build yet)")
public class ProfileCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("mlsteps profile: not available in this build yet");
        return ExitCodes.INTERNAL;
    }
}
