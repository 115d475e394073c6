package io.mlsteps.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder until this command's issue lands: it says so and exits with the internal-error code. */
@Command(name = "deploy", mixinStandardHelpOptions = true, description = "deployModel: deploy a registered model version. (not available in this build yet)")
public class DeployCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("mlsteps deploy: not available in this build yet");
        return ExitCodes.INTERNAL;
    }
}
