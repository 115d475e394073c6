package io.mlsteps.jenkins.steps;

import hudson.Extension;
import java.util.List;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code checkDrift}: Compares current data (a file, a folder or the server's prediction log) with a reference and turns drift into checks.
 * Written by plugin/tools/sync_steps.py from the engine's request class; arguments and their request
 * names: {@link io.mlsteps.jenkins.engine.StepArguments}.
 */
public class CheckDriftStep extends MlStep {
    public static final String FUNCTION_NAME = "checkDrift";

    private String reference;
    private String referenceProfile;
    private String model;
    private String registry;
    private String saveReferenceProfile;
    private boolean referenceCache = true;
    private String current;
    private String predictionLog;
    private String since;
    private String until;
    private String asOf;
    private String format;
    private List<String> missingValues;
    private List<String> columns;
    private List<String> excludeColumns;
    private String method;
    private Double threshold;
    private String columnMethods;
    private String columnThresholds;
    private String columnWeights;
    private Double driftShare;
    private String driftCriticality;
    private boolean psiGates = true;
    private Double psiUnstable;
    private Double psiFailure;
    private String predictionColumn;
    private String predictionCriticality;
    private String labelColumn;
    private String labels;
    private String referenceMetrics;
    private Double maxDrop;
    private String performanceCriticality;
    private Double maxNanRatio;
    private String nanCriticality;
    private String schemaCriticality;
    private String maxModelAge;
    private String registeredAt;
    private String ageCriticality;
    private Integer chartColumns;
    private boolean charts = true;

    @DataBoundConstructor
    public CheckDriftStep() {
    }

    @Override
    public String getFunctionName() {
        return FUNCTION_NAME;
    }

    public String getReference() {
        return reference;
    }

    @DataBoundSetter
    public void setReference(String reference) {
        this.reference = text(reference);
    }

    public String getReferenceProfile() {
        return referenceProfile;
    }

    @DataBoundSetter
    public void setReferenceProfile(String referenceProfile) {
        this.referenceProfile = text(referenceProfile);
    }

    public String getModel() {
        return model;
    }

    @DataBoundSetter
    public void setModel(String model) {
        this.model = text(model);
    }

    public String getRegistry() {
        return registry;
    }

    @DataBoundSetter
    public void setRegistry(String registry) {
        this.registry = text(registry);
    }

    public String getSaveReferenceProfile() {
        return saveReferenceProfile;
    }

    @DataBoundSetter
    public void setSaveReferenceProfile(String saveReferenceProfile) {
        this.saveReferenceProfile = text(saveReferenceProfile);
    }

    public boolean getReferenceCache() {
        return referenceCache;
    }

    @DataBoundSetter
    public void setReferenceCache(boolean referenceCache) {
        this.referenceCache = referenceCache;
    }

    public String getCurrent() {
        return current;
    }

    @DataBoundSetter
    public void setCurrent(String current) {
        this.current = text(current);
    }

    public String getPredictionLog() {
        return predictionLog;
    }

    @DataBoundSetter
    public void setPredictionLog(String predictionLog) {
        this.predictionLog = text(predictionLog);
    }

    public String getSince() {
        return since;
    }

    @DataBoundSetter
    public void setSince(String since) {
        this.since = text(since);
    }

    public String getUntil() {
        return until;
    }

    @DataBoundSetter
    public void setUntil(String until) {
        this.until = text(until);
    }

    public String getAsOf() {
        return asOf;
    }

    @DataBoundSetter
    public void setAsOf(String asOf) {
        this.asOf = text(asOf);
    }

    public String getFormat() {
        return format;
    }

    @DataBoundSetter
    public void setFormat(String format) {
        this.format = text(format);
    }

    public List<String> getMissingValues() {
        return missingValues;
    }

    @DataBoundSetter
    public void setMissingValues(List<String> missingValues) {
        this.missingValues = list(missingValues);
    }

    public List<String> getColumns() {
        return columns;
    }

    @DataBoundSetter
    public void setColumns(List<String> columns) {
        this.columns = list(columns);
    }

    public List<String> getExcludeColumns() {
        return excludeColumns;
    }

    @DataBoundSetter
    public void setExcludeColumns(List<String> excludeColumns) {
        this.excludeColumns = list(excludeColumns);
    }

    public String getMethod() {
        return method;
    }

    @DataBoundSetter
    public void setMethod(String method) {
        this.method = text(method);
    }

    public Double getThreshold() {
        return threshold;
    }

    @DataBoundSetter
    public void setThreshold(Double threshold) {
        this.threshold = threshold;
    }

    public String getColumnMethods() {
        return columnMethods;
    }

    @DataBoundSetter
    public void setColumnMethods(String columnMethods) {
        this.columnMethods = text(columnMethods);
    }

    public String getColumnThresholds() {
        return columnThresholds;
    }

    @DataBoundSetter
    public void setColumnThresholds(String columnThresholds) {
        this.columnThresholds = text(columnThresholds);
    }

    public String getColumnWeights() {
        return columnWeights;
    }

    @DataBoundSetter
    public void setColumnWeights(String columnWeights) {
        this.columnWeights = text(columnWeights);
    }

    public Double getDriftShare() {
        return driftShare;
    }

    @DataBoundSetter
    public void setDriftShare(Double driftShare) {
        this.driftShare = driftShare;
    }

    public String getDriftCriticality() {
        return driftCriticality;
    }

    @DataBoundSetter
    public void setDriftCriticality(String driftCriticality) {
        this.driftCriticality = text(driftCriticality);
    }

    public boolean getPsiGates() {
        return psiGates;
    }

    @DataBoundSetter
    public void setPsiGates(boolean psiGates) {
        this.psiGates = psiGates;
    }

    public Double getPsiUnstable() {
        return psiUnstable;
    }

    @DataBoundSetter
    public void setPsiUnstable(Double psiUnstable) {
        this.psiUnstable = psiUnstable;
    }

    public Double getPsiFailure() {
        return psiFailure;
    }

    @DataBoundSetter
    public void setPsiFailure(Double psiFailure) {
        this.psiFailure = psiFailure;
    }

    public String getPredictionColumn() {
        return predictionColumn;
    }

    @DataBoundSetter
    public void setPredictionColumn(String predictionColumn) {
        this.predictionColumn = text(predictionColumn);
    }

    public String getPredictionCriticality() {
        return predictionCriticality;
    }

    @DataBoundSetter
    public void setPredictionCriticality(String predictionCriticality) {
        this.predictionCriticality = text(predictionCriticality);
    }

    public String getLabelColumn() {
        return labelColumn;
    }

    @DataBoundSetter
    public void setLabelColumn(String labelColumn) {
        this.labelColumn = text(labelColumn);
    }

    public String getLabels() {
        return labels;
    }

    @DataBoundSetter
    public void setLabels(String labels) {
        this.labels = text(labels);
    }

    public String getReferenceMetrics() {
        return referenceMetrics;
    }

    @DataBoundSetter
    public void setReferenceMetrics(String referenceMetrics) {
        this.referenceMetrics = text(referenceMetrics);
    }

    public Double getMaxDrop() {
        return maxDrop;
    }

    @DataBoundSetter
    public void setMaxDrop(Double maxDrop) {
        this.maxDrop = maxDrop;
    }

    public String getPerformanceCriticality() {
        return performanceCriticality;
    }

    @DataBoundSetter
    public void setPerformanceCriticality(String performanceCriticality) {
        this.performanceCriticality = text(performanceCriticality);
    }

    public Double getMaxNanRatio() {
        return maxNanRatio;
    }

    @DataBoundSetter
    public void setMaxNanRatio(Double maxNanRatio) {
        this.maxNanRatio = maxNanRatio;
    }

    public String getNanCriticality() {
        return nanCriticality;
    }

    @DataBoundSetter
    public void setNanCriticality(String nanCriticality) {
        this.nanCriticality = text(nanCriticality);
    }

    public String getSchemaCriticality() {
        return schemaCriticality;
    }

    @DataBoundSetter
    public void setSchemaCriticality(String schemaCriticality) {
        this.schemaCriticality = text(schemaCriticality);
    }

    public String getMaxModelAge() {
        return maxModelAge;
    }

    @DataBoundSetter
    public void setMaxModelAge(String maxModelAge) {
        this.maxModelAge = text(maxModelAge);
    }

    public String getRegisteredAt() {
        return registeredAt;
    }

    @DataBoundSetter
    public void setRegisteredAt(String registeredAt) {
        this.registeredAt = text(registeredAt);
    }

    public String getAgeCriticality() {
        return ageCriticality;
    }

    @DataBoundSetter
    public void setAgeCriticality(String ageCriticality) {
        this.ageCriticality = text(ageCriticality);
    }

    public Integer getChartColumns() {
        return chartColumns;
    }

    @DataBoundSetter
    public void setChartColumns(Integer chartColumns) {
        this.chartColumns = chartColumns;
    }

    public boolean getCharts() {
        return charts;
    }

    @DataBoundSetter
    public void setCharts(boolean charts) {
        this.charts = charts;
    }

    @Extension
    public static class DescriptorImpl extends MlStepDescriptor {
        @Override
        public String getFunctionName() {
            return FUNCTION_NAME;
        }

        @Override
        public String getDisplayName() {
            return "Check data drift";
        }
    }
}
