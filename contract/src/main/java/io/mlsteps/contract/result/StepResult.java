package io.mlsteps.contract.result;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result every step writes as {@code result.json}. The status is derived from the checks, so a
 * result can never claim SUCCESS while carrying a failed FAILURE-criticality check.
 */
public class StepResult {
    /** Version of this JSON format; bumped on incompatible changes. */
    public static final int SCHEMA_VERSION = 1;

    private int schemaVersion = SCHEMA_VERSION;
    private String step;
    private String summary;
    private Instant startedAt;
    private long durationMillis;
    private Map<String, String> engine;
    private final List<Check> checks = new ArrayList<>();
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private final List<OutputFile> outputs = new ArrayList<>();
    private final List<ChartRef> charts = new ArrayList<>();
    private final List<LineageRef> lineage = new ArrayList<>();
    private final List<ResultTable> tables = new ArrayList<>();
    private final Map<String, Object> details = new LinkedHashMap<>();

    public StepResult() {
    }

    public StepResult(String step) {
        this.step = step;
        this.startedAt = Instant.now();
    }

    public int getSchemaVersion() {
        return schemaVersion;
    }

    public void setSchemaVersion(int schemaVersion) {
        this.schemaVersion = schemaVersion;
    }

    public String getStep() {
        return step;
    }

    public void setStep(String step) {
        this.step = step;
    }

    /** Worst status imposed by any check; SUCCESS when there is none. */
    public StepStatus getStatus() {
        StepStatus status = StepStatus.SUCCESS;
        for (Check check : checks) {
            status = status.combine(check.statusEffect());
        }
        return status;
    }

    /** True when no check failed or was inconclusive, whatever its criticality. */
    public boolean isPassed() {
        return checks.stream().allMatch(c -> c.outcome() == CheckOutcome.PASSED);
    }

    public String getSummary() {
        return summary;
    }

    public void setSummary(String summary) {
        this.summary = summary;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public void setStartedAt(Instant startedAt) {
        this.startedAt = startedAt;
    }

    public long getDurationMillis() {
        return durationMillis;
    }

    public void setDurationMillis(long durationMillis) {
        this.durationMillis = durationMillis;
    }

    /**
     * The engine that wrote this result: {@code name}, {@code version}, {@code commit}, {@code buildDate}
     * (see {@code io.mlsteps.util.EngineVersion}); set by the step runner, null in results written before 0.1.0.
     */
    public Map<String, String> getEngine() {
        return engine;
    }

    public void setEngine(Map<String, String> engine) {
        this.engine = engine;
    }

    public List<Check> getChecks() {
        return checks;
    }

    public void setChecks(List<Check> values) {
        checks.clear();
        checks.addAll(values);
    }

    public StepResult addCheck(Check check) {
        checks.add(check);
        return this;
    }

    public Map<String, Double> getMetrics() {
        return metrics;
    }

    public void setMetrics(Map<String, Double> values) {
        metrics.clear();
        metrics.putAll(values);
    }

    public StepResult putMetric(String name, double value) {
        metrics.put(name, value);
        return this;
    }

    public List<OutputFile> getOutputs() {
        return outputs;
    }

    public void setOutputs(List<OutputFile> values) {
        outputs.clear();
        outputs.addAll(values);
    }

    public List<ChartRef> getCharts() {
        return charts;
    }

    public void setCharts(List<ChartRef> values) {
        charts.clear();
        charts.addAll(values);
    }

    public List<LineageRef> getLineage() {
        return lineage;
    }

    public void setLineage(List<LineageRef> values) {
        lineage.clear();
        lineage.addAll(values);
    }

    public List<ResultTable> getTables() {
        return tables;
    }

    public void setTables(List<ResultTable> values) {
        tables.clear();
        tables.addAll(values);
    }

    /** Step-specific payload (e.g. the registered version, the endpoint, the per-gate outcomes). */
    public Map<String, Object> getDetails() {
        return details;
    }

    public void setDetails(Map<String, Object> values) {
        details.clear();
        details.putAll(values);
    }

    /** The checks that did not pass (failed or inconclusive), whatever their criticality. */
    public List<Check> failedChecks() {
        return checks.stream().filter(c -> c.outcome() != CheckOutcome.PASSED).toList();
    }
}
