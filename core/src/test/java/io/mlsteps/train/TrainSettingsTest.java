package io.mlsteps.train;

import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.steps.TrainModelRequest;
import io.mlsteps.step.StepContext;
import io.mlsteps.testing.Req;
import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** trainModel checks its arguments before it reads data, and reports every bad one at once. */
class TrainSettingsTest {
    @TempDir
    Path work;

    private StepContext context() {
        return new StepContext(work, Path.of(".mlsteps/trainModel"), StepLog.silent(), Map.of());
    }

    @Test
    void aBadSplitIsReportedBeforeTheDataIsOpened() {
        Req<TrainModelRequest> q = Req.of(TrainModelRequest.class);
        q.set("data", "does-not-exist.csv");
        q.set("labelColumn", "y");
        q.set("validationSplit", 1.5);
        // the data file does not exist either, but the argument error comes first: no file is opened
        assertThatThrownBy(() -> new TrainModelStep().train(q.build(), context(), new StepResult("trainModel")))
                .isInstanceOf(InputException.class)
                .hasMessage("validationSplit: is 1.5; expected a fraction in [0, 1)");
        assertThat(work.resolve(".mlsteps/trainModel")).doesNotExist();
    }

    @Test
    void theSettingsResolveFilesAgainstTheWorkspace() {
        Req<TrainModelRequest> q = Req.of(TrainModelRequest.class);
        q.set("data", "data/train.csv");
        q.set("labelColumn", "y");
        q.set("validationData", "data/valid.csv");
        TrainModelStep.Settings s = TrainModelStep.Settings.of(q.build(), context());
        assertThat(s.data()).isEqualTo(work.resolve("data/train.csv"));
        assertThat(s.validationData()).isEqualTo(work.resolve("data/valid.csv"));
        assertThat(s.labelColumn()).isEqualTo("y");
    }
}
