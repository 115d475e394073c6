package io.mlsteps.engine;

import io.mlsteps.util.StepLog;

/**
 * The service a distributed engine module registers (in {@code META-INF/services/io.mlsteps.engine.DataEngineProvider})
 * so that core can open it by name without importing it.
 */
public interface DataEngineProvider {
    /** The {@code engine:} argument this provider answers to, e.g. {@code spark}. */
    String name();

    /** Whether the engine's own libraries are on the class path too (a job jar alone is not enough to run). */
    default boolean usable() {
        return true;
    }

    /** Connects to the engine as the choice says (master, settings); an unreachable engine is an input error. */
    DataEngine open(EngineChoice choice, StepLog log);
}
