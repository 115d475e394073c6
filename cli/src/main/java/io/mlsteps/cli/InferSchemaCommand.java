package io.mlsteps.cli;

import io.mlsteps.data.DatasetProfile;
import io.mlsteps.util.StepLog;
import io.mlsteps.validate.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code mlsteps infer-schema train.csv -o schema.json}: a reviewable schema from reference data. */
@Command(name = "infer-schema", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Infer a reviewable schema.json from reference data (or from a profile.json written by mlsteps profile): "
                + "columns, types, required, maximum missing ratio, numeric ranges, categorical domains with a tolerance "
                + "for rare new values. Review it and add constraints by hand (pattern, allowedValues, unique, minRows, "
                + "bannedColumns).",
                "Exit codes: 0 written, 3 usage or input error, 4 internal error."})
public class InferSchemaCommand implements Callable<Integer>, ReadOptionsMixin.Reads, EngineMixin.Runs {
    @Parameters(index = "0", paramLabel = "DATA", description = "Reference data (CSV, TSV, JSON Lines, optionally .gz) or a "
            + "profile.json; with --engine spark also a folder, a URI, Parquet or a table (--format table).")
    String data;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "schema.json",
            description = "Where to write the schema (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--label", paramLabel = "COLUMN", description = "The label column: its rarest class's share is gated (LABEL_IMBALANCE).")
    String label;

    @Option(names = "--ban", paramLabel = "NAMES", split = ",",
            description = "Banned column names or case-insensitive regexes, e.g. --ban ssn,'.*email.*' (BANNED_COLUMN).")
    List<String> banned = new ArrayList<>();

    @Option(names = "--unique", paramLabel = "COLUMNS", split = ",", description = "Columns whose values must be unique (NOT_UNIQUE).")
    List<String> unique = new ArrayList<>();

    @Option(names = "--min-rows", paramLabel = "N", description = "Fewer rows is TOO_FEW_ROWS (default: 1).")
    Long minRows;

    final ReadOptionsMixin read = new ReadOptionsMixin();

    @Override
    public ReadOptionsMixin reading() {
        return read;
    }

    final EngineMixin engine = new EngineMixin();

    @Override
    public EngineMixin engine() {
        return engine;
    }

    @Option(names = "--quiet", description = "Print nothing but errors.")
    boolean quiet;

    @Override
    public Integer call() {
        StepLog log = quiet ? StepLog.silent() : new StepLog(System.out, "infer-schema", System.console() != null);
        DatasetProfile profile = ProfileCommand.profileOf(data, read, engine, log);
        Schema schema = Schema.infer(profile, new Schema.InferOptions(label, banned, unique, minRows));
        schema.save(output);
        if (!quiet) {
            for (Schema.ColumnSchema c : schema.columns()) {
                String constraint = c.domain() != null ? c.domain().size() + " categories"
                        : c.min() != null ? "[" + num(c.min()) + ", " + num(c.max()) + "]" : "";
                log.info("%-24s %-11s missing <= %-7s %s", c.name(), c.type(), num(c.maxMissingRatio()), constraint);
            }
            log.info("wrote %s (%d columns from %,d rows); review it, then: mlsteps validate --schema %s DATA",
                    output, schema.columns().size(), profile.rows(), output);
        }
        return ExitCodes.PASSED;
    }

    private static String num(Double x) {
        if (x == null) {
            return "-";
        }
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? String.valueOf(x.longValue()) : String.format(Locale.ROOT, "%.4g", x);
    }
}
