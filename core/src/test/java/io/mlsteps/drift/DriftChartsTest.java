package io.mlsteps.drift;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The bins checkDrift's distribution charts are drawn with. */
class DriftChartsTest {
    private static double sum(double[] shares) {
        return Arrays.stream(shares).sum();
    }

    /** A delay-like column: most values near zero, a long tail to the right, a few far to the left. */
    @Test
    void aLongTailedColumnGetsRoundBinsOverItsCentreAndOpenBinsForTheTails() {
        Random rnd = new Random(3);
        double[] ref = new double[20_000];
        double[] cur = new double[20_000];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = Math.rint(-5 + 10 * rnd.nextGaussian() + (i % 100 == 0 ? 1_500 * rnd.nextDouble() : 0));
            cur[i] = Math.rint(-3 + 10 * rnd.nextGaussian() + (i % 100 == 0 ? 1_500 * rnd.nextDouble() : 0));
        }
        ref[0] = -1_116;
        DriftAnalyzer.Binned b = DriftCharts.displayBins(WeightedSample.of(ref), WeightedSample.of(cur), 20);
        assertThat(b).isNotNull();
        // the centre spans tens of minutes, not the 2,600 of min to max; whole-number round edges
        double step = b.edges()[1] - b.edges()[0];
        assertThat(step).isIn(1.0, 2.0, 5.0, 10.0, 20.0, 50.0);
        assertThat(b.edges()[b.edges().length - 1] - b.edges()[0]).isLessThan(2_000);
        assertThat(b.labels().get(0)).startsWith("< ");
        assertThat(b.labels().get(b.labels().size() - 1)).startsWith(">= ");
        assertThat(b.labels().subList(1, b.labels().size() - 1)).allMatch(l -> l.matches("-?\\d+"));
        assertThat(b.labels()).hasSizeBetween(12, 45);
        // every value is in one bin; each tail holds about the quantile it was cut at (at most 0.5 % + ties)
        assertThat(sum(b.reference())).isCloseTo(1, within(1e-9));
        assertThat(sum(b.current())).isCloseTo(1, within(1e-9));
        assertThat(b.reference()[0]).isBetween(1e-5, 0.01);
        assertThat(b.current()[b.current().length - 1]).isBetween(1e-5, 0.01);
        // the shift of two minutes shows as more current mass in the upper half of the centre
        int mid = b.labels().indexOf("0");
        assertThat(mid).isPositive();
        double refUpper = Arrays.stream(b.reference(), mid, b.reference().length - 1).sum();
        double curUpper = Arrays.stream(b.current(), mid, b.current().length - 1).sum();
        assertThat(curUpper).isGreaterThan(refUpper + 0.02);
    }

    @Test
    void decimalDataGetsDecimalEdgesAndNoEmptyOuterBins() {
        Random rnd = new Random(5);
        double[] ref = new double[5_000];
        double[] cur = new double[5_000];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = rnd.nextDouble() * 0.8;          // uniform on [0, 0.8): no tail beyond the central range
            cur[i] = 0.1 + rnd.nextDouble() * 0.8;
        }
        DriftAnalyzer.Binned b = DriftCharts.displayBins(WeightedSample.of(ref), WeightedSample.of(cur), 20);
        assertThat(b.edges()[1] - b.edges()[0]).isCloseTo(0.05, within(1e-12));
        assertThat(b.labels()).contains("0.1", "0.45");
        assertThat(sum(b.reference())).isCloseTo(1, within(1e-9));
        assertThat(sum(b.current())).isCloseTo(1, within(1e-9));
        // a tail bin is shown only when it holds something: here only the few lowest and highest values
        assertThat(b.labels().stream().filter(l -> l.startsWith("<") || l.startsWith(">=")).count()).isLessThanOrEqualTo(2);
    }

    @Test
    void aConstantCentreFallsBackToTheTestsBins() {
        double[] ref = new double[1_000];
        Arrays.fill(ref, 7);
        ref[0] = 1;
        ref[999] = 9;
        assertThat(DriftCharts.displayBins(WeightedSample.of(ref), WeightedSample.of(ref.clone()), 20)).isNull();
    }

    @Test
    void roundStepsAndQuantiles() {
        assertThat(DriftCharts.roundStep(0.3)).isEqualTo(0.5);
        assertThat(DriftCharts.roundStep(1.0)).isEqualTo(1.0);
        assertThat(DriftCharts.roundStep(13)).isEqualTo(20.0);
        assertThat(DriftCharts.roundStep(51)).isEqualTo(100.0);
        WeightedSample s = new WeightedSample(new double[]{1, 2, 3}, new double[]{1, 8, 1}, 10, true);
        assertThat(s.quantile(0.05)).isEqualTo(1);
        assertThat(s.quantile(0.5)).isEqualTo(2);
        assertThat(s.quantile(0.95)).isEqualTo(3);
    }
}
