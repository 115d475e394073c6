package io.mlsteps.compare;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.metrics.MetricsFile;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What is known of one model's evaluation: its metrics and, where available, its per-row predictions.
 * Read from an {@code evaluateModel} folder ({@code predictions.csv}, {@code metrics.json}, {@code result.json}),
 * a metrics or result JSON file, or a predictions CSV.
 *
 * @param label       what it is, for people
 * @param path        the file or folder it was read from, or null
 * @param metrics     metric values
 * @param predictions per-row predictions, or null
 * @param rows        number of evaluation rows when known
 */
public record Evaluation(String label, Path path, Map<String, Double> metrics, PredictionSet predictions, Integer rows) {

    public static final String PREDICTIONS_FILE = "predictions.csv";
    public static final String METRICS_FILE = "metrics.json";
    public static final String RESULT_FILE = "result.json";

    /** Reads an evaluation from a folder, a JSON metrics/result file or a predictions CSV. */
    public static Evaluation load(Path path, String label, String taskHint) {
        if (Files.isDirectory(path)) {
            Path preds = path.resolve(PREDICTIONS_FILE);
            boolean hasPreds = Files.isRegularFile(preds);
            boolean hasMetrics = Files.isRegularFile(path.resolve(METRICS_FILE));
            boolean hasResult = Files.isRegularFile(path.resolve(RESULT_FILE));
            if (!hasPreds && !hasMetrics && !hasResult) {
                throw new InputException(path.toString(), "holds neither " + PREDICTIONS_FILE + " nor "
                        + METRICS_FILE + "/" + RESULT_FILE + "; expected an evaluateModel output folder");
            }
            // the step result also carries per-slice metrics; metrics.json wins where both have a value
            Map<String, Double> m = hasResult ? readMetrics(path.resolve(RESULT_FILE)) : new LinkedHashMap<>();
            if (hasMetrics) {
                m.putAll(readMetrics(path.resolve(METRICS_FILE)));
            }
            PredictionSet p = hasPreds ? PredictionSet.read(preds, taskHint) : null;
            return new Evaluation(label, path, m, p, rowsOf(m, p));
        }
        if (!Files.isRegularFile(path)) {
            throw new InputException(path.toString(), "file not found");
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            Map<String, Double> m = readMetrics(path);
            return new Evaluation(label, path, m, null, rowsOf(m, null));
        }
        PredictionSet p = PredictionSet.read(path, taskHint);
        return new Evaluation(label, path, new LinkedHashMap<>(), p, p.size());
    }

    /**
     * Reads metric values from JSON ({@link MetricsFile}): the {@code metrics} object of a step result or of a
     * metrics file, or else every top-level number; evaluateModel's row count beside its metrics as {@code rows}.
     */
    public static Map<String, Double> readMetrics(Path file) {
        MetricsFile read = MetricsFile.read(file);
        Map<String, Double> out = new LinkedHashMap<>(read.metrics());
        if (read.rows() != null) {
            out.putIfAbsent("rows", read.rows());
        }
        return out;
    }

    /** The evaluation data an {@code evaluateModel} metrics.json names. */
    public record DataSource(String path, String sha256, String labelColumn) {
    }

    /**
     * The data file the evaluation of a folder (its {@code metrics.json}, {@code source.data}) was made on, or
     * null when it names none.
     */
    public static DataSource dataSource(Path evaluation) {
        if (evaluation == null || !Files.isDirectory(evaluation) || !Files.isRegularFile(evaluation.resolve(METRICS_FILE))) {
            return null;
        }
        try {
            JsonNode source = Json.mapper().readTree(evaluation.resolve(METRICS_FILE).toFile()).path("source");
            String data = source.path("data").asText(null);
            return data == null ? null : new DataSource(data, source.path("dataSha256").asText(null),
                    source.path("labelColumn").asText(null));
        } catch (IOException e) {
            return null;
        }
    }

    private static Integer rowsOf(Map<String, Double> m, PredictionSet p) {
        if (p != null) {
            return p.size();
        }
        Double r = m.get("rows");
        return r == null || r.isNaN() ? null : (int) Math.round(r);
    }
}
