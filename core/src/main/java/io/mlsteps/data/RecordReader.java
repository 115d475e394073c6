package io.mlsteps.data;

import java.util.List;

/**
 * Streams the records of a tabular file, one at a time, in constant memory. Values are the raw text of
 * each cell, or null where the cell holds a missing-value marker. Malformed input raises an
 * {@link io.mlsteps.util.InputException} naming file, line and column.
 */
public interface RecordReader extends AutoCloseable {

    /** Column names, in file order. */
    List<String> columns();

    /** The next record (one value per column), or null at the end. The array may be reused by the next call. */
    String[] next();

    /** The 1-based line number where the last returned record started. */
    long line();

    /** A display name of the source, for messages. */
    String sourceName();

    @Override
    void close();
}
