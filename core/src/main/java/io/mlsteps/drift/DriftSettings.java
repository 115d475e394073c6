package io.mlsteps.drift;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How columns are tested: a global method and threshold (both optional), per-column methods and thresholds
 * that override them independently, column weights and the dataset drift share.
 */
public final class DriftSettings {
    /** Up to this many reference values, p-value tests are the default (Evidently's rule). */
    public static final long SMALL_REFERENCE = 1000;

    DriftMethod method;
    Double threshold;
    final Map<String, DriftMethod> columnMethods = new LinkedHashMap<>();
    final Map<String, Double> columnThresholds = new LinkedHashMap<>();
    final Map<String, Double> columnWeights = new LinkedHashMap<>();
    double driftShare = 0.5;
    List<String> columns;
    List<String> excludeColumns = List.of();

    public DriftSettings method(DriftMethod m) {
        this.method = m;
        return this;
    }

    public DriftSettings threshold(Double t) {
        this.threshold = t;
        return this;
    }

    public DriftSettings columnMethod(String column, DriftMethod m) {
        columnMethods.put(column, m);
        return this;
    }

    public DriftSettings columnThreshold(String column, double t) {
        columnThresholds.put(column, t);
        return this;
    }

    public DriftSettings columnWeight(String column, double w) {
        columnWeights.put(column, w);
        return this;
    }

    public DriftSettings driftShare(double share) {
        this.driftShare = share;
        return this;
    }

    public DriftSettings columns(List<String> include) {
        this.columns = include;
        return this;
    }

    public DriftSettings excludeColumns(List<String> exclude) {
        this.excludeColumns = exclude == null ? List.of() : exclude;
        return this;
    }

    /** The method for a column: its own, else the global one, else the default rule. */
    public DriftMethod methodFor(String column, ColumnDistribution reference) {
        DriftMethod m = columnMethods.get(column);
        if (m == null) {
            m = method;
        }
        return m != null ? m : defaultMethod(reference);
    }

    /** The threshold for a column: its own, else the global one, else the method's default. */
    public double thresholdFor(String column, DriftMethod m) {
        Double t = columnThresholds.get(column);
        if (t == null) {
            t = threshold;
        }
        return t != null ? t : m.defaultThreshold();
    }

    /** Whether the user chose the method of this column (its own or the global one), rather than the default rule. */
    public boolean methodChosen(String column) {
        return columnMethods.containsKey(column) || method != null;
    }

    /** Whether the user set a threshold for this column (its own or the global one). */
    public boolean thresholdOverridden(String column) {
        return columnThresholds.containsKey(column) || threshold != null;
    }

    public double weightFor(String column) {
        return columnWeights.getOrDefault(column, 1.0);
    }

    /**
     * Evidently's default: a small reference (at most 1,000 values) gets KS for numeric columns with more than
     * five distinct values, else chi-squared (the Z-test for two categories); a larger one gets the
     * normalised Wasserstein distance for numeric columns and Jensen–Shannon for the others.
     */
    public static DriftMethod defaultMethod(ColumnDistribution reference) {
        boolean numeric = reference.kind() == ColumnDistribution.Kind.NUMERIC;
        long n = reference.numericCount() + reference.text;
        if (n <= SMALL_REFERENCE) {
            if (numeric && reference.numericDistinct() > 5) {
                return DriftMethod.KS;
            }
            return reference.distinctValues() <= 2 ? DriftMethod.Z : DriftMethod.CHI_SQUARED;
        }
        return numeric ? DriftMethod.WASSERSTEIN : DriftMethod.JENSEN_SHANNON;
    }
}
