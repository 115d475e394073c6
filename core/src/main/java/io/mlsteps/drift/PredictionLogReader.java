package io.mlsteps.drift;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.model.PredictionLogEntry;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads the model server's prediction log (JSON Lines of {@link PredictionLogEntry}, the format the server writes).
 * Entries inside the time window become rows of a {@link DriftProfile}: the inputs as columns plus the output as
 * the prediction column; shadow predictions, which never reached a client, are skipped. A gap line
 * {@code {"time": ..., "dropped": N}}, which the server writes when its log writer fell behind, counts the N
 * predictions it answered but could not log, so a drift result can say how much of the traffic it saw.
 */
public final class PredictionLogReader {
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

    private PredictionLogReader() {
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
                    if (PredictionLogEntry.isGap(node)) {
                        Instant time = PredictionLogEntry.time(node, file.toString(), line);
                        if ((from == null || !time.isBefore(from)) && (to == null || !time.isAfter(to))) {
                            dropped += node.get(PredictionLogEntry.GAP_DROPPED).asLong();
                        }
                        continue;
                    }
                    PredictionLogEntry entry = PredictionLogEntry.parse(node, file.toString(), line);
                    if (entry.isShadow()) {
                        shadow++; // a shadow model's answers never reached clients
                        continue;
                    }
                    Instant time = entry.time();
                    if ((from != null && time.isBefore(from)) || (to != null && time.isAfter(to))) {
                        outside++;
                        continue;
                    }
                    first = first == null || time.isBefore(first) ? time : first;
                    last = last == null || time.isAfter(last) ? time : last;
                    Map<String, String> row = new LinkedHashMap<>(entry.inputs());
                    String prediction = entry.predicted();
                    row.put(PREDICTION, prediction);
                    profile.addRow(row);
                    if (keepPredictions && entry.requestId() != null) {
                        predictions.put(entry.requestId(), prediction);
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
        for (int i = 1; Files.isRegularFile(PredictionLogEntry.rotated(fileOrFolder, i)); i++) {
            files.add(PredictionLogEntry.rotated(fileOrFolder, i));
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
}
