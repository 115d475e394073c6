package io.mlsteps.gate;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Knows which way every built-in metric improves, so a gate's threshold is a minimum for accuracy and
 * a maximum for RMSE without the user saying so.
 *
 * <p>Metric names follow one convention across all steps: a base name in snake case, optionally
 * followed by a qualifier in brackets, e.g. {@code accuracy}, {@code recall[class=>50K]},
 * {@code accuracy[sex=Female]}, {@code psi[age]}. The direction depends on the base name only.
 */
public final class MetricDirections {
    private static final Map<String, Direction> KNOWN = new ConcurrentHashMap<>();

    static {
        for (String m : new String[]{"accuracy", "balanced_accuracy", "precision", "recall", "f1",
                "precision_macro", "recall_macro", "f1_macro", "precision_weighted", "recall_weighted",
                "f1_weighted", "precision_micro", "recall_micro", "f1_micro", "roc_auc", "pr_auc",
                "average_precision", "r2", "explained_variance", "rows", "support", "p_value",
                "smoke_agreement", "success_rate", "predictions_per_second"}) {
            KNOWN.put(m, Direction.HIGHER_IS_BETTER);
        }
        for (String m : new String[]{"log_loss", "brier", "rmse", "mse", "mae", "mape", "median_ae", "max_error",
                "psi", "ks", "ks_statistic", "wasserstein", "jensen_shannon", "linf", "chi2", "z",
                "drift_share", "drifted_columns", "missing_ratio", "nan_ratio", "anomalies", "duplicate_ratio",
                "error_rate", "latency_p50_ms", "latency_p95_ms", "latency_p99_ms", "model_age_days",
                "ece", "calibration_error"}) {
            KNOWN.put(m, Direction.LOWER_IS_BETTER);
        }
    }

    private MetricDirections() {
    }

    /** The base name of a metric: everything before the first '[' or '.'-free qualifier. */
    public static String baseName(String metric) {
        int bracket = metric.indexOf('[');
        return (bracket < 0 ? metric : metric.substring(0, bracket)).trim().toLowerCase(Locale.ROOT);
    }

    /** The known direction of a metric, if the engine knows it. */
    public static Optional<Direction> of(String metric) {
        return Optional.ofNullable(KNOWN.get(baseName(metric)));
    }

    /** Lets a step declare the direction of a metric it introduces. */
    public static void register(String baseName, Direction direction) {
        KNOWN.put(baseName.toLowerCase(Locale.ROOT), direction);
    }
}
