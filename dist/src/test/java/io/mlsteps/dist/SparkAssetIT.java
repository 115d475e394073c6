package io.mlsteps.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.mlsteps.dist.ReleaseFixture.NAME;
import static io.mlsteps.dist.ReleaseFixture.VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Spark job jar as the release ships it: an asset of its own, {@code mlsteps-spark-<version>.jar} with a
 * {@code .sha256} that {@code sha256sum -c} checks, not inside the archives (most users never use Spark). An unpacked
 * release asked for {@code --engine spark} without it says what to download and where to put it (exit 3); with the
 * asset downloaded next to the distribution's folder, {@code profile --engine spark} runs.
 */
class SparkAssetIT {
    private static final String ASSET = "mlsteps-spark-" + VERSION + ".jar";

    @TempDir
    Path tmp;

    @Test
    void theJobJarIsAnAssetOfItsOwnWithItsChecksumAndNotInTheArchive() throws Exception {
        Path asset = ReleaseFixture.DIST_DIR.resolve(ASSET);
        assertThat(asset).isRegularFile();
        ReleaseFixture.Run check = ReleaseFixture.run(asset.getParent(), Map.of(), 120, "sha256sum", "-c", ASSET + ".sha256");
        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.output()).contains(ASSET + ": OK");
        Path home = ReleaseFixture.untar(ReleaseFixture.tarball(), tmp.resolve("tar"));
        assertThat(ReleaseFixture.files(home)).noneMatch(f -> f.contains("mlsteps-spark"));
        // the archive does not carry the job jar's weight: it is smaller than its engine jar and the asset together
        assertThat(Files.size(ReleaseFixture.tarball()))
                .isLessThan(Files.size(home.resolve("lib/mlsteps.jar")) + Files.size(asset) / 2);
    }

    @Test
    @Timeout(600)
    void anUnpackedReleaseRunsSparkOnceTheAssetIsBesideItAndSaysWhatToDownloadBefore() throws Exception {
        Path sparkJars = Path.of(System.getProperty("mlsteps.spark.jars", ""));
        assumeTrue(Files.isDirectory(sparkJars), "skipped: Spark's jars of the build (spark/target/spark-jars) are absent");
        Path prefix = Files.createDirectories(tmp.resolve("opt"));
        Path home = ReleaseFixture.untar(ReleaseFixture.tarball(), prefix);
        Path workspace = Files.createDirectories(tmp.resolve("ws"));
        Files.writeString(workspace.resolve("d.csv"), "a,b\n1,x\n2,y\n3,x\n");
        Map<String, String> env = new HashMap<>();
        env.put("HOME", Files.createDirectories(tmp.resolve("home")).toString());
        env.put("MLSTEPS_SPARK_CLASSPATH", sparkJars + "/*"); // an agent's Spark (SPARK_HOME's jars)
        for (String unset : List.of("XDG_CACHE_HOME", "MLSTEPS_JAR", "MLSTEPS_CDS", "MLSTEPS_CDS_DIR", "MLSTEPS_JAVA_OPTS",
                "MLSTEPS_SPARK_JAR", "SPARK_HOME", "MLSTEPS_SPARK_MASTER")) {
            env.put(unset, null);
        }
        List<String> profile = List.of(home.resolve("bin/mlsteps").toString(), "profile", "d.csv", "--engine", "spark",
                "--spark-master", "local[1]", "-o", "p.json");

        ReleaseFixture.Run without = ReleaseFixture.run(workspace, env, 300, profile);
        assertThat(without.exit()).as(without.output()).isEqualTo(3);
        assertThat(without.output()).contains("mlsteps Spark job jar").contains(ASSET).contains(ASSET + ".sha256")
                .contains("MLSTEPS_SPARK_JAR").contains(home.resolve("lib").toString());

        // downloaded next to the unpacked release, as a browser or curl in that folder puts it
        Files.copy(ReleaseFixture.DIST_DIR.resolve(ASSET), prefix.resolve(ASSET));
        ReleaseFixture.Run with = ReleaseFixture.run(workspace, env, 500, profile);
        assertThat(with.exit()).as(with.output()).isZero();
        assertThat(with.output()).contains("spark 4.1.1 session on local[1]");
        JsonNode p = new ObjectMapper().readTree(workspace.resolve("p.json").toFile());
        assertThat(p.path("rows").asLong()).isEqualTo(3);
        assertThat(NAME).isEqualTo("mlsteps-" + VERSION);
    }
}
