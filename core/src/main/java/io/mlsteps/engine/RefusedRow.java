package io.mlsteps.engine;

import io.mlsteps.util.InputException;

/**
 * A row the model cannot read, found by an engine that cannot tell its line (a Spark partition): the cell's column
 * and text travel with the error, so that the driver can look the row up in the file and name its line and column
 * as the local engine does.
 */
public final class RefusedRow extends InputException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String column;
    private final String value;
    private final String problem;

    /**
     * @param file    the file's location (its name or URI), or null when the source is not a file
     * @param column  the column of the cell the model cannot read, or null when the row as a whole is refused
     * @param value   that cell's text (null for a missing value)
     * @param problem what is wrong, as the local engine says it
     */
    public RefusedRow(String file, String column, String value, String problem) {
        super((file == null ? "data" : file) + (column == null ? "" : " (column '" + column + "')"), withHint(problem));
        this.file = file;
        this.column = column;
        this.value = value;
        this.problem = problem;
    }

    private static String withHint(String problem) {
        return problem + "; or give rejects: a location for the rows the model cannot read";
    }

    /** The refusal at the row's place in its file, as the local engine names it ({@code file:line:column}). */
    public InputException at(String location, long line, long columnNumber) {
        return new InputException(location, line, columnNumber, withHint(problem));
    }

    /** The same refusal in {@code location} (a full URI where only a name was known). */
    public RefusedRow in(String location) {
        return new RefusedRow(location, column, value, problem);
    }

    public String file() {
        return file;
    }

    public String columnName() {
        return column;
    }

    public String value() {
        return value;
    }

    public String problem() {
        return problem;
    }
}
