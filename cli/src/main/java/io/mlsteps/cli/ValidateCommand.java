package io.mlsteps.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder until this command's issue lands: it says so and exits with the internal-error code. */
@Command(name = "validate", mixinStandardHelpOptions = true, description = "validateData: validate a data file against a schema. (not available in this build yet)")
public class ValidateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("mlsteps validate: not available in this build yet");
        return ExitCodes.INTERNAL;
    }
}
