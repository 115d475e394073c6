package io.mlsteps.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.data.ColumnProfile;
import io.mlsteps.data.DatasetProfile;
import io.mlsteps.data.ProfileCharts;
import io.mlsteps.data.Reading;
import io.mlsteps.contract.result.LineageRef;
import io.mlsteps.contract.result.OutputFile;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.engine.DataEngine;
import io.mlsteps.engine.DataEngines;
import io.mlsteps.engine.DataSource;
import io.mlsteps.engine.EngineChoice;
import io.mlsteps.engine.ProfileScan;
import io.mlsteps.run.StepRunner;
import io.mlsteps.util.Hashing;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code mlsteps profile data.csv}: the profile artifact (statistics and sketches) that later steps reuse. */
@Command(name = "profile", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Profile a data file in one streaming pass: per column the type, counts, missing, min/max/mean/stddev, "
                + "quantile (KLL), distinct-count (HLL) and frequent-items sketches, and a histogram. Writes profile.json "
                + "(statistics plus the sketches in base64, mergeable) and result.json, report.html and charts/ next to it.",
                "Exit codes: 0 written, 3 usage or input error, 4 internal error."})
public class ProfileCommand implements Callable<Integer>, ReadOptionsMixin.Reads, EngineMixin.Runs {
    @Parameters(index = "0", paramLabel = "DATA", description = "The data file (CSV, TSV, JSON Lines, optionally .gz); with "
            + "--engine spark also a folder, a URI (s3a://, hdfs://), Parquet or a table (--format table).")
    String data;

    @Option(names = "--run-dir", paramLabel = "DIR", defaultValue = ".mlsteps",
            description = "Run folder; writes into DIR/profile/ (default: ${DEFAULT-VALUE}).")
    Path runDir;

    @Option(names = "--out", paramLabel = "DIR", description = "Write profile.json, result.json, report.html and charts/ into DIR exactly.")
    Path out;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write the profile (default: <folder>/profile.json).")
    Path output;

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

    @Option(names = "--no-report", description = "Write only the profile (no result.json, report.html, charts).")
    boolean noReport;

    @Option(names = "--json", description = "Print the profile's summary JSON (without sketches) on standard output.")
    boolean json;

    @Option(names = "--quiet", description = "Print nothing but errors.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        StepLog log = quiet || json ? StepLog.silent() : new StepLog(System.out, "profile", System.console() != null);
        long start = System.nanoTime();
        if (!noReport) {
            io.mlsteps.chart.Charts.warmUp();
        }
        DatasetProfile profile = profileOf(data, read, engine, log);
        double seconds = (System.nanoTime() - start) / 1e9;
        Path dir = out != null ? out : runDir.resolve("profile");
        Path file = output != null ? output : dir.resolve("profile.json");
        // one JSON tree for the file and the printed summary: building it settles and serialises every sketch
        com.fasterxml.jackson.databind.node.ObjectNode tree = profile.toJson();
        Json.write(file, tree);
        if (!noReport) {
            StepResult result = new StepResult("profile");
            result.setSummary(String.format(java.util.Locale.ROOT, "%,d rows, %d columns, %.1fs",
                    profile.rows(), profile.columns().size(), seconds));
            result.putMetric("rows", profile.rows());
            result.putMetric("duplicate_ratio", profile.rows() == 0 ? 0 : (double) profile.duplicateRows() / profile.rows());
            for (ColumnProfile c : profile.columns()) {
                result.putMetric("missing_ratio[" + c.name() + "]", c.missingRatio());
            }
            result.getTables().add(ProfileCharts.table(profile));
            result.getCharts().addAll(ProfileCharts.draw(profile, dir.resolve("charts"), Map.of()));
            Path abs = file.toAbsolutePath().normalize();
            Path absDir = dir.toAbsolutePath().normalize();
            result.getOutputs().add(new OutputFile("profile", abs.startsWith(absDir) ? absDir.relativize(abs).toString()
                    : abs.toString(), Hashing.sha256(file), Files.size(file)));
            result.getLineage().add(new LineageRef("dataset", "input", data, profile.sha256(),
                    DataSource.isUri(data) ? data : Path.of(data).toAbsolutePath().toUri().toString()));
            result.setDurationMillis((long) (seconds * 1000));
            StepRunner.write(result, dir);
        }
        if (json) {
            // the file is written: the printed summary is the same tree without the sketches
            tree.remove("sketches");
            for (JsonNode c : tree.path("columns")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) c).remove("sketches");
            }
            System.out.println(Json.toString(tree));
        } else if (!quiet) {
            for (ColumnProfile c : profile.columns()) {
                log.info("%-24s %-11s missing %6.2f%%  distinct %,.0f", c.name(), c.type(), 100 * c.missingRatio(),
                        c.distinctEstimate());
            }
            log.info("%,d rows in %.2fs (%,.0f rows/s); wrote %s", profile.rows(), seconds, profile.rows() / Math.max(seconds, 1e-9), file);
        }
        return ExitCodes.PASSED;
    }

    /**
     * The profile of a data file, or the profile stored in a {@code profile.json}; with {@code --engine spark}, of
     * the data Spark reads. A file with a header but no rows is an input error here: there is nothing to profile.
     */
    static DatasetProfile profileOf(String data, ReadOptionsMixin read, EngineMixin engineFlags, StepLog log) {
        EngineChoice choice = engineFlags.choice();
        if (!choice.isLocal()) {
            return profileOnEngine(data, read, choice, log);
        }
        Path file = Path.of(data);
        if (!Files.exists(file)) {
            throw new InputException(data, "file not found");
        }
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".json") && isProfile(file)) {
            return DatasetProfile.load(file);
        }
        DatasetProfile profile = DatasetProfile.compute(file, read.toReadOptions(), log, read.threads());
        if (profile.rows() == 0) {
            throw new InputException(data, 2, 1, "the file has a header line but no data rows; "
                    + "expected at least one record after the header");
        }
        return profile;
    }

    private static DatasetProfile profileOnEngine(String data, ReadOptionsMixin read, EngineChoice choice, StepLog log) {
        DataSource source = DataSource.of(data, read.arguments().format(), Reading.textOptions(read.arguments()),
                Path.of(""), "DATA");
        try (DataEngine engine = DataEngines.open(choice, log)) {
            log.info("profiling %s on %s", source.describe(), engine.describe());
            DatasetProfile profile = engine.scan(source, new ProfileScan(), log);
            profile.describeSource(source.location(), source.format());
            if (profile.rows() == 0) {
                throw new InputException(data, "holds no rows; expected at least one record");
            }
            return profile;
        }
    }

    private static boolean isProfile(Path file) {
        try (var in = Files.newBufferedReader(file)) {
            char[] head = new char[4096];
            int n = in.read(head);
            return n > 0 && new String(head, 0, n).contains("\"mlsteps-profile\"");
        } catch (IOException e) {
            return false;
        }
    }
}
