package io.mlsteps.compare;

import io.mlsteps.contract.steps.CompareToBaselineRequest;
import io.mlsteps.step.StepContext;
import io.mlsteps.testing.CapturedLog;
import io.mlsteps.testing.Req;
import io.mlsteps.util.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * compareToBaseline checks its arguments before it reads the candidate, the data or any baseline, and names every
 * wrong one in one error. The files named here do not exist: an error about them would show a read before the check.
 */
class CompareToBaselineArgumentsTest {
    @TempDir
    Path dir;
    final CapturedLog logged = new CapturedLog();

    private InputException refused(Req<CompareToBaselineRequest> request) {
        StepContext ctx = new StepContext(dir, dir.resolve("compareToBaseline"), logged.of("compare"), Map.of());
        Throwable thrown = catchThrowable(() -> new CompareToBaselineStep().execute(request.build(), ctx));
        assertThat(thrown).isInstanceOf(InputException.class);
        assertThat(thrown.getMessage()).as("no file was opened").doesNotContain("missing/", "not found");
        assertThat(dir.resolve("compareToBaseline")).as("nothing written").doesNotExist();
        return (InputException) thrown;
    }

    private static Req<CompareToBaselineRequest> request() {
        return Req.of(CompareToBaselineRequest.class).set("candidate", "missing/evaluateModel")
                .set("data", "missing/data.csv").set("baseline", "missing/baseline/metrics.json");
    }

    @Test
    void everyBadRuleArgumentIsNamedInOneErrorBeforeAnyFileIsRead() {
        InputException e = refused(request().set("confidence", 2).set("resamples", 5).set("minRows", -1));
        assertThat(e.getMessage()).isEqualTo("""
                3 arguments are wrong:
                  confidence: must be between 0.5 and 1 (exclusive), e.g. 0.95; got 2.0
                  resamples: must be between 100 and 1000000; got 5
                  minRows: must be 0 or more; got -1""");
    }

    @Test
    void theReadingArgumentsAreCheckedWithTheRules() {
        InputException e = refused(request().set("delimiter", "ab").set("resamples", 2_000_000));
        assertThat(e.getMessage()).startsWith("2 arguments are wrong:")
                .contains("delimiter: is 'ab'; expected one character")
                .contains("resamples: must be between 100 and 1000000; got 2000000");
    }

    @Test
    void aConfidenceOfOneHalfIsRefusedAloneWithItsName() {
        InputException e = refused(request().set("confidence", 0.5));
        assertThat(e.source()).isEqualTo("confidence");
        assertThat(e.getMessage()).isEqualTo("confidence: must be between 0.5 and 1 (exclusive), e.g. 0.95; got 0.5");
    }

    @Test
    void settingsCarryThePolicyAndTheInconclusiveCriticality() {
        ComparisonRules.Settings s = CompareToBaselineStep.settings(request().set("onMissingBaseline", "FAILURE")
                .set("inconclusiveCriticality", "NOTE").set("minRows", 7).build(), new io.mlsteps.step.ArgumentProblems());
        assertThat(s.onMissingBaseline()).isEqualTo(MissingBaselinePolicy.FAILURE);
        assertThat(s.inconclusiveCriticality()).isEqualTo(io.mlsteps.contract.result.Criticality.NOTE);
        assertThat(s.minRows()).isEqualTo(7);
    }

    @Test
    void withGoodArgumentsTheMissingCandidateIsTheError() {
        StepContext ctx = new StepContext(dir, dir.resolve("compareToBaseline"), logged.of("compare"), Map.of());
        Throwable thrown = catchThrowable(() -> new CompareToBaselineStep().execute(
                Req.of(CompareToBaselineRequest.class).set("candidate", "missing/evaluateModel").build(), ctx));
        assertThat(thrown).isInstanceOf(InputException.class).hasMessageContaining("missing");
    }
}
