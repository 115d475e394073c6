package io.mlsteps.deploy;

import io.mlsteps.contract.steps.DeployModelRequest;
import io.mlsteps.util.InputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What runs where ({@code mlsteps deployments}): for every model under a deployment folder and every local or Docker
 * target with a state file, the server the state file names and any other server started from the same folder, each
 * with its version, port or container, start time and health as its own identity answers it.
 */
public final class Deployments {
    /** Health of a server: its own /health answered. */
    public static final String UP = "up";

    /**
     * One server.
     *
     * @param recorded whether the state file names it (false: a stray, e.g. left by an interrupted run)
     * @param health   {@link #UP}, {@code not running}, {@code not answering}, {@code another server answers on its port}
     *                 or {@code unknown (...)}
     */
    public record Entry(String model, String target, Instance instance, boolean recorded, String health) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", model);
            m.put("target", target);
            m.putAll(describe(instance));
            m.put("since", instance.startedAt() == null ? null : instance.startedAt().toString());
            m.put("recorded", recorded);
            m.put("health", health);
            return m;
        }
    }

    private Deployments() {
    }

    /** The deployment folder when a request names none: {@code ~/.mlsteps/deployments}. */
    public static Path defaultRoot() {
        return Path.of(System.getProperty("user.home"), ".mlsteps", "deployments");
    }

    /** Every server of every model under {@code deployDir}; {@code dockerHost} null: DOCKER_HOST or the local socket. */
    public static List<Entry> list(Path deployDir, String dockerHost, Map<String, String> env) {
        List<Entry> entries = new ArrayList<>();
        for (String model : models(deployDir)) {
            Path home = deployDir.resolve(model);
            if (Files.isRegularFile(home.resolve("local.json"))) {
                entries.addAll(of(new LocalTarget(home, List.of(), ""), home, model));
            }
            if (Files.isRegularFile(home.resolve("docker.json"))) {
                // no dockerHost: DOCKER_HOST or the local socket
                Map<String, Object> engine = dockerHost == null ? Map.of() : Map.of("dockerHost", dockerHost);
                DeployModelRequest request = io.mlsteps.step.Requests.bind(DeployModelRequest.class, engine);
                try {
                    entries.addAll(of(new DockerTarget(home, request, "", io.mlsteps.util.StepLog.silent(), env), home, model));
                } catch (InputException noEngine) {
                    Instance active = DeploymentState.load(home.resolve("docker.json"), model, "docker").active;
                    if (active != null) {
                        entries.add(new Entry(model, "docker", active, true, "unknown (" + noEngine.problem() + ")"));
                    }
                }
            }
        }
        return entries;
    }

    private static List<Entry> of(RuntimeTarget target, Path home, String model) {
        List<Entry> entries = new ArrayList<>();
        Instance active = DeploymentState.load(home.resolve(target.kind() + ".json"), model, target.kind()).active;
        if (active != null) {
            entries.add(new Entry(model, target.kind(), active, true, health(target, active)));
        }
        for (Instance stray : target.strays(active)) {
            entries.add(new Entry(model, target.kind(), stray, false, health(target, stray)));
        }
        return entries;
    }

    /** The server's own answer to /health, checked against its identity where it has one. */
    static String health(RuntimeTarget target, Instance instance) {
        if (!target.isRunning(instance)) {
            return "not running";
        }
        ServerClient.Answer answer = ServerClient.of(instance, null).get("/health");
        return answer.code() == 200 ? UP : answer.code() == ServerClient.OTHER_SERVER
                ? "another server answers on its port" : answer.code() == 0 ? "not answering" : "HTTP " + answer.code();
    }

    /** The model folders under a deployment folder (sorted; empty when it does not exist). */
    static List<String> models(Path deployDir) {
        if (!Files.isDirectory(deployDir)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(deployDir)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("lib")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Version, endpoint, port and process or container of an instance, for results and listings. */
    static Map<String, Object> describe(Instance i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", i.version());
        m.put("ref", i.ref());
        m.put("endpoint", i.endpoint());
        m.put("port", i.port());
        if (i.pid() != null) {
            m.put("pid", i.pid());
        }
        if (i.containerId() != null) {
            m.put("containerId", i.containerId());
        }
        return m;
    }

    /** "adult@3 at http://127.0.0.1:8080 (pid 123)" */
    static String where(Instance i) {
        return (i.ref() != null ? i.ref() : "a server") + " at " + i.endpoint() + (i.pid() != null ? " (pid " + i.pid() + ")"
                : i.containerId() != null ? " (container " + i.containerId().substring(0, Math.min(12, i.containerId().length())) + ")" : "");
    }

    /** How long ago, for people: "3 min ago". */
    public static String ago(Instant since, Instant now) {
        if (since == null) {
            return "";
        }
        long s = Math.max(0, java.time.Duration.between(since, now).toSeconds());
        return s < 120 ? s + " s ago" : s < 7200 ? s / 60 + " min ago" : s < 172_800 ? s / 3600 + " h ago" : s / 86_400 + " days ago";
    }
}
