package io.mlsteps.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder until this command's issue lands: it says so and exits with the internal-error code. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve models over HTTP (predictions, health, readiness, metrics). (not available in this build yet)")
public class ServeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("mlsteps serve: not available in this build yet");
        return ExitCodes.INTERNAL;
    }
}
