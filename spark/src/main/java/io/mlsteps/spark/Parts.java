package io.mlsteps.spark;

import io.mlsteps.data.RowSink;
import io.mlsteps.engine.PartialScan;
import io.mlsteps.util.InputException;
import org.apache.spark.api.java.function.Function2;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The partial results of a scan as they travel: which partitions a part covers with their row counts, the first bad
 * record found in them (if any), then the sink in the engine's serialised form. Parts merge pairwise on the executors
 * ({@link Merger}, a tree), so the driver receives a few parts however many partitions there are. Line numbers
 * recorded in a partition are {@code partition << 40 | line in the partition} until the driver knows every
 * partition's row count and moves them to lines counted from the start of the data ({@link #lines}).
 */
final class Parts {
    /** Bits of a recorded line that count within its partition. */
    static final int LINE_BITS = 40;
    static final long LINE_MASK = (1L << LINE_BITS) - 1;

    private Parts() {
    }

    /**
     * Bad input a partition found, kept as data instead of failing the task, so that the driver can say where it is
     * in the file once it knows the line counts of the partitions before it ({@link #locate}).
     *
     * @param partition the partition it was found in
     * @param file      the file
     * @param fileStart the split's first byte in the file; 0: the split starts the file, its lines are the file's
     * @param line      the line within the partition (from 1)
     * @param column    the column, or 0
     * @param problem   what is wrong
     */
    record BadRecord(int partition, String file, long fileStart, long line, long column, String problem) {
        /** The one of two that comes first in the data. */
        static BadRecord first(BadRecord a, BadRecord b) {
            if (a == null || b == null) {
                return a == null ? b : a;
            }
            return a.partition < b.partition || a.partition == b.partition && a.line <= b.line ? a : b;
        }

        /**
         * The error with the line of the file: the split's own line plus the lines of the splits before it in the same
         * file, which are the {@code fileStart / splitBytes} partitions right before it (a file is cut at multiples of
         * the split size, its splits are consecutive partitions).
         */
        InputException locate(Map<Integer, Long> rows, long splitBytes) {
            long before = 0;
            long splitsBefore = splitBytes <= 0 ? 0 : fileStart / splitBytes;
            for (int p = partition - 1; p >= 0 && p >= partition - splitsBefore; p--) {
                before += rows.getOrDefault(p, 0L);
            }
            return new InputException(file, before + line, column, problem);
        }
    }

    /** A partition's line number for line {@code line} (from 1) of partition {@code partition}. */
    static long line(int partition, long line) {
        return (long) partition << LINE_BITS | line;
    }

    /** A part: the partitions it covers (index to rows), then the serialised sink. */
    static byte[] encode(Map<Integer, Long> rows, byte[] sink) {
        return encode(rows, null, sink);
    }

    /** A part with the first bad record of its partitions (or null). */
    static byte[] encode(Map<Integer, Long> rows, BadRecord bad, byte[] sink) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + rows.size() * 12 + sink.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(rows.size());
            for (Map.Entry<Integer, Long> e : rows.entrySet()) {
                out.writeInt(e.getKey());
                out.writeLong(e.getValue());
            }
            out.writeBoolean(bad != null);
            if (bad != null) {
                out.writeInt(bad.partition());
                out.writeUTF(bad.file());
                out.writeLong(bad.fileStart());
                out.writeLong(bad.line());
                out.writeLong(bad.column());
                out.writeUTF(bad.problem().length() > 16_000 ? bad.problem().substring(0, 16_000) : bad.problem());
            }
            out.write(sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private record Decoded(Map<Integer, Long> rows, BadRecord bad, int sinkStart) {
    }

    private static Decoded decode(byte[] part) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(part))) {
            int n = in.readInt();
            Map<Integer, Long> rows = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                rows.put(in.readInt(), in.readLong());
            }
            BadRecord bad = in.readBoolean() ? new BadRecord(in.readInt(), in.readUTF(), in.readLong(), in.readLong(),
                    in.readLong(), in.readUTF()) : null;
            return new Decoded(rows, bad, part.length - in.available());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<Integer, Long> rows(byte[] part) {
        return decode(part).rows();
    }

    /** The first bad record of the part's partitions, or null. */
    static BadRecord bad(byte[] part) {
        return decode(part).bad();
    }

    static byte[] sink(byte[] part) {
        return Arrays.copyOfRange(part, decode(part).sinkStart(), part.length);
    }

    /**
     * Turns the recorded lines of a fully merged part into lines counted from the start of the data: partition
     * {@code p}'s line {@code l} becomes {@code first - 1 + (rows of the partitions before p) + l}.
     */
    static java.util.function.LongUnaryOperator lines(Map<Integer, Long> rows, long first) {
        int max = rows.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        long[] offset = new long[max + 1];
        long before = first - 1;
        for (int p = 0; p <= max; p++) {
            offset[p] = before;
            before += rows.getOrDefault(p, 0L);
        }
        return line -> offset[(int) (line >>> LINE_BITS)] + (line & LINE_MASK);
    }

    /** Merges two parts (on an executor, or on the driver at the tree's top). */
    static final class Merger<S extends RowSink> implements Function2<byte[], byte[], byte[]> {
        private static final long serialVersionUID = 1L;
        private final PartialScan<S> scan;

        Merger(PartialScan<S> scan) {
            this.scan = scan;
        }

        @Override
        public byte[] call(byte[] a, byte[] b) {
            Decoded da = decode(a);
            Decoded db = decode(b);
            Map<Integer, Long> rows = new TreeMap<>(da.rows());
            rows.putAll(db.rows());
            BadRecord bad = BadRecord.first(da.bad(), db.bad());
            if (bad != null) {
                // the scan fails: its sinks need no merging, only the rows to place the bad record
                return encode(rows, bad, new byte[0]);
            }
            S merged = scan.merge(scan.decode(sink(a)), scan.decode(sink(b)));
            return encode(rows, null, scan.encode(merged));
        }
    }
}
