package io.mlsteps.validate;

import io.mlsteps.engine.EngineRequest;
import io.mlsteps.step.StepRequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Arguments of {@code validateData}. In a Jenkinsfile:
 * {@code validateData data: 'data/train.csv', schema: 'schema.json', anomalyCriticality: [UNEXPECTED_COLUMN: 'NOTE']}.
 */
public class ValidateDataRequest extends StepRequest implements EngineRequest {
    private String data;
    private String schema;
    private String format = "auto";
    private String delimiter;
    private boolean header = true;
    private List<String> missingValues;
    private Map<String, String> anomalyCriticality = new LinkedHashMap<>();
    private boolean writeProfile = true;
    private Integer threads;
    private String engine;
    private String sparkMaster;
    private Map<String, String> sparkConf = new LinkedHashMap<>();

    /** The data file (CSV, TSV, JSON Lines, optionally gzip). Required. */
    public String getData() {
        return data;
    }

    public void setData(String data) {
        this.data = data;
    }

    /** The schema file written by {@code mlsteps infer-schema} (and reviewed). Required. */
    public String getSchema() {
        return schema;
    }

    public void setSchema(String schema) {
        this.schema = schema;
    }

    /** {@code auto} (from the file name), {@code csv}, {@code tsv} or {@code jsonl}. */
    public String getFormat() {
        return format;
    }

    public void setFormat(String format) {
        this.format = format;
    }

    /** Field separator for CSV, one character; default from the format (comma, tab). */
    public String getDelimiter() {
        return delimiter;
    }

    public void setDelimiter(String delimiter) {
        this.delimiter = delimiter;
    }

    /** Whether the first line names the columns (default true). */
    public boolean isHeader() {
        return header;
    }

    public void setHeader(boolean header) {
        this.header = header;
    }

    /** Cell values meaning "missing"; default {@code '', 'NA', '?', 'null'}. */
    public List<String> getMissingValues() {
        return missingValues;
    }

    public void setMissingValues(List<String> missingValues) {
        this.missingValues = missingValues;
    }

    /** Criticality per anomaly code (NOTE, UNSTABLE, ERROR, FAILURE, or OFF to skip the code). */
    public Map<String, String> getAnomalyCriticality() {
        return anomalyCriticality;
    }

    public void setAnomalyCriticality(Map<String, String> anomalyCriticality) {
        this.anomalyCriticality = anomalyCriticality == null ? new LinkedHashMap<>() : new LinkedHashMap<>(anomalyCriticality);
    }

    /** Whether to write the data's profile ({@code profile.json}) into the step folder (default true). */
    public boolean isWriteProfile() {
        return writeProfile;
    }

    public void setWriteProfile(boolean writeProfile) {
        this.writeProfile = writeProfile;
    }

    /** Worker threads for reading; default the number of cores. */
    public Integer getThreads() {
        return threads;
    }

    public void setThreads(Integer threads) {
        this.threads = threads;
    }

    /** {@code local} (this process, default) or {@code spark}: see {@code docs/spark.md}. */
    @Override
    public String getEngine() {
        return engine;
    }

    public void setEngine(String engine) {
        this.engine = engine;
    }

    /** The Spark master for {@code engine: 'spark'}: local[N], spark://HOST:PORT, yarn, k8s://..., sc://HOST:PORT. */
    @Override
    public String getSparkMaster() {
        return sparkMaster;
    }

    public void setSparkMaster(String sparkMaster) {
        this.sparkMaster = sparkMaster;
    }

    /** Spark settings for {@code engine: 'spark'}, e.g. {@code ['spark.executor.memory': '4g']}. */
    @Override
    public Map<String, String> getSparkConf() {
        return sparkConf;
    }

    public void setSparkConf(Map<String, String> sparkConf) {
        this.sparkConf = sparkConf == null ? new LinkedHashMap<>() : new LinkedHashMap<>(sparkConf);
    }
}
