package io.mlsteps.cli;

import io.mlsteps.drift.CheckDriftRequest;
import io.mlsteps.util.InputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code mlsteps drift}: the checkDrift step from the command line. */
@Command(name = "drift", mixinStandardHelpOptions = true, sortOptions = false,
        description = "checkDrift: data, prediction and performance drift between a reference and what production sees.")
public class DriftCommand extends StepCommand<CheckDriftRequest> {
    @Option(names = "--reference", paramLabel = "FILE|DIR", description = "Reference data: a CSV/TSV/JSON Lines file or a folder of them.")
    String reference;
    @Option(names = "--reference-profile", paramLabel = "FILE", description = "A saved reference profile (checkDrift's reference-profile.json or `mlsteps profile` output); the reference data is not re-read.")
    String referenceProfile;
    @Option(names = "--model", paramLabel = "REF", description = "A registered model version (name@3, name@production): its stored training profile is the reference.")
    String model;
    @Option(names = "--registry", paramLabel = "URI", description = "Registry URI (default: MLSTEPS_REGISTRY or ~/.mlsteps/registry).")
    String registry;
    @Option(names = "--save-reference-profile", paramLabel = "FILE", description = "Where to save the reference profile for reuse (default: <step folder>/reference-profile.json).")
    String saveReferenceProfile;
    @Option(names = "--reference-cache", negatable = true, description = "Keep the reference data's profile under "
            + "<work dir>/.mlsteps/cache/reference-profiles and reuse it while the data files are unchanged (default on; "
            + "--no-reference-cache profiles the reference every run).")
    Boolean referenceCache;
    @Option(names = "--current", paramLabel = "FILE|DIR", description = "Current data: a file or a folder of files.")
    String current;
    @Option(names = "--prediction-log", paramLabel = "FILE|DIR", description = "The model server's prediction log (JSON Lines) instead of --current.")
    String predictionLog;
    @Option(names = "--since", paramLabel = "AGE|TIME", description = "Prediction log window start: a duration before now (24h, 7d) or an ISO instant.")
    String since;
    @Option(names = "--until", paramLabel = "AGE|TIME", description = "Prediction log window end (default: now).")
    String until;
    @Option(names = "--as-of", paramLabel = "TIME", description = "What 'now' is, as an ISO instant (default: the current time).")
    String asOf;
    @Option(names = "--format", paramLabel = "FMT", description = "auto, csv, tsv or jsonl (default: from the file name); with --engine spark also parquet, table or a Spark source name.")
    String format;
    @Option(names = "--missing-values", split = ",", paramLabel = "MARKER", description = "Cell values meaning missing (default: '', NA, ?, null).")
    List<String> missingValues;
    @Option(names = "--columns", split = ",", paramLabel = "COL", description = "Test only these columns.")
    List<String> columns;
    @Option(names = "--exclude-columns", split = ",", paramLabel = "COL", description = "Do not test these columns.")
    List<String> excludeColumns;
    @Option(names = "--method", paramLabel = "METHOD", description = "One method for all columns: ks, wasserstein, psi, jensen_shannon, chi2, z, linf (default: per column, as Evidently).")
    String method;
    @Option(names = "--threshold", paramLabel = "X", description = "One threshold for all columns (default: the method's).")
    Double threshold;
    @Option(names = "--column-method", paramLabel = "COL=METHOD", description = "Method for one column, repeatable.")
    Map<String, String> columnMethods;
    @Option(names = "--column-threshold", paramLabel = "COL=X", description = "Threshold for one column, repeatable.")
    Map<String, String> columnThresholds;
    @Option(names = "--column-weight", paramLabel = "COL=W", description = "Weight of one column in the drift share (e.g. feature importance), repeatable.")
    Map<String, String> columnWeights;
    @Option(names = "--drift-share", paramLabel = "X", description = "Dataset drift when the weighted share of drifted columns reaches X (default 0.5).")
    Double driftShare;
    @Option(names = "--drift-criticality", paramLabel = "C", description = "Criticality of dataset drift (default UNSTABLE).")
    String driftCriticality;
    @Option(names = "--psi-gates", negatable = true, description = "PSI bands as gates (default on).")
    Boolean psiGates;
    @Option(names = "--psi-unstable", paramLabel = "X", description = "PSI from which a column makes the build UNSTABLE (default 0.1).")
    Double psiUnstable;
    @Option(names = "--psi-failure", paramLabel = "X", description = "PSI above which a column makes the build FAILURE (default 0.25).")
    Double psiFailure;
    @Option(names = "--prediction-column", paramLabel = "COL", description = "The column with the model's predictions (default 'prediction' for a prediction log).")
    String predictionColumn;
    @Option(names = "--label-column", paramLabel = "COL", description = "The column with the true labels, to measure performance drift.")
    String labelColumn;
    @Option(names = "--labels", paramLabel = "FILE", description = "Labels that arrived later for a prediction log: a file with requestId and the label column.")
    String labels;
    @Option(names = "--reference-metrics", paramLabel = "FILE", description = "Metrics at evaluation (metrics.json or a result.json) to compare performance with.")
    String referenceMetrics;
    @Option(names = "--max-drop", paramLabel = "X", description = "Largest allowed worsening of a metric against the reference (default 0.05).")
    Double maxDrop;
    @Option(names = "--max-nan-ratio", paramLabel = "X", description = "Largest allowed share of NaN/infinite values per column beyond the reference's (default 0).")
    Double maxNanRatio;
    @Option(names = "--max-model-age", paramLabel = "AGE", description = "Staleness limit, e.g. 30d, against the version's registration time.")
    String maxModelAge;
    @Option(names = "--registered-at", paramLabel = "TIME", description = "Registration time of a model outside the registry (ISO instant).")
    String registeredAt;
    @picocli.CommandLine.Mixin
    EngineMixin engine;
    @Option(names = "--charts", negatable = true, description = "Draw the PNG charts (default on; --no-charts for the fastest run).")
    Boolean charts;
    @Option(names = "--chart-columns", paramLabel = "N", description = "Distribution charts for the N most drifted columns (default 5).")
    Integer chartColumns;

    @Override
    protected String stepName() {
        return "checkDrift";
    }

    @Override
    protected void applyFlags(CheckDriftRequest q) {
        if (reference != null) q.setReference(reference);
        if (referenceProfile != null) q.setReferenceProfile(referenceProfile);
        if (model != null) q.setModel(model);
        if (registry != null) q.setRegistry(registry);
        if (saveReferenceProfile != null) q.setSaveReferenceProfile(saveReferenceProfile);
        if (referenceCache != null) q.setReferenceCache(referenceCache);
        if (current != null) q.setCurrent(current);
        if (predictionLog != null) q.setPredictionLog(predictionLog);
        if (since != null) q.setSince(since);
        if (until != null) q.setUntil(until);
        if (asOf != null) q.setAsOf(asOf);
        if (format != null) q.setFormat(format);
        if (missingValues != null) q.setMissingValues(missingValues);
        if (columns != null) q.setColumns(columns);
        if (excludeColumns != null) q.setExcludeColumns(excludeColumns);
        if (method != null) q.setMethod(method);
        if (threshold != null) q.setThreshold(threshold);
        if (columnMethods != null) {
            Map<String, String> m = new LinkedHashMap<>(q.getColumnMethods());
            m.putAll(columnMethods);
            q.setColumnMethods(m);
        }
        if (columnThresholds != null) {
            q.setColumnThresholds(numbers(q.getColumnThresholds(), columnThresholds, "--column-threshold "));
        }
        if (columnWeights != null) {
            q.setColumnWeights(numbers(q.getColumnWeights(), columnWeights, "--column-weight "));
        }
        if (driftShare != null) q.setDriftShare(driftShare);
        if (driftCriticality != null) q.setDriftCriticality(driftCriticality);
        if (psiGates != null) q.setPsiGates(psiGates);
        if (psiUnstable != null) q.setPsiUnstable(psiUnstable);
        if (psiFailure != null) q.setPsiFailure(psiFailure);
        if (predictionColumn != null) q.setPredictionColumn(predictionColumn);
        if (labelColumn != null) q.setLabelColumn(labelColumn);
        if (labels != null) q.setLabels(labels);
        if (referenceMetrics != null) q.setReferenceMetrics(referenceMetrics);
        if (maxDrop != null) q.setMaxDrop(maxDrop);
        if (maxNanRatio != null) q.setMaxNanRatio(maxNanRatio);
        if (maxModelAge != null) q.setMaxModelAge(maxModelAge);
        if (registeredAt != null) q.setRegisteredAt(registeredAt);
        if (chartColumns != null) q.setChartColumns(chartColumns);
        if (charts != null) q.setCharts(charts);
        if (engine.engine != null) q.setEngine(engine.engine);
        if (engine.sparkMaster != null) q.setSparkMaster(engine.sparkMaster);
        if (engine.sparkConf != null) q.setSparkConf(engine.conf(q.getSparkConf()));
    }

    /** The request's map with the flags' COL=X values added (flags win). */
    private static Map<String, Double> numbers(Map<String, Double> base, Map<String, String> flags, String flag) {
        Map<String, Double> m = new LinkedHashMap<>(base);
        flags.forEach((k, v) -> m.put(k, number(v, flag + k)));
        return m;
    }

    private static double number(String text, String argument) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new InputException(argument, "'" + text + "' is not a number");
        }
    }
}
