package io.mlsteps.drift;

import io.mlsteps.util.InputException;

import java.util.Arrays;
import java.util.Locale;

/** The per-column drift tests, their metric names and default thresholds. */
public enum DriftMethod {
    KS("ks", true, true, false, 0.05),
    WASSERSTEIN("wasserstein", false, true, false, 0.1),
    PSI("psi", false, true, true, 0.1),
    JENSEN_SHANNON("jensen_shannon", false, true, true, 0.1),
    CHI_SQUARED("chi2", true, true, true, 0.05),
    Z("z", true, true, true, 0.05),
    L_INFINITY("linf", false, true, true, 0.1);

    private final String id;
    private final boolean pValue;
    private final boolean numeric;
    private final boolean categorical;
    private final double defaultThreshold;

    DriftMethod(String id, boolean pValue, boolean numeric, boolean categorical, double defaultThreshold) {
        this.id = id;
        this.pValue = pValue;
        this.numeric = numeric;
        this.categorical = categorical;
        this.defaultThreshold = defaultThreshold;
    }

    /** The name in requests and the metric base name, e.g. {@code wasserstein} gives {@code wasserstein[age]}. */
    public String id() {
        return id;
    }

    /** Whether the score is a p-value (drift when below the threshold) rather than a distance (drift at or above). */
    public boolean isPValue() {
        return pValue;
    }

    public boolean appliesToNumeric() {
        return numeric;
    }

    public boolean appliesToCategorical() {
        return categorical;
    }

    public double defaultThreshold() {
        return defaultThreshold;
    }

    /** Whether a score means drift at this threshold. */
    public boolean drifted(double score, double threshold) {
        return pValue ? score < threshold : score >= threshold;
    }

    /** Parses a method name as users write it ({@code ks}, {@code wasserstein}, {@code jensenshannon}, {@code chisquare}...). */
    public static DriftMethod parse(String value, String argument) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT).replaceAll("[-_ ]", "");
        return switch (v) {
            case "ks", "kolmogorovsmirnov" -> KS;
            case "wasserstein", "wassersteinnorm", "wassersteinnormed" -> WASSERSTEIN;
            case "psi" -> PSI;
            case "jensenshannon", "js" -> JENSEN_SHANNON;
            case "chi2", "chisquare", "chisquared" -> CHI_SQUARED;
            case "z", "ztest" -> Z;
            case "linf", "linfinity" -> L_INFINITY;
            default -> throw new InputException(argument, "unknown drift method '" + value + "'; expected one of "
                    + Arrays.stream(values()).map(DriftMethod::id).toList());
        };
    }
}
