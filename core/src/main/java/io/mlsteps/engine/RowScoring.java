package io.mlsteps.engine;

import io.mlsteps.util.InputException;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Batch prediction as a distributed engine runs it: a small serialisable description of what a part of the data
 * does with its rows (the model's encoding, the passthrough columns, what a row the model cannot read becomes),
 * sent to the workers once; each worker opens it once per model file and scores its rows in chunks. The step
 * (package {@code predict}) implements it with the code its local engine runs, so a row is scored the same way
 * wherever it is read.
 */
public interface RowScoring extends Serializable {
    /** What a cell of an output table holds: text, a whole number or a floating-point number (null: missing). */
    enum Type { TEXT, LONG, DOUBLE }

    /** A column of an output table. */
    record Column(String name, Type type) implements Serializable {
    }

    /** The input columns every row must have, in the order {@link Scorer#score} receives their cells. */
    List<String> inputColumns();

    /** The predictions' columns; {@code fileColumn}: the input is several files and each row names its file. */
    List<Column> predictionColumns(boolean fileColumn);

    /** The rejects' columns (a row the model cannot read, with its reason and cells). */
    List<Column> rejectColumns(boolean fileColumn);

    /** Whether rows the model cannot read go to the rejects (else the first one stops the run). */
    boolean rejects();

    /**
     * Loads the model file (a copy of the step's, on the worker) for this description; {@code fileColumn} as for
     * {@link #predictionColumns}.
     */
    Scorer open(Path modelFile, boolean fileColumn);

    /** A loaded model; thread-safe (partitions of one worker JVM share it). */
    interface Scorer {
        /**
         * Scores rows of one input file ({@code file}: its name, for the file column and messages; {@code rows.get(i)}
         * the text cells of {@link #inputColumns()}, null when missing).
         */
        Scored score(String file, List<String[]> rows);
    }

    /**
     * What a chunk gave: output records in the columns' order, rejected records, and the counts the step reports.
     * {@code problem} is the first row the model cannot read when there are no rejects (the run stops with it).
     *
     * @param unseen    per {@code column=value} unseen in training and scored as no feature, its count
     * @param nonFinite per column, numeric values that are not finite (read as missing)
     */
    record Scored(List<Object[]> predictions, List<Object[]> rejected, Map<String, Long> unseen,
                  Map<String, Long> nonFinite, InputException problem) {
    }
}
