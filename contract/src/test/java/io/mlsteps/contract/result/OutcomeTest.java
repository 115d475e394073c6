package io.mlsteps.contract.result;

import io.mlsteps.contract.result.Outcome.Mark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeTest {
    private static StepResult result(String step, Check... checks) {
        StepResult result = new StepResult(step);
        result.setChecks(List.of(checks));
        return result;
    }

    private static Check check(Criticality criticality, CheckOutcome outcome) {
        return new Check("gate:accuracy", "accuracy", 0.8, ">= 0.85", criticality, outcome,
                "accuracy 0.8 is below 0.85", Map.of());
    }

    @ParameterizedTest(name = "{0} failOnError={1}: stage {2}, build {3}, step fails {4}, exit {5}")
    @CsvSource({
            // criticality, failOnError, stage, build, fails step, CLI exit code
            "NOTE,     true,  UNSTABLE, NONE,     false, 1",
            "UNSTABLE, true,  UNSTABLE, UNSTABLE, false, 1",
            "ERROR,    true,  FAILURE,  NONE,     true,  2",
            "FAILURE,  true,  FAILURE,  FAILURE,  true,  2",
            "NOTE,     false, UNSTABLE, NONE,     false, 1",
            "UNSTABLE, false, UNSTABLE, UNSTABLE, false, 1",
            "ERROR,    false, FAILURE,  NONE,     false, 2",
            "FAILURE,  false, FAILURE,  FAILURE,  false, 2",
    })
    void criticalityDecidesStageBuildStepAndExitCode(Criticality criticality, boolean failOnError, Mark stage,
                                                     Mark build, boolean failsStep, int exitCode) {
        StepResult result = result("evaluateModel", check(criticality, CheckOutcome.FAILED));
        Outcome outcome = Outcome.of("evaluateModel", result, failOnError);
        assertThat(outcome.stage()).isEqualTo(stage);
        assertThat(outcome.build()).isEqualTo(build);
        assertThat(outcome.failsStep()).isEqualTo(failsStep);
        assertThat(result.getStatus().exitCode()).isEqualTo(exitCode);
        assertThat(outcome.message()).isEqualTo("evaluateModel: " + (stage == Mark.FAILURE ? "FAILURE" : "UNSTABLE")
                + " - accuracy 0.8 is below 0.85 [" + criticality + "]");
        assertThat(outcome.stageResult()).isEqualTo(stage.name());
    }

    @Test
    void inconclusiveCountsLikeAFailureOfItsCriticalityAndPassedChecksCountNot() {
        assertThat(Outcome.of("c", result("c", check(Criticality.UNSTABLE, CheckOutcome.INCONCLUSIVE)), true).build())
                .isEqualTo(Mark.UNSTABLE);
        Outcome passing = Outcome.of("trainModel", result("trainModel", check(Criticality.FAILURE, CheckOutcome.PASSED)),
                true);
        assertThat(passing).isEqualTo(new Outcome(Mark.NONE, Mark.NONE, false, "trainModel: SUCCESS"));
        assertThat(passing.stageResult()).isEqualTo("SUCCESS");
    }

    @Test
    void mixedFailuresTakeTheWorstOfEachAndListAtMostFiveReasons() {
        StepResult result = result("validateData", check(Criticality.NOTE, CheckOutcome.FAILED),
                check(Criticality.UNSTABLE, CheckOutcome.FAILED), check(Criticality.ERROR, CheckOutcome.FAILED),
                check(Criticality.NOTE, CheckOutcome.FAILED), check(Criticality.NOTE, CheckOutcome.FAILED),
                check(Criticality.NOTE, CheckOutcome.FAILED), check(Criticality.NOTE, CheckOutcome.FAILED));
        Outcome outcome = Outcome.of("validateData", result, true);
        assertThat(outcome.stage()).isEqualTo(Mark.FAILURE);
        assertThat(outcome.build()).isEqualTo(Mark.UNSTABLE);
        assertThat(outcome.failsStep()).isTrue();
        assertThat(outcome.message()).endsWith("; and 2 more (see the report)");
    }

    @Test
    void theExitCodeOfAnotherProcessIsAFloor() {
        Outcome outcome = Outcome.of("deployModel", result("deployModel"), 2, true);
        assertThat(outcome.stage()).isEqualTo(Mark.FAILURE);
        assertThat(outcome.build()).isEqualTo(Mark.FAILURE);
        assertThat(outcome.failsStep()).isTrue();
        assertThat(Outcome.of("deployModel", result("deployModel"), 1, true).stage()).isEqualTo(Mark.UNSTABLE);
    }

    @Test
    void withoutAResultTheStepFails() {
        Outcome input = Outcome.withoutResult("trainModel", 3, false);
        assertThat(input.failsStep()).isTrue();
        assertThat(input.message()).isEqualTo("trainModel: usage or input error (exit code 3); the engine's message "
                + "above names the argument or file");
        assertThat(Outcome.withoutResult("trainModel", 137, false).message()).contains("without writing result.json");
    }
}
