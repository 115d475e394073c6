package io.mlsteps.spark;

import io.mlsteps.engine.DataEngine;
import io.mlsteps.engine.DataEngineProvider;
import io.mlsteps.engine.EngineChoice;
import io.mlsteps.util.StepLog;

/** Registers the {@code spark} engine with core ({@code META-INF/services}). */
public final class SparkEngineProvider implements DataEngineProvider {
    @Override
    public String name() {
        return EngineChoice.SPARK;
    }

    @Override
    public boolean usable() {
        try {
            Class.forName("org.apache.spark.sql.SparkSession", false, SparkEngineProvider.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public DataEngine open(EngineChoice choice, StepLog log) {
        return SparkEngine.start(choice, log);
    }
}
