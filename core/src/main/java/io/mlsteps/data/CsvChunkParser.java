package io.mlsteps.data;

import io.mlsteps.util.InputException;

import java.io.ByteArrayInputStream;
import java.util.List;

/**
 * Parses whole CSV/TSV records held as bytes and feeds them to a sink, as the workers of {@link DataScan} do: the
 * byte-level fast path ({@link ByteCsvRows}), and for each record it cannot decide (a quote, a non-ASCII byte, a
 * ragged row) the general reader, with the same values and the same located errors. Public for engines that cut
 * files into chunks themselves, such as a distributed engine's partitions.
 */
public final class CsvChunkParser {
    private final String source;
    private final ReadOptions options;
    private final List<String> columns;
    private final boolean fast;

    /**
     * A parser of records with these columns; {@code options} must name the delimiter (as {@link FileLayout}
     * resolves it for a local file).
     */
    public CsvChunkParser(String source, ReadOptions options, List<String> columns) {
        this(source, options, columns, true);
    }

    CsvChunkParser(String source, ReadOptions options, List<String> columns, boolean fastPath) {
        if (options.delimiter() == null) {
            throw new IllegalArgumentException("the delimiter of " + source + " is not resolved");
        }
        this.source = source;
        this.options = options;
        this.columns = List.copyOf(columns);
        this.fast = fastPath && ByteCsvRows.applies(options.delimiter());
    }

    /**
     * The columns the first record of {@code buf[from, to)} gives: the header's names, or for a file without a header
     * {@code columnNames} or {@code c1..cN}; a byte order mark is dropped, bad headers are located input errors.
     */
    public static List<String> columns(String source, byte[] buf, int from, int to, ReadOptions options) {
        try (CsvRecordReader reader = new CsvRecordReader(source, new ByteArrayInputStream(buf, from, to - from), options)) {
            return reader.columns();
        }
    }

    /**
     * Feeds the records of {@code buf[from, to)} to {@code sink}: whole records, the first on line {@code firstLine}.
     * {@code plain}: the bytes are known to hold no quote, CR or non-ASCII byte. Returns the number of records.
     *
     * @throws InputException for a malformed record, naming its line
     */
    public long parse(byte[] buf, int from, int to, long firstLine, boolean plain, RowSink sink) {
        if (!fast) {
            return general(buf, from, to, firstLine, sink);
        }
        // fast records; each record the fast path cannot decide goes alone to the general reader
        ByteCsvRows bytes = new ByteCsvRows(options.delimiter(), columns.size(), options);
        long rows = 0;
        int at = from;
        long atLine = firstLine;
        while (at < to) {
            bytes.feed(buf, at, to, atLine, plain, sink);
            at = bytes.stop();
            atLine = bytes.stopLine();
            if (at >= to) {
                break;
            }
            CsvQuoteTracker tracker = new CsvQuoteTracker(source, options.delimiter(), options.maxFieldChars(), atLine);
            int end = at;
            boolean loneCr = false;
            while (end < to) {
                byte c = buf[end];
                loneCr |= c == '\r' && end + 1 < to && buf[end + 1] != '\n';
                end++;
                if (tracker.feed(c)) {
                    break;
                }
            }
            if (loneCr) { // FastCSV counts a lone CR as a line break: let it number the rest
                end = to;
            }
            rows += general(buf, at, end, atLine, sink);
            at = end;
            atLine = tracker.line();
        }
        return rows + bytes.rows();
    }

    /** Reads {@code buf[from, to)}, starting at line {@code fromLine}, with the general reader. */
    private long general(byte[] buf, int from, int to, long fromLine, RowSink sink) {
        try (CsvRecordReader reader = new CsvRecordReader(source,
                CsvRecordReader.decoder(new ByteArrayInputStream(buf, from, to - from)), options, columns, fromLine)) {
            String[] values;
            long n = 0;
            while ((values = reader.next()) != null) {
                sink.accept(values, reader.line());
                n++;
            }
            return n;
        }
    }
}
