package io.mlsteps.data;

/**
 * A {@link RowSink} that also takes a record as the bytes of its cells, as the fast path of {@link DataScan}
 * has them (plain ASCII, not trimmed, with a flag for cells that are missing-value markers), so that a sink
 * parsing numbers or counting categories needs no String per cell. Records the fast path hands to the
 * general reader still arrive through {@link #accept}.
 */
public interface ByteRowSink extends RowSink {
    /**
     * One record: cell {@code f} is {@code buf[starts[f], ends[f])}, {@code hashes[f]} is its
     * {@link String#hashCode} (computed while the record was split, so a sink counting values need not read the
     * bytes again), missing where {@code missing[f]}; the arrays are reused after the call and must not be kept.
     */
    void acceptBytes(byte[] buf, int[] starts, int[] ends, int[] hashes, boolean[] missing, long line);
}
