package io.mlsteps.cli.runner;

import io.mlsteps.util.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/** Stops the model servers that runs of a test left under a folder (their pids are in the deployment state files). */
final class DeployedServers {
    private DeployedServers() {
    }

    static void stopUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path state : files.filter(p -> p.getFileName().toString().equals("local.json")).toList()) {
                Map<?, ?> json = Json.read(state, Map.class);
                if (json.get("active") instanceof Map<?, ?> active && active.get("pid") instanceof Number pid) {
                    ProcessHandle.of(pid.longValue()).ifPresent(ProcessHandle::destroy);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
