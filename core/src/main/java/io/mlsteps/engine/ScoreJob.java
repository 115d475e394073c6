package io.mlsteps.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A batch prediction for a distributed engine ({@link DataEngine#score}): the data, the model file on this machine
 * (the engine ships its bytes to the workers once), how rows are scored, and where the predictions (and rejected
 * rows) go: a folder path or URI written as part files in the format its name says.
 *
 * @param input       the data to score
 * @param modelFile   the model file on this machine
 * @param modelSha256 its content hash (workers keep one loaded model per hash)
 * @param scoring     what every part does with its rows
 * @param output      the predictions' location and format
 * @param rejects     the rejected rows' location and format, or null (then {@link RowScoring#rejects()} is false)
 * @param overwrite   whether existing output locations are replaced (else an existing one is an input error)
 */
public record ScoreJob(DataSource input, Path modelFile, String modelSha256, RowScoring scoring, Output output,
                       Output rejects, boolean overwrite) {

    /**
     * Where a table goes: a location (a local folder path or a URI) and its format ({@code parquet}, {@code csv},
     * {@code tsv}, {@code jsonl}), gzip-compressed part files or not.
     */
    public record Output(String location, String format, boolean gzip) {
    }

    /** An input file as the engine listed it, with the rows read from it. */
    public record InputFile(String location, long rows) {
    }

    /**
     * What the engine did: rows read, scored and rejected, the counts of the scoring, the input files, the
     * partitions and the wall time.
     */
    public record Result(long rows, long predicted, long rejected, Map<String, Long> unseen, Map<String, Long> nonFinite,
                         Map<String, String> firstNonFinite, List<InputFile> inputs, int partitions, double seconds) {
    }
}
