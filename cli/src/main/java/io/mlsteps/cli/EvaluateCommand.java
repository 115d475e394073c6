package io.mlsteps.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder until this command's issue lands: it says so and exits with the internal-error code. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "evaluateModel: evaluate a model or a predictions file. (not available in this build yet)")
public class EvaluateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("mlsteps evaluate: not available in this build yet");
        return ExitCodes.INTERNAL;
    }
}
