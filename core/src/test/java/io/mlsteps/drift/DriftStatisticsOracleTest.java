package io.mlsteps.drift;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.testing.PythonOracle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Every drift statistic on raw data against scipy (Debian's /usr/bin/python3). */
class DriftStatisticsOracleTest {

    @BeforeAll
    static void oracle() {
        PythonOracle.assumeModules("scipy", "numpy");
    }

    /** Pairs of samples that exercise the exact, equal-size, tied and asymptotic branches of ks_2samp. */
    private static List<double[][]> numericCases() {
        Random rnd = new Random(7);
        List<double[][]> cases = new ArrayList<>();
        cases.add(new double[][]{normal(rnd, 50, 0, 1), normal(rnd, 60, 0.5, 1)});
        cases.add(new double[][]{normal(rnd, 100, 0, 1), normal(rnd, 100, 0.2, 1)});
        cases.add(new double[][]{ints(rnd, 300, 20), ints(rnd, 700, 22)});
        cases.add(new double[][]{normal(rnd, 800, 0, 1), normal(rnd, 900, 0, 1.1)});
        cases.add(new double[][]{normal(rnd, 2000, 0, 1), normal(rnd, 15000, 0.05, 1)});
        cases.add(new double[][]{normal(rnd, 20000, 0, 1), normal(rnd, 20000, 0.01, 1)});
        cases.add(new double[][]{normal(rnd, 120, 0, 1), normal(rnd, 12000, 0.1, 1)});
        cases.add(new double[][]{normal(rnd, 40, 0, 1), normal(rnd, 40, 3, 1)});
        cases.add(new double[][]{ints(rnd, 30000, 6), ints(rnd, 25000, 6)});
        return cases;
    }

    @Test
    void numericStatisticsEqualScipy() throws Exception {
        List<double[][]> cases = numericCases();
        Path dir = Files.createTempDirectory("driftoracle");
        StringBuilder py = new StringBuilder("""
                import json, numpy as np
                from scipy import stats
                from scipy.spatial import distance
                out = []
                """);
        for (int c = 0; c < cases.size(); c++) {
            Path a = dir.resolve("a" + c + ".txt");
            Path b = dir.resolve("b" + c + ".txt");
            write(a, cases.get(c)[0]);
            write(b, cases.get(c)[1]);
            py.append("a = np.loadtxt('").append(a).append("'); b = np.loadtxt('").append(b).append("')\n");
            py.append("""
                    r = stats.ks_2samp(a, b)
                    edges = np.histogram_bin_edges(np.concatenate([a, b]), bins='sturges')
                    ra = np.histogram(a, edges)[0] / len(a); rb = np.histogram(b, edges)[0] / len(b)
                    out.append(dict(ks=float(r.statistic), p=float(r.pvalue),
                        w=float(stats.wasserstein_distance(a, b)), std=float(np.std(a)),
                        js=float(distance.jensenshannon(ra, rb)), nbins=len(edges) - 1, ra=ra.tolist(), rb=rb.tolist()))
                    """);
        }
        py.append("print(json.dumps(out))\n");
        JsonNode expected = PythonOracle.json(py.toString());
        for (int c = 0; c < cases.size(); c++) {
            WeightedSample a = WeightedSample.of(cases.get(c)[0]);
            WeightedSample b = WeightedSample.of(cases.get(c)[1]);
            JsonNode e = expected.get(c);
            var ks = DriftStatistics.ks(a, b);
            String label = "case " + c + " (n=" + a.count() + "," + b.count() + ", " + ks.mode() + ")";
            assertThat(ks.statistic()).as(label + " KS statistic").isCloseTo(e.get("ks").asDouble(), within(1e-9));
            assertThat(ks.pValue()).as(label + " KS p-value").isCloseTo(e.get("p").asDouble(), within(1e-6));
            assertThat(DriftStatistics.wasserstein(a, b)).as(label + " Wasserstein")
                    .isCloseTo(e.get("w").asDouble(), within(1e-9 * Math.max(1, e.get("w").asDouble())));
            assertThat(a.std()).as(label + " std").isCloseTo(e.get("std").asDouble(), within(1e-9));
            double[] edges = DriftStatistics.sturgesEdges(a, b);
            assertThat(edges.length - 1).as(label + " Sturges bins").isEqualTo(e.get("nbins").asInt());
            double[] ra = DriftStatistics.percents(DriftStatistics.histogram(a, edges), a.count());
            double[] rb = DriftStatistics.percents(DriftStatistics.histogram(b, edges), b.count());
            for (int i = 0; i < ra.length; i++) {
                assertThat(ra[i]).as(label + " bin " + i).isCloseTo(e.get("ra").get(i).asDouble(), within(1e-12));
                assertThat(rb[i]).as(label + " bin " + i).isCloseTo(e.get("rb").get(i).asDouble(), within(1e-12));
            }
            assertThat(DriftStatistics.jensenShannon(ra, rb)).as(label + " Jensen-Shannon")
                    .isCloseTo(e.get("js").asDouble(), within(1e-9));
        }
    }

    @Test
    void categoricalStatisticsEqualScipy() {
        double[][][] tables = {
                {{120, 80}, {95, 105}},              // two categories: Yates' correction
                {{10, 20, 30, 40, 50}, {12, 25, 22, 41, 60}},
                {{500, 300, 0, 7}, {450, 320, 3, 0}},
                {{1000, 1}, {990, 11}},
        };
        StringBuilder py = new StringBuilder("""
                import json, numpy as np
                from scipy import stats
                from scipy.spatial import distance
                out = []
                """);
        for (double[][] t : tables) {
            py.append("t = np.array([").append(row(t[0])).append(", ").append(row(t[1])).append("])\n");
            py.append("""
                    keep = t.sum(axis=0) > 0
                    chi = stats.chi2_contingency(t[:, keep])
                    r = t[0] / t[0].sum(); c = t[1] / t[1].sum()
                    n1, n2 = t[0].sum(), t[1].sum(); p1, p2 = t[0][0] / n1, t[1][0] / n2
                    P = (p1 * n1 + p2 * n2) / (n1 + n2)
                    z = (p1 - p2) / np.sqrt(P * (1 - P) * (1 / n1 + 1 / n2))
                    out.append(dict(chi=float(chi[0]), p=float(chi[1]), js=float(distance.jensenshannon(r, c)),
                                    linf=float(np.max(np.abs(r - c))), z=float(z), zp=float(2 * stats.norm.sf(abs(z)))))
                    """);
        }
        py.append("print(json.dumps(out))\n");
        JsonNode expected = PythonOracle.json(py.toString());
        for (int i = 0; i < tables.length; i++) {
            JsonNode e = expected.get(i);
            double[] r = tables[i][0];
            double[] c = tables[i][1];
            var chi = DriftStatistics.chiSquared(r, c);
            assertThat(chi.statistic()).as("chi2 table " + i).isCloseTo(e.get("chi").asDouble(), within(1e-6));
            assertThat(chi.pValue()).as("chi2 p table " + i).isCloseTo(e.get("p").asDouble(), within(1e-6));
            assertThat(DriftStatistics.jensenShannon(r, c)).as("JS table " + i).isCloseTo(e.get("js").asDouble(), within(1e-9));
            assertThat(DriftStatistics.lInfinity(r, c)).as("Linf table " + i).isCloseTo(e.get("linf").asDouble(), within(1e-12));
            var z = DriftStatistics.zTest(new double[]{r[0], sumFrom(r, 1)}, new double[]{c[0], sumFrom(c, 1)});
            assertThat(z.statistic()).as("z table " + i).isCloseTo(e.get("z").asDouble(), within(1e-9));
            assertThat(z.pValue()).as("z p table " + i).isCloseTo(e.get("zp").asDouble(), within(1e-9));
        }
    }

    @Test
    void psiFollowsItsDefinitionWithZeroFilling() {
        double[] r = {0.5, 0.3, 0.2, 0.0};
        double[] c = {0.4, 0.3, 0.2, 0.1};
        // the empty reference bin is filled with 0.0001 (the smallest share is above 0.0001)
        double expected = (0.5 - 0.4) * Math.log(0.5 / 0.4) + (0.0001 - 0.1) * Math.log(0.0001 / 0.1);
        assertThat(DriftStatistics.psi(r, c)).isCloseTo(expected, within(1e-12));
        assertThat(DriftStatistics.psi(c, c)).isEqualTo(0.0);
        // a tiny smallest share is divided by a million instead
        double[] tiny = {0.99995, 0.00005, 0.0};
        assertThat(DriftStatistics.fillZeroes(tiny)[2]).isCloseTo(0.00005 / 1e6, within(1e-18));
    }

    private static double sumFrom(double[] a, int from) {
        double s = 0;
        for (int i = from; i < a.length; i++) {
            s += a[i];
        }
        return s;
    }

    private static String row(double[] r) {
        StringBuilder sb = new StringBuilder("[");
        for (double v : r) {
            sb.append(sb.length() > 1 ? "," : "").append(v);
        }
        return sb.append("]").toString();
    }

    static double[] normal(Random rnd, int n, double mean, double sd) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = mean + sd * rnd.nextGaussian();
        }
        return a;
    }

    static double[] ints(Random rnd, int n, int bound) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextInt(bound);
        }
        return a;
    }

    static void write(Path file, double[] values) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (double v : values) {
            sb.append(v).append('\n');
        }
        Files.writeString(file, sb);
    }
}
