package io.mlsteps.jenkins.results;

import hudson.Extension;
import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Run;
import hudson.util.Graph;
import io.mlsteps.jenkins.trend.StepRecord;
import io.mlsteps.jenkins.trend.TrendSeries;
import jenkins.model.TransientActionFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Trends of a job's ML metrics across its recent builds that have ML results, whatever their result (a drift monitor
 * whose FAILURE gate fails every build still has its trend), each drawn with the gate threshold and the baseline as
 * lines, and the drift trend of monitoring jobs. Images are served as {@code trend/<i>/png} and
 * {@code driftTrend/png}.
 *
 * <p>A job page asks for its actions on every view; the builds are read once per new build or new ML result
 * ({@link Trends}), not on every view.
 */
public class MlJobAction implements Action {
    /** How many builds with ML results a trend covers. */
    static final int MAX_BUILDS = 50;
    /** How far back they are looked for. */
    static final int MAX_BUILDS_SEARCHED = 100;
    /** How many metrics get a trend. */
    static final int MAX_TRENDS = 8;
    static final String DRIFT_METRIC = "drift_share";

    private static final Map<Job<?, ?>, Trends> CACHE = Collections.synchronizedMap(new WeakHashMap<>());

    private final Job<?, ?> job;
    private final Trends trends;

    MlJobAction(Job<?, ?> job, Trends trends) {
        this.job = job;
        this.trends = trends;
    }

    /** Puts the action on every job that has builds with ML results. */
    @Extension
    @SuppressWarnings("rawtypes")
    public static final class Factory extends TransientActionFactory<Job> {
        @Override
        public Class<Job> type() {
            return Job.class;
        }

        @Override
        public Collection<? extends Action> createFor(Job target) {
            Trends trends = trendsOf(target);
            return trends.points().isEmpty() ? List.of() : List.of(new MlJobAction(target, trends));
        }
    }

    /**
     * The recent builds' metrics (all ML steps of a build merged, later steps winning), newest first.
     *
     * @param lastBuild the job's last build number when they were read
     * @param stamp     when the last build last recorded an ML result (0: none yet)
     * @param updated   the newest such time among the builds read: the charts' timestamp, which changes whenever a
     *                  build adds a point, so a browser never keeps a stale chart
     */
    record Trends(int lastBuild, long stamp, List<TrendSeries.BuildPoint> points, long updated) {
    }

    static Trends trendsOf(Job<?, ?> job) {
        Run<?, ?> last = job.getLastBuild();
        int number = last == null ? 0 : last.getNumber();
        long stamp = updatedOf(last);
        Trends cached = CACHE.get(job);
        if (cached != null && cached.lastBuild() == number && cached.stamp() == stamp) {
            return cached;
        }
        Trends read = read(last, number, stamp);
        CACHE.put(job, read);
        return read;
    }

    private static long updatedOf(Run<?, ?> build) {
        MlRunAction action = build == null ? null : build.getAction(MlRunAction.class);
        return action == null ? 0 : action.getUpdated();
    }

    private static Trends read(Run<?, ?> last, int number, long stamp) {
        List<TrendSeries.BuildPoint> points = new ArrayList<>();
        long updated = 0;
        Run<?, ?> build = last;
        for (int i = 0; build != null && i < MAX_BUILDS_SEARCHED && points.size() < MAX_BUILDS;
             i++, build = build.getPreviousBuild()) {
            MlRunAction action = build.getAction(MlRunAction.class);
            if (action == null || action.getRecords().isEmpty()) {
                continue;
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            Map<String, Double> thresholds = new LinkedHashMap<>();
            for (StepRecord record : action.getRecords()) {
                metrics.putAll(record.getMetrics());
                thresholds.putAll(record.getThresholds());
            }
            points.add(new TrendSeries.BuildPoint(build.getNumber(), metrics, thresholds));
            updated = Math.max(updated, action.getUpdated());
        }
        return new Trends(number, stamp, List.copyOf(points), updated);
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

    /** The metrics that have a trend, in the order of {@link #getTrend(String)}'s index. */
    public List<String> getTrendMetrics() {
        return TrendSeries.trendMetrics(trends.points(), MAX_TRENDS);
    }

    public boolean isHasDrift() {
        return !TrendSeries.of(DRIFT_METRIC, trends.points()).isEmpty();
    }

    /** The charts' timestamp (see {@link Trends#updated()}). */
    long getUpdated() {
        return trends.updated();
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
        TrendSeries series = TrendSeries.of(metric, trends.points());
        Map<Integer, Run<?, ?>> runs = new LinkedHashMap<>();
        for (TrendSeries.Point point : series.getRows().get(TrendSeries.VALUE)) {
            Run<?, ?> run = job.getBuildByNumber(point.build());
            if (run != null) {
                runs.put(point.build(), run);
            }
        }
        return new MetricTrendGraph(trends.updated(), series, runs);
    }
}
