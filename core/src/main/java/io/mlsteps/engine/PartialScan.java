package io.mlsteps.engine;

import io.mlsteps.data.RowSink;

import java.io.Serializable;
import java.util.List;

/**
 * A pass over a dataset that a distributed engine can split: each part of the data fills its own sink, a
 * part's sink travels as bytes (the engine's own serialised form, e.g. a profile's JSON with its sketches),
 * and the parts merge on the driver. Implementations are small serialisable descriptions (a schema as JSON,
 * say), sent to the workers once per job.
 *
 * @param <S> the sink one part fills
 */
public interface PartialScan<S extends RowSink> extends Serializable {
    /** An empty sink for the given columns. */
    S newSink(List<String> columns);

    /** Adds {@code other} into {@code into} (both of the same columns) and returns the result. */
    S merge(S into, S other);

    /** The sink's serialised form. */
    byte[] encode(S sink);

    /** Reads {@link #encode}'s form back. */
    S decode(byte[] bytes);

    /**
     * Moves the line numbers a part's sink recorded (counted from 1 within the part) by {@code offset}, so that
     * they count from the start of the data; nothing to do for sinks that keep no line numbers.
     */
    default S relocate(S sink, long offset) {
        return sink;
    }
}
