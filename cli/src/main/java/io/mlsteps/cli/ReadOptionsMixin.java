package io.mlsteps.cli;

import io.mlsteps.data.ReadOptions;
import picocli.CommandLine.Option;

import java.util.List;

/** How to read a data file: the flags shared by profile, infer-schema and validate. */
public class ReadOptionsMixin {
    @Option(names = "--format", paramLabel = "FORMAT",
            description = "auto (from the file name), csv, tsv or jsonl (default: auto); with --engine spark also parquet, "
                    + "table (DATA is a table name) or a Spark source name such as orc.")
    String format;

    @Option(names = "--delimiter", paramLabel = "CHAR", description = "CSV field separator, one character; \\t or tab for a tab.")
    String delimiter;

    @Option(names = "--no-header", description = "The first line is data; columns are named c1, c2, ...")
    boolean noHeader;

    @Option(names = "--missing-values", paramLabel = "LIST", split = ",",
            description = "Cell values that mean missing, comma-separated (default: '',NA,?,null). "
                    + "Give --missing-values= for the empty value only.")
    List<String> missingValues;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: the number of cores).")
    Integer threads;

    ReadOptions toReadOptions() {
        return toReadOptions(true);
    }

    /** The read options; {@code withFormat} false leaves the format to the engine (Spark reads formats the local readers do not). */
    ReadOptions toReadOptions(boolean withFormat) {
        List<String> missing = missingValues;
        if (missing != null && missing.isEmpty()) {
            missing = List.of("");
        }
        return ReadOptions.fromArguments(withFormat ? format : null, delimiter, !noHeader, missing);
    }

    int threads() {
        if (threads != null && threads < 1) {
            throw new io.mlsteps.util.InputException("--threads", "is " + threads + "; expected 1 or more");
        }
        return threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    }
}
