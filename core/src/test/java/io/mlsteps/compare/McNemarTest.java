package io.mlsteps.compare;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.testing.PythonOracle;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class McNemarTest {
    private static final int[][] PAIRS = {{0, 0}, {0, 1}, {1, 0}, {3, 3}, {2, 9}, {9, 2}, {10, 25}, {0, 12},
            {41, 60}, {150, 121}, {1000, 1100}, {3000, 3200}, {7000, 7001}, {25, 0}};

    @Test
    void countsTheDiscordantRows() {
        boolean[] cand = {true, true, false, false, true, true};
        boolean[] base = {true, false, true, false, false, true};
        McNemar m = McNemar.test(cand, base);
        assertThat(m.bothCorrect()).isEqualTo(2);
        assertThat(m.candidateOnly()).isEqualTo(2);
        assertThat(m.baselineOnly()).isEqualTo(1);
        assertThat(m.bothWrong()).isEqualTo(1);
        assertThat(m.accuracyDelta()).isCloseTo(1.0 / 6, within(1e-15));
    }

    @Test
    void withoutDiscordantRowsThereIsNoEvidenceOfADifference() {
        assertThat(McNemar.exactP(0, 0)).isEqualTo(1.0);
        assertThat(McNemar.midP(0, 0)).isEqualTo(1.0);
        assertThat(McNemar.exactP(5, 5)).isEqualTo(1.0);
    }

    @Test
    void smallCasesByHand() {
        // b=0, c=5: P(X<=0) = 1/32, two-sided 1/16; mid-p = 2/32 - 1/32 = 1/32
        assertThat(McNemar.exactP(0, 5)).isCloseTo(1.0 / 16, within(1e-15));
        assertThat(McNemar.midP(0, 5)).isCloseTo(1.0 / 32, within(1e-15));
        assertThat(McNemar.exactP(5, 0)).isEqualTo(McNemar.exactP(0, 5));
    }

    @Test
    void exactTestEqualsScipyBinomtestAndMidPEqualsAnIndependentComputation() {
        PythonOracle.assumeModules("scipy");
        StringBuilder pairs = new StringBuilder("[");
        for (int[] p : PAIRS) {
            pairs.append("(").append(p[0]).append(",").append(p[1]).append("),");
        }
        pairs.append("]");
        JsonNode out = PythonOracle.json("""
                import json
                from scipy.stats import binomtest, binom
                res = []
                for b, c in %s:
                    n = b + c
                    if n == 0:
                        res.append([1.0, 1.0]); continue
                    exact = binomtest(b, n, 0.5, alternative='two-sided').pvalue
                    k = min(b, c)
                    mid = min(1.0, 2 * binom.cdf(k, n, 0.5) - binom.pmf(k, n, 0.5))
                    res.append([float(exact), float(mid)])
                print(json.dumps(res))
                """.formatted(pairs));
        for (int i = 0; i < PAIRS.length; i++) {
            int b = PAIRS[i][0], c = PAIRS[i][1];
            double exact = out.get(i).get(0).asDouble();
            double mid = out.get(i).get(1).asDouble();
            assertThat(McNemar.exactP(b, c)).as("exact p for b=%d c=%d", b, c)
                    .isCloseTo(exact, within(1e-12 + 1e-9 * exact));
            assertThat(McNemar.midP(b, c)).as("mid-p for b=%d c=%d", b, c)
                    .isCloseTo(mid, within(1e-12 + 1e-9 * mid));
        }
    }
}
