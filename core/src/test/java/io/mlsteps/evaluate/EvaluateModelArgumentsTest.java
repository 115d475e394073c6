package io.mlsteps.evaluate;

import io.mlsteps.contract.steps.EvaluateModelRequest;
import io.mlsteps.step.StepContext;
import io.mlsteps.testing.CapturedLog;
import io.mlsteps.testing.Req;
import io.mlsteps.util.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * evaluateModel checks its arguments before it reads anything, and names every wrong one in one error: a user
 * fixing a Jenkinsfile sees all of them in one build, not one per build. The files named here do not exist, so an
 * error about them would show that the step read before it checked.
 */
class EvaluateModelArgumentsTest {
    @TempDir
    Path dir;
    final CapturedLog logged = new CapturedLog();

    private StepContext ctx() {
        return new StepContext(dir, dir.resolve("evaluateModel"), logged.of("evaluateModel"), Map.of());
    }

    private static Req<EvaluateModelRequest> request() {
        return Req.of(EvaluateModelRequest.class).set("model", "missing/model.tribuo").set("data", "missing/data.csv")
                .set("charts", false);
    }

    private InputException refused(Req<EvaluateModelRequest> request) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> new EvaluateModelStep().execute(request.build(), ctx()));
        assertThat(thrown).isInstanceOf(InputException.class);
        assertThat(dir.resolve("evaluateModel")).as("nothing written").doesNotExist();
        assertThat(thrown.getMessage()).as("no file was opened").doesNotContain("not found", "missing/");
        return (InputException) thrown;
    }

    @Test
    void twoBadArgumentsGetOneErrorNamingBothBeforeAnyFileIsOpened() {
        InputException e = refused(request().set("bootstrap", -1).set("confidenceLevel", 1.5));
        assertThat(e.getMessage()).isEqualTo("""
                2 arguments are wrong:
                  bootstrap: is -1; expected 0 (no intervals) or more resamples
                  confidenceLevel: is 1.5; expected a value between 0 and 1, e.g. 0.95""");
    }

    @Test
    void theReadingArgumentsAreCheckedWithTheOthers() {
        InputException e = refused(request().set("delimiter", ";;").set("confidenceLevel", 0.0));
        assertThat(e.getMessage()).startsWith("2 arguments are wrong:")
                .contains("delimiter: is ';;'; expected one character (or \\t)")
                .contains("confidenceLevel: is 0.0; expected a value between 0 and 1");
    }

    @Test
    void oneBadArgumentIsReportedAsItself() {
        InputException e = refused(request().set("bootstrap", -5));
        assertThat(e.source()).isEqualTo("bootstrap");
        assertThat(e.getMessage()).isEqualTo("bootstrap: is -5; expected 0 (no intervals) or more resamples");
    }

    @Test
    void neitherModelNorPredictionsIsOneProblemAndImportanceWithoutAModelAnother() {
        InputException e = refused(Req.of(EvaluateModelRequest.class).set("data", "missing/data.csv")
                .set("importance", true).set("importanceMetric", "nonsense_metric"));
        assertThat(e.getMessage()).startsWith("3 arguments are wrong:")
                .contains("model: is required: a model file with labelled data, or a predictions file (y_true, y_pred)")
                .contains("importance: needs a model: permutation importance predicts again on permuted data")
                .contains("importanceMetric: 'nonsense_metric' is not a metric of evaluateModel");
    }

    @Test
    void modelAndPredictionsTogetherIsOneProblemNotTwo() {
        InputException e = refused(Req.of(EvaluateModelRequest.class).set("model", "missing/model.tribuo")
                .set("predictions", "missing/predictions.csv"));
        // data is optional with predictions: the only problem is giving both
        assertThat(e.getMessage()).isEqualTo("predictions: give either model (with data) or predictions, not both");
    }

    @Test
    void aModelNeedsLabelledData() {
        InputException e = refused(Req.of(EvaluateModelRequest.class).set("model", "missing/model.tribuo"));
        assertThat(e.getMessage()).isEqualTo("data: is required with model: the labelled data to evaluate on");
    }

    @Test
    void goodArgumentsReachTheFilesAndTheMissingOneIsNamed() {
        assertThatThrownBy(() -> new EvaluateModelStep().execute(request().build(), ctx()))
                .isInstanceOf(InputException.class).hasMessageContaining("model.tribuo");
    }

    @Test
    void settingsKeepTheCheckedValues() {
        EvaluateModelStep.Settings s = EvaluateModelStep.Settings.of(request().set("bootstrap", 0).set("seed", 9)
                .add("slices", java.util.List.of("sex", "island")).build(), new io.mlsteps.step.ArgumentProblems());
        assertThat(s.fromModel()).isTrue();
        assertThat(s.resamples()).isZero();
        assertThat(s.seed()).isEqualTo(9);
        assertThat(s.slices()).containsExactly("sex", "island");
    }
}
