package io.mlsteps.engine;

import java.util.Map;

/**
 * The engine arguments of the steps that read data in one pass ({@code validateData}, {@code checkDrift}) and
 * of {@code mlsteps profile} / {@code infer-schema}: {@code engine}, {@code sparkMaster}, {@code sparkConf}.
 */
public interface EngineRequest {
    /** {@code local} (default) or {@code spark}. */
    String getEngine();

    /** {@code local[N]}, {@code spark://HOST:PORT}, {@code yarn}, {@code k8s://...} or {@code sc://HOST:PORT}. */
    String getSparkMaster();

    /** Spark settings ({@code spark.*}), e.g. {@code spark.executor.memory: '4g'}. */
    Map<String, String> getSparkConf();

    /** The validated choice; {@code env} supplies {@link EngineChoice#MASTER_ENV}. */
    default EngineChoice engineChoice(Map<String, String> env) {
        return EngineChoice.of(getEngine(), getSparkMaster(), getSparkConf(), env);
    }
}
