package io.mlsteps.cli.runner;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a local build leaves in {@code .mlsteps/builds/N/build.json}: its result, the stage table and the
 * ML steps it ran with their metrics, so later builds find "the last successful build" and the report
 * draws trends. Plain public fields: this is a JSON record, read back by {@link BuildHistory}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class BuildRecord {
    public int schemaVersion = 1;
    public int number;
    public String job;
    public String jenkinsfile;
    public String result;
    public String startedAt;
    public long durationMillis;
    public String gitCommit;
    public String branch;
    public Map<String, Object> parameters = new LinkedHashMap<>();
    public List<String> notes = new ArrayList<>();
    public List<StageRecord> stages = new ArrayList<>();
    public List<MlStepRecord> steps = new ArrayList<>();
    /** Files archived by archiveArtifacts, relative to the build folder. */
    public List<String> artifacts = new ArrayList<>();
    /** Counts read by the junit step. */
    public Map<String, Integer> tests = new LinkedHashMap<>();

    /** One row of the stage table. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class StageRecord {
        public String name;
        public int line;
        /** SUCCESS, UNSTABLE, FAILURE or SKIPPED. */
        public String result = "SUCCESS";
        public String reason;
        public long durationMillis;

        public StageRecord() {
        }

        StageRecord(String name, int line) {
            this.name = name;
            this.line = line;
        }
    }

    /** One ML step run: where its folder is and what it measured. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class MlStepRecord {
        public String stage;
        public String step;
        public String status;
        /** The step folder, relative to the build folder. */
        public String dir;
        public String summary;
        public Map<String, Double> metrics = new LinkedHashMap<>();
        /** metric name → threshold of the quality gates given to the step, drawn on trend charts. */
        public Map<String, Double> thresholds = new LinkedHashMap<>();
        public List<String> failedChecks = new ArrayList<>();
    }
}
