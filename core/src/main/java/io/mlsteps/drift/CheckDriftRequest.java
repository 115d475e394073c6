package io.mlsteps.drift;

import io.mlsteps.engine.EngineRequest;
import io.mlsteps.step.StepRequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Arguments of {@code checkDrift}. Field names are the Jenkinsfile argument names and, in kebab case, the CLI
 * flags. See {@code docs/steps/checkDrift.md} for every argument with its default.
 */
public class CheckDriftRequest extends StepRequest implements EngineRequest {
    // reference: one of
    private String reference;
    private String referenceProfile;
    private String model;
    private String registry;
    private String saveReferenceProfile;
    private boolean referenceCache = true;

    // current: one of
    private String current;
    private String predictionLog;
    private String since;
    private String until;
    private String asOf;

    // reading
    private String format;
    private List<String> missingValues;

    // where the data is profiled
    private String engine;
    private String sparkMaster;
    private Map<String, String> sparkConf = new LinkedHashMap<>();

    // which columns and how
    private List<String> columns;
    private List<String> excludeColumns;
    private String method;
    private Double threshold;
    private Map<String, String> columnMethods = new LinkedHashMap<>();
    private Map<String, Double> columnThresholds = new LinkedHashMap<>();
    private Map<String, Double> columnWeights = new LinkedHashMap<>();
    private double driftShare = 0.5;
    private String driftCriticality = "UNSTABLE";

    // PSI bands
    private boolean psiGates = true;
    private double psiUnstable = 0.1;
    private double psiFailure = 0.25;

    // prediction and performance drift
    private String predictionColumn;
    private String predictionCriticality = "UNSTABLE";
    private String labelColumn;
    private String labels;
    private String referenceMetrics;
    private Double maxDrop = 0.05;
    private String performanceCriticality = "FAILURE";

    // data quality and staleness
    private double maxNanRatio = 0.0;
    private String nanCriticality = "UNSTABLE";
    private String schemaCriticality = "UNSTABLE";
    private String maxModelAge;
    private String registeredAt;
    private String ageCriticality = "UNSTABLE";

    // output
    private int chartColumns = 5;
    private boolean charts = true;

    public String getReference() { return reference; }
    public void setReference(String v) { reference = v; }
    public String getReferenceProfile() { return referenceProfile; }
    public void setReferenceProfile(String v) { referenceProfile = v; }
    public String getModel() { return model; }
    public void setModel(String v) { model = v; }
    public String getRegistry() { return registry; }
    public void setRegistry(String v) { registry = v; }
    public String getSaveReferenceProfile() { return saveReferenceProfile; }
    public void setSaveReferenceProfile(String v) { saveReferenceProfile = v; }
    public String getCurrent() { return current; }
    public void setCurrent(String v) { current = v; }
    public String getPredictionLog() { return predictionLog; }
    public void setPredictionLog(String v) { predictionLog = v; }
    public String getSince() { return since; }
    public void setSince(String v) { since = v; }
    public String getUntil() { return until; }
    public void setUntil(String v) { until = v; }
    public String getAsOf() { return asOf; }
    public void setAsOf(String v) { asOf = v; }
    public String getFormat() { return format; }
    public void setFormat(String v) { format = v; }
    public List<String> getMissingValues() { return missingValues; }
    public void setMissingValues(List<String> v) { missingValues = v; }
    @Override public String getEngine() { return engine; }
    public void setEngine(String v) { engine = v; }
    @Override public String getSparkMaster() { return sparkMaster; }
    public void setSparkMaster(String v) { sparkMaster = v; }
    @Override public Map<String, String> getSparkConf() { return sparkConf; }
    public void setSparkConf(Map<String, String> v) { sparkConf = v == null ? new LinkedHashMap<>() : new LinkedHashMap<>(v); }
    public List<String> getColumns() { return columns; }
    public void setColumns(List<String> v) { columns = v; }
    public List<String> getExcludeColumns() { return excludeColumns; }
    public void setExcludeColumns(List<String> v) { excludeColumns = v; }
    public String getMethod() { return method; }
    public void setMethod(String v) { method = v; }
    public Double getThreshold() { return threshold; }
    public void setThreshold(Double v) { threshold = v; }
    public Map<String, String> getColumnMethods() { return columnMethods; }
    public void setColumnMethods(Map<String, String> v) { columnMethods = v == null ? new LinkedHashMap<>() : new LinkedHashMap<>(v); }
    public Map<String, Double> getColumnThresholds() { return columnThresholds; }
    public void setColumnThresholds(Map<String, Double> v) { columnThresholds = v == null ? new LinkedHashMap<>() : new LinkedHashMap<>(v); }
    public Map<String, Double> getColumnWeights() { return columnWeights; }
    public void setColumnWeights(Map<String, Double> v) { columnWeights = v == null ? new LinkedHashMap<>() : new LinkedHashMap<>(v); }
    public double getDriftShare() { return driftShare; }
    public void setDriftShare(double v) { driftShare = v; }
    public String getDriftCriticality() { return driftCriticality; }
    public void setDriftCriticality(String v) { driftCriticality = v; }
    public boolean isPsiGates() { return psiGates; }
    public void setPsiGates(boolean v) { psiGates = v; }
    public double getPsiUnstable() { return psiUnstable; }
    public void setPsiUnstable(double v) { psiUnstable = v; }
    public double getPsiFailure() { return psiFailure; }
    public void setPsiFailure(double v) { psiFailure = v; }
    public String getPredictionColumn() { return predictionColumn; }
    public void setPredictionColumn(String v) { predictionColumn = v; }
    public String getPredictionCriticality() { return predictionCriticality; }
    public void setPredictionCriticality(String v) { predictionCriticality = v; }
    public String getLabelColumn() { return labelColumn; }
    public void setLabelColumn(String v) { labelColumn = v; }
    public String getLabels() { return labels; }
    public void setLabels(String v) { labels = v; }
    public String getReferenceMetrics() { return referenceMetrics; }
    public void setReferenceMetrics(String v) { referenceMetrics = v; }
    public Double getMaxDrop() { return maxDrop; }
    public void setMaxDrop(Double v) { maxDrop = v; }
    public String getPerformanceCriticality() { return performanceCriticality; }
    public void setPerformanceCriticality(String v) { performanceCriticality = v; }
    public double getMaxNanRatio() { return maxNanRatio; }
    public void setMaxNanRatio(double v) { maxNanRatio = v; }
    public String getNanCriticality() { return nanCriticality; }
    public void setNanCriticality(String v) { nanCriticality = v; }
    public String getSchemaCriticality() { return schemaCriticality; }
    public void setSchemaCriticality(String v) { schemaCriticality = v; }
    public String getMaxModelAge() { return maxModelAge; }
    public void setMaxModelAge(String v) { maxModelAge = v; }
    public String getRegisteredAt() { return registeredAt; }
    public void setRegisteredAt(String v) { registeredAt = v; }
    public String getAgeCriticality() { return ageCriticality; }
    public void setAgeCriticality(String v) { ageCriticality = v; }
    public boolean isReferenceCache() { return referenceCache; }
    public void setReferenceCache(boolean v) { referenceCache = v; }
    public boolean isCharts() { return charts; }
    public void setCharts(boolean v) { charts = v; }
    public int getChartColumns() { return chartColumns; }
    public void setChartColumns(int v) { chartColumns = v; }
}
