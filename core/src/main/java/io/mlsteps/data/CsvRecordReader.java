package io.mlsteps.data;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.mlsteps.util.InputException;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.ZipException;

/** CSV/TSV on FastCSV, with strict UTF-8, a BOM tolerated, and located errors for malformed input. */
final class CsvRecordReader implements RecordReader {
    private final String source;
    private final ReadOptions options;
    private final CsvReader<CsvRecord> csv;
    private final Iterator<CsvRecord> records;
    private final List<String> columns;
    private String[] current;
    private long line;

    CsvRecordReader(String source, InputStream in, ReadOptions options) {
        this.source = source;
        this.options = options;
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.csv = CsvReader.builder()
                .fieldSeparator(options.delimiter())
                .quoteCharacter('"')
                .skipEmptyLines(true)
                .ignoreDifferentFieldCount(true)
                .ofCsvRecord(new InputStreamReader(in, decoder));
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
            this.columns = List.copyOf(names);
            validateHeader(first.getStartingLineNumber());
        } else {
            List<String> generated = new ArrayList<>();
            for (int i = 1; i <= names.size(); i++) {
                generated.add("c" + i);
            }
            this.columns = List.copyOf(generated);
            this.current = toValues(first, names.toArray(String[]::new));
        }
    }

    private void validateHeader(long headerLine) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < columns.size(); i++) {
            String name = columns.get(i).trim();
            if (name.isEmpty()) {
                throw new InputException(source, headerLine, i + 1, "header has an empty column name (column "
                        + (i + 1) + "); expected a name for every column");
            }
            if (!seen.add(name)) {
                throw new InputException(source, headerLine, i + 1, "duplicate column name '" + name
                        + "' in the header; expected unique names");
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
        line = record.getStartingLineNumber();
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
                        + " (an unclosed quote?); expected fields up to that length");
            }
            values[i] = options.isMissing(v) ? null : v;
        }
        return values;
    }

    private CsvRecord fetch() {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException e) {
            throw translate(e.getCause());
        } catch (CsvParseException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw translate(io);
            }
            throw new InputException(source, line + 1, -1, "malformed CSV: " + e.getMessage());
        }
    }

    private InputException translate(IOException e) {
        if (e instanceof CharacterCodingException) {
            return new InputException(source, line + 1, -1, "invalid UTF-8 byte sequence; expected UTF-8 text");
        }
        if (e instanceof EOFException || e instanceof ZipException) {
            return new InputException(source, line + 1, -1, "truncated or corrupt gzip data ("
                    + e.getMessage() + "); expected a complete gzip file");
        }
        return new InputException(source, line + 1, -1, "cannot read: " + e.getMessage());
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
}
