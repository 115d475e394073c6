package io.mlsteps.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder until this command's issue lands: it says so and exits with the internal-error code. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "trainModel: train a model with Tribuo. (not available in this build yet)")
public class TrainCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("mlsteps train: not available in this build yet");
        return ExitCodes.INTERNAL;
    }
}
