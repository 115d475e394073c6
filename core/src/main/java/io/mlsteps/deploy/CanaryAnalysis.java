package io.mlsteps.deploy;

import io.mlsteps.contract.steps.DeployModelRequest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.serve.ServerMetrics;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides a canary or shadow candidate: waits until the candidate has answered (or, in shadow mode, scored)
 * {@code analysisRequests} requests, driving traffic from {@code trafficData} when given, then compares its
 * error rate and p99 latency with the primary's over the same window (both from the difference of two
 * snapshots of the server's counters and latency histograms, so the smoke test and earlier traffic do not count). Error rates count every non-2xx answer
 * of each version: both see the same mix of requests, so a candidate that rejects what the primary accepts
 * (a schema change, a crash) stands out.
 */
final class CanaryAnalysis {
    /** Counts and the latency histogram (upper bounds in ms, per-bucket counts) of one version. */
    record Stats(long requests, long errors, double[] boundsMillis, long[] counts) {
        double errorRate() {
            return requests == 0 ? 0 : errors / (double) requests;
        }

        double p99Millis() {
            return counts.length == 0 ? 0 : ServerMetrics.quantile(boundsMillis, counts, 0.99);
        }
    }

    private static final Stats NONE = new Stats(0, 0, new double[0], new long[0]);

    record Outcome(List<Check> checks, Map<String, Double> metrics, boolean passed, String reason) {
    }

    private CanaryAnalysis() {
    }

    static Stats stats(ServerClient client, String model, String version, String role) {
        JsonNode models = client.models();
        for (JsonNode m : models.path("models")) {
            if (!model.equals(m.path("name").asText())) {
                continue;
            }
            for (JsonNode v : m.path("versions")) {
                if (version.equals(v.path("version").asText()) && role.equals(v.path("role").asText())) {
                    JsonNode s = v.path("stats");
                    JsonNode buckets = s.path("latencyBuckets");
                    double[] bounds = new double[buckets.size()];
                    long[] counts = new long[buckets.size()];
                    for (int i = 0; i < bounds.length; i++) {
                        bounds[i] = buckets.get(i).get(0).asDouble();
                        counts[i] = buckets.get(i).get(1).asLong();
                    }
                    return new Stats(s.path("requests").asLong(), s.path("errors").asLong(), bounds, counts);
                }
            }
        }
        return NONE;
    }

    /** The candidate's and the primary's counts over the analysis window. */
    record Window(Stats primary, Stats candidate) {
    }

    static Outcome run(ServerClient client, String model, String primaryVersion, String candidateVersion,
                       boolean shadow, List<Map<String, String>> traffic, DeployModelRequest request, StepLog log) {
        Window window = observe(client, model, primaryVersion, candidateVersion, shadow ? "shadow" : "candidate",
                traffic, request, log);
        return judge(window, primaryVersion, candidateVersion, shadow, request);
    }

    /**
     * Waits until the candidate has seen {@code analysisRequests} requests or the analysis times out, sending
     * {@code traffic} rows in batches of 50 when given; returns both versions' counts over that window.
     */
    private static Window observe(ServerClient client, String model, String primaryVersion, String candidateVersion,
                                  String role, List<Map<String, String>> traffic, DeployModelRequest request,
                                  StepLog log) {
        Stats primaryBefore = stats(client, model, primaryVersion, "primary");
        long deadline = System.nanoTime() + request.analysisTimeoutSeconds() * 1_000_000_000L;
        // Only the analysis window counts: the candidate's pinned smoke requests came before it.
        Stats candidateBefore = stats(client, model, candidateVersion, role);
        Stats candidate = NONE;
        int sent = 0;
        long lastLog = System.nanoTime();
        while (candidate.requests() < request.analysisRequests() && System.nanoTime() < deadline) {
            if (traffic != null && !traffic.isEmpty()) {
                for (int i = 0; i < 50; i++, sent++) {
                    client.predict(model, Json.toString(Map.of("inputs", traffic.get(sent % traffic.size()))), null);
                }
            } else if (!pause()) {
                break;
            }
            candidate = minus(stats(client, model, candidateVersion, role), candidateBefore);
            if (System.nanoTime() - lastLog > 5_000_000_000L) {
                lastLog = System.nanoTime();
                log.info("analysis: candidate %s has %d of %d requests", candidateVersion, candidate.requests(),
                        request.analysisRequests());
            }
        }
        return new Window(minus(stats(client, model, primaryVersion, "primary"), primaryBefore), candidate);
    }

    /** Waits a second for real traffic; false when interrupted (the interrupt is kept). */
    private static boolean pause() {
        try {
            Thread.sleep(1000);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The verdict on one window: the candidate saw enough requests, its error rate is at most the primary's plus
     * {@code maxErrorRateIncrease}, and its p99 latency at most {@code maxLatencyRatio} times the primary's (or within
     * {@code latencySlackMillis} of it, so a few milliseconds on a fast primary do not fail a candidate).
     */
    static Outcome judge(Window window, String primaryVersion, String candidateVersion, boolean shadow,
                         DeployModelRequest request) {
        Stats primary = window.primary();
        Stats candidate = window.candidate();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("canary_requests", (double) candidate.requests());
        metrics.put("canary_error_rate", candidate.errorRate());
        metrics.put("primary_error_rate", primary.errorRate());
        metrics.put("canary_p99_latency_ms", candidate.p99Millis());
        metrics.put("primary_p99_latency_ms", primary.p99Millis());
        String who = (shadow ? "shadow" : "canary") + " " + candidateVersion;
        List<Check> checks = new ArrayList<>();
        checks.add(requestsCheck(candidate, who, request));
        checks.add(errorRateCheck(primary, candidate, who, primaryVersion, request));
        checks.add(latencyCheck(primary, candidate, who, request));
        boolean passed = checks.stream().allMatch(c -> c.outcome() == CheckOutcome.PASSED);
        String reason = checks.stream().filter(c -> c.outcome() != CheckOutcome.PASSED).map(Check::message)
                .findFirst().orElse(null);
        return new Outcome(checks, metrics, passed, reason);
    }

    /** Too few requests is INCONCLUSIVE, not failed: nothing was wrong with what was seen. */
    private static Check requestsCheck(Stats candidate, String who, DeployModelRequest request) {
        return candidate.requests() >= request.analysisRequests()
                ? Check.passed("canary:requests", "canary_requests", candidate.requests(), ">= " + request.analysisRequests(),
                Criticality.FAILURE, who + " saw " + candidate.requests() + " requests")
                : new Check("canary:requests", "canary_requests", candidate.requests(), ">= " + request.analysisRequests(),
                Criticality.FAILURE, CheckOutcome.INCONCLUSIVE, who + " saw only " + candidate.requests() + " of "
                + request.analysisRequests() + " requests within " + request.analysisTimeoutSeconds() + " s", Map.of());
    }

    private static Check errorRateCheck(Stats primary, Stats candidate, String who, String primaryVersion,
                                        DeployModelRequest request) {
        double allowedErrors = primary.errorRate() + request.maxErrorRateIncrease();
        String errors = String.format(Locale.ROOT, "%s error rate %.4f vs primary %s %.4f (allowed up to %.4f)", who,
                candidate.errorRate(), primaryVersion, primary.errorRate(), allowedErrors);
        return candidate.errorRate() <= allowedErrors
                ? Check.passed("canary:error_rate", "canary_error_rate", candidate.errorRate(), "<= " + fmt(allowedErrors),
                Criticality.FAILURE, errors)
                : Check.failed("canary:error_rate", "canary_error_rate", candidate.errorRate(), "<= " + fmt(allowedErrors),
                Criticality.FAILURE, errors);
    }

    private static Check latencyCheck(Stats primary, Stats candidate, String who, DeployModelRequest request) {
        double allowedP99 = Math.max(primary.p99Millis() * request.maxLatencyRatio(),
                primary.p99Millis() + request.latencySlackMillis());
        String latency = String.format(Locale.ROOT, "%s p99 latency %.2f ms vs primary %.2f ms (allowed up to %.2f ms)",
                who, candidate.p99Millis(), primary.p99Millis(), allowedP99);
        return candidate.p99Millis() <= allowedP99
                ? Check.passed("canary:latency", "canary_p99_latency_ms", candidate.p99Millis(), "<= " + fmt(allowedP99),
                Criticality.FAILURE, latency)
                : Check.failed("canary:latency", "canary_p99_latency_ms", candidate.p99Millis(), "<= " + fmt(allowedP99),
                Criticality.FAILURE, latency);
    }

    /** What happened between two snapshots: counts and latency histogram of the analysis window only. */
    static Stats minus(Stats after, Stats before) {
        long[] counts = after.counts().clone();
        if (before.counts().length == counts.length) {
            for (int i = 0; i < counts.length; i++) {
                counts[i] -= before.counts()[i];
            }
        }
        return new Stats(after.requests() - before.requests(), after.errors() - before.errors(), after.boundsMillis(), counts);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
