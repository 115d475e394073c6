package io.mlsteps.bench;

import io.mlsteps.drift.CheckDriftRequest;
import io.mlsteps.drift.CheckDriftStep;
import io.mlsteps.step.StepContext;
import io.mlsteps.step.StepResult;
import io.mlsteps.step.StepRunner;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One timed checkDrift run for {@code bench/drift.sh}: {@code DriftBench REFERENCE CURRENT OUT_DIR} profiles the
 * reference data, {@code DriftBench --profile PROFILE CURRENT OUT_DIR} reuses a saved reference profile.
 * A trailing {@code --no-charts} skips the PNG charts (the peer draws none).
 * Prints one JSON line with the seconds inside the JVM and the per-column verdicts (the script measures the
 * whole process and its peak memory from outside).
 */
public final class DriftBench {
    private DriftBench() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        CheckDriftRequest q = new CheckDriftRequest();
        int i = 0;
        if (args[0].equals("--profile")) {
            q.setReferenceProfile(args[1]);
            i = 2;
        } else {
            q.setReference(args[0]);
            i = 1;
        }
        q.setCurrent(args[i]);
        Path out = Path.of(args[i + 1]);
        q.setCharts(!(args.length > i + 2 && args[i + 2].equals("--no-charts")));
        StepResult r = new StepRunner().run(new CheckDriftStep(), q,
                new StepContext(Path.of(""), out, new StepLog(System.err, "checkDrift", false), System.getenv()));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("seconds", (System.nanoTime() - start) / 1e9);
        line.put("status", r.getStatus());
        line.put("metrics", r.getMetrics());
        System.out.println(Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(line));
    }
}
