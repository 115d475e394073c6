package io.mlsteps.data;

import io.mlsteps.util.InputException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How to read a tabular file: the one reading contract of every step that reads data. Defaults suit the
 * common case: format from the file name (CSV, TSV, JSON Lines, optionally gzip-compressed), the delimiter of
 * the format (or the one sniffed from the first lines, see {@link DataReaders#open(java.nio.file.Path,
 * ReadOptions, io.mlsteps.util.StepLog)}), a header line, and the missing-value markers {@code ''},
 * {@code NA}, {@code ?} and {@code null}. User arguments become options through {@link #fromArguments}, whose
 * errors name the argument.
 *
 * @param format         {@code auto}, {@code csv}, {@code tsv} or {@code jsonl}
 * @param delimiter      field separator for CSV; null to use the format's default or the one sniffed
 * @param header         whether the first line names the columns; without one, columns are named by
 *                       {@code columnNames}, else {@code c1..cN}
 * @param columnNames    the column names of a file without a header line (trimmed, unique, not empty); null
 *                       for {@code c1..cN}; only with {@code header} false
 * @param missingMarkers cell values that mean "missing" (compared after trimming)
 * @param maxFieldChars  longest field accepted; longer fields are an input error (guards against an unclosed quote
 *                       swallowing the rest of the file)
 */
public record ReadOptions(String format, Character delimiter, boolean header, List<String> columnNames,
                          Set<String> missingMarkers, int maxFieldChars) {
    public static final List<String> DEFAULT_MISSING = List.of("", "NA", "?", "null");
    public static final int DEFAULT_MAX_FIELD_CHARS = 1_000_000;
    /**
     * Most columns a file may have, in every format (FastCSV's limit of fields per record): a wider file is an input
     * error that says so, not a parse failure or minutes of work.
     */
    public static final int MAX_COLUMNS = 16_384;
    /** Longest missing-value marker accepted. */
    public static final int MAX_MARKER_CHARS = 32;
    /** The formats a user may name. */
    public static final List<String> FORMATS = List.of("auto", "csv", "tsv", "jsonl");
    /** Formats the contract accepts that only a distributed engine reads (docs/spark.md). */
    private static final List<String> SPARK_FORMATS = List.of("parquet", "orc", "table");

    public ReadOptions {
        format = format == null ? "auto" : format;
        missingMarkers = missingMarkers == null ? Set.copyOf(DEFAULT_MISSING) : Set.copyOf(missingMarkers);
        for (String m : missingMarkers) {
            if (m.trim().length() > MAX_MARKER_CHARS) {
                throw new InputException("missingValues", "marker '" + m + "' is longer than "
                        + MAX_MARKER_CHARS + " characters; expected short markers such as NA or ?");
            }
        }
        maxFieldChars = maxFieldChars <= 0 ? DEFAULT_MAX_FIELD_CHARS : maxFieldChars;
        if (columnNames != null) {
            if (header) {
                throw new InputException("columnNames", "names the columns of a file without a header line; expected "
                        + "header: false (--no-header) with it, or no columnNames to take the names from the header");
            }
            columnNames = checkedNames(columnNames);
        }
    }

    /** The options before column names existed (header or c1..cN). */
    public ReadOptions(String format, Character delimiter, boolean header, Set<String> missingMarkers, int maxFieldChars) {
        this(format, delimiter, header, null, missingMarkers, maxFieldChars);
    }

    public static ReadOptions defaults() {
        return new ReadOptions("auto", null, true, null, null, DEFAULT_MAX_FIELD_CHARS);
    }

    public ReadOptions withMissingMarkers(Set<String> markers) {
        return new ReadOptions(format, delimiter, header, columnNames, markers, maxFieldChars);
    }

    /** With or without a header line; a header drops the column names, which only a headerless file takes. */
    public ReadOptions withHeader(boolean hasHeader) {
        return new ReadOptions(format, delimiter, hasHeader, hasHeader ? null : columnNames, missingMarkers, maxFieldChars);
    }

    /** The column names of a headerless file (null for c1..cN); sets {@code header} false. */
    public ReadOptions withColumnNames(List<String> names) {
        return new ReadOptions(format, delimiter, false, names, missingMarkers, maxFieldChars);
    }

    public ReadOptions withFormat(String newFormat) {
        return new ReadOptions(newFormat, delimiter, header, columnNames, missingMarkers, maxFieldChars);
    }

    public ReadOptions withDelimiter(Character newDelimiter) {
        return new ReadOptions(format, newDelimiter, header, columnNames, missingMarkers, maxFieldChars);
    }

    public ReadOptions withMaxFieldChars(int chars) {
        return new ReadOptions(format, delimiter, header, columnNames, missingMarkers, chars);
    }

    /** Whether a raw cell is a missing value. */
    public boolean isMissing(String raw) {
        if (raw == null) {
            return true;
        }
        // most cells are longer than any marker: skip the set lookup (and the trim) for them
        int n = raw.length();
        if (n > MAX_MARKER_CHARS && raw.charAt(0) > ' ' && raw.charAt(n - 1) > ' ') {
            return false;
        }
        return missingMarkers.contains(raw.trim());
    }

    /**
     * Read options from user arguments (request fields or CLI flags), with errors naming the argument:
     * format {@code auto|csv|tsv|jsonl}, a one-character delimiter ({@code \\t} or {@code tab} for a tab), header
     * or not, the column names of a headerless file (null: {@code c1..cN}), and the missing-value markers (null
     * keeps the defaults). Every null argument keeps its default.
     */
    public static ReadOptions fromArguments(String format, String delimiter, Boolean header, List<String> columnNames,
                                            Collection<String> missing) {
        boolean hasHeader = header == null || header;
        ReadOptions options = defaults().withHeader(hasHeader);
        if (format != null) {
            String f = format.trim().toLowerCase(Locale.ROOT);
            if (!FORMATS.contains(f)) {
                throw new InputException("format", "is '" + format + "'; expected auto, csv, tsv or jsonl"
                        + (SPARK_FORMATS.contains(f) ? " (" + f + " needs engine: 'spark')" : ""));
            }
            options = options.withFormat(f);
        }
        if (delimiter != null) {
            options = options.withDelimiter(delimiterOf(delimiter));
        }
        if (missing != null) {
            options = options.withMissingMarkers(new HashSet<>(missing));
        }
        if (columnNames != null) {
            if (hasHeader) {
                // the record's own check, with the fix spelled for both front ends
                return new ReadOptions(options.format(), options.delimiter(), true, columnNames,
                        options.missingMarkers(), options.maxFieldChars());
            }
            options = options.withColumnNames(columnNames);
        }
        return options;
    }

    /** As {@link #fromArguments(String, String, Boolean, List, Collection)} without column names. */
    public static ReadOptions fromArguments(String format, String delimiter, boolean header, Collection<String> missing) {
        return fromArguments(format, delimiter, header, null, missing);
    }

    /** A delimiter argument as a character: one character, {@code \t} or {@code tab} for a tab; never a quote or line end. */
    static char delimiterOf(String text) {
        String d = text.equals("\\t") || text.equalsIgnoreCase("tab") ? "\t" : text;
        if (d.length() != 1) {
            throw new InputException("delimiter", "is '" + text + "'; expected one character (or \\t)");
        }
        char c = d.charAt(0);
        if (c == '"' || c == '\n' || c == '\r') {
            throw new InputException("delimiter", "is " + (c == '"' ? "the quote character" : "a line break")
                    + "; expected a field separator such as , ; | or \\t");
        }
        return c;
    }

    /** Column names as given for a headerless file, trimmed like header names; empty or repeated names are errors. */
    private static List<String> checkedNames(List<String> names) {
        if (names.isEmpty()) {
            throw new InputException("columnNames", "is empty; expected one name per column, e.g. ['age', 'income']");
        }
        List<String> trimmed = new ArrayList<>(names.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i) == null ? "" : names.get(i).trim();
            if (name.isEmpty()) {
                throw new InputException("columnNames", "name " + (i + 1) + " is empty; expected a name for every column");
            }
            if (!seen.add(name)) {
                throw new InputException("columnNames", "names '" + name + "' twice (names " + (trimmed.indexOf(name) + 1)
                        + " and " + (i + 1) + "); expected unique names");
            }
            trimmed.add(name);
        }
        return List.copyOf(trimmed);
    }
}
