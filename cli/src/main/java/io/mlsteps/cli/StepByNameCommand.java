package io.mlsteps.cli;

import io.mlsteps.step.MlStep;
import io.mlsteps.step.StepCatalog;
import io.mlsteps.step.StepRequest;
import io.mlsteps.step.StepResult;
import io.mlsteps.util.InputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/**
 * {@code mlsteps step NAME --request FILE}: runs any step by its Jenkinsfile name from a JSON request.
 * This is how the Jenkins plugin calls the engine, so it needs no per-step flag mapping.
 */
@Command(name = "step", mixinStandardHelpOptions = true,
        description = "Run a step by its Jenkinsfile name (validateData, trainModel, evaluateModel, compareToBaseline, "
                + "registerModel, deployModel, checkDrift) from a JSON request (--request).")
public class StepByNameCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "Step name, e.g. trainModel.")
    String name;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        MlStep<?> step = StepCatalog.find(name).orElseThrow(() -> new InputException("NAME",
                "unknown step '" + name + "'; expected one of " + StepCatalog.names()));
        return run(step).getStatus().exitCode();
    }

    private <Q extends StepRequest> StepResult run(MlStep<Q> step) throws Exception {
        return StepCommand.run(step, common, request -> { });
    }
}
