package io.mlsteps.jenkins.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The map a step returns to the Jenkinsfile: {@code def r = trainModel(...); echo "${r.metrics.accuracy}"}.
 * Only plain, serializable values (String, Boolean, Long, Double, List, Map), because a Pipeline keeps them
 * in its program state.
 */
public final class ReturnValue {
    private ReturnValue() {
    }

    /** The map with the output paths as the engine reported them. */
    public static Map<String, Object> of(EngineResult result, Outcome outcome, String stepDir) {
        return of(result, outcome, stepDir, Map.of());
    }

    /**
     * Builds the map.
     *
     * @param result   the parsed result
     * @param outcome  what the plugin decided
     * @param stepDir  the step folder in the workspace (for the report's path)
     * @param outputPaths where each output file is on the agent, by output name; outputs not in it keep the
     *                 path the engine reported (relative to the step folder, else to the workspace)
     */
    public static Map<String, Object> of(EngineResult result, Outcome outcome, String stepDir,
                                         Map<String, String> outputPaths) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("step", result.getStep());
        map.put("status", result.getStatus());
        map.put("passed", result.isPassed());
        map.put("stageResult", outcome.stage() == Outcome.Mark.NONE ? "SUCCESS" : outcome.stage().name());
        map.put("summary", result.getSummary());
        map.put("metrics", new LinkedHashMap<>(result.getMetrics()));
        List<Object> gates = new ArrayList<>();
        List<Object> checks = new ArrayList<>();
        for (EngineResult.Check check : result.getChecks()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", check.name());
            row.put("metric", check.metric());
            row.put("observed", check.observed());
            row.put("expected", check.expected());
            row.put("criticality", check.criticality());
            row.put("outcome", check.outcome());
            row.put("message", check.message());
            checks.add(row);
            if (check.isGate()) {
                gates.add(row);
            }
        }
        map.put("gates", gates);
        map.put("checks", checks);
        Map<String, Object> outputs = new LinkedHashMap<>();
        for (EngineResult.Output output : result.getOutputs()) {
            outputs.put(output.name(), outputPaths.getOrDefault(output.name(), output.path()));
        }
        map.put("outputs", outputs);
        map.put("stepDir", stepDir);
        map.put("report", stepDir + "/report.html");
        map.put("details", new LinkedHashMap<>(result.getDetails()));
        // Step-specific facts (registered version, endpoint, ...) are also reachable directly: r.version
        for (Map.Entry<String, Object> e : result.getDetails().entrySet()) {
            map.putIfAbsent(e.getKey(), e.getValue());
        }
        return map;
    }
}
