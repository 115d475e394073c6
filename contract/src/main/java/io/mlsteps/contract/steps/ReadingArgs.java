package io.mlsteps.contract.steps;

import io.mlsteps.contract.Arg;

import java.util.List;

/** How a step reads its tabular data files: the one reading contract of every step that reads data. */
public record ReadingArgs(
        @Arg(doc = "file format: `csv`, `tsv`, `jsonl`, or `auto` from the file name (`.csv`, `.tsv`, `.jsonl`, "
                + "each optionally `.gz`; with `engine: 'spark'` also `.parquet` and folders); `parquet`, `orc` and "
                + "`table` (the data argument names a table) need `engine: 'spark'` (docs/spark.md)",
                defaultValue = "auto", allowed = {"auto", "csv", "tsv", "jsonl", "parquet", "orc", "table"},
                group = "reading")
        String format,
        @Arg(doc = "field separator of a CSV file, one character; `\\t` or `tab` for a tab",
                defaultText = "the format's (`,` or tab), else sniffed from the first lines (docs/data.md)",
                label = "CHAR", group = "reading")
        String delimiter,
        @Arg(doc = "whether the first line names the columns; `false` reads it as data and names the columns by "
                + "`columnNames`, else `c1`, `c2`, ...", defaultValue = "true", group = "reading")
        boolean header,
        @Arg(doc = "the column names of a file without a header line (`header: false`), in file order",
                defaultText = "`c1`, `c2`, ...", label = "NAME", group = "reading")
        List<String> columnNames,
        @Arg(doc = "cell values that mean missing, compared after trimming; `''` is the empty cell",
                defaultValue = "'', NA, ?, null", label = "MARKER", group = "reading")
        List<String> missingValues) {
}
