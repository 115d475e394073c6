package io.mlsteps.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder until this command's issue lands: it says so and exits with the internal-error code. */
@Command(name = "registry", mixinStandardHelpOptions = true, description = "Inspect and manage the model registry (list, show, alias, history, download, gc). (not available in this build yet)")
public class RegistryCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("mlsteps registry: not available in this build yet");
        return ExitCodes.INTERNAL;
    }
}
