package io.mlsteps.jenkins.trend;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A metric across builds, with the gate threshold and the baseline that applied in each build, ready to be
 * drawn: one row per line ({@link #VALUE}, {@link #THRESHOLD}, {@link #BASELINE}), one column per build.
 * Drawing the threshold next to the values shows how close each build came to its gate.
 */
public final class TrendSeries {
    public static final String VALUE = "value";
    public static final String THRESHOLD = "gate threshold";
    public static final String BASELINE = "baseline";

    /**
     * One build's metrics of one step (all ML steps of a build merged, later steps winning).
     *
     * @param build      the build number
     * @param metrics    metric values
     * @param thresholds gate thresholds by metric name (as the gate named it, wildcards included)
     */
    public record BuildPoint(int build, Map<String, Double> metrics, Map<String, Double> thresholds) {
    }

    /** One line's value in one build; null where the build had no value. */
    public record Point(int build, Double value) {
    }

    private final String metric;
    private final Map<String, List<Point>> rows;

    private TrendSeries(String metric, Map<String, List<Point>> rows) {
        this.metric = metric;
        this.rows = rows;
    }

    /**
     * Builds the series of {@code metric} over {@code points} (any order; sorted by build number). Builds
     * without the metric are left out; the threshold and baseline rows exist only when some build had one.
     */
    public static TrendSeries of(String metric, List<BuildPoint> points) {
        List<BuildPoint> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingInt(BuildPoint::build));
        List<Point> values = new ArrayList<>();
        List<Point> thresholds = new ArrayList<>();
        List<Point> baselines = new ArrayList<>();
        boolean anyThreshold = false;
        boolean anyBaseline = false;
        for (BuildPoint p : sorted) {
            Double value = p.metrics().get(metric);
            if (value == null || value.isNaN() || value.isInfinite()) {
                continue;
            }
            values.add(new Point(p.build(), value));
            Double threshold = thresholdFor(metric, p.thresholds());
            thresholds.add(new Point(p.build(), threshold));
            anyThreshold |= threshold != null;
            Double baseline = Baselines.baselineOf(metric, p.metrics());
            baselines.add(new Point(p.build(), baseline));
            anyBaseline |= baseline != null;
        }
        Map<String, List<Point>> rows = new LinkedHashMap<>();
        rows.put(VALUE, values);
        if (anyThreshold) {
            rows.put(THRESHOLD, thresholds);
        }
        if (anyBaseline) {
            rows.put(BASELINE, baselines);
        }
        return new TrendSeries(metric, rows);
    }

    /** The threshold of the gate naming this metric exactly, or else through a wildcard. */
    static Double thresholdFor(String metric, Map<String, Double> thresholds) {
        Double exact = thresholds.get(metric);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, Double> e : thresholds.entrySet()) {
            if (e.getKey().contains("*") && KeyMetrics.wildcard(e.getKey()).matcher(metric).matches()) {
                return e.getValue();
            }
        }
        return null;
    }

    public String getMetric() {
        return metric;
    }

    /** Rows by line name; each list is ordered by build number. */
    public Map<String, List<Point>> getRows() {
        return Collections.unmodifiableMap(rows);
    }

    public boolean isEmpty() {
        return rows.get(VALUE).isEmpty();
    }

    /**
     * The metrics worth a trend across these builds: gated ones first, then headline metrics, in the order
     * they first appear, at most {@code max}.
     */
    public static List<String> trendMetrics(List<BuildPoint> points, int max) {
        Set<String> chosen = new LinkedHashSet<>();
        for (BuildPoint p : points) {
            for (String gated : p.thresholds().keySet()) {
                for (String name : p.metrics().keySet()) {
                    if (name.equals(gated) || (gated.contains("*") && KeyMetrics.wildcard(gated).matcher(name).matches())) {
                        chosen.add(name);
                    }
                }
            }
        }
        for (BuildPoint p : points) {
            for (String name : p.metrics().keySet()) {
                if (KeyMetrics.isHeadline(name)) {
                    chosen.add(name);
                }
            }
        }
        List<String> list = new ArrayList<>(chosen);
        return list.subList(0, Math.min(max, list.size()));
    }
}
