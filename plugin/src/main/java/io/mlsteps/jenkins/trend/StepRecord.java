package io.mlsteps.jenkins.trend;

import io.mlsteps.jenkins.engine.EngineResult;
import io.mlsteps.contract.gate.QualityGate;
import io.mlsteps.contract.result.Outcome;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of one step's result that a build keeps in build.xml: status, key metrics, gate rows, chart files,
 * lineage nodes and short details. Everything else stays in the copied result.json under the build directory
 * and is read only when a page needs it. Plain fields (no records) so XStream stores it as it always has.
 */
public class StepRecord implements Serializable {
    private static final long serialVersionUID = 1L;
    /** At most this many metrics are kept per step; gated metrics always are. */
    static final int MAX_METRICS = 40;
    static final int MAX_ROWS = 60;
    static final int MAX_DETAIL_CHARS = 200;

    private final String step;
    private final String dir;
    private final String status;
    private final String stageResult;
    private final String summary;
    private final boolean passed;
    private final LinkedHashMap<String, Double> metrics;
    private final LinkedHashMap<String, Double> thresholds;
    private final ArrayList<GateRow> gates;
    private final ArrayList<ChartFile> charts;
    private final ArrayList<LineageNode> lineage;
    private final LinkedHashMap<String, String> details;

    /** One gate or failed check as the build page shows it. */
    public static class GateRow implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final String metric;
        private final String observed;
        private final String expected;
        private final String criticality;
        private final String outcome;
        private final String message;

        public GateRow(String name, String metric, String observed, String expected, String criticality,
                       String outcome, String message) {
            this.name = name;
            this.metric = metric;
            this.observed = observed;
            this.expected = expected;
            this.criticality = criticality;
            this.outcome = outcome;
            this.message = message;
        }

        public String getName() {
            return name;
        }

        public String getMetric() {
            return metric;
        }

        public String getObserved() {
            return observed;
        }

        public String getExpected() {
            return expected;
        }

        public String getCriticality() {
            return criticality;
        }

        public String getOutcome() {
            return outcome;
        }

        public String getMessage() {
            return message;
        }

        public boolean isPassed() {
            return "PASSED".equals(outcome);
        }
    }

    /** A chart copied into the build directory: {@code file} is relative to the step's folder there. */
    public static class ChartFile implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String title;
        private final String file;

        public ChartFile(String title, String file) {
            this.title = title;
            this.file = file;
        }

        public String getTitle() {
            return title;
        }

        public String getFile() {
            return file;
        }
    }

    /** A dataset, model or deployment the step read or wrote; {@code md5} is set once it is fingerprinted. */
    public static class LineageNode implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String kind;
        private final String role;
        private final String id;
        private final String sha256;
        private final String uri;
        private String md5;

        public LineageNode(String kind, String role, String id, String sha256, String uri) {
            this.kind = kind;
            this.role = role;
            this.id = id;
            this.sha256 = sha256;
            this.uri = uri;
        }

        /** Where the node is, e.g. a deployment's endpoint; shown as text, never as a link. */
        public String getUri() {
            return uri;
        }

        public String getKind() {
            return kind;
        }

        public String getRole() {
            return role;
        }

        public String getId() {
            return id;
        }

        public String getSha256() {
            return sha256;
        }

        public String getShortSha256() {
            return sha256 == null ? null : sha256.substring(0, Math.min(12, sha256.length()));
        }

        public String getMd5() {
            return md5;
        }

        public void setMd5(String md5) {
            this.md5 = md5;
        }
    }

    private StepRecord(String step, String dir, String status, String stageResult, String summary, boolean passed,
                       LinkedHashMap<String, Double> metrics, LinkedHashMap<String, Double> thresholds,
                       ArrayList<GateRow> gates, ArrayList<ChartFile> charts, ArrayList<LineageNode> lineage,
                       LinkedHashMap<String, String> details) {
        this.step = step;
        this.dir = dir;
        this.status = status;
        this.stageResult = stageResult;
        this.summary = summary;
        this.passed = passed;
        this.metrics = metrics;
        this.thresholds = thresholds;
        this.gates = gates;
        this.charts = charts;
        this.lineage = lineage;
        this.details = details;
    }

    /**
     * Condenses a result into a record.
     *
     * @param step    the step's function name
     * @param dir     the folder (under the build's mlsteps directory) the step's files were copied to
     * @param result  the parsed result.json
     * @param outcome what the plugin decided for the stage and build
     * @param gates   the gates the Jenkinsfile set (their thresholds are drawn on the trends)
     */
    public static StepRecord of(String step, String dir, EngineResult result, Outcome outcome, List<QualityGate> gates) {
        LinkedHashMap<String, Double> thresholds = new LinkedHashMap<>();
        for (QualityGate gate : gates) {
            if (gate.threshold() != null) {
                thresholds.put(gate.metric(), gate.threshold());
            }
        }
        LinkedHashMap<String, Double> metrics = new LinkedHashMap<>();
        for (String name : KeyMetrics.select(result.getMetrics(), thresholds.keySet(), MAX_METRICS)) {
            metrics.put(name, result.getMetrics().get(name));
        }
        ArrayList<GateRow> rows = new ArrayList<>();
        for (EngineResult.Check c : result.getChecks()) {
            if ((c.isGate() || !c.passed()) && rows.size() < MAX_ROWS) {
                rows.add(new GateRow(c.name(), c.metric(), c.observed(), c.expected(), c.criticality(), c.outcome(),
                        c.message()));
            }
        }
        ArrayList<ChartFile> charts = new ArrayList<>();
        for (EngineResult.Chart chart : result.getCharts()) {
            if (chart.path() != null) {
                charts.add(new ChartFile(chart.title() != null ? chart.title() : chart.id(), chart.path()));
            }
        }
        ArrayList<LineageNode> lineage = new ArrayList<>();
        for (EngineResult.LineageRef ref : result.getLineage()) {
            lineage.add(new LineageNode(ref.kind(), ref.role(), ref.id(), ref.sha256(), ref.uri()));
        }
        LinkedHashMap<String, String> details = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : result.getDetails().entrySet()) {
            Object v = e.getValue();
            if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                String text = String.valueOf(v);
                details.put(e.getKey(), text.length() > MAX_DETAIL_CHARS ? text.substring(0, MAX_DETAIL_CHARS) + "…" : text);
            }
        }
        String stage = outcome.stageResult();
        return new StepRecord(step, dir, result.getStatus(), stage, result.getSummary(), result.isPassed(), metrics,
                thresholds, rows, charts, lineage, details);
    }

    public String getStep() {
        return step;
    }

    public String getDir() {
        return dir;
    }

    public String getStatus() {
        return status;
    }

    /** SUCCESS, UNSTABLE or FAILURE: what the stage showed. */
    public String getStageResult() {
        return stageResult;
    }

    public String getSummary() {
        return summary;
    }

    public boolean isPassed() {
        return passed;
    }

    public Map<String, Double> getMetrics() {
        return Collections.unmodifiableMap(metrics);
    }

    /** Gate thresholds by metric, as the Jenkinsfile set them. */
    public Map<String, Double> getThresholds() {
        return Collections.unmodifiableMap(thresholds);
    }

    public List<GateRow> getGates() {
        return Collections.unmodifiableList(gates);
    }

    /** The gates and checks that did not pass. */
    public List<GateRow> getFailedGates() {
        return gates.stream().filter(g -> !g.isPassed()).toList();
    }

    public long getPassedGateCount() {
        return gates.stream().filter(GateRow::isPassed).count();
    }

    public List<ChartFile> getCharts() {
        return Collections.unmodifiableList(charts);
    }

    public List<LineageNode> getLineage() {
        return Collections.unmodifiableList(lineage);
    }

    public Map<String, String> getDetails() {
        return Collections.unmodifiableMap(details);
    }
}
