package io.mlsteps.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mlsteps.util.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What is deployed where: the active server of a model on a target, and the history of deployments.
 * Kept as {@code <deployDir>/<model>/<target>.json}, so the next build (or an operator) finds the server
 * to replace, to send canary traffic to, or to stop.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class DeploymentState {
    public String model;
    public String target;
    public Instance active;
    public List<Event> history = new ArrayList<>();

    /** One deployment attempt. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Event(String at, String version, String strategy, String outcome, String endpoint, String reason) {
    }

    public static DeploymentState load(Path file, String model, String target) {
        if (Files.isRegularFile(file)) {
            return Json.read(file, DeploymentState.class);
        }
        DeploymentState s = new DeploymentState();
        s.model = model;
        s.target = target;
        return s;
    }

    public void save(Path file) {
        if (history.size() > 100) {
            history = new ArrayList<>(history.subList(history.size() - 100, history.size()));
        }
        Json.write(file, this);
    }
}
