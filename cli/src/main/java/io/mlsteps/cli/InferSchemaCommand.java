package io.mlsteps.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder until this command's issue lands: it says so and exits with the internal-error code. */
@Command(name = "infer-schema", mixinStandardHelpOptions = true, description = "Infer a reviewable schema.json from reference data. (not available in this build yet)")
public class InferSchemaCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("mlsteps infer-schema: not available in this build yet");
        return ExitCodes.INTERNAL;
    }
}
