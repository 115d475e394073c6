package io.mlsteps.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.util.InputException;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of the prediction log, the one definition of its format: the model server writes it (a JSON object of
 * these components, in this order) and {@code checkDrift} reads it back with {@link #parse}. A predicted row:
 * when, which model and version, in which role ({@code primary}, {@code candidate} or {@code shadow}), the request
 * (batch rows {@code id#i}), the raw inputs (feature → text, null when missing) and the output.
 */
public record PredictionLogEntry(Instant time, String model, String version, String role, String requestId,
                                 Map<String, String> inputs, Prediction output) {
    /** The role of a shadow model, whose answers never reached a client. */
    public static final String SHADOW = "shadow";

    /** The count field of a gap line {@code {"time": ..., "dropped": N, "droppedShadow": M}}. */
    public static final String GAP_DROPPED = "dropped";
    /** The gap line's count of dropped shadow predictions. */
    public static final String GAP_DROPPED_SHADOW = "droppedShadow";

    /**
     * Whether a line is the server's gap line rather than an entry: it counts the predictions the server answered
     * but could not log (its writer fell behind), so a reader knows how much traffic it does not see.
     */
    public static boolean isGap(JsonNode node) {
        return node.isObject() && node.has(GAP_DROPPED) && !node.has("inputs");
    }

    /** A gap line for the predictions dropped since the last one. */
    public static String gapLine(Instant time, long dropped, long droppedShadow) {
        return "{\"time\":\"" + time + "\",\"" + GAP_DROPPED + "\":" + dropped + ",\"" + GAP_DROPPED_SHADOW + "\":"
                + droppedShadow + "}";
    }

    /** The field names of a line, in the order they are written. */
    public static List<String> fields() {
        return Arrays.stream(PredictionLogEntry.class.getRecordComponents()).map(c -> c.getName()).toList();
    }

    /** The {@code n}th older file of a log rotated by size: {@code FILE.1} is the newest of them. */
    public static Path rotated(Path log, int n) {
        return log.resolveSibling(log.getFileName() + "." + n);
    }

    /** Whether a shadow model made this prediction (clients never saw it). */
    @JsonIgnore
    public boolean isShadow() {
        return SHADOW.equals(role);
    }

    /** The prediction as text: the class, or the predicted number. */
    public String predicted() {
        return output.label() != null ? output.label() : output.value() == null ? null : output.value().toString();
    }

    /**
     * Reads one line's object; an error names the file, the line and what was expected. {@code time},
     * {@code inputs} and {@code output} are required; the others may be absent (logs written by other servers).
     */
    public static PredictionLogEntry parse(JsonNode node, String file, long line) {
        if (!node.isObject()) {
            throw new InputException(file, line, 1, "expected one prediction object per line");
        }
        return new PredictionLogEntry(time(node, file, line), text(node, "model"), text(node, "version"),
                text(node, "role"), text(node, "requestId"), inputs(node, file, line), output(node, file, line));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** A line's {@code time}; an error names the file and line. */
    public static Instant time(JsonNode node, String file, long line) {
        JsonNode t = node.get("time");
        if (t == null || !t.isTextual()) {
            throw new InputException(file, line, -1, "missing 'time' (ISO-8601 UTC, e.g. 2024-05-01T12:00:00Z)");
        }
        try {
            return Instant.parse(t.asText());
        } catch (DateTimeParseException e) {
            throw new InputException(file, line, -1, "'time' is not an ISO-8601 instant: " + t.asText());
        }
    }

    private static Map<String, String> inputs(JsonNode node, String file, long line) {
        JsonNode inputs = node.get("inputs");
        if (inputs == null || !inputs.isObject()) {
            throw new InputException(file, line, -1, "missing 'inputs' object (feature -> raw value)");
        }
        Map<String, String> row = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = inputs.fields(); it.hasNext(); ) {
            var f = it.next();
            row.put(f.getKey(), f.getValue().isNull() ? null : f.getValue().asText());
        }
        return row;
    }

    private static Prediction output(JsonNode node, String file, long line) {
        JsonNode output = node.get("output");
        if (output == null || !output.isObject()) {
            throw new InputException(file, line, -1, "missing 'output' object ({label, scores} or {value})");
        }
        if (output.has("label")) {
            JsonNode label = output.get("label");
            return new Prediction(label.isNull() ? null : label.asText(), null, scores(output.get("scores")));
        }
        JsonNode value = output.get("value");
        if (value == null) {
            throw new InputException(file, line, -1, "'output' has neither 'label' nor 'value'");
        }
        if (!value.isNull() && !value.isNumber()) {
            throw new InputException(file, line, -1, "'output.value' is not a number: " + value);
        }
        return new Prediction(null, value.isNull() ? null : value.asDouble(), null);
    }

    private static Map<String, Double> scores(JsonNode scores) {
        if (scores == null || !scores.isObject()) {
            return null;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        scores.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asDouble()));
        return m;
    }
}
