package io.mlsteps.engine;

import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;

import java.util.ServiceLoader;

/** Finds the engine a step asked for among the providers on the class path. */
public final class DataEngines {
    /** Where to read how to put an engine on the class path. */
    public static final String HOW_TO = "docs/spark.md";

    private DataEngines() {
    }

    /** Whether a provider for this engine name is on the class path. */
    public static boolean available(String name) {
        return provider(name) != null;
    }

    /** Opens the engine of a (non-local) choice; one that is not on the class path is an input error saying how to add it. */
    public static DataEngine open(EngineChoice choice, StepLog log) {
        if (choice.isLocal()) {
            throw new IllegalArgumentException("the local engine is this process; it is not opened");
        }
        DataEngineProvider provider = provider(choice.engine());
        if (provider == null) {
            throw new InputException("engine", "'" + choice.engine() + "' is not available in this process: the mlsteps-"
                    + choice.engine() + " job jar and the " + choice.engine() + " jars must be on the class path "
                    + "(the mlsteps command adds them when it finds them: set SPARK_HOME or MLSTEPS_SPARK_CLASSPATH and "
                    + "MLSTEPS_SPARK_JAR; see " + HOW_TO + ")");
        }
        return provider.open(choice, log);
    }

    private static DataEngineProvider provider(String name) {
        for (DataEngineProvider p : ServiceLoader.load(DataEngineProvider.class, DataEngines.class.getClassLoader())) {
            if (p.name().equals(name) && p.usable()) {
                return p;
            }
        }
        return null;
    }
}
