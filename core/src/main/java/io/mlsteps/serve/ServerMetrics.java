package io.mlsteps.serve;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's Prometheus metrics (one registry per server, so tests and several servers in one JVM do not
 * mix): requests by model, version, role and status code, predicted rows, a latency histogram, shadow
 * disagreements and rejected requests. {@link VersionStats} also keeps the plain counts that canary analysis
 * reads from {@code /v1/models}.
 */
public final class ServerMetrics {
    /** Latency buckets in seconds: 0.25 ms .. 10 s. */
    static final double[] LATENCY_BUCKETS = {0.00025, 0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.02,
            0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = Counter.builder().name("mlsteps_requests_total")
            .help("Prediction requests by model, version, role (primary, candidate, shadow) and HTTP status code")
            .labelNames("model", "version", "role", "code").register(registry);
    private final Counter predictions = Counter.builder().name("mlsteps_predictions_total")
            .help("Predicted rows by model, version and role").labelNames("model", "version", "role").register(registry);
    private final Histogram latency = Histogram.builder().name("mlsteps_request_duration_seconds")
            .help("Time from a complete request body to the response, by model, version and role")
            .labelNames("model", "version", "role").classicOnly().classicUpperBounds(LATENCY_BUCKETS)
            .register(registry);
    private final Counter disagreements = Counter.builder().name("mlsteps_shadow_disagreements_total")
            .help("Rows where the shadow candidate predicts another class than the primary")
            .labelNames("model", "version").register(registry);
    private final Counter rejected = Counter.builder().name("mlsteps_rejected_requests_total")
            .help("Requests refused before reaching a model, by reason").labelNames("reason").register(registry);
    private final Counter logDropped = Counter.builder().name("mlsteps_prediction_log_dropped_total")
            .help("Predicted rows not logged because the log's writer fell behind (the log holds a gap line for them)")
            .register(registry);
    private final Counter logWritten = Counter.builder().name("mlsteps_prediction_log_rows_total")
            .help("Predicted rows written to the prediction log").register(registry);
    private final Counter ignoredColumns = Counter.builder().name("mlsteps_ignored_column_values_total")
            .help("Values of columns the model does not use (its label, excluded columns) that requests carried and "
                    + "the server ignored, by model, version and column")
            .labelNames("model", "version", "column").register(registry);
    private final Map<String, VersionStats> stats = new ConcurrentHashMap<>();

    /** Counters of one model version in one role; the hot path holds on to it. */
    public final class VersionStats {
        private final String model;
        private final String version;
        private final String role;
        private final Map<Integer, CounterDataPoint> byCode = new ConcurrentHashMap<>();
        private final CounterDataPoint rows;
        private final DistributionDataPoint seconds;
        private final LongAdder total = new LongAdder();
        private final LongAdder errors = new LongAdder();
        private final LongAdder nanos = new LongAdder();

        VersionStats(String model, String version, String role) {
            this.model = model;
            this.version = version;
            this.role = role;
            this.rows = predictions.labelValues(model, version, role);
            this.seconds = latency.labelValues(model, version, role);
        }

        /** Records one answered request: its status code, rows predicted and server-side time. */
        public void record(int code, int predictedRows, long elapsedNanos) {
            byCode.computeIfAbsent(code, c -> requests.labelValues(model, version, role, Integer.toString(c))).inc();
            total.increment();
            if (code >= 400) {
                errors.increment();
            }
            if (predictedRows > 0) {
                rows.inc(predictedRows);
            }
            nanos.add(elapsedNanos);
            seconds.observe(elapsedNanos / 1e9);
        }

        public void disagreement(int rowsDiffering) {
            disagreements.labelValues(model, version).inc(rowsDiffering);
        }

        public long requests() {
            return total.sum();
        }

        public long errors() {
            return errors.sum();
        }

        /** Plain facts for {@code /v1/models} and canary analysis. */
        public Map<String, Object> toMap() {
            long n = total.sum();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("requests", n);
            m.put("errors", errors.sum());
            m.put("errorRate", n == 0 ? 0.0 : errors.sum() / (double) n);
            m.put("predictions", (long) rows.get());
            m.put("meanLatencyMillis", n == 0 ? 0.0 : nanos.sum() / 1e6 / n);
            ClassicHistogramBuckets buckets = buckets();
            m.put("p50LatencyMillis", buckets == null ? 0.0 : quantile(buckets, 0.5) * 1000);
            m.put("p99LatencyMillis", buckets == null ? 0.0 : quantile(buckets, 0.99) * 1000);
            // Raw bucket counts (upper bound in ms, count), so a client can take quantiles over a time window.
            List<double[]> raw = new ArrayList<>();
            if (buckets != null) {
                for (int i = 0; i < buckets.size(); i++) {
                    raw.add(new double[]{buckets.getUpperBound(i) * 1000, buckets.getCount(i)});
                }
            }
            m.put("latencyBuckets", raw);
            if ("shadow".equals(role)) {
                m.put("disagreements", (long) disagreements.labelValues(model, version).get());
            }
            return m;
        }

        private ClassicHistogramBuckets buckets() {
            for (HistogramSnapshot.HistogramDataPointSnapshot point : latency.collect().getDataPoints()) {
                if (model.equals(point.getLabels().get("model")) && version.equals(point.getLabels().get("version"))
                        && role.equals(point.getLabels().get("role"))) {
                    return point.getClassicBuckets();
                }
            }
            return null;
        }
    }

    /** The stats of a version in a role, created on first use. */
    public VersionStats stats(String model, String version, String role) {
        return stats.computeIfAbsent(model + '\u0000' + version + '\u0000' + role,
                k -> new VersionStats(model, version, role));
    }

    public void ignoredColumn(String model, String version, String column) {
        ignoredColumns.labelValues(model, version, column).inc();
    }

    public void rejected(String reason) {
        rejected.labelValues(reason).inc();
    }

    public void logDropped(long rows) {
        logDropped.inc(rows);
    }

    public void logWritten(long rows) {
        logWritten.inc(rows);
    }

    /** The Prometheus text exposition of all metrics. */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            new PrometheusTextFormatWriter(false).write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static double quantile(ClassicHistogramBuckets buckets, double q) {
        double[] bounds = new double[buckets.size()];
        long[] counts = new long[buckets.size()];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = buckets.getUpperBound(i);
            counts[i] = buckets.getCount(i);
        }
        return quantile(bounds, counts, q);
    }

    /**
     * A quantile of a histogram given as upper bounds and per-bucket (not cumulative) counts, interpolated
     * linearly inside the bucket as PromQL's histogram_quantile does; the +Inf bucket yields its lower bound.
     */
    public static double quantile(double[] bounds, long[] counts, double q) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return 0;
        }
        double rank = q * total;
        long seen = 0;
        double lower = 0;
        for (int i = 0; i < counts.length; i++) {
            long count = counts[i];
            double upper = bounds[i];
            if (seen + count >= rank && count > 0) {
                if (Double.isInfinite(upper)) {
                    return lower;
                }
                return lower + (upper - lower) * ((rank - seen) / count);
            }
            seen += count;
            lower = upper;
        }
        return lower;
    }
}
