package io.mlsteps.serve;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Quantiles from histogram buckets follow PromQL's histogram_quantile (linear inside the bucket). */
class ServerMetricsTest {
    @Test
    void quantileInterpolatesInsideTheBucket() {
        double[] bounds = {1, 2, 4, Double.POSITIVE_INFINITY};
        long[] counts = {10, 10, 0, 0};
        assertThat(ServerMetrics.quantile(bounds, counts, 0.5)).isCloseTo(1.0, within(1e-12));
        assertThat(ServerMetrics.quantile(bounds, counts, 0.75)).isCloseTo(1.5, within(1e-12));
        assertThat(ServerMetrics.quantile(bounds, new long[]{0, 0, 0, 5}, 0.99)).isEqualTo(4.0);
        assertThat(ServerMetrics.quantile(bounds, new long[4], 0.99)).isZero();
    }

    @Test
    void statsCountRequestsErrorsAndLatency() {
        ServerMetrics metrics = new ServerMetrics();
        ServerMetrics.VersionStats s = metrics.stats("m", "1", "primary");
        for (int i = 0; i < 99; i++) {
            s.record(200, 1, 1_500_000);  // 1.5 ms: bucket (1, 2] ms
        }
        s.record(500, 0, 80_000_000);     // 80 ms: bucket (50, 100] ms
        var map = s.toMap();
        assertThat(map.get("requests")).isEqualTo(100L);
        assertThat(map.get("errors")).isEqualTo(1L);
        assertThat(map.get("predictions")).isEqualTo(99L);
        assertThat((Double) map.get("p50LatencyMillis")).isBetween(1.0, 2.0);
        assertThat((Double) map.get("p99LatencyMillis")).isBetween(1.0, 2.0);
        assertThat(new String(metrics.scrape())).contains("mlsteps_requests_total{code=\"500\",model=\"m\",role=\"primary\",version=\"1\"} 1.0");
    }
}
