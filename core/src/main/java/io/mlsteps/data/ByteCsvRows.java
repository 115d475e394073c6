package io.mlsteps.data;

import java.nio.charset.StandardCharsets;

/**
 * The fast path of {@link DataScan} for one chunk of plain CSV/TSV: splits records at the delimiter byte and
 * builds each cell's String straight from its ASCII bytes, without a decoder or FastCSV's per-char copy. It
 * handles only what it can decide alone: ASCII records without quotes, LF or CRLF line ends, the expected
 * number of fields, fields within the length limit, empty lines skipped. At the first record it cannot
 * decide (a quote, a non-ASCII byte, a lone CR, a ragged row, a long field) it stops; the caller hands that
 * record, from {@link #stop()} (line {@link #stopLine()}), to the general {@link CsvRecordReader}, which
 * gives the same values and the same located errors, and goes on with the fast path after it.
 */
final class ByteCsvRows {
    private final byte delimiter;
    private final int columns;
    private final ReadOptions options;
    private final int[] starts;
    private final int[] ends;
    private final int[] hashes;
    /** The missing-value markers as bytes, compared with a cell's bytes before any String is made. */
    private final byte[][] markers;
    /** The longest marker, and which bytes start one: most cells are rejected by these two facts alone. */
    private final int maxMarkerBytes;
    private final boolean[] markerStart = new boolean[128];
    private final boolean emptyIsMarker;
    private int stop;
    private long stopLine;
    private long rows;

    ByteCsvRows(char delimiter, int columns, ReadOptions options) {
        this.delimiter = (byte) delimiter;
        this.columns = columns;
        this.options = options;
        this.starts = new int[columns];
        this.ends = new int[columns];
        this.hashes = new int[columns];
        this.markers = options.missingMarkers().stream().map(m -> m.getBytes(StandardCharsets.UTF_8))
                .toArray(byte[][]::new);
        int max = 0;
        boolean empty = false;
        for (byte[] m : markers) {
            max = Math.max(max, m.length);
            if (m.length == 0) {
                empty = true;
            } else if (m[0] >= 0) {
                markerStart[m[0]] = true;
            }
        }
        this.maxMarkerBytes = max;
        this.emptyIsMarker = empty;
    }

    /** Whether the fast path can read with this delimiter (an ASCII byte that is not a quote or line end). */
    static boolean applies(char delimiter) {
        return delimiter > 0 && delimiter < 0x80 && delimiter != '"' && delimiter != '\r' && delimiter != '\n';
    }

    /**
     * Feeds the records of {@code buf[from, length)} (whose first line is {@code firstLine}) to the sink until
     * one it cannot decide; then {@link #stop()} is below {@code length}. {@code plain}: the bytes are known
     * to hold no quote, CR or non-ASCII byte (the reader checked), so splitting needs no other check.
     */
    void feed(byte[] buf, int from, int length, long firstLine, boolean plain, RowSink sink) {
        int pos = from;
        long line = firstLine;
        int n = columns;
        int max = options.maxFieldChars();
        String[] values = new String[n];
        boolean[] missing = new boolean[n];
        ByteRowSink byteSink = sink instanceof ByteRowSink b ? b : null;
        outer:
        while (pos < length) {
            int end = plain ? splitPlain(buf, pos, length) : split(buf, pos, length);
            if (end < 0) {
                break; // the general reader decides
            }
            int fields = splitFields;
            int start = lastStart;
            int fieldEnd = end > start && buf[end - 1] == '\r' ? end - 1 : end;
            if (fields == 0 && fieldEnd == pos) { // an empty line: skipped, as the general reader does
                pos = end + 1;
                line++;
                continue;
            }
            if (fields != n - 1) {
                break; // too few fields
            }
            starts[fields] = start;
            ends[fields] = fieldEnd;
            hashes[fields] = lastHash;
            for (int f = 0; f < n; f++) {
                int len = ends[f] - starts[f];
                if (len > max) {
                    break outer;
                }
                int s = starts[f];
                int e = ends[f];
                byte first;
                // most cells are not markers, and tell so by their first and last byte and length: decided here
                // without a call (the C1 compiler of the data commands does not inline isMissing)
                missing[f] = s < e && (first = buf[s]) > ' ' && buf[e - 1] > ' '
                        && (e - s > maxMarkerBytes || !markerStart[first]) ? false : isMissing(buf, s, e);
                if (byteSink == null) {
                    // ASCII only here, so Latin-1 gives the same String as UTF-8, without decoding
                    values[f] = missing[f] ? null : new String(buf, starts[f], len, StandardCharsets.ISO_8859_1);
                }
            }
            if (byteSink != null) {
                byteSink.acceptBytes(buf, starts, ends, hashes, missing, line);
            } else {
                sink.accept(values, line);
            }
            rows++;
            pos = end + 1;
            line++;
        }
        stop = Math.min(pos, length);
        stopLine = line;
    }

    /** Set by the split methods: fields before the last one, and the last one's start and hash so far. */
    private int splitFields;
    private int lastStart;
    private int lastHash;

    /**
     * Splits the record at {@code pos}: the cells before the last one into starts/ends/hashes, the last one's
     * start and hash into {@link #lastStart}/{@link #lastHash}. Returns the index of its line feed (or
     * {@code length}), or -1 when the general reader must decide (too many fields, a quote, a non-ASCII byte,
     * a lone CR). A CR that passes here ends the line: it is not hashed (the caller leaves it out of the cell).
     */
    private int split(byte[] buf, int pos, int length) {
        int fields = 0;
        int start = pos;
        int hash = 0;
        byte d = delimiter;
        for (int i = pos; i < length; i++) {
            byte c = buf[i];
            if (c == '\n') {
                return endOfRecord(fields, start, hash, i);
            }
            if (c == d) {
                if (fields >= columns - 1) {
                    return -1; // too many fields: the general reader reports it
                }
                starts[fields] = start;
                ends[fields] = i;
                hashes[fields] = hash;
                hash = 0;
                fields++;
                start = i + 1;
            } else if (c < 0 || c == '"' || (c == '\r' && !(i + 1 < length && buf[i + 1] == '\n') && i + 1 != length)) {
                return -1; // non-ASCII, quote or lone CR: the general reader decides
            } else if (c != '\r') {
                hash = 31 * hash + c;
            }
        }
        return endOfRecord(fields, start, hash, length);
    }

    /** {@link #split} for plain bytes: only delimiters and line feeds to look for. */
    private int splitPlain(byte[] buf, int pos, int length) {
        int fields = 0;
        int start = pos;
        int hash = 0;
        byte d = delimiter;
        for (int i = pos; i < length; i++) {
            byte c = buf[i];
            if (c == d) {
                if (fields >= columns - 1) {
                    return -1;
                }
                starts[fields] = start;
                ends[fields] = i;
                hashes[fields] = hash;
                hash = 0;
                fields++;
                start = i + 1;
            } else if (c == '\n') {
                return endOfRecord(fields, start, hash, i);
            } else {
                hash = 31 * hash + c;
            }
        }
        return endOfRecord(fields, start, hash, length);
    }

    private int endOfRecord(int fields, int start, int hash, int end) {
        splitFields = fields;
        lastStart = start;
        lastHash = hash;
        return end;
    }

    /**
     * {@link ReadOptions#isMissing} on ASCII bytes: the cell trimmed as {@link String#trim} does (bytes up to
     * the space), then compared with each marker.
     */
    private boolean isMissing(byte[] buf, int s, int e) {
        if (s == e) {
            return emptyIsMarker;
        }
        byte first = buf[s];
        if (first > ' ' && buf[e - 1] > ' ' && (e - s > maxMarkerBytes || !markerStart[first])) {
            return false; // no blank to trim, and too long for a marker or not starting like one
        }
        while (s < e && (buf[s] & 0xFF) <= ' ') {
            s++;
        }
        while (e > s && (buf[e - 1] & 0xFF) <= ' ') {
            e--;
        }
        int len = e - s;
        if (len > ReadOptions.MAX_MARKER_CHARS) {
            return false;
        }
        for (byte[] m : markers) {
            if (m.length == len && java.util.Arrays.equals(m, 0, len, buf, s, e)) {
                return true;
            }
        }
        return false;
    }

    /** Where the fast path stopped: {@code length} when it read the whole chunk. */
    int stop() {
        return stop;
    }

    long stopLine() {
        return stopLine;
    }

    long rows() {
        return rows;
    }
}
