package io.mlsteps.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder until this command's issue lands: it says so and exits with the internal-error code. */
@Command(name = "register", mixinStandardHelpOptions = true, description = "registerModel: register a model version in the registry. (not available in this build yet)")
public class RegisterCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("mlsteps register: not available in this build yet");
        return ExitCodes.INTERNAL;
    }
}
