package io.mlsteps.contract.steps;

import io.mlsteps.contract.Arg;
import io.mlsteps.contract.Group;
import io.mlsteps.contract.StepInfo;

import java.util.Map;

/** Arguments of {@code validateData}. */
@StepInfo(name = "validateData", command = "validate", title = "Validate data against a schema",
        summary = "Checks a dataset against a reviewed schema (types, ranges, missing ratios, categories, constraints) "
                + "and reports typed anomalies as checks.")
public record ValidateDataRequest(
        @Arg(doc = "the data file: CSV, TSV, JSON Lines, optionally gzip (see docs/data.md); with `engine: 'spark'` "
                + "also a folder, a URI (`s3a://`, `hdfs://`), Parquet or a table name (`format: 'table'`)", required = true,
                positional = true, label = "FILE")
        String data,
        @Arg(doc = "the schema file written by `mlsteps infer-schema` (and reviewed)", required = true, label = "FILE")
        String schema,
        @Arg(doc = "criticality per anomaly code: `NOTE`, `UNSTABLE`, `ERROR`, `FAILURE`, or `OFF` to skip the code, "
                + "e.g. `[UNEXPECTED_COLUMN: 'NOTE']`", cli = "--criticality", label = "CODE=LEVEL",
                defaultText = "the defaults below")
        Map<String, String> anomalyCriticality,
        @Arg(doc = "write the data's profile (`profile.json`) into the step folder", defaultValue = "true",
                cli = "--profile")
        boolean writeProfile,
        @Arg(doc = "worker threads for reading", defaultText = "the number of cores")
        Integer threads,
        @Group ReadingArgs reading,
        @Group EngineArgs engine,
        @Group Gates gates) implements GatedRequest {
}
