package io.mlsteps.data;

import io.mlsteps.util.Progress;
import io.mlsteps.util.StepLog;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * Reads a tabular file once and feeds every record to sinks; the one streaming pass behind profiles and
 * validation. Sinks are created per worker from the column names and merged at the end.
 */
public final class DataScan {
    private DataScan() {
    }

    public static <S extends RowSink> S scan(Path file, ReadOptions options, StepLog log, int threads,
                                             Function<List<String>, S> newSink, BinaryOperator<S> merge) {
        try (RecordReader reader = DataReaders.open(file, options);
             Progress progress = log.progress("rows", -1)) {
            S sink = newSink.apply(reader.columns());
            String[] values;
            while ((values = reader.next()) != null) {
                sink.accept(values, reader.line());
                progress.add(1);
            }
            return sink;
        }
    }
}
