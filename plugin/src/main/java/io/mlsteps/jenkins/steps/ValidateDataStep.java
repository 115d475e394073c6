package io.mlsteps.jenkins.steps;

import hudson.Extension;
import java.util.List;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code validateData}: Checks a dataset against a reviewed schema (types, ranges, missing ratios, categories, constraints) and reports typed anomalies as checks.
 * Written by plugin/tools/sync_steps.py from the engine's request class; arguments and their request
 * names: {@link io.mlsteps.jenkins.engine.StepArguments}.
 */
public class ValidateDataStep extends MlStep {
    public static final String FUNCTION_NAME = "validateData";

    private final String data;
    private final String schema;
    private String format;
    private String delimiter;
    private boolean header = true;
    private List<String> missingValues;
    private String anomalyCriticality;
    private boolean writeProfile = true;
    private Integer threads;

    @DataBoundConstructor
    public ValidateDataStep(String data, String schema) {
        this.data = data;
        this.schema = schema;
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

    public String getFormat() {
        return format;
    }

    @DataBoundSetter
    public void setFormat(String format) {
        this.format = text(format);
    }

    public String getDelimiter() {
        return delimiter;
    }

    @DataBoundSetter
    public void setDelimiter(String delimiter) {
        this.delimiter = text(delimiter);
    }

    public boolean getHeader() {
        return header;
    }

    @DataBoundSetter
    public void setHeader(boolean header) {
        this.header = header;
    }

    public List<String> getMissingValues() {
        return missingValues;
    }

    @DataBoundSetter
    public void setMissingValues(List<String> missingValues) {
        this.missingValues = list(missingValues);
    }

    public String getAnomalyCriticality() {
        return anomalyCriticality;
    }

    @DataBoundSetter
    public void setAnomalyCriticality(String anomalyCriticality) {
        this.anomalyCriticality = text(anomalyCriticality);
    }

    public boolean getWriteProfile() {
        return writeProfile;
    }

    @DataBoundSetter
    public void setWriteProfile(boolean writeProfile) {
        this.writeProfile = writeProfile;
    }

    public Integer getThreads() {
        return threads;
    }

    @DataBoundSetter
    public void setThreads(Integer threads) {
        this.threads = threads;
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
