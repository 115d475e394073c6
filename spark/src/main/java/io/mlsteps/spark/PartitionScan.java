package io.mlsteps.spark;

import io.mlsteps.data.RowSink;
import io.mlsteps.engine.PartialScan;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What runs in each partition, on the executors, for typed data (Parquet, tables): the step's sink fed with every
 * row as the engine's readers would hand it over (cells as text, null where missing), then serialised as the engine
 * serialises it, as one {@link Parts part}. Text data goes through {@link TextPartitionScan}.
 */
final class PartitionScan<S extends RowSink> implements MapPartitionsFunction<Row, byte[]> {
    private static final long serialVersionUID = 1L;

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
        TaskContext task = TaskContext.get();
        int partition = task == null ? 0 : task.partitionId();
        S sink = scan.newSink(columns);
        String[] values = new String[columns.size()];
        long line = 0;
        while (rows.hasNext()) {
            text.cells(rows.next(), values);
            sink.accept(values, Parts.line(partition, ++line));
        }
        return List.of(Parts.encode(Map.of(partition, line), scan.encode(sink))).iterator();
    }
}
