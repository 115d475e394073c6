package io.mlsteps.spark;

import io.mlsteps.data.DataReaders;
import io.mlsteps.data.RecordReader;
import io.mlsteps.engine.DataSource;
import io.mlsteps.engine.RefusedRow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Names the line and column of a row a Spark task refused (a partition knows its rows, not their lines): the driver
 * reads the file with the local engine's reader up to the first row whose cell in the refused column holds the
 * refused text, and reports {@code file:line:column} as the local engine does. Only for text files this process
 * can read (CSV, TSV, JSON Lines on a local or mounted path) up to {@link #MAX_BYTES}; otherwise, or when the row
 * is not found, the refusal keeps its file and column.
 */
final class RefusedRowLocator {
    /** Files up to this size are read to find the line (only after a failure, never on the way to a result). */
    static final long MAX_BYTES = 2L << 30;

    private RefusedRowLocator() {
    }

    /** {@code failure} as the located refusal it carries, the refusal as it came, or {@code failure} itself. */
    static RuntimeException locate(RuntimeException failure, DataSource input) {
        RefusedRow refused = find(failure);
        if (refused == null) {
            return failure;
        }
        Path file = localFile(refused.file());
        if (file == null || refused.columnName() == null || "parquet".equals(input.format())) {
            return refused;
        }
        try (RecordReader reader = DataReaders.open(file, input.options())) {
            int column = reader.columns().indexOf(refused.columnName());
            if (column < 0) {
                return refused;
            }
            for (String[] row = reader.next(); row != null; row = reader.next()) {
                if (Objects.equals(row[column], refused.value())) {
                    return refused.at(file.toString(), reader.line(), column + 1);
                }
            }
        } catch (RuntimeException unreadable) {
            // the file could not be read here as the local engine reads it: the refusal names file and column
        }
        return refused;
    }

    private static RefusedRow find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RefusedRow refused) {
                return refused;
            }
        }
        return null;
    }

    /** The refused row's file as a path of this machine, or null when it is remote, missing or too big to read. */
    private static Path localFile(String location) {
        if (location == null || location.isEmpty()) {
            return null;
        }
        try {
            Path path = location.startsWith("file:") ? Path.of(new java.net.URI(location)) : Path.of(location);
            return Files.isRegularFile(path) && Files.size(path) <= MAX_BYTES ? path : null;
        } catch (Exception notLocal) {
            return null;
        }
    }
}
