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

    /** As {@link #sample(Path, ReadOptions, StepLog, List, boolean, int, long)}, reading {@code data} with the defaults. */
    static List<Map<String, String>> sample(Path data, List<String> features, boolean allColumns, int n, long seed) {
        return sample(data, ReadOptions.defaults(), StepLog.silent(), features, allColumns, n, seed);
    }

    /**
     * Samples up to {@code n} rows (reservoir, fixed seed) of {@code data} read with {@code options}: every column of
     * the file, as clients send rows, when {@code allColumns} (the model says which columns it ignores), else only the
     * model's feature columns.
     */
    static List<Map<String, String>> sample(Path data, ReadOptions options, StepLog log, List<String> features,
                                            boolean allColumns, int n, long seed) {
        List<Map<String, String>> rows = new ArrayList<>();
        Random random = new Random(seed);
        try (RecordReader reader = DataReaders.open(data, options, log)) {
            List<String> columns = reader.columns();
            List<String> missing = features.stream().filter(f -> !columns.contains(f)).toList();
            if (!missing.isEmpty()) {
                throw new InputException(data.toString(), "lacks the model's feature column(s) " + missing
                        + "; its columns are " + columns);
            }
            List<String> sent = new ArrayList<>(features);
            if (allColumns) {
                columns.stream().filter(c -> !sent.contains(c)).forEach(sent::add);
            }
            int[] index = sent.stream().mapToInt(columns::indexOf).toArray();
            long seen = 0;
            String[] record;
            while ((record = reader.next()) != null) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < index.length; i++) {
                    row.put(sent.get(i), index[i] < record.length ? record[index[i]] : null);
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

    /** What the smoke requests came to: counts, the first problem seen, and each request's latency. */
    static final class Tally {
        int failed;
        int unanswered;
        int mismatched;
        String firstProblem;
        final double[] millis;

        Tally(int rows) {
            millis = new double[rows];
        }

        void problem(String problem) {
            if (firstProblem == null) {
                firstProblem = problem;
            }
        }

        /** The 99th percentile of the latencies (nearest rank). */
        double p99Millis() {
            double[] sorted = millis.clone();
            Arrays.sort(sorted);
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(0.99 * sorted.length) - 1)];
        }
    }

    /**
     * Sends every row to {@code version} of {@code model} and compares with the offline {@code predictor}. A request
     * that gets no answer at all (timeout, connection lost) is reported to {@code noAnswer} and sent once more on a
     * new connection: the step fails only when that one goes unanswered too, and a NOTE check keeps the first miss
     * visible.
     */
    static Outcome run(ServerClient client, String model, String version, Predictor predictor,
                       List<Map<String, String>> rows, double tolerance, double latencyBudgetMillis, NoAnswer noAnswer) {
        // A fresh JVM answers its first requests slowly (class loading, JIT): warm up before measuring.
        for (int i = 0; i < Math.min(rows.size(), 20); i++) {
            client.predict(model, Json.toString(Map.of("inputs", rows.get(i))), version);
        }
        Tally tally = new Tally(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            client = send(client, model, version, predictor, rows, i, tolerance, noAnswer, tally);
        }
        return judge(tally, version, rows.size(), tolerance, latencyBudgetMillis);
    }

    /** Sends row {@code i} (once more on a new connection when unanswered) and tallies it; returns the client to go on with. */
    private static ServerClient send(ServerClient client, String model, String version, Predictor predictor,
                                     List<Map<String, String>> rows, int i, double tolerance, NoAnswer noAnswer,
                                     Tally tally) {
        Map<String, String> row = rows.get(i);
        Prediction offline = predictor.predict(row);
        String body = Json.toString(Map.of("inputs", row));
        ServerClient.Answer answer = client.predict(model, body, version);
        if (answer.code() == 0) {
            tally.unanswered++;
            noAnswer.report("row " + (i + 1) + " of " + rows.size(), answer);
            client = client.renewed();
            answer = client.predict(model, body, version);
        }
        tally.millis[i] = answer.nanos() / 1e6;
        if (answer.code() != 200) {
            tally.failed++;
            tally.problem("row " + row + " got HTTP " + answer.code() + ": " + answer.error());
            return client;
        }
        Prediction online = Json.mapper().convertValue(answer.json().get("prediction"), Prediction.class);
        if (!ModelServer.samePrediction(online, offline, tolerance)) {
            tally.mismatched++;
            tally.problem("row " + row + ": online " + Json.toString(online) + " but offline " + Json.toString(offline));
        }
        return client;
    }

    /** The checks and metrics of a tally: every request answered, no skew, p99 within budget; unanswered is a NOTE. */
    static Outcome judge(Tally tally, String version, int rows, double tolerance, double latencyBudgetMillis) {
        double p99 = tally.p99Millis();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("smoke_rows", (double) rows);
        metrics.put("smoke_failed_requests", (double) tally.failed);
        metrics.put("smoke_mismatches", (double) tally.mismatched);
        metrics.put("smoke_p99_latency_ms", p99);
        metrics.put("smoke_unanswered_requests", (double) tally.unanswered);
        List<Check> checks = new ArrayList<>();
        String v = " (version " + version + ", " + rows + " rows)";
        checks.add(tally.failed == 0
                ? Check.passed("smoke:requests", "smoke_failed_requests", 0, "== 0", Criticality.FAILURE,
                "every smoke request was answered" + v)
                : Check.failed("smoke:requests", "smoke_failed_requests", tally.failed, "== 0", Criticality.FAILURE,
                tally.failed + " smoke request(s) failed" + v + "; first: " + tally.firstProblem));
        checks.add(tally.mismatched == 0
                ? Check.passed("smoke:skew", "smoke_mismatches", 0, "== 0", Criticality.FAILURE,
                "online predictions equal offline ones within " + tolerance + v)
                : Check.failed("smoke:skew", "smoke_mismatches", tally.mismatched, "== 0", Criticality.FAILURE,
                tally.mismatched + " row(s) predicted differently online than offline (train/serve skew)" + v
                        + (tally.failed == 0 ? "; first: " + tally.firstProblem : "")));
        if (tally.unanswered > 0) {
            checks.add(Check.failed("smoke:unanswered", "smoke_unanswered_requests", tally.unanswered, "== 0",
                    Criticality.NOTE, tally.unanswered + " smoke request(s) got no answer and were sent again on a new "
                            + "connection" + v + "; the server's state at that moment is in the log"));
        }
        boolean fast = p99 <= latencyBudgetMillis;
        String latency = String.format(Locale.ROOT, "smoke p99 latency %.2f ms, budget %s ms", p99, latencyBudgetMillis);
        checks.add(fast ? Check.passed("smoke:latency", "smoke_p99_latency_ms", p99, "<= " + latencyBudgetMillis,
                Criticality.FAILURE, latency)
                : Check.failed("smoke:latency", "smoke_p99_latency_ms", p99, "<= " + latencyBudgetMillis,
                Criticality.FAILURE, latency + " exceeded"));
        boolean passed = tally.failed == 0 && tally.mismatched == 0 && fast;
        String reason = passed ? null : checks.stream().filter(c -> c.outcome() != io.mlsteps.contract.result.CheckOutcome.PASSED)
                .map(Check::message).findFirst().orElse(null);
        return new Outcome(checks, metrics, passed, reason, tally.unanswered);
    }
}
