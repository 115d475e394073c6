package io.mlsteps.data;

import io.mlsteps.util.InputException;
import io.mlsteps.util.Progress;
import io.mlsteps.util.StepLog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A data file held in memory for training or evaluation (Tribuo trains on an in-memory dataset anyway): the
 * column names, the raw cells of every record (null where missing) and the line where each record starts, so
 * any bad cell can be reported as {@code file:line:column}.
 */
public final class Table {
    private final String source;
    private final List<String> columns;
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String[]> rows;
    private final long[] lines;

    private Table(String source, List<String> columns, List<String[]> rows, long[] lines) {
        this.source = source;
        this.columns = List.copyOf(columns);
        for (int i = 0; i < this.columns.size(); i++) {
            index.put(this.columns.get(i), i);
        }
        this.rows = rows;
        this.lines = lines;
    }

    /**
     * Reads a whole file with the engine's readers (a sniffed delimiter and a header that looks like data are told
     * on {@code log}); an empty file (no record) is an input error.
     */
    public static Table read(Path file, ReadOptions options, StepLog log) {
        List<String[]> rows = new ArrayList<>();
        long[] lines = new long[1024];
        List<String> columns;
        try (RecordReader reader = DataReaders.open(file, options, log);
             Progress progress = log.progress("rows read", -1)) {
            columns = reader.columns();
            String[] values;
            while ((values = reader.next()) != null) {
                if (rows.size() == lines.length) {
                    lines = java.util.Arrays.copyOf(lines, lines.length * 2);
                }
                lines[rows.size()] = reader.line();
                rows.add(values.clone());
                progress.add(1);
            }
        }
        if (rows.isEmpty()) {
            throw new InputException(file.toString(), 2, 1, "has a header but no data rows; expected at least one record");
        }
        return new Table(file.toString(), columns, rows, java.util.Arrays.copyOf(lines, rows.size()));
    }

    public String source() {
        return source;
    }

    public List<String> columns() {
        return columns;
    }

    public boolean hasColumn(String name) {
        return index.containsKey(name);
    }

    /** The position of a column, or an input error naming the argument that asked for it. */
    public int column(String name, String argument) {
        Integer i = index.get(name);
        if (i == null) {
            throw new InputException(argument, "column '" + name + "' is not in " + source + "; its columns are "
                    + columns);
        }
        return i;
    }

    public int size() {
        return rows.size();
    }

    public String[] row(int i) {
        return rows.get(i);
    }

    /** The cell of a row, or null where missing. */
    public String cell(int row, int column) {
        return rows.get(row)[column];
    }

    /** The 1-based line where a row starts. */
    public long line(int row) {
        return lines[row];
    }

    /** Where a cell is, as messages name it: {@code file:line:column}. */
    public String location(int row, int column) {
        return source + ":" + lines[row] + ":" + (column + 1);
    }

    /** An input error located at a cell. */
    public InputException error(int row, int column, String problem) {
        return new InputException(source, lines[row], column + 1, problem);
    }
}
