package io.mlsteps.jenkins.steps;

import hudson.Extension;
import java.util.ArrayList;
import java.util.List;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code validateData}: Checks a dataset against a schema (types, ranges, missing ratios, categories, constraints) and reports typed anomalies as checks.
 * Arguments and their request names: {@link io.mlsteps.jenkins.engine.StepArguments}.
 */
public class ValidateDataStep extends MlStep {
    public static final String FUNCTION_NAME = "validateData";

    private final String data;
    private String schema;
    private String labelColumn;
    private List<String> missingValues;
    private String delimiter;

    @DataBoundConstructor
    public ValidateDataStep(String data) {
        this.data = data;
    }

    @Override
    public String getFunctionName() {
        return FUNCTION_NAME;
    }

    public String getData() {
        return data;
    }

    public String getSchema() {
        return schema;
    }

    @DataBoundSetter
    public void setSchema(String schema) {
        this.schema = schema == null || schema.isBlank() ? null : schema.trim();
    }

    public String getLabelColumn() {
        return labelColumn;
    }

    @DataBoundSetter
    public void setLabelColumn(String labelColumn) {
        this.labelColumn = labelColumn == null || labelColumn.isBlank() ? null : labelColumn.trim();
    }

    public List<String> getMissingValues() {
        return missingValues;
    }

    @DataBoundSetter
    public void setMissingValues(List<String> missingValues) {
        this.missingValues = missingValues == null || missingValues.isEmpty() ? null : new ArrayList<>(missingValues);
    }

    public String getDelimiter() {
        return delimiter;
    }

    @DataBoundSetter
    public void setDelimiter(String delimiter) {
        this.delimiter = delimiter == null || delimiter.isBlank() ? null : delimiter.trim();
    }

    @Extension
    public static class DescriptorImpl extends MlStepDescriptor {
        @Override
        public String getFunctionName() {
            return FUNCTION_NAME;
        }

        @Override
        public String getDisplayName() {
            return "Validate data against a schema";
        }
    }
}
