package io.mlsteps.engine;

import io.mlsteps.data.RowSink;
import io.mlsteps.util.StepLog;

/**
 * A distributed engine a step's pass runs on (one per step run; {@link #close} releases its session). A scan
 * reads the source, fills one sink per part of the data where the data is, and returns the parts merged.
 * Bad input (a path that does not exist, a corrupt file, files of one folder with different columns, an
 * engine that cannot be reached) is an {@link io.mlsteps.util.InputException} naming the place.
 */
public interface DataEngine extends AutoCloseable {
    /** What runs the pass, for logs: e.g. {@code spark 4.1.1 (spark://10.0.0.5:7077), 4 executors}. */
    String describe();

    /** Runs the pass over the source and returns the merged sink. */
    <S extends RowSink> S scan(DataSource source, PartialScan<S> scan, StepLog log);

    /**
     * Scores the job's input where it is and writes the predictions (and rejected rows) to the job's outputs; a row
     * the model cannot read, when there are no rejects, is an {@link io.mlsteps.util.InputException} naming its file
     * and column, as is an output that exists when the job does not overwrite.
     */
    ScoreJob.Result score(ScoreJob job, StepLog log);

    @Override
    void close();
}
