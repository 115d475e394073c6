package io.mlsteps.jenkins.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the plugin reads from a step's {@code result.json} (the engine's {@code StepResult}). Parsed leniently
 * from a JSON tree: the plugin and the engine jar it ships are built together, but unknown fields from a newer
 * engine must not break an older page.
 */
public final class EngineResult implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One check of the result: a gate, an anomaly, a drift test, a smoke test. */
    public record Check(String name, String metric, String observed, String expected, String criticality,
                        String outcome, String message) implements Serializable {
        public boolean passed() {
            return "PASSED".equals(outcome);
        }

        public boolean isGate() {
            return name != null && name.startsWith("gate:");
        }
    }

    /** A file the step wrote, with its path as the engine reported it. */
    public record Output(String name, String path, String sha256, long bytes) implements Serializable {
    }

    /** A chart: its title and its path relative to the step folder. */
    public record Chart(String id, String title, String path) implements Serializable {
    }

    /** A lineage node the step read ({@code input}) or wrote ({@code output}). */
    public record LineageRef(String kind, String role, String id, String sha256, String uri) implements Serializable {
    }

    private final String step;
    private final String status;
    private final String summary;
    private final List<Check> checks;
    private final Map<String, Double> metrics;
    private final List<Output> outputs;
    private final List<Chart> charts;
    private final List<LineageRef> lineage;
    private final Map<String, Object> details;

    private EngineResult(String step, String status, String summary, List<Check> checks, Map<String, Double> metrics,
                         List<Output> outputs, List<Chart> charts, List<LineageRef> lineage, Map<String, Object> details) {
        this.step = step;
        this.status = status;
        this.summary = summary;
        this.checks = checks;
        this.metrics = metrics;
        this.outputs = outputs;
        this.charts = charts;
        this.lineage = lineage;
        this.details = details;
    }

    /**
     * Parses result.json text.
     *
     * @throws IllegalArgumentException when the text is not a result (not JSON, or no {@code status})
     */
    public static EngineResult parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("result.json is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !root.path("status").isTextual()) {
            throw new IllegalArgumentException("result.json has no 'status'; it was not written by the mlsteps engine");
        }
        List<Check> checks = new ArrayList<>();
        for (JsonNode c : root.path("checks")) {
            checks.add(new Check(text(c, "name"), text(c, "metric"), text(c, "observed"), text(c, "expected"),
                    text(c, "criticality"), text(c, "outcome"), text(c, "message")));
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        root.path("metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(), number(e.getValue())));
        List<Output> outputs = new ArrayList<>();
        for (JsonNode o : root.path("outputs")) {
            outputs.add(new Output(text(o, "name"), text(o, "path"), text(o, "sha256"), o.path("bytes").asLong()));
        }
        List<Chart> charts = new ArrayList<>();
        for (JsonNode c : root.path("charts")) {
            charts.add(new Chart(text(c, "id"), text(c, "title"), text(c, "path")));
        }
        List<LineageRef> lineage = new ArrayList<>();
        for (JsonNode l : root.path("lineage")) {
            lineage.add(new LineageRef(text(l, "kind"), text(l, "role"), text(l, "id"), text(l, "sha256"), text(l, "uri")));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        root.path("details").fields().forEachRemaining(e -> details.put(e.getKey(), plain(e.getValue())));
        return new EngineResult(text(root, "step"), root.path("status").asText(), text(root, "summary"),
                Collections.unmodifiableList(checks), Collections.unmodifiableMap(metrics),
                Collections.unmodifiableList(outputs), Collections.unmodifiableList(charts),
                Collections.unmodifiableList(lineage), Collections.unmodifiableMap(details));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /** A metric value; the engine writes NaN and infinities as strings, which Jackson reads back here. */
    private static Double number(JsonNode node) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            try {
                return Double.valueOf(node.asText());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    /** Converts a JSON tree to plain serializable Java values, as a Jenkinsfile can use them. */
    static Object plain(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(plain(item)));
            return list;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), plain(e.getValue())));
            return map;
        }
        return node.asText();
    }

    public String getStep() {
        return step;
    }

    /** SUCCESS, UNSTABLE or FAILURE as the engine derived it from the checks. */
    public String getStatus() {
        return status;
    }

    public String getSummary() {
        return summary;
    }

    public List<Check> getChecks() {
        return checks;
    }

    public List<Check> failedChecks() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }

    public boolean isPassed() {
        return checks.stream().allMatch(Check::passed);
    }

    public Map<String, Double> getMetrics() {
        return metrics;
    }

    public List<Output> getOutputs() {
        return outputs;
    }

    public List<Chart> getCharts() {
        return charts;
    }

    public List<LineageRef> getLineage() {
        return lineage;
    }

    public Map<String, Object> getDetails() {
        return details;
    }
}
