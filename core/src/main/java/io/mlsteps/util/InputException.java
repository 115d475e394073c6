package io.mlsteps.util;

/**
 * Bad input from the user: a malformed file, a wrong argument, an unknown name. The CLI turns it into
 * exit code 3 and prints {@link #getMessage()}, which names the place ({@code file:line:column} or the
 * argument) and what was expected, never a stack trace.
 */
public class InputException extends RuntimeException {
    private final String source;
    private final long line;
    private final long column;
    private final String problem;

    public InputException(String source, String problem) {
        this(source, -1, -1, problem);
    }

    public InputException(String source, long line, long column, String problem) {
        super(format(source, line, column, problem));
        this.source = source;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    public InputException(String source, long line, long column, String problem, Throwable cause) {
        super(format(source, line, column, problem), cause);
        this.source = source;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    /** The file or argument at fault, e.g. {@code data.csv} or {@code --label}. */
    public String source() {
        return source;
    }

    /** 1-based line, or -1 when not applicable. */
    public long line() {
        return line;
    }

    /** 1-based column, or -1 when not applicable. */
    public long column() {
        return column;
    }

    public String problem() {
        return problem;
    }

    private static String format(String source, long line, long column, String problem) {
        StringBuilder sb = new StringBuilder();
        if (source != null) {
            sb.append(source);
            if (line > 0) {
                sb.append(':').append(line);
                if (column > 0) {
                    sb.append(':').append(column);
                }
            }
            sb.append(": ");
        }
        return sb.append(problem).toString();
    }
}
