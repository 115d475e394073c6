package io.mlsteps.deploy;

import io.mlsteps.contract.steps.DeployModelRequest;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.mlsteps.serve.ModelSpec;
import io.mlsteps.serve.ServerConfig;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Servers as Docker containers, driven through docker-java. Each version becomes an image built from a
 * generated context ({@code Dockerfile} with a {@code BASE_IMAGE} argument, the server's jars, the model and
 * {@code server.json}); containers use host networking, so a container's port is the machine's port and
 * blue/green alternates ports exactly like local processes. The base image only needs Java 17+ as
 * {@code java} on the PATH; nothing is pulled from a registry unless the base image is missing.
 */
final class DockerTarget implements RuntimeTarget {
    static final String APP = "/opt/mlsteps";
    private final Path home;
    private final DeployModelRequest request;
    private final String adminToken;
    private final StepLog log;
    private final DockerClient docker;
    private final com.github.dockerjava.api.model.AuthConfig pushAuth;

    DockerTarget(Path home, DeployModelRequest request, String adminToken, StepLog log, java.util.Map<String, String> env) {
        this.pushAuth = pushAuth(env);
        this.home = home;
        this.request = request;
        this.adminToken = adminToken;
        this.log = log;
        this.docker = client(request.dockerHost());
    }

    /**
     * Registry credentials for pushing, from MLSTEPS_DOCKER_USER / MLSTEPS_DOCKER_PASSWORD (the Jenkins plugin sets
     * them from its Docker credentials); null when unset, so the engine's own login (config.json) applies.
     */
    static com.github.dockerjava.api.model.AuthConfig pushAuth(java.util.Map<String, String> env) {
        String user = env.get("MLSTEPS_DOCKER_USER");
        if (user == null || user.isBlank()) {
            return null;
        }
        return new com.github.dockerjava.api.model.AuthConfig().withUsername(user)
                .withPassword(env.getOrDefault("MLSTEPS_DOCKER_PASSWORD", ""));
    }

    /** A client of the engine at {@code host} (null: DOCKER_HOST or the local socket); fails clearly when none answers. */
    static DockerClient client(String host) {
        DefaultDockerClientConfig.Builder b = DefaultDockerClientConfig.createDefaultConfigBuilder();
        if (host != null) {
            b.withDockerHost(host);
        }
        DefaultDockerClientConfig config = b.build();
        // the zero-dependency transport shades its own HTTP client, so it cannot clash with the one OpenLineage uses
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig()).connectionTimeout(Duration.ofSeconds(10))
                .responseTimeout(Duration.ofMinutes(15)).build();
        DockerClient client = DockerClientImpl.getInstance(config, http);
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            throw new InputException("dockerHost", "no Docker engine answers at " + config.getDockerHost() + " ("
                    + e.getMessage() + "); start dockerd or set dockerHost / DOCKER_HOST");
        }
        return client;
    }

    @Override
    public Path home() {
        return home;
    }

    @Override
    public String kind() {
        return "docker";
    }

    /** The image tag of a version: the request's {@code image}, else {@code mlsteps-<model>:<version>}. */
    static String imageTag(DeployModelRequest request, String model, String version) {
        if (request.image() != null && !request.image().isBlank()) {
            return request.image();
        }
        return "mlsteps-" + model.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-") + ":"
                + version.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    /** Writes the build context of one version into {@code dir}; returns the Dockerfile. */
    static Path writeContext(Path dir, ServerConfig config, Path modelFile, String sha256, List<Path> jars) throws IOException {
        Files.createDirectories(dir.resolve("lib"));
        Files.createDirectories(dir.resolve("model"));
        for (Path jar : jars) {
            Path target = dir.resolve("lib").resolve(jar.getFileName());
            if (!Files.exists(target)) {
                try {
                    Files.createLink(target, jar);
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(jar, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        String modelPath = APP + "/models/" + sha256 + "/" + modelFile.getFileName();
        Files.copy(modelFile, dir.resolve("model").resolve(modelFile.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        config.models.replaceAll(m -> new ModelSpec(m.name(), m.version(), modelPath, m.sha256(), m.lineageId(),
                m.role(), m.mode(), m.percent()));
        config.host = "0.0.0.0";
        config.predictionLog = APP + "/logs/predictions.jsonl";
        Json.write(dir.resolve("server.json"), config);
        String dockerfile = String.join("\n",
                "# Generated by mlsteps deployModel: the mlsteps model server with one model version.",
                "# BASE_IMAGE: any image with Java 17+ as `java` on the PATH.",
                "ARG BASE_IMAGE=eclipse-temurin:17-jre",
                "FROM ${BASE_IMAGE}",
                "COPY lib/ " + APP + "/lib/",
                "COPY model/ " + APP + "/models/" + sha256 + "/",
                "COPY server.json " + APP + "/server.json",
                "# Containers usually have their own network: listen on every interface unless told otherwise.",
                "ENV MLSTEPS_HOST=0.0.0.0 MLSTEPS_PORT=" + config.port,
                "LABEL io.mlsteps.model=\"" + config.models.get(0).name() + "\" io.mlsteps.version=\""
                        + config.models.get(0).version() + "\" io.mlsteps.sha256=\"" + sha256 + "\"",
                "HEALTHCHECK --interval=30s --timeout=10s --start-period=60s CMD [\"java\", \"-cp\", \"" + APP
                        + "/lib/*\", \"io.mlsteps.serve.HealthProbe\"]",
                "ENTRYPOINT [\"java\", \"-XX:MaxRAMPercentage=75\", \"-Djava.awt.headless=true\", \"-cp\", \"" + APP
                        + "/lib/*\", \"" + ServerRuntime.MAIN_CLASS + "\", \"" + APP + "/server.json\"]",
                "");
        Path file = dir.resolve("Dockerfile");
        Files.writeString(file, dockerfile, StandardCharsets.UTF_8);
        return file;
    }

    @Override
    public Instance start(ServerConfig config, Path modelFile, String version, String ref, String sha256) throws Exception {
        String model = config.models.get(0).name();
        String tag = imageTag(request, model, version);
        int port = config.port;
        Path context = home.resolve("docker").resolve(LocalTarget.safe(version));
        deleteTree(context);
        Path dockerfile = writeContext(context, config, modelFile, sha256, ServerRuntime.install(home.getParent().resolve("lib")));
        log.info("docker: building image %s from %s (base image %s)", tag, context, request.baseImage());
        long start = System.nanoTime();
        String imageId = docker.buildImageCmd().withBaseDirectory(context.toFile()).withDockerfile(dockerfile.toFile())
                .withBuildArg("BASE_IMAGE", request.baseImage()).withTags(Set.of(tag)).withPull(false)
                .withNetworkMode("host").exec(new BuildImageResultCallback()).awaitImageId(15, TimeUnit.MINUTES);
        log.info("docker: built %s (%s) in %.1f s", tag, imageId, (System.nanoTime() - start) / 1e9);
        if (request.push()) {
            log.info("docker: pushing %s", tag);
            var push = docker.pushImageCmd(tag);
            if (pushAuth != null) {
                push = push.withAuthConfig(pushAuth);
            }
            push.exec(new ResultCallback.Adapter<>()).awaitCompletion(15, TimeUnit.MINUTES);
        }
        return run(tag, port, version, ref, sha256, APP + "/models/" + sha256 + "/" + modelFile.getFileName());
    }

    private Instance run(String tag, int port, String version, String ref, String sha256, String modelPath) {
        String name = "mlsteps-" + home.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "-")
                + "-" + port;
        removeStale(name);
        String instanceId = Instance.newId();
        String id = docker.createContainerCmd(tag).withName(name)
                .withEnv("MLSTEPS_PORT=" + port, "MLSTEPS_HOST=" + request.host(), "MLSTEPS_ADMIN_TOKEN=" + adminToken,
                        "MLSTEPS_INSTANCE_ID=" + instanceId)
                .withLabels(Map.of("io.mlsteps.managed", "true", HOME_LABEL, home.toAbsolutePath().normalize().toString(),
                        PORT_LABEL, Integer.toString(port)))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("host")
                        .withRestartPolicy(RestartPolicy.unlessStoppedRestart()))
                .exec().getId();
        docker.startContainerCmd(id).exec();
        log.info("docker: started container %s (%s) on port %d", name, id.substring(0, 12), port);
        String host = "0.0.0.0".equals(request.host()) ? "127.0.0.1" : request.host();
        return new Instance("http://" + host + ":" + port, port, null, id, version, ref, sha256, modelPath, null, null,
                tag, Instant.now(), instanceId);
    }

    /** The label naming the deployment folder a container belongs to, so that stopping it finds every one. */
    static final String HOME_LABEL = "io.mlsteps.home";
    static final String PORT_LABEL = "io.mlsteps.port";

    /** Containers of this deployment folder, running or not, other than {@code recorded}. */
    @Override
    public List<Instance> strays(Instance recorded) {
        List<Instance> found = new ArrayList<>();
        for (var c : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(HOME_LABEL, home.toAbsolutePath().normalize().toString())).exec()) {
            if (recorded != null && c.getId().equals(recorded.containerId())) {
                continue;
            }
            Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
            int port = Integer.parseInt(labels.getOrDefault(PORT_LABEL, "0"));
            String version = labels.get("io.mlsteps.version");
            String model = labels.get("io.mlsteps.model");
            String host = "0.0.0.0".equals(request.host()) ? "127.0.0.1" : request.host();
            found.add(new Instance("http://" + host + ":" + port, port, null, c.getId(), version,
                    model == null ? null : model + "@" + version, labels.get("io.mlsteps.sha256"), null, null, null,
                    c.getImage(), c.getCreated() == null ? null : Instant.ofEpochSecond(c.getCreated()), null));
        }
        return found;
    }

    /** Whether the engine runs on this machine (a Unix socket or a loopback address), so host ports are ours. */
    @Override
    public boolean portsAreLocal() {
        return engineIsLocal(request.dockerHost());
    }

    /** Whether the Docker engine at {@code dockerHost} (null: DOCKER_HOST or the local socket) runs on this machine. */
    static boolean engineIsLocal(String dockerHost) {
        String address = dockerHost != null ? dockerHost : System.getenv().getOrDefault("DOCKER_HOST", "unix://");
        return address.startsWith("unix:") || address.contains("://localhost") || address.contains("://127.0.0.1");
    }

    /** A container that crashed is restarted by its restart policy: any restart counts as an exit. */
    @Override
    public boolean exited(Instance instance) {
        if (instance == null || instance.containerId() == null) {
            return true;
        }
        try {
            InspectContainerResponse c = docker.inspectContainerCmd(instance.containerId()).exec();
            return !Boolean.TRUE.equals(c.getState().getRunning()) || Boolean.TRUE.equals(c.getState().getRestarting())
                    || (c.getRestartCount() != null && c.getRestartCount() > 0);
        } catch (NotFoundException e) {
            return true;
        }
    }

    /** A leftover container of ours with the same name (from an interrupted run) is removed. */
    private void removeStale(String name) {
        try {
            InspectContainerResponse c = docker.inspectContainerCmd(name).exec();
            if (c.getConfig() != null && c.getConfig().getLabels() != null
                    && "true".equals(c.getConfig().getLabels().get("io.mlsteps.managed"))) {
                docker.removeContainerCmd(c.getId()).withForce(true).exec();
            } else {
                throw new InputException("port", "a container named " + name + " exists and was not made by mlsteps");
            }
        } catch (NotFoundException e) {
            // nothing to remove
        }
    }

    @Override
    public Instance restore(Instance previous) {
        return run(previous.image(), previous.port(), previous.version(), previous.ref(), previous.sha256(),
                previous.modelPath());
    }

    @Override
    public boolean isRunning(Instance instance) {
        if (instance == null || instance.containerId() == null) {
            return false;
        }
        try {
            return Boolean.TRUE.equals(docker.inspectContainerCmd(instance.containerId()).exec().getState().getRunning());
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Override
    public void stop(Instance instance) {
        if (instance == null || instance.containerId() == null) {
            return;
        }
        try {
            docker.stopContainerCmd(instance.containerId()).withTimeout(15).exec();
        } catch (NotFoundException e) {
            return;
        } catch (RuntimeException e) {
            // already stopped: remove below
        }
        try {
            docker.removeContainerCmd(instance.containerId()).withForce(true).exec();
        } catch (NotFoundException e) {
            // gone
        }
    }

    @Override
    public String diagnostics(Instance instance) {
        if (instance == null || instance.containerId() == null) {
            return "";
        }
        try {
            return logs(instance.containerId(), null, 20).trim();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } catch (RuntimeException e) {
            return "(no logs: " + e.getMessage() + ")";
        }
    }

    /**
     * Asks the server's JVM in the container for its threads (SIGQUIT: the JVM prints them to its output, the
     * container's log, and goes on) and returns what it printed.
     */
    @Override
    public String threadDump(Instance instance) {
        if (instance == null || instance.containerId() == null) {
            return "";
        }
        try {
            int since = (int) (System.currentTimeMillis() / 1000) - 1;
            docker.killContainerCmd(instance.containerId()).withSignal("QUIT").exec();
            return RuntimeTarget.awaitThreadDump(() -> {
                try {
                    return logs(instance.containerId(), since, null);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted");
                }
            });
        } catch (java.io.IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } catch (RuntimeException e) {
            return ""; // gone or not running: nothing to dump
        }
    }

    /** The container's output (stdout and stderr), since a time (epoch seconds) or its last {@code tail} lines. */
    private String logs(String containerId, Integer since, Integer tail) throws InterruptedException {
        StringBuilder out = new StringBuilder();
        var cmd = docker.logContainerCmd(containerId).withStdOut(true).withStdErr(true);
        if (since != null) {
            cmd = cmd.withSince(since);
        }
        cmd = tail != null ? cmd.withTail(tail) : cmd.withTailAll();
        cmd.exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
        }).awaitCompletion(10, TimeUnit.SECONDS);
        return out.toString();
    }

    @Override
    public String stageModel(Instance instance, Path modelFile, String sha256) throws IOException {
        // A canary is loaded by the running container: copy the model in, under its hash.
        Path dir = home.resolve("docker").resolve("stage").resolve(sha256);
        Files.createDirectories(dir);
        Files.copy(modelFile, dir.resolve(modelFile.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        docker.copyArchiveToContainerCmd(instance.containerId()).withHostResource(dir.toString())
                .withDirChildrenOnly(false).withRemotePath(APP + "/models").exec();
        return APP + "/models/" + sha256 + "/" + modelFile.getFileName();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(files.toList());
            java.util.Collections.reverse(all);
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }
}
