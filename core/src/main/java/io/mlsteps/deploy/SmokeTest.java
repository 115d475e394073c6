package io.mlsteps.deploy;

import io.mlsteps.data.DataReaders;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.data.RecordReader;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.model.Prediction;
import io.mlsteps.model.Predictor;
import io.mlsteps.serve.ModelServer;
import io.mlsteps.contract.result.Check;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The smoke test of a freshly started version: rows sampled from the evaluation data are sent one by one to
 * the server, and each online answer must equal the offline prediction of the same model file within a
 * tolerance (train/serve skew), every request must succeed, and the p99 latency must stay within budget.
 */
final class SmokeTest {
    /** {@code unanswered}: requests that got no answer at all (timeout, connection lost) at their first sending. */
    record Outcome(List<Check> checks, Map<String, Double> metrics, boolean passed, String reason, int unanswered) {
    }

    private SmokeTest() {
    }

    /** Samples up to {@code n} rows (reservoir, fixed seed) of the model's feature columns, read with the defaults. */
    static List<Map<String, String>> sample(Path data, List<String> features, int n, long seed) {
        return sample(data, ReadOptions.defaults(), StepLog.silent(), features, n, seed);
    }

    /** As {@link #sample(Path, List, int, long)}, reading {@code data} with {@code options}. */
    static List<Map<String, String>> sample(Path data, ReadOptions options, StepLog log, List<String> features, int n,
                                            long seed) {
        List<Map<String, String>> rows = new ArrayList<>();
        Random random = new Random(seed);
        try (RecordReader reader = DataReaders.open(data, options, log)) {
            List<String> columns = reader.columns();
            List<String> missing = features.stream().filter(f -> !columns.contains(f)).toList();
            if (!missing.isEmpty()) {
                throw new InputException(data.toString(), "lacks the model's feature column(s) " + missing
                        + "; its columns are " + columns);
            }
            int[] index = features.stream().mapToInt(columns::indexOf).toArray();
            long seen = 0;
            String[] record;
            while ((record = reader.next()) != null) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < index.length; i++) {
                    row.put(features.get(i), record[index[i]]);
                }
                if (rows.size() < n) {
                    rows.add(row);
                } else {
                    long j = (long) (random.nextDouble() * (seen + 1));
                    if (j < n) {
                        rows.set((int) j, row);
                    }
                }
                seen++;
            }
        }
        if (rows.isEmpty()) {
            throw new InputException(data.toString(), "has no data rows to smoke-test with");
        }
        return rows;
    }

    /** Told when a request got no answer at all, before it is sent again: the moment to look at the server. */
    interface NoAnswer {
        void report(String request, ServerClient.Answer answer);
    }

    /**
     * Sends every row to {@code version} of {@code model} and compares with the offline {@code predictor}. A request
     * that gets no answer at all (timeout, connection lost) is reported to {@code noAnswer} and sent once more on a
     * new connection: the step fails only when that one goes unanswered too, and a NOTE check keeps the first miss
     * visible.
     */
    static Outcome run(ServerClient client, String model, String version, Predictor predictor,
                       List<Map<String, String>> rows, double tolerance, double latencyBudgetMillis, NoAnswer noAnswer) {
        int failed = 0;
        int unanswered = 0;
        int mismatched = 0;
        String firstProblem = null;
        // A fresh JVM answers its first requests slowly (class loading, JIT): warm up before measuring.
        for (int i = 0; i < Math.min(rows.size(), 20); i++) {
            client.predict(model, Json.toString(Map.of("inputs", rows.get(i))), version);
        }
        double[] millis = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> row = rows.get(i);
            Prediction offline = predictor.predict(row);
            String body = Json.toString(Map.of("inputs", row));
            ServerClient.Answer answer = client.predict(model, body, version);
            if (answer.code() == 0) {
                unanswered++;
                noAnswer.report("row " + (i + 1) + " of " + rows.size(), answer);
                client = client.renewed();
                answer = client.predict(model, body, version);
            }
            millis[i] = answer.nanos() / 1e6;
            if (answer.code() != 200) {
                failed++;
                if (firstProblem == null) {
                    firstProblem = "row " + row + " got HTTP " + answer.code() + ": " + answer.error();
                }
                continue;
            }
            Prediction online = Json.mapper().convertValue(answer.json().get("prediction"), Prediction.class);
            if (!ModelServer.samePrediction(online, offline, tolerance)) {
                mismatched++;
                if (firstProblem == null) {
                    firstProblem = "row " + row + ": online " + Json.toString(online) + " but offline " + Json.toString(offline);
                }
            }
        }
        Arrays.sort(millis);
        double p99 = millis[Math.min(millis.length - 1, (int) Math.ceil(0.99 * millis.length) - 1)];
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("smoke_rows", (double) rows.size());
        metrics.put("smoke_failed_requests", (double) failed);
        metrics.put("smoke_mismatches", (double) mismatched);
        metrics.put("smoke_p99_latency_ms", p99);
        metrics.put("smoke_unanswered_requests", (double) unanswered);
        List<Check> checks = new ArrayList<>();
        String v = " (version " + version + ", " + rows.size() + " rows)";
        checks.add(failed == 0
                ? Check.passed("smoke:requests", "smoke_failed_requests", 0, "== 0", Criticality.FAILURE,
                "every smoke request was answered" + v)
                : Check.failed("smoke:requests", "smoke_failed_requests", failed, "== 0", Criticality.FAILURE,
                failed + " smoke request(s) failed" + v + "; first: " + firstProblem));
        checks.add(mismatched == 0
                ? Check.passed("smoke:skew", "smoke_mismatches", 0, "== 0", Criticality.FAILURE,
                "online predictions equal offline ones within " + tolerance + v)
                : Check.failed("smoke:skew", "smoke_mismatches", mismatched, "== 0", Criticality.FAILURE,
                mismatched + " row(s) predicted differently online than offline (train/serve skew)" + v
                        + (failed == 0 ? "; first: " + firstProblem : "")));
        if (unanswered > 0) {
            checks.add(Check.failed("smoke:unanswered", "smoke_unanswered_requests", unanswered, "== 0", Criticality.NOTE,
                    unanswered + " smoke request(s) got no answer and were sent again on a new connection" + v
                            + "; the server's state at that moment is in the log"));
        }
        boolean fast = p99 <= latencyBudgetMillis;
        String latency = String.format(Locale.ROOT, "smoke p99 latency %.2f ms, budget %s ms", p99, latencyBudgetMillis);
        checks.add(fast ? Check.passed("smoke:latency", "smoke_p99_latency_ms", p99, "<= " + latencyBudgetMillis,
                Criticality.FAILURE, latency)
                : Check.failed("smoke:latency", "smoke_p99_latency_ms", p99, "<= " + latencyBudgetMillis,
                Criticality.FAILURE, latency + " exceeded"));
        boolean passed = failed == 0 && mismatched == 0 && fast;
        String reason = passed ? null : checks.stream().filter(c -> c.outcome() != io.mlsteps.contract.result.CheckOutcome.PASSED)
                .map(Check::message).findFirst().orElse(null);
        return new Outcome(checks, metrics, passed, reason, unanswered);
    }
}
