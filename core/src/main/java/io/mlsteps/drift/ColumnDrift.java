package io.mlsteps.drift;

/**
 * The drift verdict of one column.
 *
 * @param column     column name
 * @param kind       numeric or categorical
 * @param method     the test used
 * @param statistic  the test statistic (KS D, chi-squared, z) or the distance
 * @param pValue     the p-value for tests, NaN for distances
 * @param score      what is compared with the threshold: the p-value or the distance
 * @param threshold  drift when the p-value is below it, or the distance at or above it
 * @param drifted    the verdict
 * @param weight     the column's weight in the dataset share
 * @param psi        the population stability index (always computed, for the PSI bands)
 * @param referenceN non-missing reference values
 * @param currentN   non-missing current values
 * @param errorBound upper bound of the statistic's error from sketches (0 when both sides are exact)
 * @param reason     why the column drifted or not, in a few words
 */
public record ColumnDrift(String column, ColumnDistribution.Kind kind, DriftMethod method, double statistic,
                          double pValue, double score, double threshold, boolean drifted, double weight,
                          double psi, long referenceN, long currentN, double errorBound,
                          String reason) {
}
