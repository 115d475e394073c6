package io.mlsteps.drift;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads the model server's prediction log (JSON Lines, see {@code docs/architecture.md}): one object per
 * prediction with {@code time}, {@code model}, {@code version}, {@code requestId}, {@code inputs} and
 * {@code output} ({@code label} + {@code scores}, or {@code value}). Entries inside the time window become
 * rows of a {@link DriftProfile}: the inputs as columns plus the output as the prediction column. A gap line
 * {@code {"time": ..., "dropped": N}}, which the server writes when its log writer fell behind, counts the N
 * predictions it answered but could not log, so a drift result can say how much of the traffic it saw.
 */
public final class PredictionLog {
    /** The column the model output becomes. */
    public static final String PREDICTION = "prediction";

    /**
     * What was read.
     *
     * @param dropped predictions the server answered in the window but did not log (its gap lines), shadow ones aside
     */
    public record Read(DriftProfile profile, long entries, long outsideWindow, Map<String, String> predictions,
                       Instant first, Instant last, long dropped) {
        /** The share of the window's predictions (answered to clients) that the log holds, 1 when none was dropped. */
        public double seenRatio() {
            return entries + dropped == 0 ? 1 : entries / (double) (entries + dropped);
        }
    }

    private PredictionLog() {
    }

    /**
     * Reads a log file or the {@code .jsonl} files of a folder, keeping entries with {@code from <= time <= to}.
     *
     * @param keepPredictions also keep requestId → prediction, to join labels that arrive later
     */
    public static Read read(Path fileOrFolder, Instant from, Instant to, boolean keepPredictions, StepLog log) {
        DriftProfile profile = new DriftProfile();
        Map<String, String> predictions = keepPredictions ? new HashMap<>() : Map.of();
        long entries = 0;
        long outside = 0;
        Instant first = null;
        Instant last = null;
        long shadow = 0;
        long dropped = 0;
        for (Path file : logFiles(fileOrFolder)) {
            profile.sources().add(file.toString());
            try (BufferedReader in = open(file)) {
                String text;
                long line = 0;
                while ((text = in.readLine()) != null) {
                    line++;
                    if (text.isBlank()) {
                        continue;
                    }
                    JsonNode node = Json.readLine(file.toString(), line, text);
                    if (!node.isObject()) {
                        throw new InputException(file.toString(), line, 1, "expected one prediction object per line");
                    }
                    if (node.has("dropped") && !node.has("inputs")) {
                        Instant time = time(node, file, line);
                        if ((from == null || !time.isBefore(from)) && (to == null || !time.isAfter(to))) {
                            dropped += node.get("dropped").asLong();
                        }
                        continue;
                    }
                    if ("shadow".equals(node.path("role").asText(null))) {
                        shadow++; // a shadow model's answers never reached clients
                        continue;
                    }
                    Instant time = time(node, file, line);
                    if ((from != null && time.isBefore(from)) || (to != null && time.isAfter(to))) {
                        outside++;
                        continue;
                    }
                    first = first == null || time.isBefore(first) ? time : first;
                    last = last == null || time.isAfter(last) ? time : last;
                    Map<String, String> row = new LinkedHashMap<>();
                    JsonNode inputs = node.get("inputs");
                    if (inputs == null || !inputs.isObject()) {
                        throw new InputException(file.toString(), line, -1,
                                "missing 'inputs' object (feature -> raw value)");
                    }
                    for (Iterator<Map.Entry<String, JsonNode>> it = inputs.fields(); it.hasNext(); ) {
                        var f = it.next();
                        row.put(f.getKey(), f.getValue().isNull() ? null : f.getValue().asText());
                    }
                    String prediction = prediction(node.get("output"), file, line);
                    row.put(PREDICTION, prediction);
                    profile.addRow(row);
                    if (keepPredictions && node.hasNonNull("requestId")) {
                        predictions.put(node.get("requestId").asText(), prediction);
                    }
                    entries++;
                }
            } catch (IOException e) {
                throw new InputException(file.toString(), "cannot read: " + e.getMessage());
            }
        }
        log.info("prediction log: %,d predictions in the window, %,d outside, %,d shadow predictions skipped%s",
                entries, outside, shadow, dropped == 0 ? "" : String.format(java.util.Locale.ROOT,
                        "; the server answered %,d more in the window that it could not log (%.1f %% of the traffic seen)",
                        dropped, 100.0 * entries / (entries + dropped)));
        return new Read(profile, entries, outside, predictions, first, last, dropped);
    }

    /**
     * The files of a log: a file and its rotated predecessors ({@code FILE.1}, {@code FILE.2}, ...), or the
     * {@code .jsonl}/{@code .ndjson} files (rotated ones included) of a folder, sorted by name.
     */
    static List<Path> logFiles(Path fileOrFolder) {
        if (!Files.exists(fileOrFolder)) {
            throw new InputException(fileOrFolder.toString(), "file not found");
        }
        List<Path> files = new java.util.ArrayList<>();
        if (Files.isDirectory(fileOrFolder)) {
            try (var stream = Files.list(fileOrFolder)) {
                stream.filter(Files::isRegularFile)
                        .filter(f -> f.getFileName().toString().matches("(?i).*\\.(jsonl|ndjson)(\\.gz)?(\\.\\d+)?"))
                        .sorted().forEach(files::add);
            } catch (IOException e) {
                throw new InputException(fileOrFolder.toString(), "cannot list folder: " + e.getMessage());
            }
            if (files.isEmpty()) {
                throw new InputException(fileOrFolder.toString(), "folder holds no .jsonl prediction log");
            }
            return files;
        }
        files.add(fileOrFolder);
        for (int i = 1; Files.isRegularFile(fileOrFolder.resolveSibling(fileOrFolder.getFileName() + "." + i)); i++) {
            files.add(fileOrFolder.resolveSibling(fileOrFolder.getFileName() + "." + i));
        }
        return files;
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        if (file.getFileName().toString().matches(".*\\.gz(\\.\\d+)?")) {
            raw = new GZIPInputStream(raw, 1 << 16);
        }
        return new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8), 1 << 16);
    }

    private static Instant time(JsonNode node, Path file, long line) {
        JsonNode t = node.get("time");
        if (t == null || !t.isTextual()) {
            throw new InputException(file.toString(), line, -1, "missing 'time' (ISO-8601 UTC, e.g. 2024-05-01T12:00:00Z)");
        }
        try {
            return Instant.parse(t.asText());
        } catch (DateTimeParseException e) {
            throw new InputException(file.toString(), line, -1, "'time' is not an ISO-8601 instant: " + t.asText());
        }
    }

    private static String prediction(JsonNode output, Path file, long line) {
        if (output == null || !output.isObject()) {
            throw new InputException(file.toString(), line, -1, "missing 'output' object ({label, scores} or {value})");
        }
        JsonNode v = output.has("label") ? output.get("label") : output.get("value");
        if (v == null) {
            throw new InputException(file.toString(), line, -1, "'output' has neither 'label' nor 'value'");
        }
        return v.isNull() ? null : v.asText();
    }

    /** The names a row of a log has, for messages. */
    static List<String> fields() {
        return List.of("time", "model", "version", "requestId", "inputs", "output");
    }
}
