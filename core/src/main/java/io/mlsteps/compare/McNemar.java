package io.mlsteps.compare;

/**
 * McNemar's test for two classifiers judged on the same rows. Only the discordant rows count: {@code b} rows
 * the candidate gets right and the baseline wrong, {@code c} the other way round. Under "both are equally
 * accurate" the candidate wins each discordant row with probability 1/2, so the exact test is a two-sided
 * binomial test of {@code b} successes in {@code b + c} trials (as {@code scipy.stats.binomtest}); the mid-p
 * variant subtracts the probability of the observed split itself and is less conservative at small counts
 * (Fagerland, Lydersen and Laake 2013).
 *
 * @param rows          rows compared
 * @param bothCorrect   rows both models get right
 * @param candidateOnly {@code b}: rows only the candidate gets right
 * @param baselineOnly  {@code c}: rows only the baseline gets right
 * @param bothWrong     rows both get wrong
 * @param exactP        two-sided exact p-value
 * @param midP          two-sided mid-p value
 */
public record McNemar(int rows, int bothCorrect, int candidateOnly, int baselineOnly, int bothWrong,
                      double exactP, double midP) {

    /** Tests per-row correctness of the candidate and the baseline on the same rows. */
    public static McNemar test(boolean[] candidateCorrect, boolean[] baselineCorrect) {
        if (candidateCorrect.length != baselineCorrect.length) {
            throw new IllegalArgumentException("McNemar needs the same rows for both models: "
                    + candidateCorrect.length + " vs " + baselineCorrect.length);
        }
        int both = 0, candOnly = 0, baseOnly = 0, neither = 0;
        for (int i = 0; i < candidateCorrect.length; i++) {
            if (candidateCorrect[i] && baselineCorrect[i]) {
                both++;
            } else if (candidateCorrect[i]) {
                candOnly++;
            } else if (baselineCorrect[i]) {
                baseOnly++;
            } else {
                neither++;
            }
        }
        return of(both, candOnly, baseOnly, neither);
    }

    public static McNemar of(int bothCorrect, int candidateOnly, int baselineOnly, int bothWrong) {
        return new McNemar(bothCorrect + candidateOnly + baselineOnly + bothWrong, bothCorrect, candidateOnly,
                baselineOnly, bothWrong, exactP(candidateOnly, baselineOnly), midP(candidateOnly, baselineOnly));
    }

    /** Accuracy of the candidate minus that of the baseline: {@code (b - c) / rows}. */
    public double accuracyDelta() {
        return rows == 0 ? Double.NaN : (candidateOnly - baselineOnly) / (double) rows;
    }

    /** Two-sided exact p-value: {@code min(1, 2 P(X <= min(b, c)))}, X ~ Binomial(b + c, 1/2); 1 without discordant rows. */
    public static double exactP(int b, int c) {
        int n = b + c;
        if (n == 0) {
            return 1.0;
        }
        int k = Math.min(b, c);
        return Math.min(1.0, 2.0 * Math.exp(logLowerTail(n, k)));
    }

    /** Two-sided mid-p: {@code 2 P(X <= min(b, c)) - P(X = min(b, c))}, capped at 1. */
    public static double midP(int b, int c) {
        int n = b + c;
        if (n == 0) {
            return 1.0;
        }
        int k = Math.min(b, c);
        double p = 2.0 * Math.exp(logLowerTail(n, k)) - Math.exp(logPmf(n, k));
        return Math.max(0.0, Math.min(1.0, p));
    }

    /** log P(X = k) for X ~ Binomial(n, 1/2), by the product formula of C(n, k) in log space. */
    static double logPmf(int n, int k) {
        double logChoose = 0;
        int kk = Math.min(k, n - k);
        for (int i = 1; i <= kk; i++) {
            logChoose += Math.log((double) (n - kk + i) / i);
        }
        return logChoose - n * Math.log(2.0);
    }

    /**
     * log P(X <= k) for X ~ Binomial(n, 1/2) and k <= n / 2, summed from the largest term down
     * ({@code P(X = i - 1) = P(X = i) * i / (n - i + 1)}) so that no term underflows before it matters.
     */
    static double logLowerTail(int n, int k) {
        double logTop = logPmf(n, k);
        double sum = 1.0;
        double term = 1.0;
        for (int i = k; i >= 1; i--) {
            term *= (double) i / (n - i + 1);
            sum += term;
            if (term < 1e-17 * sum) {
                break;
            }
        }
        return logTop + Math.log(sum);
    }
}
