package io.mlsteps.jenkins.engine;

import io.mlsteps.jenkins.Fixtures;
import io.mlsteps.jenkins.engine.Outcome.Mark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeTest {
    private static EngineResult failed(String criticality, String status) {
        return EngineResult.parse(Fixtures.result("evaluateModel", status, criticality, "FAILED"));
    }

    @ParameterizedTest(name = "{0} failOnError={2}: stage {3}, build {4}, abort {5}")
    @CsvSource({
            // criticality, engine status, failOnError, stage, build, abort
            "NOTE,     UNSTABLE, true,  UNSTABLE, NONE,     false",
            "UNSTABLE, UNSTABLE, true,  UNSTABLE, UNSTABLE, false",
            "ERROR,    FAILURE,  true,  NONE,     NONE,     true",
            "FAILURE,  FAILURE,  true,  NONE,     FAILURE,  true",
            "NOTE,     UNSTABLE, false, UNSTABLE, NONE,     false",
            "UNSTABLE, UNSTABLE, false, UNSTABLE, UNSTABLE, false",
            "ERROR,    FAILURE,  false, FAILURE,  NONE,     false",
            "FAILURE,  FAILURE,  false, FAILURE,  FAILURE,  false",
    })
    void criticalityDecidesStageBuildAndStep(String criticality, String status, boolean failOnError, Mark stage,
                                             Mark build, boolean abort) {
        int exitCode = status.equals("FAILURE") ? 2 : 1;
        Outcome outcome = Outcome.decide("evaluateModel", failed(criticality, status), exitCode, failOnError);
        assertThat(outcome.stage()).isEqualTo(stage);
        assertThat(outcome.build()).isEqualTo(build);
        assertThat(outcome.abort()).isEqualTo(abort);
        assertThat(outcome.message()).startsWith("evaluateModel: ")
                .contains("accuracy 0.8 is below 0.85 [" + criticality + "]");
    }

    @Test
    void inconclusiveCountsLikeAFailureOfItsCriticality() {
        EngineResult result = EngineResult.parse(Fixtures.result("compareToBaseline", "UNSTABLE", "UNSTABLE", "INCONCLUSIVE"));
        Outcome outcome = Outcome.decide("compareToBaseline", result, 1, true);
        assertThat(outcome.stage()).isEqualTo(Mark.UNSTABLE);
        assertThat(outcome.build()).isEqualTo(Mark.UNSTABLE);
    }

    @Test
    void passingResultLeavesEverythingAlone() {
        EngineResult result = EngineResult.parse(Fixtures.result("trainModel", "SUCCESS", "FAILURE", "PASSED"));
        Outcome outcome = Outcome.decide("trainModel", result, 0, true);
        assertThat(outcome).isEqualTo(new Outcome(Mark.NONE, Mark.NONE, false, "trainModel: SUCCESS"));
    }

    @Test
    void mixedFailuresTakeTheWorstOfEach() {
        String json = """
                {"step":"validateData","status":"FAILURE","checks":[
                 {"name":"anomaly:OUT_OF_RANGE:age","criticality":"NOTE","outcome":"FAILED","message":"age out of range"},
                 {"name":"anomaly:MISSING_COLUMN:fnlwgt","criticality":"UNSTABLE","outcome":"FAILED","message":"fnlwgt is missing"},
                 {"name":"anomaly:TYPE_MISMATCH:age","criticality":"ERROR","outcome":"FAILED","message":"age holds text"}]}
                """;
        Outcome kept = Outcome.decide("validateData", EngineResult.parse(json), 2, false);
        assertThat(kept.stage()).isEqualTo(Mark.FAILURE);
        assertThat(kept.build()).as("ERROR fails the stage, UNSTABLE still marks the build").isEqualTo(Mark.UNSTABLE);
        assertThat(kept.abort()).isFalse();
        assertThat(kept.message()).contains("age out of range [NOTE]", "fnlwgt is missing [UNSTABLE]", "age holds text [ERROR]");
        Outcome thrown = Outcome.decide("validateData", EngineResult.parse(json), 2, true);
        assertThat(thrown.abort()).isTrue();
        assertThat(thrown.stage()).as("the warning of the unstable checks stays").isEqualTo(Mark.UNSTABLE);
    }

    @Test
    void noResultAlwaysFailsTheStepWithTheExitCodeMeaning() {
        Outcome input = Outcome.decide("trainModel", null, 3, false);
        assertThat(input.abort()).isTrue();
        assertThat(input.message()).contains("usage or input error (exit code 3)");
        assertThat(Outcome.decide("trainModel", null, 4, true).message()).contains("internal error");
        assertThat(Outcome.decide("trainModel", null, 137, true).message())
                .contains("exit code 137 without writing result.json");
    }

    @Test
    void engineStatusIsAFloorWhenChecksCarryNoCriticality() {
        String json = """
                {"step":"deployModel","status":"FAILURE","summary":"smoke test failed",
                 "checks":[{"name":"smoke","outcome":"FAILED"}]}
                """;
        Outcome outcome = Outcome.decide("deployModel", EngineResult.parse(json), 2, true);
        assertThat(outcome.abort()).isTrue();
        assertThat(outcome.build()).isEqualTo(Mark.FAILURE);
        assertThat(outcome.message()).isEqualTo("deployModel: FAILURE - smoke test failed");
        Outcome unstable = Outcome.decide("deployModel",
                EngineResult.parse("{\"status\":\"UNSTABLE\",\"checks\":[]}"), 1, true);
        assertThat(unstable.stage()).isEqualTo(Mark.UNSTABLE);
        assertThat(unstable.build()).isEqualTo(Mark.UNSTABLE);
    }

    @Test
    void longListsOfReasonsAreCut() {
        StringBuilder checks = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            checks.append(i == 0 ? "" : ",").append("{\"name\":\"c").append(i)
                    .append("\",\"criticality\":\"NOTE\",\"outcome\":\"FAILED\",\"message\":\"m").append(i).append("\"}");
        }
        Outcome outcome = Outcome.decide("checkDrift",
                EngineResult.parse("{\"status\":\"UNSTABLE\",\"checks\":[" + checks + "]}"), 1, true);
        assertThat(outcome.message()).contains("m4 [NOTE]").doesNotContain("m5 [NOTE]").endsWith("and 3 more (see the report)");
    }
}
