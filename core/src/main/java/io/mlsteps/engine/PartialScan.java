package io.mlsteps.engine;

import io.mlsteps.data.RowSink;

import java.io.Serializable;
import java.util.List;
import java.util.function.LongUnaryOperator;

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
     * Turns the line numbers the merged sink recorded, as the engine numbered them while the parts ran (a part
     * does not know how many rows come before it), into lines counted from the start of the data; nothing to do
     * for sinks that keep no line numbers. {@code lineOf} keeps the order of lines.
     */
    default S relocate(S sink, LongUnaryOperator lineOf) {
        return sink;
    }
}
