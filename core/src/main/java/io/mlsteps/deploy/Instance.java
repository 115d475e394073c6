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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Instance(String endpoint, int port, Long pid, String containerId, String version, String ref,
                       String sha256, String modelPath, String configFile, String logFile, String image,
                       Instant startedAt) {

    public Instance withModel(String newVersion, String newRef, String newSha256, String newModelPath) {
        return new Instance(endpoint, port, pid, containerId, newVersion, newRef, newSha256, newModelPath, configFile,
                logFile, image, startedAt);
    }
}
