package io.mlsteps.cli;

import io.mlsteps.engine.DataEngines;
import io.mlsteps.engine.EngineChoice;
import io.mlsteps.util.InputException;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Puts Spark in place when a command asks for {@code engine: 'spark'} and this JVM has no Spark on its class path
 * (the usual case: {@code java -jar mlsteps.jar}, as bin/mlsteps and the Jenkins plugin start it). The command
 * runs again in a child JVM, the Spark driver, whose class path is Spark's jars, the mlsteps Spark job jar and this
 * jar, with the JVM options Spark's own launcher gives a driver; its output and exit code are the command's.
 *
 * <p>Spark's jars: {@code MLSTEPS_SPARK_CLASSPATH} (a class path; {@code DIR/*} entries allowed), else
 * {@code $SPARK_HOME/jars/*} (a Spark 4.x distribution), else those of this source tree's build
 * ({@code spark/target/spark-jars}). The job jar (a release asset of its own, {@code mlsteps-spark-<version>.jar}):
 * {@code MLSTEPS_SPARK_JAR}, else {@code mlsteps-spark-<version>.jar} or {@code mlsteps-spark.jar} next to this jar, in
 * the distribution's folder or next to that folder, else the build's {@code spark/target/mlsteps-spark.jar}. {@code MLSTEPS_SPARK_JAVA} picks the child's
 * java (Spark 4 runs on Java 17 and 21).
 */
final class SparkRelaunch {
    static final String CHILD_ENV = "MLSTEPS_SPARK_CHILD";
    static final String CLASSPATH_ENV = "MLSTEPS_SPARK_CLASSPATH";
    static final String JAVA_ENV = "MLSTEPS_SPARK_JAVA";
    private static final Pattern SPARK_IN_GROOVY = Pattern.compile("engine\\s*:\\s*['\"]spark['\"]");
    private static final Pattern SPARK_IN_JSON = Pattern.compile("\"engine\"\\s*:\\s*\"spark\"", Pattern.CASE_INSENSITIVE);

    private SparkRelaunch() {
    }

    /** Whether the command line asks for Spark while this process cannot run it. */
    static boolean needed(String[] args, Map<String, String> env) {
        return !"1".equals(env.get(CHILD_ENV)) && asksForSpark(args) && !DataEngines.available(EngineChoice.SPARK);
    }

    /** {@code --engine spark}, a request file with {@code "engine": "spark"}, or a Jenkinsfile with {@code engine: 'spark'}. */
    static boolean asksForSpark(String[] args) {
        List<String> a = Arrays.asList(args);
        for (int i = 0; i < a.size(); i++) {
            String arg = a.get(i);
            if (arg.equals("--engine=spark") || arg.equals("--engine") && i + 1 < a.size() && a.get(i + 1).equals("spark")) {
                return true;
            }
            if (arg.equals("--request") && i + 1 < a.size() && mentions(Path.of(a.get(i + 1)), SPARK_IN_JSON)
                    || arg.startsWith("--request=") && mentions(Path.of(arg.substring(10)), SPARK_IN_JSON)) {
                return true;
            }
        }
        int run = a.indexOf("run");
        if (run >= 0 && a.stream().filter(x -> !x.startsWith("-")).findFirst().orElse("").equals("run")) {
            String file = a.stream().skip(run + 1).filter(x -> !x.startsWith("-")).findFirst().orElse("Jenkinsfile");
            return mentions(Path.of(file), SPARK_IN_GROOVY);
        }
        return false;
    }

    private static boolean mentions(Path file, Pattern pattern) {
        try {
            return Files.isRegularFile(file) && pattern.matcher(Files.readString(file, StandardCharsets.UTF_8)).find();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Runs the command line in a child JVM with Spark on its class path and returns its exit code. */
    static int run(String[] args, Map<String, String> env) throws IOException, InterruptedException {
        Path self = selfJar().orElseThrow(() -> new InputException("engine", "spark: cannot tell which jar this command runs "
                + "from; run the mlsteps jar (java -jar mlsteps.jar) or put Spark on the class path yourself (docs/spark.md)"));
        Path jobJar = jobJar(env, self);
        List<String> sparkJars = sparkClassPath(env, self);
        List<String> classPath = new ArrayList<>(sparkJars);
        classPath.add(jobJar.toString());
        classPath.add(self.toString());
        String java = env.getOrDefault(JAVA_ENV, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(moduleOptions(sparkJars));
        cmd.addAll(DRIVER_OPTIONS);
        cmd.addAll(jvmOptions(ManagementFactory.getRuntimeMXBean().getInputArguments(), env.get("MLSTEPS_JAVA_OPTS")));
        cmd.add("-Djava.awt.headless=true");
        DriverArchive archive = DriverArchive.of(env, java, classPath).orElse(null);
        if (archive != null) {
            cmd.addAll(archive.options());
        }
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, classPath));
        cmd.add(Main.class.getName());
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put(CHILD_ENV, "1");
        pb.environment().put("MLSTEPS_SPARK_JAR", jobJar.toString());
        Process p = pb.start();
        int exit;
        try {
            exit = p.waitFor();
        } finally {
            p.destroy();
        }
        if (archive != null) {
            archive.keep(exit, java, classPath);
        }
        return exit;
    }

    /**
     * The class data sharing archive of the Spark driver JVM (AppCDS, as bin/mlsteps keeps one per command): Spark
     * loads some 15,000 classes, which cost about 5 CPU seconds at every start; mapped from an archive they cost about
     * none. The first run with a class path records the archive at exit (once, some seconds more); later runs map it.
     * Kept beside the launcher's (MLSTEPS_CDS_DIR, else ~/.cache/mlsteps/cds); MLSTEPS_CDS=off turns both off.
     */
    record DriverArchive(Path archive, Path recording) {
        private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

        static Optional<DriverArchive> of(Map<String, String> env, String java, List<String> classPath) {
            if ("off".equals(env.get("MLSTEPS_CDS"))) {
                return Optional.empty();
            }
            String dir = env.get("MLSTEPS_CDS_DIR");
            if (dir == null || dir.isBlank()) {
                String cache = env.get("XDG_CACHE_HOME");
                if ((cache == null || cache.isBlank()) && env.get("HOME") != null && !env.get("HOME").isBlank()) {
                    cache = Path.of(env.get("HOME"), ".cache").toString();
                }
                if (cache == null || cache.isBlank()) {
                    return Optional.empty(); // a user without a home folder keeps no archives
                }
                dir = Path.of(cache, "mlsteps", "cds").toString();
            }
            try {
                Path folder = Files.createDirectories(Path.of(dir));
                if (!Files.isWritable(folder)) {
                    return Optional.empty();
                }
                // the archive belongs to this class path, these jars and this java: any change records a new one
                StringBuilder id = new StringBuilder(java).append('|').append(stamp(Path.of(java)));
                for (String entry : classPath) {
                    id.append('|').append(entry).append('|').append(stamp(Path.of(entry)));
                }
                Path archive = folder.resolve(prefix(classPath) + Integer.toHexString(id.toString().hashCode()) + ".jsa");
                Path recording = Files.isRegularFile(archive) ? null
                        : folder.resolve(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
                return Optional.of(new DriverArchive(archive, recording));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }

        private static String prefix(List<String> classPath) {
            return "spark-driver-" + Integer.toHexString(String.join(File.pathSeparator, classPath).hashCode()) + "-";
        }

        private static String stamp(Path file) throws IOException {
            return Files.size(file) + "-" + Files.getLastModifiedTime(file).toMillis();
        }

        List<String> options() {
            List<String> options = new ArrayList<>(recording == null
                    ? List.of("-XX:SharedArchiveFile=" + archive) : List.of("-XX:ArchiveClassesAtExit=" + recording));
            options.addAll(QUIET);
            return options;
        }

        /**
         * After the first run: the recorded archive replaces those of earlier class paths once the JVM has shown that
         * it can map it; only a run that got to a verdict (exit 0-2) loaded what a scan needs.
         */
        void keep(int exit, String java, List<String> classPath) {
            if (recording == null) {
                return;
            }
            try {
                if (exit <= 2 && Files.isRegularFile(recording) && Files.size(recording) > 0 && maps(java, classPath)) {
                    try (var old = Files.newDirectoryStream(archive.getParent(), prefix(classPath) + "*.jsa")) {
                        for (Path p : old) {
                            Files.deleteIfExists(p);
                        }
                    }
                    Files.move(recording, archive, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException | RuntimeException e) {
                // an archive is only a start-up saving: without one the next run records again
            } finally {
                try {
                    Files.deleteIfExists(recording);
                } catch (IOException e) {
                    // left for the next run's clean-up
                }
            }
        }

        private boolean maps(String java, List<String> classPath) {
            List<String> check = new ArrayList<>(List.of(java, "-Xshare:on", "-XX:SharedArchiveFile=" + recording));
            check.addAll(QUIET);
            // a dynamic archive maps only with the class path it was recorded with
            check.addAll(List.of("-cp", String.join(File.pathSeparator, classPath), "-version"));
            try {
                Process p = new ProcessBuilder(check).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                return p.waitFor() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /**
     * The driver's own JVM options, before the command's: Spark's start-up runs thousands of methods a few thousand
     * times each, which the optimising compiler (C2) would compile at a cost of about 2 CPU seconds; with higher
     * thresholds it compiles the scan's hot methods only (about 0.7 s less CPU on a 30M-row profile).
     */
    static final List<String> DRIVER_OPTIONS = List.of("-XX:Tier4InvocationThreshold=50000",
            "-XX:Tier4MinInvocationThreshold=20000", "-XX:Tier4CompileThreshold=60000");

    /**
     * The JVM options the command was started with (bin/mlsteps' per-command options and MLSTEPS_JAVA_OPTS, or the
     * Jenkins step's jvmOptions), for the driver too; then those of MLSTEPS_JAVA_OPTS not among them. Left out: this
     * JVM's class data sharing archive (the driver has its own), agents and debuggers (a port cannot be taken twice).
     */
    static List<String> jvmOptions(List<String> started, String userOptions) {
        List<String> options = new ArrayList<>();
        for (String o : started) {
            boolean own = o.startsWith("-XX:SharedArchiveFile") || o.startsWith("-XX:ArchiveClassesAtExit")
                    || o.startsWith("-Xshare") || o.startsWith("-Xlog:cds") || o.startsWith("-javaagent")
                    || o.startsWith("-agentlib") || o.startsWith("-agentpath") || o.startsWith("-Xrunjdwp")
                    || o.startsWith("-Xdebug");
            if (!own) {
                options.add(o);
            }
        }
        if (userOptions != null && !userOptions.isBlank()) {
            for (String o : userOptions.trim().split("\\s+")) {
                if (!options.contains(o)) {
                    options.add(o);
                }
            }
        }
        return options;
    }

    /** The jar this class was loaded from (empty when run from a build folder). */
    static Optional<Path> selfJar() {
        try {
            Path p = Path.of(SparkRelaunch.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    static List<String> sparkClassPath(Map<String, String> env, Path self) {
        String explicit = env.get(CLASSPATH_ENV);
        if (explicit != null && !explicit.isBlank()) {
            return expand(Arrays.asList(explicit.split(File.pathSeparator)));
        }
        String home = env.get("SPARK_HOME");
        if (home != null && !home.isBlank() && Files.isDirectory(Path.of(home, "jars"))) {
            return expand(List.of(Path.of(home, "jars") + File.separator + "*"));
        }
        Path build = buildRoot(self).map(r -> r.resolve("spark/target/spark-jars")).filter(Files::isDirectory).orElse(null);
        if (build != null) {
            return expand(List.of(build + File.separator + "*"));
        }
        throw new InputException("engine", "spark: no Spark found for this agent; set SPARK_HOME to a Spark 4.x distribution "
                + "or MLSTEPS_SPARK_CLASSPATH to Spark's jars (see docs/spark.md)");
    }

    static Path jobJar(Map<String, String> env, Path self) {
        String explicit = env.get("MLSTEPS_SPARK_JAR");
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            if (!Files.isRegularFile(p)) {
                throw new InputException("MLSTEPS_SPARK_JAR", "is " + explicit + ", which is not a file; expected the mlsteps-spark.jar job jar");
            }
            return p;
        }
        for (Path candidate : jobJarPlaces(self)) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        String asset = jobJarName();
        return buildRoot(self).map(r -> r.resolve("spark/target/mlsteps-spark.jar")).filter(Files::isRegularFile)
                .orElseThrow(() -> new InputException("engine", "spark needs the mlsteps Spark job jar, which is not found: it "
                        + "is a download of its own beside the release archive (" + asset + " and " + asset + ".sha256, "
                        + "about 60 MB, for the users of engine: 'spark' only); put it in " + self.toAbsolutePath().getParent()
                        + " or next to the mlsteps folder, or set MLSTEPS_SPARK_JAR to it (docs/spark.md)"));
    }

    /** The release asset's name for this engine's version: {@code mlsteps-spark-<version>.jar}. */
    static String jobJarName() {
        return "mlsteps-spark-" + io.mlsteps.util.EngineVersion.current().version() + ".jar";
    }

    /**
     * Where an unpacked release looks for the job jar, in order: beside this jar ({@code lib/}), in the distribution's
     * folder, and next to that folder (where the release's downloads land), by the asset's name or the plain one.
     */
    static List<Path> jobJarPlaces(Path self) {
        List<Path> places = new ArrayList<>();
        Path lib = self.toAbsolutePath().getParent();
        for (Path dir = lib; dir != null && places.size() < 6; dir = dir.getParent()) {
            places.add(dir.resolve(jobJarName()));
            places.add(dir.resolve("mlsteps-spark.jar"));
        }
        return places;
    }

    /** The source tree a jar of this build lies in ({@code cli/target/mlsteps.jar}), if it does. */
    private static Optional<Path> buildRoot(Path self) {
        Path target = self.toAbsolutePath().getParent();
        if (target != null && target.getFileName().toString().equals("target") && target.getParent() != null
                && target.getParent().getParent() != null) {
            Path root = target.getParent().getParent();
            return Files.isRegularFile(root.resolve("pom.xml")) ? Optional.of(root) : Optional.empty();
        }
        return Optional.empty();
    }

    private static List<String> expand(List<String> entries) {
        List<String> out = new ArrayList<>();
        for (String e : entries) {
            if (e.endsWith("*")) {
                Path dir = Path.of(e.substring(0, e.length() - 1));
                try (var files = Files.list(dir)) {
                    files.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(f -> out.add(f.toString()));
                } catch (IOException ex) {
                    throw new InputException(CLASSPATH_ENV, "cannot list " + dir + ": " + ex.getMessage());
                }
            } else if (!e.isBlank()) {
                out.add(e);
            }
        }
        if (out.isEmpty()) {
            throw new InputException(CLASSPATH_ENV, "names no jar; expected Spark's jars");
        }
        return out;
    }

    /** The JVM options Spark's launcher gives a driver, read from the Spark jars themselves (spark-launcher). */
    static List<String> moduleOptions(List<String> sparkJars) {
        List<URL> urls = new ArrayList<>();
        for (String j : sparkJars) {
            if (Path.of(j).getFileName().toString().startsWith("spark-launcher")) {
                try {
                    urls.add(Path.of(j).toUri().toURL());
                } catch (IOException e) {
                    // not a usable path: no options from it
                }
            }
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), null)) {
            Class<?> options = loader.loadClass("org.apache.spark.launcher.JavaModuleOptions");
            return Arrays.asList((String[]) options.getMethod("defaultModuleOptionArray").invoke(null));
        } catch (Exception | LinkageError e) {
            throw new InputException(CLASSPATH_ENV, "Spark's launcher (spark-launcher_2.13-*.jar) is not among Spark's jars; "
                    + "expected the jars of a Spark 4.x distribution");
        }
    }
}
