package io.mlsteps.data;

/**
 * Receives the records of one part of a file during a {@link DataScan}. Each worker thread owns its own
 * sink, so a sink needs no locking; the parts' sinks are merged at the end.
 */
public interface RowSink {
    /**
     * One record: the raw cell values (null where missing), in the file's column order, and the 1-based line
     * where it starts. The array is not kept by the caller after the call, and must not be kept by the sink.
     */
    void accept(String[] values, long line);
}
