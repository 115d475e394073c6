package io.mlsteps.util;

import io.mlsteps.contract.gate.QualityGateEvaluator;

import java.util.Locale;

/**
 * Numbers as a person reads them in a sentence, a table cell or a chart label, the same in every step and report.
 * A plain number is written as the contract writes it in a gate's message (so a check and the report around it
 * show one value alike); the other forms build on it.
 */
public final class Numbers {
    private Numbers() {
    }

    /** Up to 4 decimals, no trailing zeros, whole numbers without a point; NaN and infinities as Java names them. */
    public static String format(double value) {
        return QualityGateEvaluator.format(value);
    }

    /** Like {@link #format}, but a tiny non-zero value keeps its magnitude ({@code 1.2e-11}, not {@code 0}). */
    public static String formatKeepingMagnitude(double value) {
        if (value != 0 && Math.abs(value) < 1e-4) {
            // always scientific: %g would write a value that rounds up to 1e-4 as "0.00010"
            return String.format(Locale.ROOT, "%.1e", value);
        }
        return format(value);
    }

    /** A share in [0, 1] as a percentage: {@code 0.125} is {@code 12.5%}. */
    public static String percent(double share) {
        return format(share * 100) + "%";
    }
}
