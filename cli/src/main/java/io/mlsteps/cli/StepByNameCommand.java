package io.mlsteps.cli;

import io.mlsteps.contract.steps.Steps;
import io.mlsteps.step.MlStep;
import io.mlsteps.run.StepCatalog;
import io.mlsteps.util.InputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code mlsteps step NAME --request FILE}: runs any step by its Jenkinsfile name from a JSON request.
 * This is how the Jenkins plugin calls the engine, so it needs no per-step flag mapping.
 */
@Command(name = "step", mixinStandardHelpOptions = true,
        description = "Run a step by its Jenkinsfile name (validateData, trainModel, evaluateModel, compareToBaseline, "
                + "registerModel, deployModel, checkDrift, predict) from a JSON request (--request).")
public class StepByNameCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "Step name, e.g. trainModel.")
    String name;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        MlStep<?> step = StepCatalog.find(name).orElseThrow(() -> new InputException("NAME",
                "unknown step '" + name + "'; expected one of " + String.join(", ", Steps.names())));
        return StepCommand.run(step, common, Map.of()).getStatus().exitCode();
    }
}
