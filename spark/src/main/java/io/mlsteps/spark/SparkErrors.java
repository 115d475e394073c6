package io.mlsteps.spark;

import io.mlsteps.engine.DataSource;
import io.mlsteps.util.InputException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what Spark throws about bad input into the engine's located input errors (exit 3): a path that does not
 * exist, a table that is not there, a file that is not what its format says (a corrupt Parquet file), a malformed
 * record, a header that differs from the first file's. Anything else stays an internal error.
 */
final class SparkErrors {
    private static final Pattern READING_FILE = Pattern.compile("(?:reading file|footer for file|file) (\\S+?)[.,]?(?:\\s|$)");
    private static final Pattern ERROR_CLASS = Pattern.compile("^\\[([A-Z_.]+)]\\s*");

    private SparkErrors() {
    }

    /**
     * The exception to throw: an {@link InputException} when Spark reported bad input, else {@code e} itself (Spark's
     * checked exceptions, which Scala throws undeclared, wrapped).
     */
    static RuntimeException toInput(Exception e, DataSource source) {
        InputException input = inputOrNull(e, source);
        if (input != null) {
            return input;
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException("spark: " + message(e), e);
    }

    static InputException inputOrNull(Throwable e, DataSource source) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InputException input) {
                return input; // the engine's own code found bad input on an executor
            }
        }
        String all = chain(e);
        String where = source.location();
        Matcher file = READING_FILE.matcher(all);
        String fileName = file.find() ? file.group(1) : where;
        if (all.contains("PATH_NOT_FOUND") || all.contains("Path does not exist")) {
            return new InputException(where, "file not found");
        }
        if (all.contains("TABLE_OR_VIEW_NOT_FOUND")) {
            return new InputException(where, "no such table or view; expected a table name Spark's catalog knows "
                    + "(e.g. db.table), or give a path with another format");
        }
        if (all.contains("CSV header does not conform to the schema")) {
            return new InputException(fileName, 1, 1, "its header differs from the first file's; expected every file of a "
                    + "folder to have the same columns (" + firstLine(find(e, "CSV header")) + ")");
        }
        if (all.contains("CANNOT_MERGE_SCHEMAS") || all.contains("Failed merging schema") || all.contains("CANNOT_MERGE_INCOMPATIBLE_DATA_TYPE")) {
            return new InputException(where, "its files do not share one schema: " + firstLine(find(e, "merg"))
                    + "; expected every file of a folder to have the same columns and types");
        }
        if (all.contains("is not a Parquet file") || all.contains("Could not read footer") || all.contains("CANNOT_READ_FILE_FOOTER")
                || all.contains("expected magic number")) {
            return new InputException(fileName, "corrupt or not a Parquet file (" + firstLine(find(e, "magic", "footer", "Parquet"))
                    + "); expected a complete Parquet file");
        }
        if (all.contains("MALFORMED_RECORD_IN_PARSING") || all.contains("Malformed records are detected")) {
            return new InputException(fileName, "malformed record (" + firstLine(find(e, "Malformed", "MALFORMED"))
                    + "); expected every record to have the header's number of fields and valid quoting");
        }
        if (all.contains("UNABLE_TO_INFER_SCHEMA")) {
            return new InputException(where, "Spark found no data to read (" + firstLine(find(e, "UNABLE_TO_INFER_SCHEMA"))
                    + "); expected data files of the given format");
        }
        if (all.contains("FAILED_READ_FILE") || all.contains("Encountered error while reading file")) {
            return new InputException(fileName, "cannot be read: " + firstLine(deepest(e)));
        }
        return null;
    }

    /** A short message for an exception: Spark's error class removed, the first line only. */
    static String message(Throwable e) {
        return firstLine(deepest(e));
    }

    private static String chain(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            sb.append(t.getMessage()).append('\n');
        }
        return sb.toString();
    }

    private static Throwable find(Throwable e, String... needles) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = String.valueOf(t.getMessage());
            for (String n : needles) {
                if (m.contains(n)) {
                    return t;
                }
            }
        }
        return deepest(e);
    }

    private static Throwable deepest(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        m = ERROR_CLASS.matcher(m).replaceFirst("");
        return m.length() > 400 ? m.substring(0, 397) + "..." : m;
    }
}
