package io.mlsteps.spark;

import io.mlsteps.data.RowSink;
import io.mlsteps.engine.PartialScan;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;

/**
 * What runs in each partition, on the executors: the step's sink fed with every row as the engine's readers
 * would hand it over (cells as text, null where missing), then serialised as the engine serialises it. The one
 * element it returns is the partition's index and row count ({@link #HEADER_BYTES}) followed by the sink.
 */
final class PartitionScan<S extends RowSink> implements MapPartitionsFunction<Row, byte[]> {
    private static final long serialVersionUID = 1L;
    /** Partition index (int) and rows (long) before the serialised sink. */
    static final int HEADER_BYTES = 12;

    private final PartialScan<S> scan;
    private final List<String> columns;
    private final RowText text;

    PartitionScan(PartialScan<S> scan, List<String> columns, RowText text) {
        this.scan = scan;
        this.columns = List.copyOf(columns);
        this.text = text;
    }

    @Override
    public Iterator<byte[]> call(Iterator<Row> rows) {
        S sink = scan.newSink(columns);
        String[] values = new String[columns.size()];
        long line = 0;
        while (rows.hasNext()) {
            text.cells(rows.next(), values);
            sink.accept(values, ++line);
        }
        TaskContext task = TaskContext.get();
        return List.of(part(task == null ? 0 : task.partitionId(), line, scan.encode(sink))).iterator();
    }

    /** A partition's result: its index and rows, then the serialised sink. */
    static byte[] part(int partition, long rows, byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        out.putInt(partition).putLong(rows).put(payload);
        return out.array();
    }
}
