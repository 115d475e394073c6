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

    /**
     * Whether a freshly started instance has already ended (or crashed and been restarted): a server that cannot
     * listen or load its model exits at once, and that is reported at once with its log's reason.
     */
    default boolean exited(Instance instance) {
        return !isRunning(instance);
    }

    /** Servers of this deployment folder running now that the state file does not name as {@code recorded}. */
    java.util.List<Instance> strays(Instance recorded);

    /** Whether the servers' ports are ports of this machine (a remote Docker engine's are not). */
    default boolean portsAreLocal() {
        return true;
    }

    /** The last lines the server printed, to explain a failed start. */
    String diagnostics(Instance instance);

    /**
     * The server's threads at this moment, to explain a request that got no answer (a stalled server shows where
     * it waits); empty when this target cannot take one.
     */
    default String threadDump(Instance instance) {
        return "";
    }

    /** What a server printed since a thread dump was asked for (its log from that point). */
    interface Output {
        String read() throws java.io.IOException;
    }

    /**
     * Reads the server's output until the thread dump the JVM prints on SIGQUIT is complete (it ends with the JNI
     * reference count), for at most 5 s; returns the dump, or what was printed when it did not come.
     */
    static String awaitThreadDump(Output output) throws java.io.IOException, InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        String printed = output.read();
        while (!(printed.contains("Full thread dump") && printed.contains("JNI global ref")) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            printed = output.read();
        }
        int start = printed.indexOf("Full thread dump");
        return start < 0 ? printed : printed.substring(start);
    }

    /** Makes a model file readable by the running instance (for a canary); returns the path the server sees. */
    String stageModel(Instance instance, Path modelFile, String sha256) throws Exception;
}
