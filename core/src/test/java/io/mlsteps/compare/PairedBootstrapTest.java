package io.mlsteps.compare;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.testing.PythonOracle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.ToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PairedBootstrapTest {

    static ToDoubleFunction<int[]> accuracy(int[] truth, int[] pred) {
        return idx -> {
            int ok = 0;
            for (int i : idx) {
                ok += truth[i] == pred[i] ? 1 : 0;
            }
            return idx.length == 0 ? Double.NaN : ok / (double) idx.length;
        };
    }

    static ToDoubleFunction<int[]> rmse(double[] truth, double[] pred) {
        return idx -> {
            double s = 0;
            for (int i : idx) {
                s += (truth[i] - pred[i]) * (truth[i] - pred[i]);
            }
            return Math.sqrt(s / idx.length);
        };
    }

    @Test
    void splitMixMatchesItsPublishedFirstOutputs() {
        // reference values of SplitMix64 seeded with 1234567 (Vigna's splitmix64.c)
        SplitMix64 r = new SplitMix64(1234567);
        assertThat(r.nextLong()).isEqualTo(6457827717110365317L);
        assertThat(r.nextLong()).isEqualTo(3203168211198807973L);
        // a skipped generator continues the same stream
        SplitMix64 a = new SplitMix64(42);
        for (int i = 0; i < 17; i++) {
            a.nextLong();
        }
        assertThat(SplitMix64.skipped(42, 17).nextLong()).isEqualTo(a.nextLong());
    }

    @Test
    void identicalModelsHaveAZeroWidthDeltaInterval() {
        int[] truth = {0, 1, 1, 0, 1, 0, 0, 1, 1, 1};
        int[] pred = {0, 1, 0, 0, 1, 1, 0, 1, 1, 0};
        var r = new PairedBootstrap(200, 7, 0.95).run(truth.length, accuracy(truth, pred), accuracy(truth, pred));
        assertThat(r.delta()).isZero();
        assertThat(r.deltaInterval().lower()).isZero();
        assertThat(r.deltaInterval().upper()).isZero();
        assertThat(r.candidateInterval().width()).isPositive();
    }

    @Test
    void sameSeedSameInterval_otherSeedOtherInterval() {
        Random rnd = new Random(3);
        int n = 300;
        int[] truth = new int[n], a = new int[n], b = new int[n];
        for (int i = 0; i < n; i++) {
            truth[i] = rnd.nextInt(2);
            a[i] = rnd.nextDouble() < 0.8 ? truth[i] : 1 - truth[i];
            b[i] = rnd.nextDouble() < 0.75 ? truth[i] : 1 - truth[i];
        }
        var r1 = new PairedBootstrap(500, 1, 0.95).run(n, accuracy(truth, a), accuracy(truth, b));
        var r2 = new PairedBootstrap(500, 1, 0.95).run(n, accuracy(truth, a), accuracy(truth, b));
        var r3 = new PairedBootstrap(500, 2, 0.95).run(n, accuracy(truth, a), accuracy(truth, b));
        assertThat(r1.deltaInterval()).isEqualTo(r2.deltaInterval());
        assertThat(r1.deltaInterval()).isNotEqualTo(r3.deltaInterval());
        assertThat(r1.deltaInterval().lower()).isLessThan(r1.delta()).isGreaterThan(r1.delta() - 0.15);
    }

    @Test
    void undefinedResamplesAreLeftOutAndCounted() {
        int n = 50;
        int[] truth = new int[n], pred = new int[n];
        ToDoubleFunction<int[]> sometimesUndefined = idx -> idx[0] % 5 == 0 ? Double.NaN : 0.5;
        var r = new PairedBootstrap(100, 11, 0.9).run(n, sometimesUndefined, accuracy(truth, pred));
        assertThat(r.valid()).isLessThan(100).isGreaterThan(50);
        assertThat(r.deltaInterval().isDefined()).isTrue();
    }

    @Test
    void intervalEqualsAnIndependentPythonBootstrapOnTheSameIndexStream(@TempDir Path dir) throws Exception {
        PythonOracle.assumeModules("numpy");
        Random rnd = new Random(20240601);
        int n = 257;
        int[] truth = new int[n], a = new int[n], b = new int[n];
        double[] y = new double[n], p = new double[n], q = new double[n];
        StringBuilder csv = new StringBuilder("truth,a,b,y,p,q\n");
        for (int i = 0; i < n; i++) {
            truth[i] = rnd.nextInt(2);
            a[i] = rnd.nextDouble() < 0.82 ? truth[i] : 1 - truth[i];
            b[i] = rnd.nextDouble() < 0.78 ? truth[i] : 1 - truth[i];
            y[i] = rnd.nextGaussian() * 10;
            p[i] = y[i] + rnd.nextGaussian() * 3;
            q[i] = y[i] + rnd.nextGaussian() * 3.3;
            csv.append(truth[i]).append(',').append(a[i]).append(',').append(b[i]).append(',')
                    .append(y[i]).append(',').append(p[i]).append(',').append(q[i]).append('\n');
        }
        Path data = dir.resolve("data.csv");
        Files.writeString(data, csv);
        int resamples = 400;
        long seed = -8_123_456_789L;
        PairedBootstrap boot = new PairedBootstrap(resamples, seed, 0.9);
        var acc = boot.run(n, accuracy(truth, a), accuracy(truth, b));
        var err = boot.run(n, rmse(y, p), rmse(y, q));

        // an independent implementation: SplitMix64 from its published definition, numpy for the rest
        JsonNode out = PythonOracle.json("""
                import json, numpy as np
                M = (1 << 64) - 1
                G = 0x9E3779B97F4A7C15
                def stream(seed, count):
                    s = seed & M
                    for _ in range(count):
                        s = (s + G) & M
                        z = s
                        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
                        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
                        yield z ^ (z >> 31)
                d = np.genfromtxt(%s, delimiter=',', names=True)
                n, B, seed = %d, %d, %d
                idx = np.array([int((x >> 11) * 2.0**-53 * n) for x in stream(seed, n * B)]).reshape(B, n)
                acc = lambda pred, i: np.mean(d['truth'][i] == pred[i])
                rmse = lambda pred, i: np.sqrt(np.mean((d['y'][i] - pred[i]) ** 2))
                da = np.array([acc(d['a'], i) - acc(d['b'], i) for i in idx])
                dr = np.array([rmse(d['p'], i) - rmse(d['q'], i) for i in idx])
                ca = np.array([acc(d['a'], i) for i in idx])
                print(json.dumps({'acc': list(np.percentile(da, [5, 95])), 'rmse': list(np.percentile(dr, [5, 95])),
                                  'cand': list(np.percentile(ca, [5, 95])), 'first': [int(v) for v in idx[3][:5]]}))
                """.formatted("'" + data + "'", n, resamples, seed));
        int[] third = boot.indices(3, n);
        for (int i = 0; i < 5; i++) {
            assertThat(third[i]).isEqualTo(out.get("first").get(i).asInt());
        }
        assertThat(acc.deltaInterval().lower()).isCloseTo(out.get("acc").get(0).asDouble(), within(1e-12));
        assertThat(acc.deltaInterval().upper()).isCloseTo(out.get("acc").get(1).asDouble(), within(1e-12));
        assertThat(acc.candidateInterval().lower()).isCloseTo(out.get("cand").get(0).asDouble(), within(1e-12));
        assertThat(acc.candidateInterval().upper()).isCloseTo(out.get("cand").get(1).asDouble(), within(1e-12));
        assertThat(err.deltaInterval().lower()).isCloseTo(out.get("rmse").get(0).asDouble(), within(1e-9));
        assertThat(err.deltaInterval().upper()).isCloseTo(out.get("rmse").get(1).asDouble(), within(1e-9));
    }
}
