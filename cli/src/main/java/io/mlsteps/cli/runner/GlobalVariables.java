package io.mlsteps.cli.runner;

import groovy.lang.GroovyObjectSupport;

import java.util.LinkedHashMap;
import java.util.Map;

/** The Jenkinsfile's global variables {@code env} and {@code currentBuild}, backed by the executor. */
final class GlobalVariables {
    private GlobalVariables() {
    }

    /** {@code env.NAME} reads the current scope; {@code env.NAME = value} sets it for the rest of the build. */
    public static final class Env extends GroovyObjectSupport {
        private final PipelineExecutor executor;

        Env(PipelineExecutor executor) {
            this.executor = executor;
        }

        @Override
        public Object getProperty(String name) {
            return executor.env(name);
        }

        @Override
        public void setProperty(String name, Object value) {
            executor.assignEnv(name, value);
        }

        public Object getAt(String name) {
            return executor.env(name);
        }

        public void putAt(String name, Object value) {
            executor.assignEnv(name, value);
        }

        public Map<String, String> getEnvironment() {
            return executor.fullEnv();
        }

        @Override
        public String toString() {
            return "env";
        }
    }

    /** {@code currentBuild}: result (settable, only ever worse), currentResult, number, previous build. */
    public static final class CurrentBuild extends GroovyObjectSupport {
        private final PipelineExecutor executor;
        private String description;
        private String displayName;

        CurrentBuild(PipelineExecutor executor) {
            this.executor = executor;
        }

        /**
         * As in Jenkins: null while the build is still successful, else its result; inside a post condition's
         * body the condition's result (build, stage and error combined).
         */
        public String getResult() {
            Result r = executor.visibleResult();
            return r == Result.SUCCESS ? null : r.name();
        }

        /** Only ever worse, as Jenkins' {@code Run.setResult}; ABORTED and NOT_BUILT are allowed. */
        public void setResult(Object value) {
            executor.setResultFromScript(Result.parse(value, "currentBuild.result"));
        }

        public String getCurrentResult() {
            return executor.visibleResult().name();
        }

        public boolean resultIsBetterOrEqualTo(String other) {
            return !executor.visibleResult().isWorseThan(Result.parse(other, "resultIsBetterOrEqualTo"));
        }

        public boolean resultIsWorseOrEqualTo(String other) {
            return !Result.parse(other, "resultIsWorseOrEqualTo").isWorseThan(executor.visibleResult());
        }

        public int getNumber() {
            return executor.buildNumber;
        }

        public String getId() {
            return Integer.toString(executor.buildNumber);
        }

        public String getDisplayName() {
            return displayName == null ? "#" + executor.buildNumber : displayName;
        }

        public void setDisplayName(String displayName) {
            this.displayName = displayName;
        }

        public String getDescription() {
            return description;
        }

        public void setDescription(String description) {
            this.description = description;
        }

        public String getProjectName() {
            return executor.jobName();
        }

        public String getFullProjectName() {
            return executor.jobName();
        }

        public String getAbsoluteUrl() {
            return executor.buildDir.toUri().toString();
        }

        /** The previous finished build as a map (number, result), or null on the first build. */
        public Map<String, Object> getPreviousBuild() {
            return executor.history.previous(executor.buildNumber, executor.record.jenkinsfile)
                    .map(CurrentBuild::summary).orElse(null);
        }

        /** The last earlier build that ended SUCCESS or UNSTABLE, as a map, or null. */
        public Map<String, Object> getPreviousSuccessfulBuild() {
            return executor.history.lastSuccessful(executor.buildNumber, executor.record.jenkinsfile)
                    .map(CurrentBuild::summary).orElse(null);
        }

        private static Map<String, Object> summary(BuildRecord r) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("number", r.number);
            m.put("result", r.result);
            m.put("id", Integer.toString(r.number));
            return m;
        }
    }
}
