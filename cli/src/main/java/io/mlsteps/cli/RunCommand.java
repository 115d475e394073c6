package io.mlsteps.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder until this command's issue lands: it says so and exits with the internal-error code. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run a Jenkinsfile locally with the real steps. (not available in this build yet)")
public class RunCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("mlsteps run: not available in this build yet");
        return ExitCodes.INTERNAL;
    }
}
