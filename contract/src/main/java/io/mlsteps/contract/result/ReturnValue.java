package io.mlsteps.contract.result;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The map a step returns to the Jenkinsfile, the same in Jenkins and in the local runner:
 * {@code def r = trainModel(...); echo "${r.metrics.accuracy}"}. Keys: {@code step}, {@code status},
 * {@code passed}, {@code stageResult}, {@code summary}, {@code metrics}, {@code gates} and {@code checks} (maps
 * with name, metric, observed, expected, criticality, outcome, message), {@code outputs} (name to path),
 * {@code charts} (paths), {@code stepDir}, {@code resultFile}, {@code report}, {@code details}, and each detail
 * directly ({@code r.version}) where its name is not taken. Only plain values (String, Boolean, numbers, List,
 * Map), because a Pipeline keeps them in its program state.
 */
public final class ReturnValue {
    private ReturnValue() {
    }

    /**
     * Builds the map.
     *
     * @param result  the step's result
     * @param outcome what the front end decided for the stage and build
     * @param stepDir the step folder as the Jenkinsfile sees it
     * @param resolve turns a path the result gives relative to the step folder into one the Jenkinsfile can use
     *                (an absolute path is kept); outputs and charts go through it
     */
    public static Map<String, Object> of(StepResult result, Outcome outcome, String stepDir, UnaryOperator<String> resolve) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("step", result.getStep());
        map.put("status", result.getStatus().name());
        map.put("passed", result.isPassed());
        map.put("stageResult", outcome.stageResult());
        map.put("summary", result.getSummary());
        map.put("metrics", new LinkedHashMap<>(result.getMetrics()));
        List<Object> gates = new ArrayList<>();
        List<Object> checks = new ArrayList<>();
        for (Check check : result.getChecks()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", check.name());
            row.put("metric", check.metric());
            row.put("observed", check.observed());
            row.put("expected", check.expected());
            row.put("criticality", check.criticality() == null ? null : check.criticality().name());
            row.put("outcome", check.outcome() == null ? null : check.outcome().name());
            row.put("message", check.message());
            checks.add(row);
            if (check.isGate()) {
                gates.add(row);
            }
        }
        map.put("gates", gates);
        map.put("checks", checks);
        Map<String, Object> outputs = new LinkedHashMap<>();
        for (OutputFile output : result.getOutputs()) {
            outputs.put(output.name(), output.path() == null ? null : resolve.apply(output.path()));
        }
        map.put("outputs", outputs);
        List<Object> charts = new ArrayList<>();
        for (ChartRef chart : result.getCharts()) {
            charts.add(resolve.apply(chart.path()));
        }
        map.put("charts", charts);
        map.put("stepDir", stepDir);
        map.put("resultFile", resolve.apply("result.json"));
        map.put("report", resolve.apply("report.html"));
        map.put("details", new LinkedHashMap<>(result.getDetails()));
        // step-specific facts (registered version, endpoint, ...) also directly: r.version
        result.getDetails().forEach(map::putIfAbsent);
        return map;
    }
}
