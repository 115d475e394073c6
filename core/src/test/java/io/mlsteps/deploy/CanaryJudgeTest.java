package io.mlsteps.deploy;

import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.contract.steps.DeployModelRequest;
import io.mlsteps.testing.Req;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The canary/shadow verdict on an analysis window, apart from any server: enough requests, an error rate at most the
 * primary's plus the allowed increase, a p99 latency within the ratio or the slack, and the window arithmetic
 * (only what happened between two snapshots counts).
 */
class CanaryJudgeTest {
    /** Latency bucket upper bounds of the server's histogram (ms). */
    private static final double[] BOUNDS = {1, 5, 10, 50, 100, Double.POSITIVE_INFINITY};

    private static DeployModelRequest request(int analysisRequests, double maxErrorRateIncrease, double maxLatencyRatio,
                                              double latencySlackMillis) {
        return Req.of(DeployModelRequest.class).set("model", "m@2").set("analysisRequests", analysisRequests)
                .set("maxErrorRateIncrease", maxErrorRateIncrease).set("maxLatencyRatio", maxLatencyRatio)
                .set("latencySlackMillis", latencySlackMillis).set("analysisTimeoutSeconds", 30).build();
    }

    private static CanaryAnalysis.Stats stats(long requests, long errors, long... counts) {
        return new CanaryAnalysis.Stats(requests, errors, BOUNDS, counts);
    }

    private static Map<String, Check> byName(CanaryAnalysis.Outcome outcome) {
        return outcome.checks().stream().collect(Collectors.toMap(Check::name, Function.identity()));
    }

    @Test
    void aCandidateAsGoodAsThePrimaryPasses() {
        CanaryAnalysis.Window window = new CanaryAnalysis.Window(stats(400, 4, 0, 400, 0, 0, 0, 0),
                stats(100, 1, 0, 100, 0, 0, 0, 0));
        CanaryAnalysis.Outcome outcome = CanaryAnalysis.judge(window, "1", "2", false, request(100, 0.01, 1.5, 5));
        assertThat(outcome.passed()).isTrue();
        assertThat(outcome.reason()).isNull();
        assertThat(outcome.checks()).extracting(Check::name)
                .containsExactly("canary:requests", "canary:error_rate", "canary:latency");
        assertThat(outcome.metrics()).containsEntry("canary_requests", 100.0).containsEntry("canary_error_rate", 0.01)
                .containsEntry("primary_error_rate", 0.01);
        // 99th of 100 in the (1, 5] bucket, interpolated: 1 + 4 * 0.99
        assertThat(outcome.metrics().get("canary_p99_latency_ms")).isCloseTo(4.96, within(1e-9));
        assertThat(byName(outcome).get("canary:requests").message()).isEqualTo("canary 2 saw 100 requests");
        assertThat(byName(outcome).get("canary:error_rate").message())
                .isEqualTo("canary 2 error rate 0.0100 vs primary 1 0.0100 (allowed up to 0.0200)");
    }

    @Test
    void tooFewRequestsIsInconclusiveAndNamesTheTimeout() {
        CanaryAnalysis.Window window = new CanaryAnalysis.Window(stats(40, 0, 40, 0, 0, 0, 0, 0),
                stats(7, 0, 7, 0, 0, 0, 0, 0));
        CanaryAnalysis.Outcome outcome = CanaryAnalysis.judge(window, "1", "2", true, request(50, 0.01, 1.5, 5));
        Check requests = byName(outcome).get("canary:requests");
        assertThat(requests.outcome()).isEqualTo(CheckOutcome.INCONCLUSIVE);
        assertThat(requests.message()).isEqualTo("shadow 2 saw only 7 of 50 requests within 30 s");
        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.reason()).isEqualTo(requests.message());
    }

    @Test
    void anErrorRateAboveThePrimarysPlusTheAllowanceFails() {
        // primary 2 % errors, candidate 3.5 %: 1.5 points more where 1 is allowed
        CanaryAnalysis.Window window = new CanaryAnalysis.Window(stats(1000, 20, 0, 1000, 0, 0, 0, 0),
                stats(200, 7, 0, 200, 0, 0, 0, 0));
        CanaryAnalysis.Outcome outcome = CanaryAnalysis.judge(window, "1", "2", false, request(200, 0.01, 1.5, 5));
        Check errors = byName(outcome).get("canary:error_rate");
        assertThat(errors.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(errors.expected()).isEqualTo("<= 0.0300");
        assertThat(outcome.reason()).isEqualTo("canary 2 error rate 0.0350 vs primary 1 0.0200 (allowed up to 0.0300)");
        assertThat(byName(outcome).get("canary:latency").outcome()).isEqualTo(CheckOutcome.PASSED);
    }

    @Test
    void anErrorRateExactlyAtTheAllowanceStillPasses() {
        CanaryAnalysis.Window window = new CanaryAnalysis.Window(stats(100, 0, 100, 0, 0, 0, 0, 0),
                stats(100, 5, 100, 0, 0, 0, 0, 0));
        CanaryAnalysis.Outcome outcome = CanaryAnalysis.judge(window, "1", "2", false, request(100, 0.05, 1.5, 5));
        assertThat(byName(outcome).get("canary:error_rate").outcome()).isEqualTo(CheckOutcome.PASSED);
    }

    @Test
    void aSlowerCandidatePassesWithinTheSlackOfAFastPrimary() {
        // primary p99 just under 1 ms, candidate about 5 ms: 5x slower, but within 5 ms slack
        CanaryAnalysis.Window window = new CanaryAnalysis.Window(stats(100, 0, 100, 0, 0, 0, 0, 0),
                stats(100, 0, 0, 100, 0, 0, 0, 0));
        CanaryAnalysis.Outcome outcome = CanaryAnalysis.judge(window, "1", "2", false, request(100, 0.01, 1.5, 5));
        assertThat(byName(outcome).get("canary:latency").outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(byName(outcome).get("canary:latency").expected()).isEqualTo("<= 5.9900");
    }

    @Test
    void aCandidateSlowerThanRatioAndSlackFails() {
        // primary ~9.9 ms p99, candidate ~49.6 ms: over 1.5x and over 9.9 + 5
        CanaryAnalysis.Window window = new CanaryAnalysis.Window(stats(100, 0, 0, 0, 100, 0, 0, 0),
                stats(100, 0, 0, 0, 0, 100, 0, 0));
        CanaryAnalysis.Outcome outcome = CanaryAnalysis.judge(window, "1", "2", false, request(100, 0.01, 1.5, 5));
        Check latency = byName(outcome).get("canary:latency");
        assertThat(latency.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(latency.message()).isEqualTo(
                "canary 2 p99 latency 49.60 ms vs primary 9.95 ms (allowed up to 14.95 ms)");
        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.reason()).isEqualTo(latency.message());
    }

    @Test
    void theFirstFailedCheckIsTheReason() {
        CanaryAnalysis.Window window = new CanaryAnalysis.Window(stats(100, 0, 0, 0, 100, 0, 0, 0),
                stats(10, 10, 0, 0, 0, 0, 0, 10));
        CanaryAnalysis.Outcome outcome = CanaryAnalysis.judge(window, "1", "2", false, request(100, 0.01, 1.5, 5));
        assertThat(outcome.checks()).extracting(Check::outcome)
                .containsExactly(CheckOutcome.INCONCLUSIVE, CheckOutcome.FAILED, CheckOutcome.FAILED);
        assertThat(outcome.reason()).startsWith("canary 2 saw only 10 of 100");
        // the +Inf bucket yields its lower bound
        assertThat(outcome.metrics().get("canary_p99_latency_ms")).isEqualTo(100.0);
    }

    @Test
    void anEmptyWindowHasNoErrorsAndNoLatency() {
        CanaryAnalysis.Stats none = new CanaryAnalysis.Stats(0, 0, new double[0], new long[0]);
        assertThat(none.errorRate()).isZero();
        assertThat(none.p99Millis()).isZero();
        CanaryAnalysis.Outcome outcome = CanaryAnalysis.judge(new CanaryAnalysis.Window(none, none), "1", "2", false,
                request(1, 0.01, 1.5, 5));
        assertThat(byName(outcome).get("canary:requests").outcome()).isEqualTo(CheckOutcome.INCONCLUSIVE);
        assertThat(byName(outcome).get("canary:error_rate").outcome()).isEqualTo(CheckOutcome.PASSED);
    }

    @Test
    void theWindowIsTheDifferenceOfTwoSnapshots() {
        CanaryAnalysis.Stats before = stats(30, 3, 10, 20, 0, 0, 0, 0);   // the smoke test's pinned requests
        CanaryAnalysis.Stats after = stats(130, 4, 10, 20, 100, 0, 0, 0);
        CanaryAnalysis.Stats window = CanaryAnalysis.minus(after, before);
        assertThat(window.requests()).isEqualTo(100);
        assertThat(window.errors()).isEqualTo(1);
        assertThat(window.counts()).containsExactly(0, 0, 100, 0, 0, 0);
        assertThat(window.errorRate()).isEqualTo(0.01);
        // all 100 in (5, 10]: p99 = 5 + 5 * 0.99
        assertThat(window.p99Millis()).isCloseTo(9.95, within(1e-9));
        assertThat(after.counts()).as("the snapshot itself is unchanged").containsExactly(10, 20, 100, 0, 0, 0);
    }

    @Test
    void aSnapshotTakenBeforeTheVersionExistedSubtractsNothing() {
        CanaryAnalysis.Stats none = new CanaryAnalysis.Stats(0, 0, new double[0], new long[0]);
        CanaryAnalysis.Stats after = stats(5, 0, 5, 0, 0, 0, 0, 0);
        assertThat(CanaryAnalysis.minus(after, none).counts()).containsExactly(5, 0, 0, 0, 0, 0);
        assertThat(CanaryAnalysis.minus(after, none).requests()).isEqualTo(5);
    }
}
