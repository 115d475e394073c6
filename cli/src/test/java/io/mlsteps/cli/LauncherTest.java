package io.mlsteps.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code bin/mlsteps}, the launcher: the first run of a command makes its class data sharing archive, later runs
 * use it, and none of this shows in what a run prints, exits with or writes.
 */
@Timeout(300)
class LauncherTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path JAR = ROOT.resolve("cli/target/mlsteps.jar");

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {
    }

    private Run launch(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/mlsteps").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("MLSTEPS_JAR", JAR.toString());
        pb.environment().put("MLSTEPS_CDS_DIR", tmp.resolve("cds").toString());
        pb.environment().remove("MLSTEPS_JAVA_OPTS");
        pb.environment().remove("MLSTEPS_CDS");
        pb.environment().putAll(env);
        Path err = Files.createTempFile(tmp, "err", ".txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        return new Run(p.waitFor(), out, Files.readString(err));
    }

    private Path write(String name, double shift, long seed) throws Exception {
        Random rnd = new Random(seed);
        List<String> lines = new ArrayList<>(List.of("x,city"));
        for (int i = 0; i < 3000; i++) {
            lines.add(String.format(Locale.ROOT, "%.5f,%s", rnd.nextGaussian() + shift, rnd.nextBoolean() ? "Oslo" : "Rome"));
        }
        return Files.write(tmp.resolve(name), lines);
    }

    private List<Path> archives() throws Exception {
        if (!Files.isDirectory(tmp.resolve("cds"))) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(tmp.resolve("cds"))) {
            return s.sorted().toList();
        }
    }

    @Test
    void firstRunMakesTheClassArchiveLaterRunsUseItAndResultsStayTheSame() throws Exception {
        assumeTrue(Files.isRegularFile(JAR), "needs the command line jar " + JAR + " (mvn -pl cli -am package)");
        Path ref = write("ref.csv", 0, 1);
        Path cur = write("cur.csv", 1, 2);

        // no command, no archive
        Run version = launch(Map.of(), "--version");
        assertThat(version.exit()).as(version.err()).isZero();
        assertThat(version.out()).startsWith("mlsteps ");
        assertThat(archives()).isEmpty();
        // nor from help, or from a run stopped by an input error (exit 3): they load too little to be worth keeping
        assertThat(launch(Map.of(), "drift", "--help").exit()).isZero();
        Run missing = launch(Map.of(), "drift", "--work-dir", tmp.toString(), "--reference", tmp.resolve("absent.csv").toString(), "--current",
                cur.toString(), "--out", tmp.resolve("absent").toString());
        assertThat(missing.exit()).as(missing.err()).isEqualTo(3);
        assertThat(missing.err()).contains("absent.csv");
        assertThat(archives()).isEmpty();

        // the first drift run: its exit code (2: PSI above 0.25) and JSON on stdout are untouched by the archive dump
        Run first = launch(Map.of(), "drift", "--work-dir", tmp.toString(), "--reference", ref.toString(), "--current", cur.toString(),
                "--out", tmp.resolve("first").toString(), "--json", "--no-charts");
        assertThat(first.exit()).as(first.err()).isEqualTo(2);
        assertThat(Json.mapper().readTree(first.out()).path("status").asText()).isEqualTo("FAILURE");
        List<Path> made = archives();
        assertThat(made).hasSize(1);
        assertThat(made.get(0).getFileName().toString()).startsWith("drift-").endsWith(".jsa");
        long madeAt = Files.getLastModifiedTime(made.get(0)).toMillis();

        // the second run maps the archive (its classes come from it) and gives the same result
        Path classes = tmp.resolve("classes.txt");
        Run second = launch(Map.of("MLSTEPS_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes),
                "drift", "--reference-profile", tmp.resolve("first/reference-profile.json").toString(),
                "--current", cur.toString(), "--out", tmp.resolve("second").toString(), "--json", "--no-charts");
        assertThat(second.exit()).as(second.err()).isEqualTo(2);
        JsonNode result = Json.mapper().readTree(second.out());
        assertThat(result.path("status").asText()).isEqualTo("FAILURE");
        assertThat(Files.readString(tmp.resolve("second/drift.json"))).isEqualTo(Files.readString(tmp.resolve("first/drift.json")));
        assertThat(Files.readAllLines(classes)).anyMatch(l -> l.contains("io.mlsteps.drift.CheckDriftStep source: shared objects file"));
        assertThat(archives()).isEqualTo(made);
        assertThat(Files.getLastModifiedTime(made.get(0)).toMillis()).isEqualTo(madeAt);

        // MLSTEPS_CDS=off: classes load from the jar, no archive is made for a new command
        Path plain = tmp.resolve("plain.txt");
        Run off = launch(Map.of("MLSTEPS_CDS", "off", "MLSTEPS_JAVA_OPTS", "-Xlog:class+load=info:file=" + plain),
                "profile", ref.toString(), "--out", tmp.resolve("profile").toString(), "--quiet");
        assertThat(off.exit()).as(off.err()).isZero();
        assertThat(Files.readAllLines(plain)).noneMatch(l -> l.contains("io.mlsteps") && l.contains("shared objects file"));
        assertThat(archives()).isEqualTo(made);
    }

    /**
     * checkDrift's reference profile cache across processes: a second run of the same command in a new JVM finds the
     * entry the first one made (its key must not depend on anything that changes from one JVM to the next).
     */
    @Test
    void aSecondProcessTakesTheReferenceProfileFromTheCache() throws Exception {
        assumeTrue(Files.isRegularFile(JAR), "needs the command line jar " + JAR + " (mvn -pl cli -am package)");
        Path ref = write("ref.csv", 0, 1);
        Files.setLastModifiedTime(ref, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        Path cur = write("cur.csv", 1, 2);
        String[] common = {"drift", "--work-dir", tmp.toString(), "--reference", ref.toString(), "--current",
                cur.toString(), "--no-charts", "--missing-values", "NA,?,-,null,n/a"};
        List<String> first = new ArrayList<>(List.of(common));
        first.addAll(List.of("--out", tmp.resolve("first").toString()));
        Run one = launch(Map.of(), first.toArray(String[]::new));
        assertThat(one.exit()).as(one.err()).isEqualTo(2);
        assertThat(one.out()).contains("profiling reference data");
        List<String> second = new ArrayList<>(List.of(common));
        second.addAll(List.of("--out", tmp.resolve("second").toString()));
        Run two = launch(Map.of(), second.toArray(String[]::new));
        assertThat(two.exit()).as(two.err()).isEqualTo(2);
        assertThat(two.out()).contains("reference profile from the cache").doesNotContain("profiling reference data");
        assertThat(Files.readString(tmp.resolve("second/drift.json"))).isEqualTo(Files.readString(tmp.resolve("first/drift.json")));
    }

    /** The JVM options of bin/jvm-options.sh as the launcher computes them for a command line. */
    private String jvmOptions(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "-c", ". \"$0\"; mlsteps_jvm_options \"$@\"",
                ROOT.resolve("bin/jvm-options.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("MLSTEPS_JAVA_OPTS");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor()).isZero();
        return out;
    }

    @Test
    void dataScanningCommandsStartWithShortRunOptionsUnlessTheInputIsLarge() throws Exception {
        Path data = write("small.csv", 0, 3);
        assertThat(jvmOptions(Map.of(), "profile", data.toString())).isEqualTo("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        assertThat(jvmOptions(Map.of(), "step", "checkDrift", "--request", "r.json")).contains("-XX:TieredStopAtLevel=1");
        assertThat(jvmOptions(Map.of(), "train", "--data", data.toString())).isEmpty();
        // above MLSTEPS_C1_MAX_MB of input the optimising compiler stays (here: a limit below any input)
        assertThat(jvmOptions(Map.of("MLSTEPS_C1_MAX_MB", "-1"), "validate", "--schema", "s.json", data.toString()))
                .isEqualTo("-XX:+UseSerialGC");
        // where to work and write is not input: a work folder full of big files keeps the short-run options
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.write(work.resolve("big.csv"), new byte[3 << 20]);
        assertThat(jvmOptions(Map.of("MLSTEPS_C1_MAX_MB", "0"), "drift", "--work-dir", work.toString(), "--out",
                work.toString(), "--run-dir=" + work, "--reference", data.toString(), "--current", data.toString()))
                .isEqualTo("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        assertThat(jvmOptions(Map.of("MLSTEPS_C1_MAX_MB", "0"), "drift", "--reference", work.resolve("big.csv").toString(),
                "--current", data.toString())).isEqualTo("-XX:+UseSerialGC");
        // the user's options come last; a collector of theirs replaces the serial one
        assertThat(jvmOptions(Map.of("MLSTEPS_JAVA_OPTS", "-Xmx1g -XX:+UseParallelGC"), "drift"))
                .isEqualTo("-XX:TieredStopAtLevel=1  -Xmx1g -XX:+UseParallelGC");

        // and the launcher really starts the JVM so: the serial collector, or the user's without a conflict
        assumeTrue(Files.isRegularFile(JAR), "needs the command line jar " + JAR + " (mvn -pl cli -am package)");
        Path gc = tmp.resolve("gc.txt");
        Run run = launch(Map.of("MLSTEPS_JAVA_OPTS", "-Xlog:gc:file=" + gc, "MLSTEPS_CDS", "off"),
                "profile", data.toString(), "--out", tmp.resolve("p1").toString(), "--quiet");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.readString(gc)).contains("Using Serial");
        run = launch(Map.of("MLSTEPS_JAVA_OPTS", "-XX:+UseParallelGC -Xlog:gc:file=" + gc, "MLSTEPS_CDS", "off"),
                "profile", data.toString(), "--out", tmp.resolve("p2").toString(), "--quiet");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.readString(gc)).contains("Using Parallel");
    }

    /** A stand-in {@code java} that reports the given version and fails if it is asked to run anything. */
    private Path fakeJava(Path bin, String version) throws Exception {
        Files.createDirectories(bin);
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\n"
                + "if [ \"$1\" = -version ]; then echo 'openjdk version \"" + version + "\" 2023-07-18' >&2; exit 0; fi\n"
                + "echo \"fake java asked to run: $*\" >&2; exit 99\n");
        assertThat(java.toFile().setExecutable(true)).isTrue();
        return java;
    }

    @Test
    void onJavaOlderThan17TheLauncherSaysSoInsteadOfAClassVersionError() throws Exception {
        assumeTrue(Files.isRegularFile(JAR), "needs the command line jar " + JAR + " (mvn -pl cli -am package)");
        Path fake = fakeJava(tmp.resolve("java11/bin"), "11.0.20");
        String path = fake.getParent() + ":" + System.getenv("PATH");
        Map<String, String> env = new java.util.HashMap<>(Map.of("PATH", path));
        env.put("JAVA_HOME", "");

        Run run = launch(env, "run", "samples/Jenkinsfile");
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).isEqualTo("mlsteps: needs Java 17 or newer, but " + fake.toRealPath()
                + " is Java 11; install Java 17+ (e.g. apt-get install openjdk-17-jre-headless) and put it first on"
                + " the PATH, or set JAVA_HOME to it");
        assertThat(run.err()).doesNotContain("UnsupportedClassVersionError").doesNotContain("fake java asked");
    }

    @Test
    void javaHomeWinsOverThePathAndItsReleaseFileGivesTheVersion() throws Exception {
        assumeTrue(Files.isRegularFile(JAR), "needs the command line jar " + JAR + " (mvn -pl cli -am package)");
        // a Java 8 home: the version comes from its release file ("1.8.0_392"); its java would claim 17
        Path home = tmp.resolve("jdk8");
        fakeJava(home.resolve("bin"), "17.0.1");
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Temurin\"\nJAVA_VERSION=\"1.8.0_392\"\n");

        Run run = launch(Map.of("JAVA_HOME", home.toString()), "--version");
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(run.err()).contains("needs Java 17 or newer, but " + home.toRealPath().resolve("bin/java") + " is Java 8");

        Run missing = launch(Map.of("JAVA_HOME", tmp.resolve("no-such-jdk").toString()), "--version");
        assertThat(missing.exit()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(missing.err()).contains("JAVA_HOME is set to " + tmp.resolve("no-such-jdk") + ", but");

        // the real JDK through JAVA_HOME runs
        Path realJava = Path.of(System.getProperty("java.home"));
        Run real = launch(Map.of("JAVA_HOME", realJava.toString()), "--version");
        assertThat(real.exit()).as(real.err()).isZero();
        assertThat(real.out()).contains("Java " + System.getProperty("java.version"));
    }

    @Test
    void aLinkToTheLauncherElsewhereRunsIt() throws Exception {
        assumeTrue(Files.isRegularFile(JAR), "needs the command line jar " + JAR + " (mvn -pl cli -am package)");
        Path links = Files.createDirectories(tmp.resolve("links"));
        Path relative = Files.createSymbolicLink(links.resolve("mlsteps-relative"),
                links.relativize(ROOT.resolve("bin/mlsteps")));
        Path chained = Files.createSymbolicLink(tmp.resolve("mlsteps"), relative);
        ProcessBuilder pb = new ProcessBuilder(chained.toString(), "--version").directory(tmp.toFile());
        pb.environment().put("MLSTEPS_JAR", JAR.toString());
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).startsWith("mlsteps " + io.mlsteps.util.EngineVersion.current().version() + " (commit ");
    }
}
