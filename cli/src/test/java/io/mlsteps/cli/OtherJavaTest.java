package io.mlsteps.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The engine on a newer Java than the one it is built and tested with: Jenkins agents run 17, 21 or 25. The command
 * line jar runs profile, train and drift on Java 25 (the newest JDK found: {@code MLSTEPS_OTHER_JAVA}, or a JDK 25+
 * under /usr/lib/jvm), and the results match those of the build's own Java; a profile saved on Java 17 loads on 25.
 */
@Timeout(600)
class OtherJavaTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path JAR = ROOT.resolve("cli/target/mlsteps.jar");
    private static final Path DATA = ROOT.resolve("samples/data/penguins.csv");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String newJava;
    private static String ownJava;

    @TempDir
    Path work;

    @BeforeAll
    static void findJavas() throws IOException {
        assumeTrue(Files.isRegularFile(JAR), "needs the command line jar " + JAR + " (./mvnw -pl cli -am package)");
        Optional<String> found = newerJava();
        assumeTrue(found.isPresent(), "no JDK 25+ (set MLSTEPS_OTHER_JAVA to its java executable)");
        newJava = found.get();
        ownJava = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A java of feature release 25 or newer. */
    static Optional<String> newerJava() throws IOException {
        String configured = System.getenv("MLSTEPS_OTHER_JAVA");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(configured);
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            for (Path home : homes.sorted().toList()) {
                Path release = home.resolve("release");
                Path java = home.resolve("bin/java");
                if (Files.isRegularFile(release) && Files.isExecutable(java)) {
                    for (String line : Files.readAllLines(release)) {
                        if (line.startsWith("JAVA_VERSION=\"")) {
                            String version = line.substring("JAVA_VERSION=\"".length()).replaceAll("[^0-9].*", "");
                            if (!version.isEmpty() && Integer.parseInt(version) >= 25) {
                                return Optional.of(java.toString());
                            }
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    private Run run(String java, String name, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(java));
        if (java.equals(newJava)) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path log = work.resolve(name + ".log");
        Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).as(name + " finished").isTrue();
        return new Run(process.exitValue(), Files.readString(log));
    }

    record Run(int exit, String log) {
    }

    private static JsonNode read(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    @Test
    void profileTrainAndDriftRunOnJava25AsOnTheBuildsJava() throws Exception {
        Run newProfile = run(newJava, "profile25", "profile", DATA.toString(), "-o", "p25.json");
        assertThat(newProfile.exit()).as(newProfile.log()).isZero();
        assertThat(newProfile.log()).doesNotContain("Unsupported JDK", "WARNING");
        Run ownProfile = run(ownJava, "profile17", "profile", DATA.toString(), "-o", "p17.json");
        assertThat(ownProfile.exit()).as(ownProfile.log()).isZero();
        JsonNode p25 = read(work.resolve("p25.json"));
        JsonNode p17 = read(work.resolve("p17.json"));
        assertThat(p25.get("rows").asLong()).isEqualTo(344);
        assertThat(p25.get("rows")).isEqualTo(p17.get("rows"));
        for (int i = 0; i < p17.get("columns").size(); i++) {
            JsonNode a = p17.get("columns").get(i);
            JsonNode b = p25.get("columns").get(i);
            for (String field : List.of("name", "type", "count", "missing", "distinct", "categories")) {
                assertThat(b.get(field)).as(a.get("name") + " " + field).isEqualTo(a.get(field));
            }
        }

        Run newTrain = run(newJava, "train25", "train", "--data", DATA.toString(), "--label-column", "species",
                "--algorithm", "cart", "--seed", "7", "--out", "t25", "--quiet");
        assertThat(newTrain.exit()).as(newTrain.log()).isZero();
        Run ownTrain = run(ownJava, "train17", "train", "--data", DATA.toString(), "--label-column", "species",
                "--algorithm", "cart", "--seed", "7", "--out", "t17", "--quiet");
        assertThat(ownTrain.exit()).as(ownTrain.log()).isZero();
        assertThat(metricsWithoutTimes(work.resolve("t25/result.json")))
                .isEqualTo(metricsWithoutTimes(work.resolve("t17/result.json"))).containsKey("accuracy");

        // a reference profile saved by the engine on the build's Java, read on Java 25
        Run save = run(ownJava, "save17", "drift", "--reference", DATA.toString(), "--current", DATA.toString(),
                "--save-reference-profile", "ref17.json", "--out", "d17", "--no-reference-cache", "--quiet");
        assertThat(save.exit()).as(save.log()).isZero();
        Run drift = run(newJava, "drift25", "drift", "--reference-profile", "ref17.json", "--current",
                DATA.toString(), "--out", "d25", "--quiet");
        assertThat(drift.exit()).as(drift.log()).isZero();
        JsonNode result = read(work.resolve("d25/result.json"));
        assertThat(result.get("status").asText()).isEqualTo("SUCCESS");
        assertThat(result.get("metrics").get("drift_share").asDouble()).isZero();
    }

    private static Map<String, Double> metricsWithoutTimes(Path result) throws IOException {
        Map<String, Double> metrics = new java.util.TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = read(result).get("metrics").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            if (!e.getKey().endsWith("_seconds")) {
                metrics.put(e.getKey(), e.getValue().asDouble());
            }
        }
        return metrics;
    }
}
