package io.mlsteps.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the metrics to register from a file: a flat {@code {"accuracy": 0.85, ...}}, an object with a
 * {@code metrics} member (evaluateModel's metrics.json), or a step's result.json, whose verdict is kept too.
 *
 * @param metrics numeric metrics
 * @param step    the step that wrote it when the file is a step result ({@code evaluateModel}, ...), else null
 * @param passed  that step's verdict (true when its status is SUCCESS), else null
 * @param status  that step's status text, else null
 */
record MetricsFile(Map<String, Double> metrics, String step, Boolean passed, String status) {
    private static final java.util.Set<String> NON_FINITE = java.util.Set.of("NaN", "Infinity", "-Infinity");


    static MetricsFile read(Path file) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InputException(file.toString(), e.getLocation() == null ? -1 : e.getLocation().getLineNr(),
                    e.getLocation() == null ? -1 : e.getLocation().getColumnNr(), "malformed JSON: " + e.getOriginalMessage());
        } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException e) {
            throw new InputException(file.toString(), "file not found");
        } catch (IOException e) {
            throw new InputException(file.toString(), Files.isDirectory(file) ? "is a folder; expected a JSON file"
                    : "cannot read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InputException(file.toString(), "expected a JSON object of metrics, e.g. {\"accuracy\": 0.85}");
        }
        JsonNode source = root.has("metrics") && root.get("metrics").isObject() ? root.get("metrics") : root;
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getValue().isNumber()) {
                metrics.put(f.getKey(), f.getValue().asDouble());
            } else if (f.getValue().isTextual() && NON_FINITE.contains(f.getValue().asText())) {
                // the engine's JSON writes undefined metrics (a one-class slice's ROC AUC) as "NaN"
                metrics.put(f.getKey(), Double.parseDouble(f.getValue().asText()));
            } else if (source != root && !f.getValue().isNull()) {
                throw new InputException(file.toString(), "metric '" + f.getKey() + "' is not a number: " + f.getValue());
            }
        }
        String step = root.hasNonNull("step") && root.has("checks") ? root.get("step").asText() : null;
        String status = step != null && root.hasNonNull("status") ? root.get("status").asText() : null;
        // A comparison accepted by an audited override (details.accepted) is UNSTABLE by design (its failures
        // became NOTEs) yet counts as passed: the override is the release manager's recorded decision.
        boolean accepted = root.path("details").path("accepted").asBoolean(false);
        Boolean passed = step == null ? null : "SUCCESS".equals(status) || ("compareToBaseline".equals(step) && accepted);
        if (metrics.isEmpty() && step == null) {
            throw new InputException(file.toString(), "no numeric metrics found; expected {\"accuracy\": 0.85, ...},"
                    + " {\"metrics\": {...}} or a step's result.json");
        }
        return new MetricsFile(metrics, step, passed, status);
    }

    /**
     * The lineage event kind of the step that wrote the file (evaluation, comparison, drift), or null for other
     * steps (e.g. trainModel's validation metrics), whose metrics are stored but whose verdict is no gate evidence.
     */
    String eventKind() {
        if (step == null) {
            return null;
        }
        return switch (step) {
            case "evaluateModel" -> LineageEvent.EVALUATION;
            case "compareToBaseline" -> LineageEvent.COMPARISON;
            case "checkDrift" -> LineageEvent.DRIFT;
            default -> null;
        };
    }
}
