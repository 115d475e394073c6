package io.mlsteps.contract.steps;

import io.mlsteps.contract.Arg;
import io.mlsteps.contract.Group;
import io.mlsteps.contract.StepInfo;
import io.mlsteps.contract.result.Criticality;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Arguments of {@code checkDrift} (docs/steps/checkDrift.md). */
@StepInfo(name = "checkDrift", command = "drift", title = "Check data drift",
        summary = "Compares current data (a file, a folder or the server's prediction log) with a reference and turns "
                + "data, prediction and performance drift into checks.")
public record CheckDriftRequest(
        @Arg(doc = "reference data: a CSV/TSV/JSON Lines file (gzip allowed) or a folder of them; with `engine: 'spark'` "
                + "also a URI (`s3a://`, `hdfs://`), Parquet or a table name (`format: 'table'`)",
                label = "FILE|DIR", group = "reference (one of)")
        String reference,
        @Arg(doc = "a saved profile: `reference-profile.json` of an earlier run, or a data profile from "
                + "`mlsteps profile`; the reference data is not re-read", label = "FILE", group = "reference (one of)")
        String referenceProfile,
        @Arg(doc = "a registered version (`name@3`, `name@production`, `name`): its stored training profile is the "
                + "reference, its registration time the age, its metrics the performance baseline", label = "REF",
                group = "reference (one of)")
        String model,
        @Group RegistryArgs registry,
        @Arg(doc = "where the reference profile is saved for reuse",
                defaultText = "`<step folder>/reference-profile.json`", label = "FILE", group = "reference (one of)")
        String saveReferenceProfile,
        @Arg(doc = "keep the reference data's profile under `<workspace>/.mlsteps/cache/reference-profiles/` and take "
                + "it from there while the data files are unchanged (same size, modification time and file); `false` "
                + "profiles the reference every run; not with `engine: 'spark'`", defaultValue = "true",
                group = "reference (one of)")
        boolean referenceCache,
        @Arg(doc = "current data: a file or a folder of files (all profiled and merged); with `engine: 'spark'` the same "
                + "forms as `reference`", label = "FILE|DIR",
                group = "current (one of)")
        String current,
        @Arg(doc = "the model server's prediction log (JSON Lines): a file with its rotated predecessors `FILE.1`, "
                + "`FILE.2`, ..., or a folder of them; inputs become columns, the output the column `prediction`; "
                + "`role: shadow` entries (a shadow model's answers, never seen by clients) are skipped; gap lines "
                + "(`{\"time\", \"dropped\"}`: predictions the server could not log) are counted into "
                + "`traffic_seen_ratio`", label = "FILE|DIR", group = "current (one of)")
        String predictionLog,
        @Arg(doc = "window start for the log: a duration before now (`24h`, `7d`, `2w`, `PT6H`) or an ISO instant",
                defaultText = "all", label = "AGE|TIME", group = "current (one of)")
        String since,
        @Arg(doc = "window end, same forms", defaultText = "now", label = "AGE|TIME", group = "current (one of)")
        String until,
        @Arg(doc = "what \"now\" is (ISO instant), for reproducible windows and ages", defaultText = "the current time",
                label = "TIME", group = "current (one of)")
        String asOf,
        @Group ReadingArgs reading,
        @Group EngineArgs engine,
        @Arg(doc = "test only these columns", defaultText = "all columns in both", label = "COLUMN",
                group = "columns and tests")
        List<String> columns,
        @Arg(doc = "do not test these columns (ids, timestamps)", defaultText = "none", label = "COLUMN",
                group = "columns and tests")
        List<String> excludeColumns,
        @Arg(doc = "one method for all columns: `ks`, `wasserstein`, `psi`, `jensen_shannon`, `chi2`, `z`, `linf`",
                defaultText = "per column (see below)", label = "METHOD", group = "columns and tests")
        String method,
        @Arg(doc = "one threshold for all columns (a p-value for tests, a distance otherwise)",
                defaultText = "the method's", group = "columns and tests")
        Double threshold,
        @Arg(doc = "method per column, e.g. `[age: 'psi']`; does not reset the column's threshold",
                cli = "--column-method", label = "COL=METHOD", defaultText = "none", group = "columns and tests")
        Map<String, String> columnMethods,
        @Arg(doc = "threshold per column, e.g. `[age: 0.2]`; does not reset the column's method",
                cli = "--column-threshold", label = "COL=X", defaultText = "none", group = "columns and tests")
        Map<String, Double> columnThresholds,
        @Arg(doc = "weight of a column in the drift share (e.g. feature importance)", cli = "--column-weight",
                label = "COL=W", defaultText = "1 each", group = "columns and tests")
        Map<String, Double> columnWeights,
        @Arg(doc = "dataset drift when the weighted share of drifted columns is at least this", defaultValue = "0.5",
                group = "columns and tests")
        double driftShare,
        @Arg(doc = "what dataset drift does to the build", defaultValue = "UNSTABLE", group = "columns and tests")
        Criticality driftCriticality,
        @Arg(doc = "PSI of every tested column as a gate", defaultValue = "true", group = "PSI bands")
        boolean psiGates,
        @Arg(doc = "PSI at or above this: UNSTABLE", defaultValue = "0.1", group = "PSI bands")
        double psiUnstable,
        @Arg(doc = "PSI above this: FAILURE", defaultValue = "0.25", group = "PSI bands")
        double psiFailure,
        @Arg(doc = "the column with the model's output, tested apart from the features (for a log, silently skipped "
                + "when the reference has no such column; when given explicitly, a missing column is an inconclusive "
                + "NOTE)", defaultText = "`prediction` for a log", label = "COLUMN",
                group = "prediction and performance drift")
        String predictionColumn,
        @Arg(doc = "what prediction drift does", defaultValue = "UNSTABLE", group = "prediction and performance drift")
        Criticality predictionCriticality,
        @Arg(doc = "the true label: a column of `current`, or of the `labels` file", defaultText = "`label` with `labels`",
                label = "COLUMN", group = "prediction and performance drift")
        String labelColumn,
        @Arg(doc = "labels that arrived later for a prediction log: a file with `requestId` and the label column",
                label = "FILE", group = "prediction and performance drift")
        String labels,
        @Arg(doc = "metrics at evaluation (`metrics.json`, a `result.json`, or a flat JSON object)",
                defaultText = "the model's stored metrics", label = "FILE", group = "prediction and performance drift")
        String referenceMetrics,
        @Arg(doc = "largest allowed worsening of a metric against the reference (direction known per metric)",
                defaultValue = "0.05", group = "prediction and performance drift")
        double maxDrop,
        @Arg(doc = "what a larger drop does", defaultValue = "FAILURE", group = "prediction and performance drift")
        Criticality performanceCriticality,
        @Arg(doc = "allowed share of NaN/infinite values per numeric column beyond the reference's own share",
                defaultValue = "0", group = "data quality and staleness")
        double maxNanRatio,
        @Arg(doc = "what too many NaN/infinite values do", defaultValue = "UNSTABLE", group = "data quality and staleness")
        Criticality nanCriticality,
        @Arg(doc = "what missing columns and type changes do; new columns and unseen categories are NOTEs",
                defaultValue = "UNSTABLE", group = "data quality and staleness")
        Criticality schemaCriticality,
        @Arg(doc = "staleness limit against the version's registration time, e.g. `30d`", label = "AGE",
                group = "data quality and staleness")
        Duration maxModelAge,
        @Arg(doc = "registration time (ISO instant) for a model outside the registry", label = "TIME",
                group = "data quality and staleness")
        String registeredAt,
        @Arg(doc = "what a model older than `maxModelAge` does", defaultValue = "UNSTABLE",
                group = "data quality and staleness")
        Criticality ageCriticality,
        @Arg(doc = "draw the PNG charts (`false` saves about a second of chart setup)", defaultValue = "true",
                group = "output")
        boolean charts,
        @Arg(doc = "distribution charts for this many most drifted columns", defaultValue = "5", group = "output")
        int chartColumns,
        @Group Gates gates) implements GatedRequest {
}
