package io.mlsteps.metrics;

import io.mlsteps.util.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one reader of metrics files, for compare, registry and drift alike. */
class MetricsFileTest {
    @TempDir
    Path dir;

    private Path file(String name, String json) throws Exception {
        return Files.writeString(dir.resolve(name), json);
    }

    @Test
    void aFlatObjectGivesItsNumbersInOrderAndIgnoresOtherFields() throws Exception {
        MetricsFile m = MetricsFile.read(file("m.json", "{\"f1\": 0.7, \"note\": \"hand-made\", \"accuracy\": 0.85, \"rows\": 10}"));
        assertThat(m.metrics()).containsExactly(org.assertj.core.api.Assertions.entry("f1", 0.7),
                org.assertj.core.api.Assertions.entry("accuracy", 0.85), org.assertj.core.api.Assertions.entry("rows", 10.0));
        assertThat(m.isStepResult()).isFalse();
        assertThat(m.passed()).isNull();
        assertThat(m.rows()).isNull();
    }

    @Test
    void evaluateModelsMetricsJsonGivesItsMetricsAndTheRowCountBesideThem() throws Exception {
        MetricsFile m = MetricsFile.read(file("metrics.json",
                "{\"task\": \"classification\", \"rows\": 1200, \"metrics\": {\"accuracy\": 0.9, \"roc_auc[sex=F]\": \"NaN\","
                        + " \"log_loss\": null}, \"source\": {\"data\": \"test.csv\"}}"));
        assertThat(m.metrics()).containsEntry("accuracy", 0.9).containsKeys("roc_auc[sex=F]", "log_loss")
                .doesNotContainKey("rows");
        assertThat(m.metrics().get("roc_auc[sex=F]")).isNaN();
        assertThat(m.metrics().get("log_loss")).isNaN();
        assertThat(m.rows()).isEqualTo(1200.0);
    }

    @Test
    void aStepResultKeepsItsStepAndVerdict() throws Exception {
        MetricsFile ok = MetricsFile.read(file("ok.json",
                "{\"step\": \"evaluateModel\", \"status\": \"SUCCESS\", \"checks\": [], \"metrics\": {\"accuracy\": 0.9}}"));
        assertThat(ok.isStepResult()).isTrue();
        assertThat(ok.step()).isEqualTo("evaluateModel");
        assertThat(ok.passed()).isTrue();
        MetricsFile failed = MetricsFile.read(file("failed.json",
                "{\"step\": \"checkDrift\", \"status\": \"FAILURE\", \"checks\": [], \"metrics\": {}}"));
        assertThat(failed.passed()).isFalse();
        assertThat(failed.requireMetrics(dir.resolve("failed.json"))).isSameAs(failed); // a verdict without metrics
        // an override accepted the comparison: UNSTABLE by design, yet passed
        MetricsFile overridden = MetricsFile.read(file("cmp.json", "{\"step\": \"compareToBaseline\", \"status\": \"UNSTABLE\","
                + " \"checks\": [], \"details\": {\"accepted\": true}, \"metrics\": {\"delta[accuracy]\": -0.02}}"));
        assertThat(overridden.passed()).isTrue();
        assertThat(overridden.status()).isEqualTo("UNSTABLE");
        // "step" without checks is just a field of a flat file
        assertThat(MetricsFile.read(file("flat.json", "{\"step\": 3, \"accuracy\": 0.5}")).isStepResult()).isFalse();
    }

    @Test
    void badFilesAreInputErrorsNamingTheFileAndWhatWasExpected() throws Exception {
        assertThatThrownBy(() -> MetricsFile.read(file("broken.json", "{\"accuracy\": 0.9,\n \"f1\": }")))
                .isInstanceOf(InputException.class).hasMessageContaining("broken.json:2").hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> MetricsFile.read(dir.resolve("missing.json")))
                .isInstanceOf(InputException.class).hasMessageContaining("file not found");
        assertThatThrownBy(() -> MetricsFile.read(dir))
                .isInstanceOf(InputException.class).hasMessageContaining("is a folder");
        assertThatThrownBy(() -> MetricsFile.read(file("list.json", "[0.9]")))
                .isInstanceOf(InputException.class).hasMessageContaining("expected a JSON object of metrics");
        assertThatThrownBy(() -> MetricsFile.read(file("text.json", "{\"metrics\": {\"accuracy\": \"high\"}}")))
                .isInstanceOf(InputException.class).hasMessageContaining("metric 'accuracy' is not a number");
        Path none = file("none.json", "{\"note\": \"nothing\"}");
        assertThat(MetricsFile.read(none).metrics()).isEmpty();
        assertThatThrownBy(() -> MetricsFile.read(none).requireMetrics(none))
                .isInstanceOf(InputException.class).hasMessageContaining("no numeric metrics found");
    }
}
