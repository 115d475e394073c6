package io.mlsteps.cli;

import io.mlsteps.engine.EngineChoice;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a data-reading command runs its pass: the flags {@code --engine}, {@code --spark-master} and
 * {@code --spark-conf} shared by profile, infer-schema, validate and drift (the requests' {@code engine},
 * {@code sparkMaster} and {@code sparkConf}).
 */
public class EngineMixin {
    @Option(names = "--engine", paramLabel = "NAME",
            description = "local (this process, default) or spark (the data is read by Spark; see docs/spark.md).")
    String engine;

    @Option(names = "--spark-master", paramLabel = "URL",
            description = "Spark master for --engine spark: local[N], local[*], spark://HOST:PORT, yarn, k8s://https://HOST:PORT "
                    + "or a Spark Connect endpoint sc://HOST:PORT (default: MLSTEPS_SPARK_MASTER, else local[*]).")
    String sparkMaster;

    @Option(names = "--spark-conf", paramLabel = "KEY=VALUE",
            description = "A Spark setting for --engine spark, repeatable, e.g. --spark-conf spark.executor.memory=4g.")
    Map<String, String> sparkConf;

    /** The validated choice. */
    EngineChoice choice() {
        return EngineChoice.of(engine, sparkMaster, sparkConf, System.getenv());
    }

    /** Whether any of the flags was given (so it overrides a request file's values). */
    boolean given() {
        return engine != null || sparkMaster != null || sparkConf != null;
    }

    Map<String, String> conf(Map<String, String> base) {
        Map<String, String> m = new LinkedHashMap<>(base == null ? Map.of() : base);
        if (sparkConf != null) {
            m.putAll(sparkConf);
        }
        return m;
    }
}
