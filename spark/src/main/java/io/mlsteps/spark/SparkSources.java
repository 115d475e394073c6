package io.mlsteps.spark;

import io.mlsteps.data.ReadOptions;
import io.mlsteps.engine.DataSource;
import io.mlsteps.util.InputException;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a {@link DataSource} with Spark the way the engine's readers read a file: CSV/TSV as text with RFC 4180
 * quoting (a quote doubled inside quotes), the header of every file checked against the first's; JSON Lines with
 * every value as text; Parquet with the files of a folder required to share one schema; tables by name; any
 * other Spark source by its name. Without a header the columns are {@code c1, c2, ...} as in the engine.
 */
final class SparkSources {
    private SparkSources() {
    }

    static Dataset<Row> read(SparkSession session, DataSource source) {
        Dataset<Row> data;
        try {
            data = switch (source.format()) {
                case "csv", "tsv" -> csv(session, source);
                case "jsonl" -> session.read().option("primitivesAsString", "true").option("mode", "FAILFAST")
                        .json(source.location());
                case "parquet" -> parquet(session, source);
                case "table" -> session.table(source.location());
                default -> session.read().format(source.format()).load(source.location());
            };
        } catch (Exception e) { // Spark's AnalysisException and SparkException are checked, thrown undeclared
            throw SparkErrors.toInput(e, source);
        }
        if (data.columns().length == 0) {
            throw new InputException(source.location(), "has no columns; expected a " + source.format() + " dataset with at least one column");
        }
        return withEngineNames(data, source);
    }

    private static Dataset<Row> csv(SparkSession session, DataSource source) {
        ReadOptions o = source.options();
        char delimiter = o.delimiter() != null ? o.delimiter() : source.format().equals("tsv") ? '\t' : ',';
        DataFrameReader reader = session.read()
                .option("header", o.header())
                .option("sep", String.valueOf(delimiter))
                .option("quote", "\"")
                .option("escape", "\"")              // RFC 4180: "" inside a quoted field is one quote
                .option("inferSchema", "false")      // every cell as text: types are inferred by the engine's rules
                .option("enforceSchema", "false")    // every file's header is checked against the columns
                .option("mode", "FAILFAST")          // a ragged row is an error, as in the engine
                .option("maxCharsPerColumn", String.valueOf(o.maxFieldChars()))
                .option("encoding", "UTF-8");
        return reader.csv(source.location());
    }

    /** Parquet; the files of a folder must share one schema (Spark would otherwise take one file's and fill nulls). */
    private static Dataset<Row> parquet(SparkSession session, DataSource source) {
        Dataset<Row> data = session.read().parquet(source.location());
        if (data.inputFiles().length > 1) {
            StructType merged = session.read().option("mergeSchema", "true").parquet(source.location()).schema();
            if (!sameColumns(merged, data.schema())) {
                Set<String> all = names(merged);
                Set<String> some = new LinkedHashSet<>(all);
                some.removeAll(names(data.schema()));
                throw new InputException(source.location(), "its " + data.inputFiles().length + " Parquet files do not share one "
                        + "schema: " + (some.isEmpty() ? "column types differ" : "columns " + some + " are missing from some files")
                        + "; expected every file of a folder to have the same columns (read such files as separate datasets)");
            }
        }
        return data;
    }

    private static boolean sameColumns(StructType a, StructType b) {
        if (a.fields().length != b.fields().length) {
            return false;
        }
        for (StructField f : a.fields()) {
            StructField g = b.getFieldIndex(f.name()).isDefined() ? b.fields()[(Integer) b.getFieldIndex(f.name()).get()] : null;
            if (g == null || !g.dataType().equals(f.dataType())) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> names(StructType t) {
        Set<String> names = new LinkedHashSet<>();
        for (StructField f : t.fields()) {
            names.add(f.name());
        }
        return names;
    }

    /** Columns named as the engine names them: c1, c2, ... without a header; a UTF-8 byte order mark dropped. */
    private static Dataset<Row> withEngineNames(Dataset<Row> data, DataSource source) {
        boolean text = source.format().equals("csv") || source.format().equals("tsv");
        String[] names = data.columns();
        List<String> renamed = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            String n = text && !source.options().header() ? "c" + (i + 1) : names[i];
            renamed.add(i == 0 && n.startsWith("\uFEFF") ? n.substring(1) : n);
        }
        return renamed.equals(List.of(names)) ? data : data.toDF(renamed.toArray(String[]::new));
    }
}
