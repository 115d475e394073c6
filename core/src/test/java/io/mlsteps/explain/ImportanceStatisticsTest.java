package io.mlsteps.explain;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.contract.gate.Direction;
import io.mlsteps.testing.PythonOracle;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The statistics of one column's importance (mean drop, its standard deviation with ddof 0 as scikit-learn's
 * importances_std, a percentile interval with numpy's linear interpolation) and the properties of the documented
 * random streams: every permutation is one, samples are distinct and sorted, and the streams are independent of
 * each other and of the order they run in.
 */
class ImportanceStatisticsTest {
    private static PermutationImportance.Settings settings(Direction direction, double level) {
        return new PermutationImportance.Settings("m", direction, 7, 42, 0, level, 2, false);
    }

    @Test
    void theDropsMeanStdAndIntervalAreNumpys() {
        PythonOracle.assumeModules("numpy");
        double baseline = 0.91;
        double[] scores = {0.80, 0.85, 0.78, 0.91, 0.95, 0.70, 0.83};
        JsonNode np = PythonOracle.json("""
                import json, numpy as np
                drops = %s - np.array(%s)
                print(json.dumps({'mean': drops.mean(), 'std': drops.std(), 'low': np.percentile(drops, 5),
                                  'high': np.percentile(drops, 95), 'low80': np.percentile(drops, 10),
                                  'high80': np.percentile(drops, 90)}))
                """.formatted(baseline, Arrays.toString(scores)));
        PermutationImportance.Column c = PermutationImportance.column("age", 3, baseline, scores,
                settings(Direction.HIGHER_IS_BETTER, 0.9));
        assertThat(c.name()).isEqualTo("age");
        assertThat(c.mean()).isCloseTo(np.get("mean").asDouble(), within(1e-12));
        assertThat(c.std()).isCloseTo(np.get("std").asDouble(), within(1e-12));
        assertThat(c.low()).isCloseTo(np.get("low").asDouble(), within(1e-12));
        assertThat(c.high()).isCloseTo(np.get("high").asDouble(), within(1e-12));
        PermutationImportance.Column c80 = PermutationImportance.column("age", 3, baseline, scores,
                settings(Direction.HIGHER_IS_BETTER, 0.8));
        assertThat(c80.low()).isCloseTo(np.get("low80").asDouble(), within(1e-12));
        assertThat(c80.high()).isCloseTo(np.get("high80").asDouble(), within(1e-12));
    }

    @Test
    void forALowerIsBetterMetricAWorseScoreIsAPositiveDrop() {
        // rmse rising from 10 to 12 when the column is permuted: the model uses it
        PermutationImportance.Column c = PermutationImportance.column("bmi", 0, 10.0, new double[]{12, 11, 13},
                settings(Direction.LOWER_IS_BETTER, 0.95));
        assertThat(c.drops()).containsExactly(2.0, 1.0, 3.0);
        assertThat(c.mean()).isEqualTo(2.0);
        PermutationImportance.Column higher = PermutationImportance.column("bmi", 0, 10.0, new double[]{12, 11, 13},
                settings(Direction.HIGHER_IS_BETTER, 0.95));
        assertThat(higher.mean()).as("the same scores for an accuracy-like metric: the column hurts").isEqualTo(-2.0);
    }

    @Test
    void anUndefinedMetricGivesNoImportanceAndNoInterval() {
        PermutationImportance.Column c = PermutationImportance.column("zip", 1, Double.NaN, new double[]{0.5, 0.6},
                settings(Direction.HIGHER_IS_BETTER, 0.95));
        assertThat(c.mean()).isNaN();
        assertThat(c.std()).isNaN();
        assertThat(c.low()).isNaN();
        assertThat(c.high()).isNaN();
    }

    @Test
    void oneRepeatHasNoSpreadAndItsIntervalIsThePoint() {
        PermutationImportance.Column c = PermutationImportance.column("x", 0, 0.9, new double[]{0.7},
                settings(Direction.HIGHER_IS_BETTER, 0.95));
        assertThat(c.mean()).isCloseTo(0.2, within(1e-12));
        assertThat(c.std()).isZero();
        assertThat(c.low()).isEqualTo(c.high()).isEqualTo(c.mean());
    }

    @Test
    void quantilesInterpolateLinearlyBetweenNeighbours() {
        double[] sorted = {1, 2, 4, 8};
        assertThat(PermutationImportance.quantile(sorted, 0)).isEqualTo(1.0);
        assertThat(PermutationImportance.quantile(sorted, 1)).isEqualTo(8.0);
        assertThat(PermutationImportance.quantile(sorted, 0.5)).isEqualTo(3.0);
        assertThat(PermutationImportance.quantile(sorted, 0.25)).isCloseTo(1.75, within(1e-12));
    }

    @Test
    void everyPermutationIsOneAndTheSameSeedGivesTheSameOrder() {
        for (int n : new int[]{1, 2, 3, 50, 1000}) {
            int[] order = PermutationStream.permutation(PermutationStream.permutationSeed(7, 2, 1, 5), n);
            assertThat(IntStream.of(order).sorted().toArray()).isEqualTo(IntStream.range(0, n).toArray());
            assertThat(PermutationStream.permutation(PermutationStream.permutationSeed(7, 2, 1, 5), n)).isEqualTo(order);
        }
        int[] big = PermutationStream.permutation(PermutationStream.permutationSeed(7, 0, 0, 5), 1000);
        long fixed = IntStream.range(0, big.length).filter(i -> big[i] == i).count();
        assertThat(fixed).as("a uniform permutation leaves about one row in place").isLessThan(8);
    }

    @Test
    void eachFeatureAndRepeatHasItsOwnStream() {
        Set<Long> seeds = new HashSet<>();
        for (int feature = 0; feature < 6; feature++) {
            for (int repeat = 0; repeat < 5; repeat++) {
                seeds.add(PermutationStream.permutationSeed(42, feature, repeat, 5));
            }
        }
        seeds.add(PermutationStream.streamSeed(42, 0)); // the sample's stream
        assertThat(seeds).hasSize(31);
        // stream k of a seed is the (k+1)-th draw of the stream starting at that seed (documented for scripts)
        java.util.SplittableRandom start = new java.util.SplittableRandom(42);
        long first = start.nextLong();
        long second = start.nextLong();
        assertThat(PermutationStream.streamSeed(42, 0)).isEqualTo(first);
        assertThat(PermutationStream.streamSeed(42, 1)).isEqualTo(second);
    }

    @Test
    void aSampleIsDistinctSortedRowsAndAllRowsWhenItWouldNotBeSmaller() {
        int[] sample = PermutationStream.sample(3, 1000, 100);
        assertThat(sample).hasSize(100).isSorted();
        assertThat(IntStream.of(sample).distinct().count()).isEqualTo(100);
        assertThat(IntStream.of(sample).max().orElseThrow()).isLessThan(1000);
        assertThat(IntStream.of(sample).min().orElseThrow()).as("spread over the rows, not the first 100").isLessThan(100);
        assertThat(IntStream.of(sample).max().orElseThrow()).isGreaterThan(900);
        assertThat(PermutationStream.sample(3, 1000, 100)).isEqualTo(sample);
        assertThat(PermutationStream.sample(4, 1000, 100)).isNotEqualTo(sample);
        assertThat(PermutationStream.sample(3, 10, 0)).isEqualTo(IntStream.range(0, 10).toArray());
        assertThat(PermutationStream.sample(3, 10, 10)).isEqualTo(IntStream.range(0, 10).toArray());
        assertThat(PermutationStream.sample(3, 10, 25)).isEqualTo(IntStream.range(0, 10).toArray());
    }
}
