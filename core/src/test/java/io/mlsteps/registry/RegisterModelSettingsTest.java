package io.mlsteps.registry;

import io.mlsteps.contract.steps.RegisterModelRequest;
import io.mlsteps.step.StepContext;
import io.mlsteps.testing.Req;
import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** registerModel checks every argument before it reads or stores anything, and reports all errors at once. */
class RegisterModelSettingsTest {
    @TempDir
    Path work;

    private StepContext context() {
        return new StepContext(work, Path.of(".mlsteps/registerModel"), StepLog.silent(), Map.of());
    }

    @Test
    void everyBadArgumentIsReportedInOneErrorAndNothingIsStored() {
        Req<RegisterModelRequest> q = Req.of(RegisterModelRequest.class);
        q.set("name", "no spaces allowed");
        q.set("model", "missing.tribuo");
        q.set("data", "missing.csv");
        q.set("alias", "9-bad alias");
        q.set("registry", "registry");
        assertThatThrownBy(() -> new RegisterModelStep().execute(q.build(), context()))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("4 arguments are wrong:")
                .hasMessageContaining("\n  name: ").hasMessageContaining("\n  model: file not found")
                .hasMessageContaining("\n  alias: ").hasMessageContaining("\n  data: file not found");
        assertThat(work.resolve("registry")).doesNotExist();
    }

    @Test
    void oneBadArgumentIsReportedAsItself() throws Exception {
        Files.writeString(work.resolve("model.bin"), "bytes");
        Req<RegisterModelRequest> q = Req.of(RegisterModelRequest.class);
        q.set("name", "churn");
        q.set("model", "model.bin");
        q.set("card", "card.json");
        assertThatThrownBy(() -> RegisterModelStep.Settings.of(q.build(), context()))
                .isInstanceOf(InputException.class).hasMessage("card: file not found: " + work.resolve("card.json"));
    }

    @Test
    void theSettingsFindTheCardAndProfileBesideTheModel() throws Exception {
        Path dir = Files.createDirectories(work.resolve("train"));
        Files.writeString(dir.resolve("model.tribuo"), "bytes");
        Files.writeString(dir.resolve("model-card.json"), "{}");
        Files.writeString(dir.resolve("training-profile.json"), "{}");
        Req<RegisterModelRequest> q = Req.of(RegisterModelRequest.class);
        q.set("name", "churn");
        q.set("model", "train/model.tribuo");
        q.add("results", java.util.List.of("eval/result.json"));
        RegisterModelStep.Settings s = RegisterModelStep.Settings.of(q.build(), context());
        assertThat(s.card()).isEqualTo(dir.resolve("model-card.json"));
        assertThat(s.profile()).isEqualTo(dir.resolve("training-profile.json"));
        assertThat(s.results()).containsExactly(work.resolve("eval/result.json"));
        assertThat(s.metrics()).isNull();
    }
}
