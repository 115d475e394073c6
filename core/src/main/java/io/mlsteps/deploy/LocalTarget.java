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
                Instant.now(), null);
        return launch(planned);
    }

    @Override
    public Instance restore(Instance previous) throws Exception {
        return launch(previous);
    }

    static String safe(String text) {
        return text.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** Starts the server process of an instance from its configuration file, with a new identity. */
    private Instance launch(Instance planned) throws IOException {
        String instanceId = Instance.newId();
        List<Path> jars = ServerRuntime.install(home.getParent().resolve("lib"));
        Path logFile = Path.of(planned.logFile());
        List<String> command = new ArrayList<>();
        Path setsid = Path.of("/usr/bin/setsid");
        if (Files.isExecutable(setsid)) {
            command.add(setsid.toString());
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // first, so that it is within what the system shows of a long command line: how strays are found
        command.add(CONFIG_PROPERTY + planned.configFile());
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
        pb.environment().put("MLSTEPS_INSTANCE_ID", instanceId);
        Files.writeString(logFile, START_MARK + Instant.now() + " starting " + planned.ref() + " on port " + planned.port()
                + " (instance " + instanceId + ")\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        Process process = pb.start();
        return planned.restarted(process.pid(), null, instanceId);
    }

    /** Starts each server's part of the shared log file (one file per port, appended by every start). */
    private static final String START_MARK = "--- ";

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

    /** The last lines this start of the server printed (not those of earlier starts on the same port). */
    @Override
    public String diagnostics(Instance instance) {
        if (instance == null || instance.logFile() == null || !Files.isRegularFile(Path.of(instance.logFile()))) {
            return "";
        }
        try {
            List<String> lines = Files.readAllLines(Path.of(instance.logFile()));
            int from = 0;
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith(START_MARK) && (instance.instanceId() == null
                        || lines.get(i).contains(instance.instanceId()))) {
                    from = i;
                    break;
                }
            }
            return String.join("\n", lines.subList(Math.max(from, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Server processes started from this deployment folder that the state file does not name: found by their
     * command line (the server's main class and a configuration file in this folder).
     */
    @Override
    public List<Instance> strays(Instance recorded) {
        List<Instance> found = new ArrayList<>();
        String prefix = CONFIG_PROPERTY + home.toAbsolutePath().normalize() + java.io.File.separator;
        ProcessHandle.allProcesses().filter(p -> recorded == null || recorded.pid() == null || p.pid() != recorded.pid())
                .forEach(p -> {
                    String config = commandLine(p).stream().filter(a -> a.startsWith(prefix)).findFirst().orElse(null);
                    if (config != null && p.isAlive()) {
                        found.add(stray(p, Path.of(config.substring(CONFIG_PROPERTY.length()))));
                    }
                });
        return found;
    }

    /** The JVM option that names a server's configuration file (and so its deployment folder) in its command line. */
    static final String CONFIG_PROPERTY = "-Dmlsteps.serverConfig=";

    /**
     * A process's command line: from /proc where there is one (complete), else what the JDK reports (on Linux only
     * the first 4 kB, which the configuration option is within).
     */
    private static List<String> commandLine(ProcessHandle process) {
        Path proc = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        try {
            if (Files.isReadable(proc)) {
                return List.of(Files.readString(proc, java.nio.charset.StandardCharsets.UTF_8).split("\u0000"));
            }
        } catch (IOException | UncheckedIOException e) {
            // gone meanwhile, or not ours to read
        }
        return process.info().commandLine().map(c -> List.of(c.split(" "))).orElse(List.of());
    }

    private Instance stray(ProcessHandle process, Path configFile) {
        ServerConfig config = Files.isRegularFile(configFile) ? Json.read(configFile, ServerConfig.class) : new ServerConfig();
        io.mlsteps.serve.ModelSpec spec = config.models.isEmpty() ? null : config.models.get(0);
        String host = "0.0.0.0".equals(config.host) ? "127.0.0.1" : config.host;
        return new Instance("http://" + host + ":" + config.port, config.port, process.pid(), null,
                spec == null ? null : spec.version(), spec == null ? null : spec.name() + "@" + spec.version(),
                spec == null ? null : spec.sha256(), spec == null ? null : spec.path(), configFile.toString(),
                home.resolve("server-" + config.port + ".log").toString(), null,
                process.info().startInstant().orElse(null), null);
    }
}
