package io.mlsteps.step;

import io.mlsteps.contract.steps.Steps;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The engine's implementation of each of the contract's steps ({@link Steps}). The CLI, the local
 * Jenkinsfile runner and the tests find step implementations here.
 */
public final class StepCatalog {
    private static final Map<String, String> IMPLEMENTATIONS = Map.of(
            "validateData", "io.mlsteps.validate.ValidateDataStep",
            "trainModel", "io.mlsteps.train.TrainModelStep",
            "evaluateModel", "io.mlsteps.evaluate.EvaluateModelStep",
            "compareToBaseline", "io.mlsteps.compare.CompareToBaselineStep",
            "registerModel", "io.mlsteps.registry.RegisterModelStep",
            "deployModel", "io.mlsteps.deploy.DeployModelStep",
            "checkDrift", "io.mlsteps.drift.CheckDriftStep",
            "predict", "io.mlsteps.predict.PredictStep");

    private StepCatalog() {
    }

    /** The steps' Jenkinsfile names, in pipeline order. */
    public static Set<String> names() {
        return new LinkedHashSet<>(Steps.names());
    }

    /** The step with this function name, or empty when the name is not a step of this engine. */
    public static Optional<MlStep<?>> find(String functionName) {
        String className = IMPLEMENTATIONS.get(functionName);
        if (className == null) {
            return Optional.empty();
        }
        try {
            return Optional.of((MlStep<?>) Class.forName(className).getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("step " + functionName + " is not available in this build ("
                    + className + ")", e);
        }
    }
}
