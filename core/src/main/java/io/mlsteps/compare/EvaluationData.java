package io.mlsteps.compare;

import io.mlsteps.data.DataReaders;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.data.RecordReader;
import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation data the candidate was scored on, held in memory as text: its rows feed a re-evaluation of
 * the baseline model on exactly the same rows, and its columns define slices ({@code accuracy[sex=Female]}).
 * Row {@code i} is the i-th data record (0-based), as in the {@code row} column of {@code predictions.csv}.
 */
public final class EvaluationData {
    private final String source;
    private final List<String> columns;
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String[]> records;
    private final long[] lines;

    private EvaluationData(String source, List<String> columns, List<String[]> records, long[] lines) {
        this.source = source;
        this.columns = List.copyOf(columns);
        for (int i = 0; i < columns.size(); i++) {
            index.put(columns.get(i), i);
        }
        this.records = records;
        this.lines = lines;
    }

    public static EvaluationData read(Path file) {
        return read(file, ReadOptions.defaults(), StepLog.silent());
    }

    /** Reads the whole file with {@code options} (what it reveals while reading, e.g. a sniffed delimiter, on {@code log}). */
    public static EvaluationData read(Path file, ReadOptions options, StepLog log) {
        try (RecordReader reader = DataReaders.open(file, options, log)) {
            List<String[]> records = new ArrayList<>();
            long[] lines = new long[1024];
            String[] rec;
            while ((rec = reader.next()) != null) {
                if (records.size() == lines.length) {
                    lines = Arrays.copyOf(lines, lines.length * 2);
                }
                lines[records.size()] = reader.line();
                records.add(rec.clone());
            }
            return new EvaluationData(file.toString(), reader.columns(), records, Arrays.copyOf(lines, records.size()));
        }
    }

    public String source() {
        return source;
    }

    public List<String> columns() {
        return columns;
    }

    public int size() {
        return records.size();
    }

    public boolean hasColumn(String column) {
        return index.containsKey(column);
    }

    /** An input error located at a cell of a data row. */
    public InputException error(int row, String column, String problem) {
        return new InputException(source, lines[row], index.get(column) + 1, problem);
    }

    /** The value of a column in a data row; null where missing. */
    public String value(int row, String column) {
        return records.get(row)[index.get(column)];
    }

    /** Checks that every row number exists in the data; an input error names the first that does not. */
    public void requireRows(int[] rows, String whose) {
        for (int r : rows) {
            if (r >= records.size()) {
                throw new InputException(whose, "refers to data row " + r + " but " + source + " has only "
                        + records.size() + " rows; expected predictions made on this data file");
            }
        }
    }

    /** The label of each of the given rows. */
    public String[] labels(int[] rows, String labelColumn) {
        requireColumn(labelColumn, "labelColumn");
        String[] out = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = value(rows[i], labelColumn);
        }
        return out;
    }

    /** The given rows as feature maps restricted to the model's features (missing values left out). */
    public List<Map<String, String>> features(int[] rows, List<String> featureNames) {
        List<Map<String, String>> out = new ArrayList<>(rows.length);
        for (int r : rows) {
            Map<String, String> m = new LinkedHashMap<>();
            for (String f : featureNames) {
                Integer c = index.get(f);
                if (c != null && records.get(r)[c] != null) {
                    m.put(f, records.get(r)[c]);
                }
            }
            out.add(m);
        }
        return out;
    }

    public void requireColumn(String column, String argument) {
        if (column == null || !index.containsKey(column)) {
            throw new InputException(argument, "column '" + column + "' is not in " + source + "; columns: " + columns);
        }
    }
}
