package io.mlsteps.drift;

import io.mlsteps.data.DataReaders;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Progress;
import io.mlsteps.util.StepLog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fast path of drift profiling for plain CSV/TSV: parses bytes in place, numbers without a String per
 * cell, categories by their bytes. It gives the same distributions as the generic reader (numbers are parsed
 * with correct rounding; anything unusual falls back to {@link Double#parseDouble}). Files with quoted fields
 * are left to the generic reader ({@link #scan} returns null).
 */
final class FastCsvScan {
    private static final int BUFFER = 1 << 20;
    private static final double[] POW10 = new double[23];
    private static final long MAX_EXACT_MANTISSA = 1L << 53;

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private FastCsvScan() {
    }

    /** Whether a file can take the fast path: CSV or TSV with a header. */
    static boolean applies(Path file, ReadOptions options) {
        String format = DataReaders.resolveFormat(file, options.format());
        return options.header() && (format.equals("csv") || format.equals("tsv"));
    }

    /** Profiles the file, or returns null when it has quoted fields (then the generic reader must do it). */
    static DriftProfile scan(Path file, ReadOptions options, StepLog log, DriftProfile.RowListener listener) {
        String format = DataReaders.resolveFormat(file, options.format());
        byte delimiter = (byte) (options.delimiter() != null ? options.delimiter() : format.equals("tsv") ? '\t' : ',');
        List<byte[]> markers = new ArrayList<>();
        for (String m : options.missingMarkers()) {
            markers.add(m.getBytes(StandardCharsets.UTF_8));
        }
        byte[][] markerBytes = markers.toArray(byte[][]::new);
        int threads = Runtime.getRuntime().availableProcessors();
        if (listener == null && threads > 1) {
            DriftProfile parallel = scanInParallel(file, delimiter, markerBytes, options, log, threads);
            if (parallel != null) {
                return parallel;
            }
        }
        try (InputStream in = open(file); Progress progress = log.progress("rows of " + file.getFileName(), -1)) {
            return new Parser(file.toString(), in, delimiter, markerBytes, options, listener, progress, null).run();
        } catch (QuotedField e) {
            return null;
        } catch (IOException e) {
            throw new InputException(file.toString(), "cannot read: " + e.getMessage());
        }
    }

    /** Files from this size on (uncompressed) are split into byte ranges profiled by parallel threads. */
    static long parallelMinBytes = 16L << 20;

    /**
     * Splits a large uncompressed file into ranges at line starts and profiles them in parallel, merging the
     * profiles (they are mergeable, so the result equals one pass). Returns null when the file is too small or
     * compressed, or when a range fails: then the sequential pass runs and reports errors with exact lines.
     */
    private static DriftProfile scanInParallel(Path file, byte delimiter, byte[][] markers, ReadOptions options,
                                               StepLog log, int threads) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            long size = ch.size();
            if (size < parallelMinBytes) {
                return null;
            }
            java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(2);
            ch.read(head, 0);
            if ((head.get(0) & 0xff) == 0x1f && (head.get(1) & 0xff) == 0x8b) {
                return null;
            }
            List<String> names;
            long firstData;
            try (InputStream in = java.nio.channels.Channels.newInputStream(ch.position(0))) {
                Parser header = new Parser(file.toString(), in, delimiter, markers, options, null, null, null);
                names = header.readHeaderOnly();
                firstData = header.consumed();
            }
            int parts = (int) Math.max(1, Math.min(threads, size / (parallelMinBytes / 2)));
            long[] starts = new long[parts + 1];
            starts[0] = firstData;
            starts[parts] = size;
            for (int i = 1; i < parts; i++) {
                starts[i] = nextLineStart(ch, Math.max(firstData, size * i / parts), size);
            }
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parts);
            try (Progress progress = log.progress("rows of " + file.getFileName(), -1)) {
                List<java.util.concurrent.Future<DriftProfile>> futures = new ArrayList<>();
                for (int i = 0; i < parts; i++) {
                    long from = starts[i];
                    long to = starts[i + 1];
                    futures.add(pool.submit(() -> {
                        try (java.nio.channels.FileChannel own = java.nio.channels.FileChannel.open(file);
                             InputStream in = new java.io.BufferedInputStream(
                                     bounded(java.nio.channels.Channels.newInputStream(own.position(from)), to - from), 1 << 16)) {
                            return new Parser(file.toString(), in, delimiter, markers, options, null, null, names).run();
                        }
                    }));
                }
                DriftProfile total = null;
                for (var f : futures) {
                    DriftProfile p = f.get();
                    if (p == null) {
                        return null; // quoted fields
                    }
                    if (total == null) {
                        total = p;
                    } else {
                        total.mergeRange(p);
                    }
                    progress.add(p.rows());
                }
                total.sources().clear();
                total.sources().add(file.toString());
                return total;
            } catch (java.util.concurrent.ExecutionException e) {
                return null; // the sequential pass reports the error with its exact line
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } finally {
                pool.shutdownNow();
            }
        } catch (IOException | QuotedField e) {
            return null;
        }
    }

    private static long nextLineStart(java.nio.channels.FileChannel ch, long from, long size) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1 << 16);
        long pos = from;
        while (pos < size) {
            b.clear();
            int n = ch.read(b, pos);
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (b.get(i) == '\n') {
                    return pos + i + 1;
                }
            }
            pos += n;
        }
        return size;
    }

    private static InputStream bounded(InputStream in, long length) {
        return new java.io.FilterInputStream(in) {
            private long left = length;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = super.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(buf, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }
        };
    }

    private static InputStream open(Path file) {
        return DataReaders.openStream(file);
    }

    /** Thrown inside the parser when a quote is met: the file needs the generic reader. */
    private static final class QuotedField extends RuntimeException {
        QuotedField() {
            super(null, null, false, false);
        }
    }

    private static final class Parser {
        private final String source;
        private final InputStream in;
        private final byte delimiter;
        private final byte[][] markers;
        private final ReadOptions options;
        private final DriftProfile.RowListener listener;
        private final Progress progress;
        private byte[] buf = new byte[BUFFER];
        private int pos;
        private int limit;
        private boolean eof;
        private long line;
        private ColumnDistribution[] cols;
        private ByteCategories[] cats;
        private boolean[] catsFull;
        private boolean[] dateLike;
        private List<String> names;
        private final List<String> knownNames;
        private long consumed;
        private long shifted;

        Parser(String source, InputStream in, byte delimiter, byte[][] markers, ReadOptions options,
               DriftProfile.RowListener listener, Progress progress, List<String> knownNames) {
            this.knownNames = knownNames;
            this.source = source;
            this.in = in;
            this.delimiter = delimiter;
            this.markers = markers;
            this.options = options;
            this.listener = listener;
            this.progress = progress;
        }

        /** Reads the header line only; {@link #consumed} then gives the byte offset of the first record. */
        List<String> readHeaderOnly() throws IOException {
            fill();
            if (limit >= 3 && (buf[0] & 0xff) == 0xEF && (buf[1] & 0xff) == 0xBB && (buf[2] & 0xff) == 0xBF) {
                pos = 3;
            }
            int headerEnd = lineEnd();
            if (headerEnd < 0) {
                throw new InputException(source, 1, 1, "file is empty; expected a header line naming the columns");
            }
            line = 1;
            List<String> header = splitHeader(pos, headerEnd);
            pos = skipNewline(headerEnd);
            consumed = shifted + pos;
            return header;
        }

        long consumed() {
            return consumed;
        }

        DriftProfile run() throws IOException {
            if (knownNames == null) {
                names = readHeaderOnly();
            } else {
                names = knownNames;
                fill();
            }
            DriftProfile profile = new DriftProfile();
            profile.sources().add(source);
            int n = names.size();
            cols = new ColumnDistribution[n];
            cats = new ByteCategories[n];
            catsFull = new boolean[n];
            dateLike = new boolean[n];
            for (int i = 0; i < n; i++) {
                cols[i] = profile.column(names.get(i));
                cats[i] = new ByteCategories();
                dateLike[i] = true;
            }
            int[] starts = new int[n];
            int[] ends = new int[n];
            long rows = 0;
            try {
                while (true) {
                    int end = lineEnd();
                    if (end < 0) {
                        break;
                    }
                    line++;
                    int lineLimit = end > pos && buf[end - 1] == '\r' ? end - 1 : end;
                    if (lineLimit == pos) { // empty line: skipped like the generic reader does
                        pos = skipNewline(end);
                        continue;
                    }
                    row(lineLimit, starts, ends);
                    rows++;
                    if (progress != null) {
                        progress.add(1);
                    }
                    pos = skipNewline(end);
                }
            } catch (QuotedField e) {
                return null;
            }
            for (int i = 0; i < n; i++) {
                ColumnDistribution c = cols[i];
                boolean dl = dateLike[i];
                cats[i].forEach((value, count) -> c.addTextCount(value, count));
                c.textDateLike(dl);
            }
            profile.setRows(rows);
            return profile;
        }

        /** One record between {@code pos} and {@code lineLimit}: a small method, so the JIT compiles it early. */
        private void row(int lineLimit, int[] starts, int[] ends) {
            int n = starts.length;
            int fields = 0;
            int start = pos;
            byte[] b = buf;
            byte d = delimiter;
            for (int i = pos; i < lineLimit; i++) {
                byte c = b[i];
                if (c == d) {
                    if (fields < n) {
                        starts[fields] = start;
                        ends[fields] = i;
                    }
                    fields++;
                    start = i + 1;
                } else if (c == '"') {
                    throw new QuotedField();
                }
            }
            if (fields < n) {
                starts[fields] = start;
                ends[fields] = lineLimit;
            }
            fields++;
            if (fields != n) {
                throw new InputException(source, line, Math.min(fields, n) + 1, "expected " + n
                        + " fields but found " + fields + (fields < n ? " (ragged row: too few fields)"
                        : " (ragged row: too many fields)"));
            }
            for (int f = 0; f < n; f++) {
                cell(f, starts[f], ends[f]);
            }
            if (listener != null) {
                String[] values = new String[n];
                for (int f = 0; f < n; f++) {
                    String v = new String(buf, starts[f], ends[f] - starts[f], StandardCharsets.UTF_8);
                    values[f] = options.isMissing(v) ? null : v;
                }
                listener.row(names, values);
            }
        }

        private void cell(int f, int s, int e) {
            ColumnDistribution c = cols[f];
            if (isMissing(s, e)) {
                c.rows++;
                c.missing++;
                return;
            }
            byte b = buf[s];
            if ((b >= '0' && b <= '9') || b == '-' || b == '+' || b == '.') {
                double v = parseNumber(s, e);
                if (!Double.isNaN(v)) {
                    c.rows++;
                    c.addNumber(v);
                    return;
                }
                if (!c.isTextOnly() && !dateLike(s, e)) {
                    c.add(new String(buf, s, e - s, StandardCharsets.UTF_8)); // rare forms: exponent, long mantissa
                    return;
                }
            } else if (b == 'N' || b == 'I' || b == 'n' || b == 'i') {
                if (!c.isTextOnly()) {
                    c.add(new String(buf, s, e - s, StandardCharsets.UTF_8)); // NaN, Infinity, or text
                    return;
                }
            }
            text(f, c, s, e);
        }

        private void text(int f, ColumnDistribution c, int s, int e) {
            c.rows++;
            c.textSeen();
            if (dateLike[f] && !dateLike(s, e)) {
                dateLike[f] = false;
            }
            if (catsFull[f]) {
                c.addTextCount(null, 0);
                return;
            }
            if (!cats[f].add(buf, s, e, ColumnDistribution.MAX_CATEGORIES)) {
                catsFull[f] = true;
                c.addTextCount(null, 0);
            }
        }

        private boolean isMissing(int s, int e) {
            int ts = s;
            int te = e;
            while (ts < te && (buf[ts] == ' ' || buf[ts] == '\t')) {
                ts++;
            }
            while (te > ts && (buf[te - 1] == ' ' || buf[te - 1] == '\t')) {
                te--;
            }
            int len = te - ts;
            outer:
            for (byte[] m : markers) {
                if (m.length == len) {
                    for (int i = 0; i < len; i++) {
                        if (m[i] != buf[ts + i]) {
                            continue outer;
                        }
                    }
                    return true;
                }
            }
            return false;
        }

        private boolean dateLike(int s, int e) {
            int len = e - s;
            if (len < 10 || buf[s + 4] != '-' || buf[s + 7] != '-') {
                return false;
            }
            if (!digit(buf[s]) || !digit(buf[s + 1]) || !digit(buf[s + 2]) || !digit(buf[s + 3])
                    || !digit(buf[s + 5]) || !digit(buf[s + 6]) || !digit(buf[s + 8]) || !digit(buf[s + 9])) {
                return false;
            }
            return len == 10 || buf[s + 10] == ' ' || buf[s + 10] == 'T';
        }

        private static boolean digit(byte c) {
            return c >= '0' && c <= '9';
        }

        /** Plain decimals with up to 18 digits, correctly rounded (Clinger's fast path); NaN = use the slow path. */
        private double parseNumber(int s, int e) {
            int i = s;
            boolean negative = false;
            if (buf[i] == '-' || buf[i] == '+') {
                negative = buf[i] == '-';
                i++;
            }
            long mantissa = 0;
            int digits = 0;
            int fraction = 0;
            boolean dot = false;
            for (; i < e; i++) {
                byte c = buf[i];
                if (c >= '0' && c <= '9') {
                    if (++digits > 18) {
                        return Double.NaN;
                    }
                    mantissa = mantissa * 10 + (c - '0');
                    if (dot) {
                        fraction++;
                    }
                } else if (c == '.' && !dot) {
                    dot = true;
                } else {
                    return Double.NaN;
                }
            }
            if (digits == 0 || mantissa > MAX_EXACT_MANTISSA || fraction >= POW10.length) {
                return Double.NaN;
            }
            double v = fraction == 0 ? (double) mantissa : mantissa / POW10[fraction];
            return negative ? -v : v;
        }

        private List<String> splitHeader(int s, int e) {
            if (e > s && buf[e - 1] == '\r') {
                e--;
            }
            List<String> out = new ArrayList<>();
            int start = s;
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int i = s; i <= e; i++) {
                if (i == e || buf[i] == delimiter) {
                    String name = new String(buf, start, i - start, StandardCharsets.UTF_8);
                    if (name.startsWith("\"")) {
                        throw new QuotedField();
                    }
                    if (name.isBlank()) {
                        throw new InputException(source, 1, out.size() + 1, "header has an empty column name (column "
                                + (out.size() + 1) + "); expected a name for every column");
                    }
                    if (!seen.add(name.trim())) {
                        throw new InputException(source, 1, out.size() + 1, "duplicate column name '" + name
                                + "' in the header; expected unique names");
                    }
                    out.add(name);
                    start = i + 1;
                }
            }
            return out;
        }

        /** Index of the next '\n' (or the end of the data when the last line has none); -1 at the end. */
        private int lineEnd() throws IOException {
            while (true) {
                for (int i = pos; i < limit; i++) {
                    if (buf[i] == '\n') {
                        return i;
                    }
                }
                if (eof) {
                    return pos < limit ? limit : -1;
                }
                fill();
            }
        }

        private int skipNewline(int end) {
            return end < limit ? end + 1 : end;
        }

        /** Moves the unread tail to the front and reads more, growing the buffer for very long lines. */
        private void fill() throws IOException {
            if (pos > 0) {
                shifted += pos;
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            if (limit == buf.length) {
                if (buf.length >= options.maxFieldChars() * 4 + BUFFER) {
                    throw new InputException(source, line + 1, -1, "line longer than " + buf.length
                            + " bytes; expected fields up to " + options.maxFieldChars() + " characters");
                }
                buf = java.util.Arrays.copyOf(buf, buf.length * 2);
            }
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        }
    }
}
