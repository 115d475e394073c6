package io.mlsteps.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one reader of a metrics file, for every step that takes one (compareToBaseline's candidate and baseline,
 * registerModel's metrics and results, checkDrift's referenceMetrics): a flat {@code {"accuracy": 0.85, ...}}, an
 * object with a {@code metrics} member (evaluateModel's {@code metrics.json}), or a step's {@code result.json},
 * whose verdict is kept too. Undefined values ({@code "NaN"}, as the engine writes them, or {@code null}) are NaN.
 *
 * @param metrics numeric metrics, in the file's order
 * @param step    the step that wrote it when the file is a step result ({@code evaluateModel}, ...), else null
 * @param passed  that step's verdict (true when its status is SUCCESS, or a comparison accepted by an audited
 *                override), else null
 * @param status  that step's status text, else null
 * @param rows    the {@code rows} beside a {@code metrics} member (evaluateModel's row count), else null
 */
public record MetricsFile(Map<String, Double> metrics, String step, Boolean passed, String status, Double rows) {
    private static final Set<String> NON_FINITE = Set.of("NaN", "Infinity", "-Infinity");

    /** Reads a metrics file; a file that is not JSON, not an object, or has a non-number metric is an input error. */
    public static MetricsFile read(Path file) {
        JsonNode root = readJson(file);
        if (root == null || !root.isObject()) {
            throw new InputException(file.toString(), "expected a JSON object of metrics, e.g. {\"accuracy\": 0.85}");
        }
        boolean nested = root.has("metrics") && root.get("metrics").isObject();
        Map<String, Double> metrics = values(nested ? root.get("metrics") : root, nested, file);
        String step = root.hasNonNull("step") && root.has("checks") ? root.get("step").asText() : null;
        String status = step != null && root.hasNonNull("status") ? root.get("status").asText() : null;
        // A comparison accepted by an audited override (details.accepted) is UNSTABLE by design (its failures
        // became NOTEs) yet counts as passed: the override is the release manager's recorded decision.
        boolean accepted = root.path("details").path("accepted").asBoolean(false);
        Boolean passed = step == null ? null : "SUCCESS".equals(status) || ("compareToBaseline".equals(step) && accepted);
        Double rows = nested && root.path("rows").isNumber() ? root.get("rows").asDouble() : null;
        return new MetricsFile(metrics, step, passed, status, rows);
    }

    /** Whether the file is a step's {@code result.json} (it names its step and has checks). */
    public boolean isStepResult() {
        return step != null;
    }

    /** This file, or an input error when it holds no metric and is no step result either. */
    public MetricsFile requireMetrics(Path file) {
        if (metrics.isEmpty() && step == null) {
            throw new InputException(file.toString(), "no numeric metrics found; expected {\"accuracy\": 0.85, ...},"
                    + " {\"metrics\": {...}} or a step's result.json");
        }
        return this;
    }

    private static Map<String, Double> values(JsonNode source, boolean nested, Path file) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            if (v.isNumber()) {
                metrics.put(f.getKey(), v.asDouble());
            } else if (v.isTextual() && NON_FINITE.contains(v.asText())) {
                // the engine's JSON writes undefined metrics (a one-class slice's ROC AUC) as "NaN"
                metrics.put(f.getKey(), Double.parseDouble(v.asText()));
            } else if (v.isNull()) {
                metrics.put(f.getKey(), Double.NaN);
            } else if (nested) {
                // a flat file may carry other fields beside its numbers; a metrics member holds metrics only
                throw new InputException(file.toString(), "metric '" + f.getKey() + "' is not a number: " + v);
            }
        }
        return metrics;
    }

    private static JsonNode readJson(Path file) {
        if (Files.isDirectory(file)) {
            throw new InputException(file.toString(), "is a folder; expected a JSON file");
        }
        return Json.readTree(file);
    }
}
