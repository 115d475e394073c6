package io.mlsteps.jenkins.results;

import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Run;
import hudson.util.Graph;
import io.mlsteps.jenkins.trend.StepRecord;
import io.mlsteps.jenkins.trend.TrendSeries;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trends of a job's ML metrics across its recent builds, each drawn with the gate threshold and the baseline
 * as lines, and the drift trend of monitoring jobs. Images are served as {@code trend/<i>/png} and
 * {@code driftTrend/png}.
 */
public class MlJobAction implements Action {
    /** How many builds a trend covers. */
    static final int MAX_BUILDS = 50;
    /** How many metrics get a trend. */
    static final int MAX_TRENDS = 8;
    static final String DRIFT_METRIC = "drift_share";

    private final Job<?, ?> job;

    public MlJobAction(Job<?, ?> job) {
        this.job = job;
    }

    public Job<?, ?> getJob() {
        return job;
    }

    @Override
    public String getIconFileName() {
        return "symbol-analytics";
    }

    @Override
    public String getDisplayName() {
        return "ML trends";
    }

    @Override
    public String getUrlName() {
        return "mlsteps-trends";
    }

    /** The recent builds' metrics (all ML steps of a build merged, later steps winning), newest first. */
    List<TrendSeries.BuildPoint> points(Map<Integer, Run<?, ?>> runs) {
        List<TrendSeries.BuildPoint> points = new ArrayList<>();
        Run<?, ?> build = job.getLastBuild();
        for (int i = 0; build != null && i < MAX_BUILDS; i++, build = build.getPreviousBuild()) {
            MlRunAction action = build.getAction(MlRunAction.class);
            if (action == null) {
                continue;
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            Map<String, Double> thresholds = new LinkedHashMap<>();
            for (StepRecord record : action.getRecords()) {
                metrics.putAll(record.getMetrics());
                thresholds.putAll(record.getThresholds());
            }
            points.add(new TrendSeries.BuildPoint(build.getNumber(), metrics, thresholds));
            runs.put(build.getNumber(), build);
        }
        return points;
    }

    /** The metrics that have a trend, in the order of {@link #getTrend(String)}'s index. */
    public List<String> getTrendMetrics() {
        return TrendSeries.trendMetrics(points(new LinkedHashMap<>()), MAX_TRENDS);
    }

    public boolean isHasDrift() {
        return !TrendSeries.of(DRIFT_METRIC, points(new LinkedHashMap<>())).isEmpty();
    }

    /** {@code trend/<index>/png}: the trend of the index-th metric of {@link #getTrendMetrics()}. */
    public Graph getTrend(String index) {
        List<String> metrics = getTrendMetrics();
        int i;
        try {
            i = Integer.parseInt(index);
        } catch (NumberFormatException e) {
            return null;
        }
        return i < 0 || i >= metrics.size() ? null : graph(metrics.get(i));
    }

    /** {@code driftTrend/png}: the share of drifted columns per monitoring build, with its gate. */
    public Graph getDriftTrend() {
        return graph(DRIFT_METRIC);
    }

    private Graph graph(String metric) {
        Map<Integer, Run<?, ?>> runs = new LinkedHashMap<>();
        TrendSeries series = TrendSeries.of(metric, points(runs));
        Run<?, ?> last = job.getLastBuild();
        return new MetricTrendGraph(last == null ? 0 : last.getTimeInMillis(), series, runs);
    }
}
