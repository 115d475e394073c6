package io.mlsteps.deploy;

import io.mlsteps.serve.ServerConfig;
import io.mlsteps.util.Json;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Servers as detached processes on this machine. A server must outlive the build that started it, so it
 * runs in its own session ({@code setsid} where present), with its output in a file, from a copy of the jars
 * and of the model under the deployment folder, and with the environment that tells Jenkins not to kill
 * it at the end of the build ({@code JENKINS_NODE_COOKIE=dontKillMe}, {@code BUILD_ID=dontKillMe}).
 */
final class LocalTarget implements RuntimeTarget {
    private final Path home;
    private final List<String> javaOptions;
    private final String adminToken;

    /** @param home the model's deployment folder ({@code <deployDir>/<model>}) */
    LocalTarget(Path home, List<String> javaOptions, String adminToken) {
        this.home = home;
        this.javaOptions = javaOptions;
        this.adminToken = adminToken;
    }

    @Override
    public Path home() {
        return home;
    }

    @Override
    public String kind() {
        return "local";
    }

    @Override
    public String stageModel(Instance instance, Path modelFile, String sha256) throws IOException {
        Path dir = home.resolve("models").resolve(sha256);
        Path target = dir.resolve(modelFile.getFileName().toString());
        if (!Files.isRegularFile(target)) {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "model", ".tmp");
            Files.copy(modelFile, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return target.toString();
    }

    @Override
    public Instance start(ServerConfig config, Path modelFile, String version, String ref, String sha256) throws Exception {
        String staged = stageModel(null, modelFile, sha256);
        config.models.replaceAll(m -> new io.mlsteps.serve.ModelSpec(m.name(), m.version(), staged, m.sha256(),
                m.lineageId(), m.role(), m.mode(), m.percent()));
        Path configFile = home.resolve("server-" + config.port + "-" + safe(version) + ".json");
        Json.write(configFile, config);
        String host = "0.0.0.0".equals(config.host) ? "127.0.0.1" : config.host;
        Instance planned = new Instance("http://" + host + ":" + config.port, config.port, null, null, version, ref,
                sha256, staged, configFile.toString(), home.resolve("server-" + config.port + ".log").toString(), null,
                Instant.now());
        return launch(planned);
    }

    @Override
    public Instance restore(Instance previous) throws Exception {
        return launch(previous);
    }

    static String safe(String text) {
        return text.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** Starts the server process of an instance from its configuration file. */
    private Instance launch(Instance planned) throws IOException {
        List<Path> jars = ServerRuntime.install(home.getParent().resolve("lib"));
        Path logFile = Path.of(planned.logFile());
        List<String> command = new ArrayList<>();
        Path setsid = Path.of("/usr/bin/setsid");
        if (Files.isExecutable(setsid)) {
            command.add(setsid.toString());
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.add("-Djava.awt.headless=true");
        command.add("-cp");
        command.add(String.join(File.pathSeparator, jars.stream().map(Path::toString).toList()));
        command.add(ServerRuntime.MAIN_CLASS);
        command.add(planned.configFile());
        File devNull = new File("/dev/null");
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        if (devNull.exists()) {
            pb.redirectInput(ProcessBuilder.Redirect.from(devNull));
        }
        pb.environment().put("JENKINS_NODE_COOKIE", "dontKillMe");
        pb.environment().put("BUILD_ID", "dontKillMe");
        pb.environment().put("MLSTEPS_ADMIN_TOKEN", adminToken);
        Files.writeString(logFile, "--- " + Instant.now() + " starting " + planned.ref() + " on port " + planned.port()
                + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        Process process = pb.start();
        return new Instance(planned.endpoint(), planned.port(), process.pid(), null, planned.version(), planned.ref(),
                planned.sha256(), planned.modelPath(), planned.configFile(), planned.logFile(), null, Instant.now());
    }

    private static Optional<ProcessHandle> handle(Instance instance) {
        if (instance == null || instance.pid() == null) {
            return Optional.empty();
        }
        // A recycled pid must not make us stop a stranger: the process must have started when ours did.
        return ProcessHandle.of(instance.pid()).filter(ProcessHandle::isAlive).filter(p -> p.info().startInstant()
                .map(t -> instance.startedAt() == null
                        || Math.abs(java.time.Duration.between(t, instance.startedAt()).toSeconds()) < 120)
                .orElse(true));
    }

    @Override
    public boolean isRunning(Instance instance) {
        return handle(instance).isPresent();
    }

    @Override
    public void stop(Instance instance) {
        handle(instance).ifPresent(p -> {
            p.destroy();
            try {
                p.onExit().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
                try {
                    p.onExit().get(5, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // reported by isRunning
                }
            }
        });
    }

    /**
     * Asks the server's JVM for its threads (SIGQUIT: the JVM prints them to its output, our log file, and goes
     * on) and returns what it printed.
     */
    @Override
    public String threadDump(Instance instance) {
        Optional<ProcessHandle> process = handle(instance);
        if (process.isEmpty() || instance.logFile() == null || !Files.isExecutable(Path.of("/bin/kill"))) {
            return "";
        }
        Path log = Path.of(instance.logFile());
        try {
            long before = Files.size(log);
            Process kill = new ProcessBuilder("/bin/kill", "-QUIT", Long.toString(process.get().pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                kill.destroyForcibly();
                return "";
            }
            return RuntimeTarget.awaitThreadDump(() -> readFrom(log, before));
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static String readFrom(Path file, long offset) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            long size = ch.size();
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) Math.min(Math.max(0, size - offset), 4 << 20));
            ch.read(buf, offset);
            return new String(buf.array(), 0, buf.position(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Override
    public String diagnostics(Instance instance) {
        if (instance == null || instance.logFile() == null) {
            return "";
        }
        try {
            List<String> lines = Files.readAllLines(Path.of(instance.logFile()));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
