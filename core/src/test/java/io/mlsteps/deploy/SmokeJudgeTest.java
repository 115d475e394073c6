package io.mlsteps.deploy;

import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.contract.result.Criticality;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The smoke test's verdict on what its requests came to, apart from any server. */
class SmokeJudgeTest {
    private static SmokeTest.Tally tally(double... millis) {
        SmokeTest.Tally tally = new SmokeTest.Tally(millis.length);
        System.arraycopy(millis, 0, tally.millis, 0, millis.length);
        return tally;
    }

    @Test
    void allAnsweredAlikeAndFastPasses() {
        SmokeTest.Outcome outcome = SmokeTest.judge(tally(3, 1, 2), "7", 3, 1e-6, 50);
        assertThat(outcome.passed()).isTrue();
        assertThat(outcome.reason()).isNull();
        assertThat(outcome.checks()).extracting(Check::name).containsExactly("smoke:requests", "smoke:skew", "smoke:latency");
        assertThat(outcome.checks()).extracting(Check::message).containsExactly(
                "every smoke request was answered (version 7, 3 rows)",
                "online predictions equal offline ones within 1.0E-6 (version 7, 3 rows)",
                "smoke p99 latency 3.00 ms, budget 50.0 ms");
        assertThat(outcome.metrics()).containsEntry("smoke_rows", 3.0).containsEntry("smoke_failed_requests", 0.0)
                .containsEntry("smoke_mismatches", 0.0).containsEntry("smoke_p99_latency_ms", 3.0)
                .containsEntry("smoke_unanswered_requests", 0.0);
    }

    @Test
    void theP99IsTheNearestRankAndTheTallyKeepsItsOrder() {
        double[] millis = new double[200];
        for (int i = 0; i < millis.length; i++) {
            millis[i] = millis.length - i;  // 200, 199, ..., 1
        }
        SmokeTest.Tally tally = tally(millis);
        // nearest rank: ceil(0.99 * 200) = 198th smallest
        assertThat(tally.p99Millis()).isEqualTo(198.0);
        assertThat(tally.millis[0]).as("not sorted in place").isEqualTo(200.0);
        assertThat(tally(42).p99Millis()).isEqualTo(42.0);
    }

    @Test
    void aFailedRequestFailsAndNamesTheFirstProblem() {
        SmokeTest.Tally tally = tally(1, 1);
        tally.failed = 1;
        tally.problem("row {a=1} got HTTP 400: bad");
        tally.problem("a later problem");
        SmokeTest.Outcome outcome = SmokeTest.judge(tally, "7", 2, 1e-6, 50);
        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.reason()).isEqualTo("1 smoke request(s) failed (version 7, 2 rows); first: row {a=1} got HTTP 400: bad");
        // skew is only reported with its first problem when no request failed (the first problem is the failure)
        assertThat(outcome.checks().get(1).outcome()).isEqualTo(CheckOutcome.PASSED);
    }

    @Test
    void skewFailsWithTheMismatchedRow() {
        SmokeTest.Tally tally = tally(1, 1);
        tally.mismatched = 2;
        tally.problem("row {a=1}: online x but offline y");
        SmokeTest.Outcome outcome = SmokeTest.judge(tally, "7", 2, 0.001, 50);
        Check skew = outcome.checks().get(1);
        assertThat(skew.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(skew.observed()).isEqualTo(2);
        assertThat(skew.message()).isEqualTo("2 row(s) predicted differently online than offline (train/serve skew) "
                + "(version 7, 2 rows); first: row {a=1}: online x but offline y");
        assertThat(outcome.reason()).isEqualTo(skew.message());
    }

    @Test
    void aSlowP99FailsOnlyAboveTheBudget() {
        assertThat(SmokeTest.judge(tally(50), "7", 1, 1e-6, 50).passed()).as("at the budget").isTrue();
        SmokeTest.Outcome slow = SmokeTest.judge(tally(50.5), "7", 1, 1e-6, 50);
        assertThat(slow.passed()).isFalse();
        assertThat(slow.reason()).isEqualTo("smoke p99 latency 50.50 ms, budget 50.0 ms exceeded");
    }

    @Test
    void unansweredRequestsThatWereAnsweredTheSecondTimeAreANoteOnly() {
        SmokeTest.Tally tally = tally(1, 2, 3);
        tally.unanswered = 1;
        SmokeTest.Outcome outcome = SmokeTest.judge(tally, "7", 3, 1e-6, 50);
        assertThat(outcome.passed()).isTrue();
        assertThat(outcome.unanswered()).isEqualTo(1);
        Check note = outcome.checks().stream().filter(c -> c.name().equals("smoke:unanswered")).findFirst().orElseThrow();
        assertThat(note.criticality()).isEqualTo(Criticality.NOTE);
        assertThat(note.message()).isEqualTo("1 smoke request(s) got no answer and were sent again on a new connection "
                + "(version 7, 3 rows); the server's state at that moment is in the log");
        assertThat(outcome.checks()).extracting(Check::name)
                .containsExactly("smoke:requests", "smoke:skew", "smoke:unanswered", "smoke:latency");
    }

    @Test
    void everyMetricIsAlwaysPresent() {
        SmokeTest.Tally tally = tally(new double[5]);
        Arrays.fill(tally.millis, 0);
        assertThat(SmokeTest.judge(tally, "x", 5, 0, 1).metrics()).containsOnlyKeys("smoke_rows",
                "smoke_failed_requests", "smoke_mismatches", "smoke_p99_latency_ms", "smoke_unanswered_requests");
    }
}
