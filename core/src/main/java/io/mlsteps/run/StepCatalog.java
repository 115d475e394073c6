package io.mlsteps.run;

import io.mlsteps.contract.steps.Steps;
import io.mlsteps.step.MlStep;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The engine's implementation of each of the contract's seven steps ({@link Steps}), found with
 * {@link ServiceLoader} ({@code META-INF/services/io.mlsteps.step.MlStep}), so no code names a step's class. The
 * CLI, the local Jenkinsfile runner and the tests find step implementations here.
 */
public final class StepCatalog {
    private StepCatalog() {
    }

    /** The steps' Jenkinsfile names, in pipeline order. */
    public static Set<String> names() {
        return new LinkedHashSet<>(Steps.names());
    }

    /** The step with this function name, or empty when the name is not a step of this engine. */
    public static Optional<MlStep<?>> find(String functionName) {
        return Optional.ofNullable(implementations().get(functionName));
    }

    /**
     * Every step this engine provides, by Jenkinsfile name (a new instance each call: steps keep no state, but a
     * caller may). Two implementations of one name are a build error, not a silent choice.
     */
    public static Map<String, MlStep<?>> implementations() {
        Map<String, MlStep<?>> steps = new LinkedHashMap<>();
        for (MlStep<?> step : ServiceLoader.load(MlStep.class, StepCatalog.class.getClassLoader())) {
            MlStep<?> earlier = steps.putIfAbsent(step.name(), step);
            if (earlier != null) {
                throw new IllegalStateException("two implementations of step " + step.name() + ": "
                        + earlier.getClass().getName() + " and " + step.getClass().getName());
            }
        }
        return steps;
    }
}
