package io.mlsteps.data;

import java.util.List;
import java.util.Set;

/**
 * How to read a tabular file. Defaults suit the common case: format from the file name (CSV, TSV, JSON
 * Lines, optionally gzip-compressed), a header line, and the missing-value markers {@code ''},
 * {@code NA}, {@code ?} and {@code null}.
 *
 * @param format         {@code auto}, {@code csv}, {@code tsv} or {@code jsonl}
 * @param delimiter      field separator for CSV; null to use the format's default
 * @param header         whether the first line names the columns; without one, columns are {@code c1..cN}
 * @param missingMarkers cell values that mean "missing" (compared after trimming)
 * @param maxFieldChars  longest field accepted; longer fields are an input error (guards against an unclosed quote
 *                       swallowing the rest of the file)
 */
public record ReadOptions(String format, Character delimiter, boolean header, Set<String> missingMarkers,
                          int maxFieldChars) {
    public static final List<String> DEFAULT_MISSING = List.of("", "NA", "?", "null");
    public static final int DEFAULT_MAX_FIELD_CHARS = 1_000_000;
    /**
     * Most columns a file may have, in every format (FastCSV's limit of fields per record): a wider file is an input
     * error that says so, not a parse failure or minutes of work.
     */
    public static final int MAX_COLUMNS = 16_384;
    /** Longest missing-value marker accepted. */
    public static final int MAX_MARKER_CHARS = 32;

    public ReadOptions {
        format = format == null ? "auto" : format;
        missingMarkers = missingMarkers == null ? Set.copyOf(DEFAULT_MISSING) : Set.copyOf(missingMarkers);
        for (String m : missingMarkers) {
            if (m.trim().length() > MAX_MARKER_CHARS) {
                throw new io.mlsteps.util.InputException("missingValues", "marker '" + m + "' is longer than "
                        + MAX_MARKER_CHARS + " characters; expected short markers such as NA or ?");
            }
        }
        maxFieldChars = maxFieldChars <= 0 ? DEFAULT_MAX_FIELD_CHARS : maxFieldChars;
    }

    public static ReadOptions defaults() {
        return new ReadOptions("auto", null, true, null, DEFAULT_MAX_FIELD_CHARS);
    }

    public ReadOptions withMissingMarkers(Set<String> markers) {
        return new ReadOptions(format, delimiter, header, markers, maxFieldChars);
    }

    public ReadOptions withHeader(boolean hasHeader) {
        return new ReadOptions(format, delimiter, hasHeader, missingMarkers, maxFieldChars);
    }

    public ReadOptions withFormat(String newFormat) {
        return new ReadOptions(newFormat, delimiter, header, missingMarkers, maxFieldChars);
    }

    public ReadOptions withDelimiter(Character newDelimiter) {
        return new ReadOptions(format, newDelimiter, header, missingMarkers, maxFieldChars);
    }

    public ReadOptions withMaxFieldChars(int chars) {
        return new ReadOptions(format, delimiter, header, missingMarkers, chars);
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
     * format {@code auto|csv|tsv|jsonl}, a one-character delimiter ({@code \\t} or {@code tab} for a tab),
     * header or not, and the missing-value markers (null keeps the defaults).
     */
    public static ReadOptions fromArguments(String format, String delimiter, boolean header, java.util.Collection<String> missing) {
        ReadOptions options = defaults().withHeader(header);
        if (format != null) {
            String f = format.toLowerCase(java.util.Locale.ROOT);
            if (!List.of("auto", "csv", "tsv", "jsonl").contains(f)) {
                throw new io.mlsteps.util.InputException("format", "is '" + format + "'; expected auto, csv, tsv or jsonl");
            }
            options = options.withFormat(f);
        }
        if (delimiter != null) {
            String d = delimiter.equals("\\t") || delimiter.equalsIgnoreCase("tab") ? "\t" : delimiter;
            if (d.length() != 1) {
                throw new io.mlsteps.util.InputException("delimiter", "is '" + delimiter + "'; expected one character (or \\t)");
            }
            options = options.withDelimiter(d.charAt(0));
        }
        if (missing != null) {
            options = options.withMissingMarkers(new java.util.HashSet<>(missing));
        }
        return options;
    }
}
