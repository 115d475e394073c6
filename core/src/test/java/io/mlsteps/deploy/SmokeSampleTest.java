package io.mlsteps.deploy;

import io.mlsteps.util.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The smoke test sends rows as clients send them: every column of the smoke data, for a model that says which it ignores. */
class SmokeSampleTest {
    @TempDir
    Path dir;

    @Test
    void everyColumnOrOnlyTheFeatures() throws Exception {
        Path data = Files.writeString(dir.resolve("smoke.csv"), "age,fnlwgt,sex,income\n39,77516,Male,<=50K\n50,83311,Female,>50K\n");
        List<Map<String, String>> all = SmokeTest.sample(data, List.of("age", "sex"), true, 10, 42);
        assertThat(all).hasSize(2);
        assertThat(all.get(0)).containsOnlyKeys("age", "sex", "fnlwgt", "income");
        List<Map<String, String>> features = SmokeTest.sample(data, List.of("age", "sex"), false, 10, 42);
        assertThat(features.get(0)).containsOnlyKeys("age", "sex");
        assertThatThrownBy(() -> SmokeTest.sample(data, List.of("age", "education"), true, 10, 42))
                .isInstanceOf(InputException.class).hasMessageContaining("lacks the model's feature column(s) [education]");
    }
}
