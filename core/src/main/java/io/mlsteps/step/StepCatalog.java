package io.mlsteps.step;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The seven steps by their Jenkinsfile function name. The CLI, the local Jenkinsfile runner and the tests
 * find step implementations here, so there is one list of steps.
 */
public final class StepCatalog {
    private static final Map<String, String> STEPS = new LinkedHashMap<>();

    static {
        STEPS.put("validateData", "io.mlsteps.validate.ValidateDataStep");
        STEPS.put("trainModel", "io.mlsteps.train.TrainModelStep");
        STEPS.put("evaluateModel", "io.mlsteps.evaluate.EvaluateModelStep");
        STEPS.put("compareToBaseline", "io.mlsteps.compare.CompareToBaselineStep");
        STEPS.put("registerModel", "io.mlsteps.registry.RegisterModelStep");
        STEPS.put("deployModel", "io.mlsteps.deploy.DeployModelStep");
        STEPS.put("checkDrift", "io.mlsteps.drift.CheckDriftStep");
    }

    private StepCatalog() {
    }

    public static java.util.Set<String> names() {
        return STEPS.keySet();
    }

    /** The step with this function name, or empty when the name is not a step of this engine. */
    public static Optional<MlStep<?>> find(String functionName) {
        String className = STEPS.get(functionName);
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
