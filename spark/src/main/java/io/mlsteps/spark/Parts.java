package io.mlsteps.spark;

import io.mlsteps.data.RowSink;
import io.mlsteps.engine.PartialScan;
import org.apache.spark.api.java.function.Function2;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The partial results of a scan as they travel: which partitions a part covers with their row counts, then the
 * sink in the engine's serialised form. Parts merge pairwise on the executors ({@link Merger}, a tree), so the
 * driver receives a few parts however many partitions there are. Line numbers recorded in a partition are
 * {@code partition << 40 | line in the partition} until the driver knows every partition's row count and moves them
 * to lines counted from the start of the data ({@link #lines}).
 */
final class Parts {
    /** Bits of a recorded line that count within its partition. */
    static final int LINE_BITS = 40;
    static final long LINE_MASK = (1L << LINE_BITS) - 1;

    private Parts() {
    }

    /** A partition's line number for line {@code line} (from 1) of partition {@code partition}. */
    static long line(int partition, long line) {
        return (long) partition << LINE_BITS | line;
    }

    /** A part: the partitions it covers (index to rows), then the serialised sink. */
    static byte[] encode(Map<Integer, Long> rows, byte[] sink) {
        ByteBuffer out = ByteBuffer.allocate(4 + rows.size() * 12 + sink.length);
        out.putInt(rows.size());
        rows.forEach((p, n) -> out.putInt(p).putLong(n));
        out.put(sink);
        return out.array();
    }

    static Map<Integer, Long> rows(byte[] part) {
        ByteBuffer in = ByteBuffer.wrap(part);
        int n = in.getInt();
        Map<Integer, Long> rows = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            rows.put(in.getInt(), in.getLong());
        }
        return rows;
    }

    static byte[] sink(byte[] part) {
        int n = ByteBuffer.wrap(part).getInt();
        return Arrays.copyOfRange(part, 4 + n * 12, part.length);
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
            Map<Integer, Long> rows = new TreeMap<>(rows(a));
            rows.putAll(rows(b));
            S merged = scan.merge(scan.decode(sink(a)), scan.decode(sink(b)));
            return encode(rows, scan.encode(merged));
        }
    }
}
