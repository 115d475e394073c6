package io.mlsteps.deploy;

import io.mlsteps.serve.ServerConfig;

import java.nio.file.Path;

/**
 * Where servers run: a detached local process or a container. The deployment strategies (replace,
 * blue/green, canary, shadow) are written once against this interface.
 */
interface RuntimeTarget {
    /** The model's deployment folder (state, logs, model copies). */
    Path home();

    /** {@code local} or {@code docker}. */
    String kind();

    /**
     * Starts a server that serves {@code config} (its single model is at {@code modelFile} on this machine) on
     * {@code config.port}. Returns at once; the caller waits for readiness.
     */
    Instance start(ServerConfig config, Path modelFile, String version, String ref, String sha256) throws Exception;

    /** Starts again an instance that was stopped (rollback of a replace). */
    Instance restore(Instance previous) throws Exception;

    /** Whether the instance is still running (process alive, container running). */
    boolean isRunning(Instance instance);

    /** Stops the instance and waits for it to be gone. */
    void stop(Instance instance);

    /** The last lines the server printed, to explain a failed start. */
    String diagnostics(Instance instance);

    /**
     * The server's threads at this moment, to explain a request that got no answer (a stalled server shows where
     * it waits); empty when this target cannot take one.
     */
    default String threadDump(Instance instance) {
        return "";
    }

    /** Makes a model file readable by the running instance (for a canary); returns the path the server sees. */
    String stageModel(Instance instance, Path modelFile, String sha256) throws Exception;
}
