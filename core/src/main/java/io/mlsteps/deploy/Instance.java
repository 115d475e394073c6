package io.mlsteps.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * One running server of a deployment, as recorded in the state file.
 *
 * @param endpoint    base URL, e.g. {@code http://127.0.0.1:8080}
 * @param port        its port (blue/green alternates between two)
 * @param pid         process id (local target)
 * @param containerId container id (docker target)
 * @param version     the version it serves as primary
 * @param ref         the registry reference of that version, if it came from the registry
 * @param sha256      the model artifact's hash
 * @param modelPath   where the server reads the model from (inside the container for docker)
 * @param configFile  the server's configuration file (local target)
 * @param logFile     the server's output (local target)
 * @param image       the image (docker target)
 * @param startedAt   when it started
 * @param instanceId  the identity this start of the server answers with ({@code X-Mlsteps-Instance}, /health);
 *                    null in state files written before servers had one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Instance(String endpoint, int port, Long pid, String containerId, String version, String ref,
                       String sha256, String modelPath, String configFile, String logFile, String image,
                       Instant startedAt, String instanceId) {

    public Instance withModel(String newVersion, String newRef, String newSha256, String newModelPath) {
        return new Instance(endpoint, port, pid, containerId, newVersion, newRef, newSha256, newModelPath, configFile,
                logFile, image, startedAt, instanceId);
    }

    public Instance withConfigFile(String newConfigFile) {
        return new Instance(endpoint, port, pid, containerId, version, ref, sha256, modelPath, newConfigFile, logFile,
                image, startedAt, instanceId);
    }

    /** The same server started again (a rollback of a replace): its process or container and its new identity. */
    public Instance restarted(Long newPid, String newContainerId, String newInstanceId) {
        return new Instance(endpoint, port, newPid, newContainerId, version, ref, sha256, modelPath, configFile, logFile,
                image, Instant.now(), newInstanceId);
    }

    /** A fresh identity for a server start: random, so no other server can answer with it. */
    static String newId() {
        byte[] bytes = new byte[12];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
