package io.mlsteps.spark;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on loopback for tests: a master and workers, each its own JVM started from Spark's jars
 * (this build's {@code spark/target/spark-jars}, laid out as a Spark home so that the workers can start executors),
 * on ports the system picks. {@link #close} stops them all.
 */
final class StandaloneCluster implements AutoCloseable {
    private static final Pattern MASTER_URL = Pattern.compile("Starting Spark master at (spark://\\S+)");
    private static final Pattern WORKER_REGISTERED = Pattern.compile("Successfully registered with master");

    private final List<Process> processes = new ArrayList<>();
    private final Path dir;
    private String masterUrl;

    private StandaloneCluster(Path dir) {
        this.dir = dir;
    }

    /** Starts a master and {@code workers} workers of one core and {@code workerMemory} each; empty with the reason when it cannot. */
    static StandaloneCluster start(Path sparkJars, Path dir, int workers, String workerMemory, int timeoutSeconds) throws IOException {
        StandaloneCluster c = new StandaloneCluster(dir);
        try {
            Path home = Files.createDirectories(dir.resolve("spark-home"));
            Files.createSymbolicLink(home.resolve("jars"), sparkJars.toAbsolutePath());
            Path masterLog = dir.resolve("master.log");
            c.processes.add(c.launch(home, masterLog, "org.apache.spark.deploy.master.Master",
                    "--host", "127.0.0.1", "--port", "0", "--webui-port", "0"));
            c.masterUrl = c.await(masterLog, MASTER_URL, timeoutSeconds)
                    .orElseThrow(() -> new IllegalStateException("the master did not start within " + timeoutSeconds + " s: " + tail(masterLog)));
            for (int i = 0; i < workers; i++) {
                Path log = dir.resolve("worker-" + i + ".log");
                c.processes.add(c.launch(home, log, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                        "--port", "0", "--webui-port", "0", "--cores", "1", "--memory", workerMemory,
                        "--work-dir", Files.createDirectories(dir.resolve("work-" + i)).toString(), c.masterUrl));
                final int worker = i;
                c.await(log, WORKER_REGISTERED, timeoutSeconds).orElseThrow(() -> new IllegalStateException(
                        "worker " + worker + " did not register within " + timeoutSeconds + " s: " + tail(log)));
            }
            return c;
        } catch (RuntimeException | IOException e) {
            c.close();
            throw e;
        }
    }

    String masterUrl() {
        return masterUrl;
    }

    private Process launch(Path home, Path log, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.addAll(List.of(org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptionArray()));
        cmd.add("-cp");
        cmd.add(home.resolve("jars") + File.separator + "*");
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("SPARK_LOCAL_DIRS", Files.createDirectories(dir.resolve("local")).toString());
        pb.environment().put("SPARK_LOG_DIR", dir.toString());
        return pb.start();
    }

    private Optional<String> await(Path log, Pattern pattern, int timeoutSeconds) throws IOException {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                Matcher m = pattern.matcher(Files.readString(log, StandardCharsets.UTF_8));
                if (m.find()) {
                    return Optional.of(m.groupCount() > 0 ? m.group(1) : m.group());
                }
            }
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a cluster process exited (" + p.exitValue() + "): " + tail(log));
                }
            }
            SparkEngine.sleep(200);
        }
        return Optional.empty();
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // executors are children of the workers: make sure none outlives the test
            p.descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }
}
