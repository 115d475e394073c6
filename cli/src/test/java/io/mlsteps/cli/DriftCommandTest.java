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
import java.util.Random;

import static io.mlsteps.cli.DataCommandsTest.mlsteps;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code mlsteps drift} end to end: flags reach the request, exit codes follow the status, bad input exits 3. */
@Timeout(120)
class DriftCommandTest {
    @TempDir
    Path tmp;

    private Path write(String name, double shift, long seed) throws Exception {
        Random rnd = new Random(seed);
        List<String> lines = new ArrayList<>(List.of("x,city"));
        for (int i = 0; i < 2000; i++) {
            lines.add(String.format(java.util.Locale.ROOT, "%.5f,%s", rnd.nextGaussian() + shift, rnd.nextBoolean() ? "Oslo" : "Rome"));
        }
        Path f = tmp.resolve(name);
        Files.write(f, lines);
        return f;
    }

    @Test
    void driftExitCodesFlagsAndSavedProfile() throws Exception {
        Path ref = write("ref.csv", 0, 1);
        Path same = write("same.csv", 0, 2);
        Path moved = write("moved.csv", 1, 3);
        Path out = tmp.resolve("out");
        var ok = mlsteps("drift", "--work-dir", tmp.toString(), "--reference", ref.toString(), "--current", same.toString(), "--out", out.toString());
        assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
        JsonNode result = Json.mapper().readTree(out.resolve("result.json").toFile());
        assertThat(result.path("metrics").path("drift_share").asDouble()).isZero();
        assertThat(out.resolve("reference-profile.json")).exists();

        // moved x: PSI above 0.25 fails the build (exit 2); from the saved profile
        var bad = mlsteps("drift", "--reference-profile", out.resolve("reference-profile.json").toString(),
                "--current", moved.toString(), "--out", tmp.resolve("out2").toString(), "--no-charts");
        assertThat(bad.exit()).as(bad.out() + bad.err()).isEqualTo(2);
        // without PSI gates and with a high share, dataset drift alone is UNSTABLE: exit 1
        var unstable = mlsteps("drift", "--work-dir", tmp.toString(), "--reference", ref.toString(), "--current", moved.toString(), "--no-psi-gates",
                "--column-weight", "x=3", "--column-method", "city=linf", "--column-threshold", "city=0.5",
                "--out", tmp.resolve("out3").toString(), "--no-charts");
        assertThat(unstable.exit()).as(unstable.out() + unstable.err()).isEqualTo(1);
        JsonNode r3 = Json.mapper().readTree(tmp.resolve("out3/result.json").toFile());
        assertThat(r3.path("metrics").path("drift_share").asDouble()).isEqualTo(0.75);
        assertThat(r3.path("metrics").has("linf[city]")).isTrue();

        var usage = mlsteps("drift", "--work-dir", tmp.toString(), "--reference", ref.toString(), "--current", same.toString(),
                "--column-threshold", "x=high", "--out", tmp.resolve("out4").toString());
        assertThat(usage.exit()).isEqualTo(3);
        assertThat(usage.err() + usage.out()).contains("--column-threshold x").contains("expected a finite number");
    }
}
