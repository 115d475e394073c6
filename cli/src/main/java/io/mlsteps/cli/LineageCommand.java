package io.mlsteps.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder until this command's issue lands: it says so and exits with the internal-error code. */
@Command(name = "lineage", mixinStandardHelpOptions = true, description = "Walk the lineage of a model version (text, JSON, DOT, PNG). (not available in this build yet)")
public class LineageCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("mlsteps lineage: not available in this build yet");
        return ExitCodes.INTERNAL;
    }
}
