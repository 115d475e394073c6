package io.mlsteps.cli;

import io.mlsteps.validate.ValidateDataRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code mlsteps validate --schema schema.json data.csv}: the validateData step. */
@Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"validateData: validate a data file against a schema and report typed anomalies "
                + "(MISSING_COLUMN, TYPE_MISMATCH, OUT_OF_RANGE, UNSEEN_CATEGORY, ...).",
                "Writes result.json, report.html, junit.xml, charts/ and profile.json into .mlsteps/validateData/.",
                "Exit codes: 0 passed, 1 unstable, 2 failure, 3 usage or input error, 4 internal error."})
public class ValidateCommand extends StepCommand<ValidateDataRequest> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DATA", description = "The data file (CSV, TSV, JSON Lines, optionally .gz); with --engine spark also a folder, a URI, Parquet or a table.")
    String data;

    @Option(names = "--schema", paramLabel = "FILE", description = "The schema.json (from mlsteps infer-schema).")
    String schema;

    @Mixin
    ReadOptionsMixin read;

    @Mixin
    EngineMixin engine;

    @Option(names = "--criticality", paramLabel = "CODE=LEVEL", split = ",",
            description = "Criticality of an anomaly code: NOTE, UNSTABLE, ERROR, FAILURE or OFF; repeatable, "
                    + "e.g. --criticality UNEXPECTED_COLUMN=NOTE,DUPLICATE_ROWS=OFF.")
    Map<String, String> criticality = new LinkedHashMap<>();

    @Option(names = "--no-profile", description = "Do not write profile.json into the step folder.")
    boolean noProfile;

    @Override
    protected String stepName() {
        return "validateData";
    }

    @Override
    protected void applyFlags(ValidateDataRequest request) {
        if (data != null) {
            request.setData(data);
        }
        if (schema != null) {
            request.setSchema(schema);
        }
        if (read.format != null) {
            request.setFormat(read.format);
        }
        if (read.delimiter != null) {
            request.setDelimiter(read.delimiter);
        }
        if (read.noHeader) {
            request.setHeader(false);
        }
        if (read.missingValues != null) {
            request.setMissingValues(read.missingValues.isEmpty() ? java.util.List.of("") : read.missingValues);
        }
        if (read.threads != null) {
            request.setThreads(read.threads);
        }
        if (!criticality.isEmpty()) {
            Map<String, String> merged = new LinkedHashMap<>(request.getAnomalyCriticality());
            merged.putAll(criticality);
            request.setAnomalyCriticality(merged);
        }
        if (noProfile) {
            request.setWriteProfile(false);
        }
        if (engine.engine != null) {
            request.setEngine(engine.engine);
        }
        if (engine.sparkMaster != null) {
            request.setSparkMaster(engine.sparkMaster);
        }
        if (engine.sparkConf != null) {
            request.setSparkConf(engine.conf(request.getSparkConf()));
        }
    }
}
