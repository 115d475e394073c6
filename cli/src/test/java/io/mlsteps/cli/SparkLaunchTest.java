package io.mlsteps.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.util.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code --engine spark} as a user meets it: {@code bin/mlsteps} starts the command jar without Spark, which runs the
 * command again as a Spark driver with this build's Spark jars and job jar. samples/Jenkinsfile.spark runs through
 * the local runner on local[2] and its drift report equals the one of the same comparison without Spark; an
 * unreachable master and a missing Spark are input errors (exit 3) that say what is wrong.
 */
@Timeout(600)
class SparkLaunchTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path JAR = ROOT.resolve("cli/target/mlsteps.jar");

    @TempDir
    Path tmp;

    @BeforeAll
    static void built() {
        assumeTrue(Files.isRegularFile(JAR), "skipped: cli/target/mlsteps.jar is not built (bin/test builds it first)");
        assumeTrue(Files.isRegularFile(ROOT.resolve("spark/target/mlsteps-spark.jar"))
                && Files.isDirectory(ROOT.resolve("spark/target/spark-jars")),
                "skipped: the Spark job jar and Spark's jars (spark/target) are not built");
    }

    private record Run(int exit, String out, String err, long millis) {
    }

    private Run launch(Path dir, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/mlsteps").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("MLSTEPS_JAR", JAR.toString());
        pb.environment().put("MLSTEPS_CDS", "off");
        pb.environment().remove("MLSTEPS_JAVA_OPTS");
        pb.environment().remove("SPARK_HOME");
        pb.environment().remove("MLSTEPS_SPARK_MASTER");
        pb.environment().putAll(env);
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        long started = System.nanoTime();
        int exit = pb.start().waitFor();
        return new Run(exit, Files.readString(out), Files.readString(err), (System.nanoTime() - started) / 1_000_000);
    }

    private Path copySamples() throws Exception {
        Path source = ROOT.resolve("samples");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path target = tmp.resolve("samples").resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return tmp;
    }

    @Test
    void theSparkSampleRunsThroughTheLocalRunnerAndReportsAsWithoutSpark() throws Exception {
        Path ws = copySamples();
        Run run = launch(ws, Map.of(), "run", "samples/Jenkinsfile.spark");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1); // UNSTABLE: year is constant, PSI bands
        assertThat(run.out()).contains("on spark 4.1.1 (local[2])").contains("=== Stage: Drift on Spark ===")
                .contains("reference: 224 rows, current: 120 rows");
        JsonNode spark = Json.mapper().readTree(ws.resolve(".mlsteps/builds/1/checkDrift/result.json").toFile());

        Run local = launch(ws, Map.of(), "drift", "--reference", "samples/data/penguins-reference",
                "--current", "samples/data/penguins-2009.csv", "--exclude-columns", "year", "--psi-failure", "0.5",
                "--out", "local-drift");
        assertThat(local.exit()).as(local.out() + local.err()).isEqualTo(1);
        JsonNode plain = Json.mapper().readTree(ws.resolve("local-drift/result.json").toFile());
        assertThat(spark.path("status").asText()).isEqualTo(plain.path("status").asText());
        List<String> names = new ArrayList<>();
        plain.path("metrics").fieldNames().forEachRemaining(names::add);
        assertThat(names).isNotEmpty();
        for (String m : names) {
            assertThat(spark.path("metrics").path(m).asDouble()).as(m)
                    .isCloseTo(plain.path("metrics").path(m).asDouble(), within(1e-9));
        }
        assertThat(spark.path("checks").size()).isEqualTo(plain.path("checks").size());

        // the scoring stage: predictions on Spark equal `mlsteps predict` without Spark, row for row by island and year
        assertThat(run.out()).contains("=== Stage: Score on Spark ===").contains("scored: 120 rows predicted with");
        JsonNode scored = Json.mapper().readTree(ws.resolve(".mlsteps/builds/1/predict/result.json").toFile());
        assertThat(scored.at("/details/engine").asText()).isEqualTo("spark 4.1.1 (local[2])");
        Path model = ws.resolve(".mlsteps/builds/1/trainModel/model.tribuo");
        Run localPredict = launch(ws, Map.of(), "predict", "samples/data/penguins-2009.csv", "--model-file", model.toString(),
                "--passthrough", "island", "--passthrough", "year", "--output", "local.csv");
        assertThat(localPredict.exit()).as(localPredict.out() + localPredict.err()).isZero();
        Run sparkPredict = launch(ws, Map.of(), "predict", "samples/data/penguins-2009.csv", "--model-file", model.toString(),
                "--passthrough", "island", "--passthrough", "year", "--output", "spark.csv", "--engine", "spark",
                "--spark-master", "local[2]", "--spark-conf", "spark.sql.files.maxPartitionBytes=2048");
        assertThat(sparkPredict.exit()).as(sparkPredict.out() + sparkPredict.err()).isZero();
        assertThat(sparkPredict.out()).contains("120 rows predicted with");
        List<String> expected = Files.readAllLines(ws.resolve("local.csv")).stream().skip(1)
                .map(l -> l.substring(l.indexOf(',') + 1)).sorted().toList(); // without the row column
        List<String> actual = new ArrayList<>();
        try (Stream<Path> parts = Files.list(ws.resolve("spark.csv"))) {
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                Files.readAllLines(part).stream().skip(1).forEach(actual::add);
            }
        }
        assertThat(actual).hasSize(120);
        assertThat(actual.stream().sorted().toList()).isEqualTo(expected);
    }

    @Test
    void theDriversClassArchiveIsRecordedOnceAndMappedAfter() throws Exception {
        Path data = Files.writeString(tmp.resolve("d.csv"), "a,b\n1,x\n2,y\n3,x\n");
        Path cds = Files.createDirectories(tmp.resolve("cds"));
        Map<String, String> env = Map.of("MLSTEPS_CDS", "on", "MLSTEPS_CDS_DIR", cds.toString());
        Run first = launch(tmp, env, "profile", data.toString(), "--engine", "spark", "--spark-master", "local[1]", "-o", "p1.json");
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        List<Path> archives;
        try (Stream<Path> files = Files.list(cds)) {
            archives = files.filter(f -> f.getFileName().toString().startsWith("spark-driver-")).toList();
        }
        assertThat(archives).as("one archive of the driver's class path, no recording left").hasSize(1)
                .allMatch(f -> f.toString().endsWith(".jsa"));
        Run second = launch(tmp, env, "profile", data.toString(), "--engine", "spark", "--spark-master", "local[1]", "-o", "p2.json");
        assertThat(second.exit()).as(second.out() + second.err()).isZero();
        assertThat(second.err()).doesNotContain("cds");
        JsonNode p1 = Json.mapper().readTree(tmp.resolve("p1.json").toFile());
        JsonNode p2 = Json.mapper().readTree(tmp.resolve("p2.json").toFile());
        assertThat(p2.path("rows").asLong()).isEqualTo(3).isEqualTo(p1.path("rows").asLong());
    }

    @Test
    void anUnreachableMasterIsAnInputErrorNamingItWithinSeconds() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        Path data = Files.writeString(tmp.resolve("d.csv"), "a,b\n1,x\n2,y\n");
        String master = "spark://127.0.0.1:" + port;
        Run run = launch(tmp, Map.of(), "profile", data.toString(), "--engine", "spark", "--spark-master", master);
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(3);
        assertThat(run.err()).contains("sparkMaster").contains(master).contains("cannot reach");
        assertThat(run.millis()).isLessThan(60_000);
    }

    @Test
    void withoutSparkTheErrorSaysWhereToPutIt() throws Exception {
        Path data = Files.writeString(tmp.resolve("d.csv"), "a,b\n1,x\n");
        Path empty = Files.createDirectories(tmp.resolve("no-spark"));
        Run run = launch(tmp, Map.of("MLSTEPS_SPARK_CLASSPATH", empty + "/*"), "profile", data.toString(), "--engine", "spark");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(3);
        assertThat(run.err()).contains("MLSTEPS_SPARK_CLASSPATH");
    }

    @Test
    void theDriverRunsWithTheOptionsTheCommandWasStartedWith() {
        List<String> started = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx2g",
                "-XX:SharedArchiveFile=/cache/profile.jsa", "-Xlog:cds=off", "-agentlib:jdwp=transport=dt_socket,address=5005");
        assertThat(SparkRelaunch.jvmOptions(started, "-Xmx2g -Dx=1"))
                .containsExactly("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx2g", "-Dx=1");
        assertThat(SparkRelaunch.jvmOptions(List.of(), null)).isEmpty();
    }

    @Test
    void sparkIsAskedForByFlagRequestOrJenkinsfile() throws Exception {
        assertThat(SparkRelaunch.asksForSpark(new String[]{"profile", "x.csv", "--engine", "spark"})).isTrue();
        assertThat(SparkRelaunch.asksForSpark(new String[]{"drift", "--engine=spark"})).isTrue();
        assertThat(SparkRelaunch.asksForSpark(new String[]{"profile", "x.csv", "--engine", "local"})).isFalse();
        Path request = Files.writeString(tmp.resolve("r.json"), "{\"data\": \"x\", \"engine\" : \"spark\"}");
        assertThat(SparkRelaunch.asksForSpark(new String[]{"step", "validateData", "--request", request.toString()})).isTrue();
        Path plain = Files.writeString(tmp.resolve("p.json"), "{\"data\": \"spark.csv\"}");
        assertThat(SparkRelaunch.asksForSpark(new String[]{"step", "validateData", "--request", plain.toString()})).isFalse();
        Path jenkinsfile = Files.writeString(tmp.resolve("Jenkinsfile"), "checkDrift reference: 'a', current: 'b', engine: \"spark\"");
        assertThat(SparkRelaunch.asksForSpark(new String[]{"run", jenkinsfile.toString()})).isTrue();
    }
}
