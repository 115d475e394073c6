package io.mlsteps.drift;

import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The drift statistics, as pure functions. Numeric ones take {@link WeightedSample}s (exact data or
 * sketches); categorical ones take frequency counts. Each follows the reference implementation named in
 * its comment, so results can be checked against scipy and match what Evidently users know.
 */
public final class DriftStatistics {
    /** scipy's {@code ks_2samp(method='auto')} is exact up to this sample size, asymptotic above. */
    static final long KS_MAX_EXACT_N = 10_000;

    private DriftStatistics() {
    }

    /** A test statistic with its p-value (NaN for distances) and, for KS, how the p-value was computed. */
    public record TestResult(double statistic, double pValue, String mode) {
    }

    /** Two-sided two-sample Kolmogorov–Smirnov test, as {@code scipy.stats.ks_2samp(a, b)}. */
    public static TestResult ks(WeightedSample a, WeightedSample b) {
        double d = ksStatistic(a, b);
        long n1 = a.count();
        long n2 = b.count();
        long g = gcd(n1, n2);
        if (Math.max(n1, n2) <= KS_MAX_EXACT_N) {
            long n1g = n1 / g;
            long lcm = n1g * n2;
            long h = Math.round(d * lcm);
            double dr = (double) h / lcm;
            if (h == 0) {
                return new TestResult(dr, 1.0, "exact");
            }
            double prob = n1 == n2 ? KolmogorovDistribution.probOutsideSquare(n1, h)
                    : KolmogorovDistribution.outerProbInside(n1, n2, g, h);
            if (prob >= 0 && prob <= 1 && !Double.isNaN(prob)) {
                return new TestResult(dr, prob, "exact");
            }
            d = dr;
        }
        double m = Math.max(n1, n2);
        double n = Math.min(n1, n2);
        double en = m * n / (m + n);
        double p = KolmogorovDistribution.kolmogorovSf((int) Math.rint(en), d);
        return new TestResult(d, Math.max(0, Math.min(1, p)), "asymp");
    }

    /** Sees each point of the union of both supports with both CDFs just before and at it. */
    private interface CdfVisitor {
        void visit(double x, double previousX, double fa, double fb, double faBefore, double fbBefore);
    }

    /** Walks the union of both supports in order, with the right-continuous empirical CDFs. */
    private static void walk(WeightedSample a, WeightedSample b, CdfVisitor visitor) {
        double wa = a.totalWeight();
        double wb = b.totalWeight();
        double[] va = a.values();
        double[] vb = b.values();
        double[] pa = a.weights();
        double[] pb = b.weights();
        int i = 0;
        int j = 0;
        double ca = 0;
        double cb = 0;
        double prev = Double.NaN;
        while (i < va.length || j < vb.length) {
            double x = j >= vb.length || (i < va.length && va[i] <= vb[j]) ? va[i] : vb[j];
            double beforeA = ca / wa;
            double beforeB = cb / wb;
            while (i < va.length && va[i] == x) {
                ca += pa[i++];
            }
            while (j < vb.length && vb[j] == x) {
                cb += pb[j++];
            }
            visitor.visit(x, prev, ca / wa, cb / wb, beforeA, beforeB);
            prev = x;
        }
    }

    /** sup |F_a - F_b| over the union of both supports (right-continuous empirical CDFs). */
    public static double ksStatistic(WeightedSample a, WeightedSample b) {
        double[] d = {0};
        walk(a, b, (x, prev, fa, fb, faBefore, fbBefore) -> d[0] = Math.max(d[0], Math.abs(fa - fb)));
        return d[0];
    }

    /** First Wasserstein distance between the two distributions, as {@code scipy.stats.wasserstein_distance}. */
    public static double wasserstein(WeightedSample a, WeightedSample b) {
        double[] sum = {0};
        walk(a, b, (x, prev, fa, fb, faBefore, fbBefore) -> {
            if (!Double.isNaN(prev)) {
                sum[0] += Math.abs(faBefore - fbBefore) * (x - prev);
            }
        });
        return sum[0];
    }

    /** Wasserstein distance divided by the reference's standard deviation (at least 0.001), as Evidently. */
    public static double wassersteinNormalized(WeightedSample reference, WeightedSample current) {
        return wasserstein(reference, current) / Math.max(reference.std(), 0.001);
    }

    /** Sturges bin edges over both samples together, as {@code numpy.histogram_bin_edges(concat, 'sturges')}. */
    public static double[] sturgesEdges(WeightedSample a, WeightedSample b) {
        double first = Math.min(a.min(), b.min());
        double last = Math.max(a.max(), b.max());
        long size = a.count() + b.count();
        int bins;
        if (first == last) {
            first -= 0.5;
            last += 0.5;
            bins = 1;
        } else {
            double width = (last - first) / (Math.log(size) / Math.log(2) + 1.0);
            bins = (int) Math.ceil((last - first) / width);
        }
        double[] edges = new double[bins + 1];
        double step = (last - first) / bins;
        for (int k = 0; k < bins; k++) {
            edges[k] = k * step + first;
        }
        edges[bins] = last;
        return edges;
    }

    /**
     * Weights per bin as {@code numpy.histogram(x, edges)}: half-open bins, the last one closed; values
     * outside the edges are not counted.
     */
    public static double[] histogram(WeightedSample s, double[] edges) {
        double[] counts = new double[edges.length - 1];
        double[] v = s.values();
        double[] w = s.weights();
        int bin = 0;
        int last = counts.length - 1;
        for (int i = 0; i < v.length; i++) {
            double x = v[i];
            if (x < edges[0] || x > edges[edges.length - 1]) {
                continue;
            }
            while (bin < last && x >= edges[bin + 1]) {
                bin++;
            }
            counts[bin] += w[i];
        }
        return counts;
    }

    /** Frequencies of categories over the union of both key sets (reference order first). */
    public static <K> double[][] alignCounts(Map<K, Long> reference, Map<K, Long> current) {
        Set<K> keys = new LinkedHashSet<>(reference.keySet());
        keys.addAll(current.keySet());
        double[][] out = new double[2][keys.size()];
        int i = 0;
        for (K key : keys) {
            out[0][i] = reference.getOrDefault(key, 0L);
            out[1][i++] = current.getOrDefault(key, 0L);
        }
        return out;
    }

    /** Divides by the total (Evidently divides by the number of rows, which is the same). */
    public static double[] percents(double[] counts, double total) {
        double[] p = new double[counts.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = counts[i] / total;
        }
        return p;
    }

    /** Replaces empty bins by a small share so that logarithms stay finite (Evidently's rule for PSI). */
    public static double[] fillZeroes(double[] percents) {
        double min = Double.POSITIVE_INFINITY;
        for (double p : percents) {
            if (p != 0) {
                min = Math.min(min, p);
            }
        }
        double fill = min <= 0.0001 ? min / 1e6 : 0.0001;
        double[] out = percents.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0) {
                out[i] = fill;
            }
        }
        return out;
    }

    /** Population stability index: sum (r - c) ln(r / c) on zero-filled shares. */
    public static double psi(double[] referencePercents, double[] currentPercents) {
        double[] r = fillZeroes(referencePercents);
        double[] c = fillZeroes(currentPercents);
        double s = 0;
        for (int i = 0; i < r.length; i++) {
            s += (r[i] - c[i]) * Math.log(r[i] / c[i]);
        }
        return s;
    }

    /** Jensen–Shannon distance (natural log), as {@code scipy.spatial.distance.jensenshannon(p, q)}. */
    public static double jensenShannon(double[] p, double[] q) {
        double sp = 0;
        double sq = 0;
        for (int i = 0; i < p.length; i++) {
            sp += p[i];
            sq += q[i];
        }
        double js = 0;
        for (int i = 0; i < p.length; i++) {
            double pi = p[i] / sp;
            double qi = q[i] / sq;
            double m = (pi + qi) / 2;
            js += relEntr(pi, m) + relEntr(qi, m);
        }
        return Math.sqrt(js / 2);
    }

    private static double relEntr(double x, double y) {
        if (x > 0 && y > 0) {
            return x * Math.log(x / y);
        }
        return x == 0 && y >= 0 ? 0 : Double.POSITIVE_INFINITY;
    }

    /** Largest absolute difference of the two normalised frequency vectors (L-infinity distance). */
    public static double lInfinity(double[] p, double[] q) {
        double sp = 0;
        double sq = 0;
        for (int i = 0; i < p.length; i++) {
            sp += p[i];
            sq += q[i];
        }
        double d = 0;
        for (int i = 0; i < p.length; i++) {
            d = Math.max(d, Math.abs(p[i] / sp - q[i] / sq));
        }
        return d;
    }

    /**
     * Chi-squared test of independence on the 2 x k table of reference and current counts, as
     * {@code scipy.stats.chi2_contingency} (Yates' correction when there is one degree of freedom).
     * Categories seen in neither sample are dropped first.
     */
    public static TestResult chiSquared(double[] reference, double[] current) {
        int k = 0;
        for (int i = 0; i < reference.length; i++) {
            if (reference[i] + current[i] > 0) {
                k++;
            }
        }
        double[][] obs = new double[2][k];
        int c = 0;
        for (int i = 0; i < reference.length; i++) {
            if (reference[i] + current[i] > 0) {
                obs[0][c] = reference[i];
                obs[1][c++] = current[i];
            }
        }
        int dof = k - 1;
        if (dof <= 0) {
            return new TestResult(0.0, 1.0, "dof=0");
        }
        double[] rowSum = {0, 0};
        double[] colSum = new double[k];
        double total = 0;
        for (int r = 0; r < 2; r++) {
            for (int j = 0; j < k; j++) {
                rowSum[r] += obs[r][j];
                colSum[j] += obs[r][j];
                total += obs[r][j];
            }
        }
        double stat = 0;
        for (int r = 0; r < 2; r++) {
            for (int j = 0; j < k; j++) {
                double expected = rowSum[r] * colSum[j] / total;
                double o = obs[r][j];
                if (dof == 1) {
                    double diff = expected - o;
                    o += Math.min(0.5, Math.abs(diff)) * Math.signum(diff);
                }
                stat += (o - expected) * (o - expected) / expected;
            }
        }
        return new TestResult(stat, chiSquaredSf(stat, dof), "dof=" + dof);
    }

    /** Upper tail of the chi-squared distribution. */
    public static double chiSquaredSf(double x, int dof) {
        if (x <= 0) {
            return 1.0;
        }
        return Gamma.regularizedGammaQ(dof / 2.0, x / 2.0);
    }

    /**
     * Two-proportion Z-test (pooled variance, two-sided) on the share of the first category, as
     * Evidently's {@code z} test for binary columns. Counts are {first, second} per sample.
     */
    public static TestResult zTest(double[] reference, double[] current) {
        double n1 = reference[0] + reference[1];
        double n2 = current[0] + current[1];
        double p1 = reference[0] / n1;
        double p2 = current[0] / n2;
        double pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        if (se == 0) {
            return new TestResult(0.0, 1.0, "z");
        }
        double z = (p1 - p2) / se;
        return new TestResult(z, normalTwoSided(z), "z");
    }

    /** 2 (1 - Phi(|z|)). */
    public static double normalTwoSided(double z) {
        return Erf.erfc(Math.abs(z) / Math.sqrt(2));
    }

    static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** Category counts of a raw array, in order of first appearance. */
    public static Map<String, Long> countCategories(String... values) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String v : values) {
            m.merge(v, 1L, Long::sum);
        }
        return m;
    }
}
