package io.mlsteps.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder until this command's issue lands: it says so and exits with the internal-error code. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Write an index.html over the local build history with metric trends. (not available in this build yet)")
public class ReportCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("mlsteps report: not available in this build yet");
        return ExitCodes.INTERNAL;
    }
}
