package io.mlsteps.deploy;

import io.mlsteps.data.ReadOptions;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** deployModel's smoke data is read through the reading contract like every other data file. */
class SmokeDataReadingTest {
    @TempDir
    Path dir;

    @Test
    void smokeRowsOfASemicolonFileAndOfAHeaderlessOneAreTheSame() throws Exception {
        Path semicolons = Files.writeString(dir.resolve("smoke.csv"), "x;color;label\n1.5;red;yes\n2.5;blue;no\n");
        Path headerless = Files.writeString(dir.resolve("smoke.data"), "1.5,red,yes\n2.5,blue,no\n");
        List<Map<String, String>> a = SmokeTest.sample(semicolons, ReadOptions.defaults(), StepLog.silent(),
                List.of("x", "color"), 10, 42);
        List<Map<String, String>> b = SmokeTest.sample(headerless,
                ReadOptions.fromArguments(null, null, false, List.of("x", "color", "label"), null), StepLog.silent(),
                List.of("x", "color"), 10, 42);
        assertThat(a).containsExactly(Map.of("x", "1.5", "color", "red"), Map.of("x", "2.5", "color", "blue"));
        assertThat(b).isEqualTo(a);
    }
}
