package io.mlsteps.jenkins.trend;

import io.mlsteps.jenkins.trend.TrendSeries.BuildPoint;
import io.mlsteps.jenkins.trend.TrendSeries.Point;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrendSeriesTest {
    private static Map<String, Double> map(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        }
        return m;
    }

    @Test
    void valuesThresholdAndBaselinePerBuildInBuildOrder() {
        List<BuildPoint> points = List.of(
                new BuildPoint(12, map("accuracy", 0.86, "delta[accuracy]", 0.01), map("accuracy", 0.85)),
                new BuildPoint(10, map("accuracy", 0.84), map("accuracy", 0.80)),
                new BuildPoint(11, map("roc_auc", 0.9), map()),
                new BuildPoint(13, map("accuracy", Double.NaN), map("accuracy", 0.85)));
        TrendSeries series = TrendSeries.of("accuracy", points);
        assertThat(series.getRows().keySet()).containsExactly(TrendSeries.VALUE, TrendSeries.THRESHOLD, TrendSeries.BASELINE);
        assertThat(series.getRows().get(TrendSeries.VALUE)).containsExactly(new Point(10, 0.84), new Point(12, 0.86));
        assertThat(series.getRows().get(TrendSeries.THRESHOLD)).containsExactly(new Point(10, 0.80), new Point(12, 0.85));
        List<Point> baseline = series.getRows().get(TrendSeries.BASELINE);
        assertThat(baseline.get(0).value()).isNull();
        assertThat(baseline.get(1).value()).isCloseTo(0.85, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void wildcardGateGivesTheSliceItsThreshold() {
        List<BuildPoint> points = List.of(new BuildPoint(1, map("accuracy[sex=Female]", 0.9), map("accuracy[sex=*]", 0.8)));
        TrendSeries series = TrendSeries.of("accuracy[sex=Female]", points);
        assertThat(series.getRows().get(TrendSeries.THRESHOLD)).containsExactly(new Point(1, 0.8));
        assertThat(TrendSeries.of("accuracy[race=White]", points).isEmpty()).isTrue();
    }

    @Test
    void noGateNoBaselineMeansOnlyTheValueLine() {
        TrendSeries series = TrendSeries.of("rmse", List.of(new BuildPoint(3, map("rmse", 2.5), map())));
        assertThat(series.getRows().keySet()).containsExactly(TrendSeries.VALUE);
        assertThat(TrendSeries.of("rmse", List.of()).isEmpty()).isTrue();
    }

    @Test
    void trendMetricsPutGatedOnesFirst() {
        List<BuildPoint> points = List.of(
                new BuildPoint(2, map("accuracy", 0.8, "log_loss", 0.4, "accuracy[sex=Male]", 0.7, "recall[class=x]", 0.5),
                        map("accuracy[sex=*]", 0.6)),
                new BuildPoint(1, map("drift_share", 0.1), map("drift_share", 0.5)));
        assertThat(TrendSeries.trendMetrics(points, 10))
                .containsExactly("accuracy[sex=Male]", "drift_share", "accuracy", "log_loss");
        assertThat(TrendSeries.trendMetrics(points, 2)).hasSize(2);
    }
}
