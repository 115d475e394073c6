package io.mlsteps.data;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.mlsteps.util.InputException;

import java.io.EOFException;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipException;

/**
 * CSV/TSV on FastCSV, with located errors for malformed input: ragged rows, unclosed quotes, runaway
 * fields, invalid UTF-8 (decoded with replacement, then reported at the field that holds it, so the line
 * is exact), truncated gzip. A BOM before the header is dropped.
 */
final class CsvRecordReader implements RecordReader {
    private final String source;
    private final ReadOptions options;
    private final CsvReader<CsvRecord> csv;
    private final Iterator<CsvRecord> records;
    private final List<String> columns;
    private final CsvQuoteTracker tracker;
    private final long lineOffset;
    private final String[] markers;
    private String[] current;
    private long line;

    /** Reads a whole file: the header (if any) from its first record. */
    CsvRecordReader(String source, InputStream in, ReadOptions options) {
        this.source = source;
        this.options = options;
        this.lineOffset = 0;
        this.markers = options.missingMarkers().toArray(String[]::new);
        this.tracker = new CsvQuoteTracker(source, options.delimiter(), options.maxFieldChars(), 1);
        this.csv = open(new TrackingReader(decoder(in), tracker));
        this.records = csv.iterator();
        CsvRecord first = fetch();
        if (first == null) {
            close();
            throw new InputException(source, 1, 1, "file is empty; expected "
                    + (options.header() ? "a header line naming the columns" : "at least one record"));
        }
        List<String> names = new ArrayList<>(first.getFields());
        if (!names.isEmpty() && names.get(0).startsWith("\uFEFF")) {
            names.set(0, names.get(0).substring(1));
        }
        if (options.header()) {
            this.line = first.getStartingLineNumber();
            validateHeader(names, source, line, options);
            this.columns = names.stream().map(String::trim).toList();
        } else {
            this.columns = headerlessNames(options, names.size(), source, first.getStartingLineNumber());
            this.current = toValues(first, names.toArray(String[]::new));
        }
    }

    /** The columns of a file without a header line: {@code columnNames}, one per field of the first record, or c1..cN. */
    private static List<String> headerlessNames(ReadOptions options, int fields, String source, long firstLine) {
        List<String> given = options.columnNames();
        if (given == null) {
            return generatedNames(fields);
        }
        if (given.size() != fields) {
            throw new InputException(source, firstLine, Math.min(given.size(), fields) + 1, "the first record has "
                    + fields + " field" + (fields == 1 ? "" : "s") + " but columnNames gives " + given.size()
                    + " name" + (given.size() == 1 ? "" : "s") + " " + given + "; expected one name per field");
        }
        return given;
    }

    /** Reads one part of a file whose columns are known; its first line is line {@code firstLine} of the file. */
    CsvRecordReader(String source, Reader part, ReadOptions options, List<String> columns, long firstLine) {
        this.source = source;
        this.options = options;
        this.columns = columns;
        this.lineOffset = firstLine - 1;
        this.markers = options.missingMarkers().toArray(String[]::new);
        this.tracker = null;
        this.csv = open(part);
        this.records = csv.iterator();
    }

    static Reader decoder(InputStream in) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new InputStreamReader(in, decoder);
    }

    private CsvReader<CsvRecord> open(Reader reader) {
        return CsvReader.builder()
                .fieldSeparator(options.delimiter())
                .quoteCharacter('"')
                .skipEmptyLines(true)
                .ignoreDifferentFieldCount(true)
                .ofCsvRecord(reader);
    }

    static List<String> generatedNames(int n) {
        List<String> generated = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            generated.add("c" + i);
        }
        return List.copyOf(generated);
    }

    /** Checks header names as they will be used, trimmed like values: present, unique, valid UTF-8. */
    static void validateHeader(List<String> columns, String source, long headerLine, ReadOptions options) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < columns.size(); i++) {
            String name = columns.get(i).trim();
            if (name.indexOf('\uFFFD') >= 0) {
                throw new InputException(source, headerLine, i + 1, "invalid UTF-8 byte sequence in the header; expected UTF-8 text");
            }
            if (name.length() > options.maxFieldChars()) {
                throw new InputException(source, headerLine, i + 1, "header field of " + name.length()
                        + " characters is longer than the limit of " + options.maxFieldChars() + "; expected column names");
            }
            if (name.isEmpty()) {
                throw new InputException(source, headerLine, i + 1, "header has an empty column name (column "
                        + (i + 1) + "); expected a name for every column");
            }
            if (!seen.add(name)) {
                throw new InputException(source, headerLine, i + 1, "duplicate column name '" + name
                        + "' in the header; expected unique names" + (TypeInference.kindOf(name) == TypeInference.ValueKind.TEXT
                        ? "" : " (if the first line is data, read the file with --no-header, header: false)"));
            }
        }
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public String[] next() {
        if (current != null) {
            String[] first = current;
            current = null;
            return first;
        }
        CsvRecord record = fetch();
        return record == null ? null : toValues(record, null);
    }

    private String[] toValues(CsvRecord record, String[] fields) {
        line = record.getStartingLineNumber() + lineOffset;
        int n = record.getFieldCount();
        if (n != columns.size()) {
            throw new InputException(source, line, Math.min(n, columns.size()) + 1,
                    "expected " + columns.size() + " fields but found " + n
                            + (n < columns.size() ? " (ragged row: too few fields)" : " (ragged row: too many fields)"));
        }
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            String v = fields != null ? fields[i] : record.getField(i);
            if (v.length() > options.maxFieldChars()) {
                throw new InputException(source, line, i + 1, "field of " + v.length()
                        + " characters is longer than the limit of " + options.maxFieldChars()
                        + "; expected fields up to that length");
            }
            if (v.indexOf('\uFFFD') >= 0) {
                throw new InputException(source, line, i + 1, "invalid UTF-8 byte sequence in field " + (i + 1)
                        + " (" + columns.get(i) + "); expected UTF-8 text (convert the file, e.g. iconv -f latin1 -t utf-8)");
            }
            values[i] = isMissing(v) ? null : v;
        }
        return values;
    }

    /** {@link ReadOptions#isMissing} on the hot path: a few length-checked comparisons instead of a set lookup. */
    private boolean isMissing(String v) {
        int n = v.length();
        if (n > 0 && (v.charAt(0) <= ' ' || v.charAt(n - 1) <= ' ')) {
            return options.isMissing(v);
        }
        for (String m : markers) {
            if (m.length() == n && m.equals(v)) {
                return true;
            }
        }
        return false;
    }

    private CsvRecord fetch() {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof InputExceptionCarrier carrier) {
                throw carrier.exception;
            }
            throw translate(e.getCause());
        } catch (CsvParseException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InputExceptionCarrier carrier) {
                throw carrier.exception;
            }
            if (cause instanceof IOException io) {
                throw translate(io);
            }
            throw new InputException(source, line + 1, -1, "malformed CSV: " + e.getMessage());
        } catch (InputException e) {
            throw e;
        }
    }

    private InputException translate(IOException e) {
        long at = tracker != null ? tracker.line() : line + 1;
        if (e instanceof EOFException || e instanceof ZipException) {
            return new InputException(source, at, -1, "truncated or corrupt gzip data (" + e.getMessage()
                    + ") after line " + (at - 1) + "; expected a complete gzip file");
        }
        return new InputException(source, at, -1, "cannot read: " + e.getMessage());
    }

    @Override
    public long line() {
        return line;
    }

    @Override
    public String sourceName() {
        return source;
    }

    @Override
    public void close() {
        try {
            csv.close();
        } catch (IOException ignored) {
            // closing a read-only stream; nothing is lost
        }
    }

    /** Carries an InputException through FastCSV's reading, which only passes IOExceptions on. */
    private static final class InputExceptionCarrier extends IOException {
        final transient InputException exception;

        InputExceptionCarrier(InputException exception) {
            super(exception.getMessage());
            this.exception = exception;
        }
    }

    /** Feeds everything read to the quote tracker, so an unclosed or runaway quote is caught where it opened. */
    private static final class TrackingReader extends FilterReader {
        private final CsvQuoteTracker tracker;

        TrackingReader(Reader in, CsvQuoteTracker tracker) {
            super(in);
            this.tracker = tracker;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            try {
                if (n < 0) {
                    tracker.checkEnd();
                }
                for (int i = offset; i < offset + n; i++) {
                    tracker.feed(buffer[i]);
                }
            } catch (InputException e) {
                throw new InputExceptionCarrier(e);
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            char[] one = new char[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0];
        }
    }
}
