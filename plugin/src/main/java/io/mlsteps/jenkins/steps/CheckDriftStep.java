package io.mlsteps.jenkins.steps;

import hudson.Extension;
import java.util.ArrayList;
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
    private Boolean psiGates;
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
        this.reference = reference == null || reference.isBlank() ? null : reference.trim();
    }

    public String getReferenceProfile() {
        return referenceProfile;
    }

    @DataBoundSetter
    public void setReferenceProfile(String referenceProfile) {
        this.referenceProfile = referenceProfile == null || referenceProfile.isBlank() ? null : referenceProfile.trim();
    }

    public String getModel() {
        return model;
    }

    @DataBoundSetter
    public void setModel(String model) {
        this.model = model == null || model.isBlank() ? null : model.trim();
    }

    public String getRegistry() {
        return registry;
    }

    @DataBoundSetter
    public void setRegistry(String registry) {
        this.registry = registry == null || registry.isBlank() ? null : registry.trim();
    }

    public String getSaveReferenceProfile() {
        return saveReferenceProfile;
    }

    @DataBoundSetter
    public void setSaveReferenceProfile(String saveReferenceProfile) {
        this.saveReferenceProfile = saveReferenceProfile == null || saveReferenceProfile.isBlank() ? null : saveReferenceProfile.trim();
    }

    public String getCurrent() {
        return current;
    }

    @DataBoundSetter
    public void setCurrent(String current) {
        this.current = current == null || current.isBlank() ? null : current.trim();
    }

    public String getPredictionLog() {
        return predictionLog;
    }

    @DataBoundSetter
    public void setPredictionLog(String predictionLog) {
        this.predictionLog = predictionLog == null || predictionLog.isBlank() ? null : predictionLog.trim();
    }

    public String getSince() {
        return since;
    }

    @DataBoundSetter
    public void setSince(String since) {
        this.since = since == null || since.isBlank() ? null : since.trim();
    }

    public String getUntil() {
        return until;
    }

    @DataBoundSetter
    public void setUntil(String until) {
        this.until = until == null || until.isBlank() ? null : until.trim();
    }

    public String getAsOf() {
        return asOf;
    }

    @DataBoundSetter
    public void setAsOf(String asOf) {
        this.asOf = asOf == null || asOf.isBlank() ? null : asOf.trim();
    }

    public String getFormat() {
        return format;
    }

    @DataBoundSetter
    public void setFormat(String format) {
        this.format = format == null || format.isBlank() ? null : format.trim();
    }

    public List<String> getMissingValues() {
        return missingValues;
    }

    @DataBoundSetter
    public void setMissingValues(List<String> missingValues) {
        this.missingValues = missingValues == null || missingValues.isEmpty() ? null : new ArrayList<>(missingValues);
    }

    public List<String> getColumns() {
        return columns;
    }

    @DataBoundSetter
    public void setColumns(List<String> columns) {
        this.columns = columns == null || columns.isEmpty() ? null : new ArrayList<>(columns);
    }

    public List<String> getExcludeColumns() {
        return excludeColumns;
    }

    @DataBoundSetter
    public void setExcludeColumns(List<String> excludeColumns) {
        this.excludeColumns = excludeColumns == null || excludeColumns.isEmpty() ? null : new ArrayList<>(excludeColumns);
    }

    public String getMethod() {
        return method;
    }

    @DataBoundSetter
    public void setMethod(String method) {
        this.method = method == null || method.isBlank() ? null : method.trim();
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
        this.columnMethods = columnMethods == null || columnMethods.isBlank() ? null : columnMethods.trim();
    }

    public String getColumnThresholds() {
        return columnThresholds;
    }

    @DataBoundSetter
    public void setColumnThresholds(String columnThresholds) {
        this.columnThresholds = columnThresholds == null || columnThresholds.isBlank() ? null : columnThresholds.trim();
    }

    public String getColumnWeights() {
        return columnWeights;
    }

    @DataBoundSetter
    public void setColumnWeights(String columnWeights) {
        this.columnWeights = columnWeights == null || columnWeights.isBlank() ? null : columnWeights.trim();
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
        this.driftCriticality = driftCriticality == null || driftCriticality.isBlank() ? null : driftCriticality.trim();
    }

    public Boolean getPsiGates() {
        return psiGates;
    }

    @DataBoundSetter
    public void setPsiGates(Boolean psiGates) {
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
        this.predictionColumn = predictionColumn == null || predictionColumn.isBlank() ? null : predictionColumn.trim();
    }

    public String getPredictionCriticality() {
        return predictionCriticality;
    }

    @DataBoundSetter
    public void setPredictionCriticality(String predictionCriticality) {
        this.predictionCriticality = predictionCriticality == null || predictionCriticality.isBlank() ? null : predictionCriticality.trim();
    }

    public String getLabelColumn() {
        return labelColumn;
    }

    @DataBoundSetter
    public void setLabelColumn(String labelColumn) {
        this.labelColumn = labelColumn == null || labelColumn.isBlank() ? null : labelColumn.trim();
    }

    public String getLabels() {
        return labels;
    }

    @DataBoundSetter
    public void setLabels(String labels) {
        this.labels = labels == null || labels.isBlank() ? null : labels.trim();
    }

    public String getReferenceMetrics() {
        return referenceMetrics;
    }

    @DataBoundSetter
    public void setReferenceMetrics(String referenceMetrics) {
        this.referenceMetrics = referenceMetrics == null || referenceMetrics.isBlank() ? null : referenceMetrics.trim();
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
        this.performanceCriticality = performanceCriticality == null || performanceCriticality.isBlank() ? null : performanceCriticality.trim();
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
        this.nanCriticality = nanCriticality == null || nanCriticality.isBlank() ? null : nanCriticality.trim();
    }

    public String getSchemaCriticality() {
        return schemaCriticality;
    }

    @DataBoundSetter
    public void setSchemaCriticality(String schemaCriticality) {
        this.schemaCriticality = schemaCriticality == null || schemaCriticality.isBlank() ? null : schemaCriticality.trim();
    }

    public String getMaxModelAge() {
        return maxModelAge;
    }

    @DataBoundSetter
    public void setMaxModelAge(String maxModelAge) {
        this.maxModelAge = maxModelAge == null || maxModelAge.isBlank() ? null : maxModelAge.trim();
    }

    public String getRegisteredAt() {
        return registeredAt;
    }

    @DataBoundSetter
    public void setRegisteredAt(String registeredAt) {
        this.registeredAt = registeredAt == null || registeredAt.isBlank() ? null : registeredAt.trim();
    }

    public String getAgeCriticality() {
        return ageCriticality;
    }

    @DataBoundSetter
    public void setAgeCriticality(String ageCriticality) {
        this.ageCriticality = ageCriticality == null || ageCriticality.isBlank() ? null : ageCriticality.trim();
    }

    public Integer getChartColumns() {
        return chartColumns;
    }

    @DataBoundSetter
    public void setChartColumns(Integer chartColumns) {
        this.chartColumns = chartColumns;
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
