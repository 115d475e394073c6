package io.mlsteps.contract.gate;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every metric family the steps report, with the way it improves, what it means and its range, so a gate's
 * threshold is a minimum for accuracy and a maximum for RMSE without the user saying so. Immutable: a step that
 * introduces a metric adds its family here.
 *
 * <p>Metric names follow one convention across all steps: a base name in snake case, optionally followed by a
 * qualifier in brackets, e.g. {@code accuracy}, {@code recall[class=>50K]}, {@code accuracy[sex=Female]},
 * {@code psi[age]}. The family is the base name.
 */
public final class MetricCatalog {
    /**
     * One family of metrics.
     *
     * @param name      the base name, e.g. {@code accuracy}
     * @param direction which way it improves
     * @param meaning   what it measures
     * @param range     the values it takes, e.g. {@code 0..1}
     */
    public record Family(String name, Direction direction, String meaning, String range) {
    }

    private static final Map<String, Family> FAMILIES = new LinkedHashMap<>();

    static {
        // classification
        higher("accuracy", "share of rows predicted right", "0..1");
        higher("balanced_accuracy", "mean recall over the classes", "0..1");
        for (String avg : new String[]{"", "_macro", "_weighted", "_micro"}) {
            higher("precision" + avg, "share of predicted positives that are positive", "0..1");
            higher("recall" + avg, "share of positives predicted positive", "0..1");
            higher("f1" + avg, "harmonic mean of precision and recall", "0..1");
        }
        higher("roc_auc", "area under the ROC curve", "0..1");
        higher("pr_auc", "area under the precision-recall curve", "0..1");
        higher("average_precision", "precision averaged over the recall steps", "0..1");
        lower("log_loss", "cross-entropy of the predicted probabilities", "0..inf");
        lower("brier", "mean squared error of the predicted probabilities", "0..1");
        lower("ece", "expected calibration error", "0..1");
        lower("calibration_error", "calibration error of the predicted probabilities", "0..1");
        // regression
        lower("rmse", "root mean squared error", "0..inf");
        lower("mse", "mean squared error", "0..inf");
        lower("mae", "mean absolute error", "0..inf");
        lower("mape", "mean absolute percentage error", "0..inf");
        lower("median_ae", "median absolute error", "0..inf");
        lower("max_error", "largest absolute error", "0..inf");
        higher("r2", "coefficient of determination", "-inf..1");
        higher("explained_variance", "explained variance score", "-inf..1");
        // counts and tests
        higher("rows", "rows evaluated", "0..");
        higher("support", "rows of a class or slice", "0..");
        higher("p_value", "p-value of a statistical test", "0..1");
        lower("unknown_label_rows", "rows left out because their true label is not a class of the model", "0..");
        // explanations (a gate caps how much a column may matter, e.g. importance[ssn] <= 0.001)
        lower("importance", "permutation importance of a column: mean worsening of the chosen metric when its values "
                + "are permuted", "-inf..inf");
        lower("importance_std", "standard deviation of a column's permutation importance over the repeats", "0..inf");
        lower("importance_low", "lower end of the percentile interval of a column's permutation importance", "-inf..inf");
        lower("importance_high", "upper end of the percentile interval of a column's permutation importance",
                "-inf..inf");
        lower("coefficient_abs", "sum of the absolute weights of a column's features in a linear model", "0..inf");
        // training
        lower("training_seconds", "wall-clock time of training", "0..inf");
        lower("training_cpu_seconds", "CPU time of training", "0..inf");
        higher("training_rows", "rows trained on", "0..");
        higher("validation_rows", "rows held out for validation", "0..");
        lower("non_finite_values", "NaN or infinite values of numeric features, read as missing", "0..");
        // search (trainModel's candidates); the best candidate's score is the ranking metric qualified
        // [search_best], e.g. roc_auc[search_best], so it keeps that metric's direction
        lower("search_spread", "standard deviation over the folds of the winner's score, e.g. search_spread[roc_auc]",
                "0..inf");
        higher("search_margin", "how much the winner beats the runner-up, in the metric's improving direction",
                "0..inf");
        higher("search_candidates", "candidates that finished the search", "0..");
        // validation
        lower("anomalies", "anomalies found", "0..");
        lower("type_mismatch_ratio", "share of cells whose type does not match the schema", "0..1");
        lower("out_of_range_ratio", "share of values outside the schema's range", "0..1");
        lower("unseen_ratio", "share of categories the schema does not know", "0..1");
        higher("min_class_ratio", "share of the rarest label class", "0..1");
        lower("duplicate_ratio", "share of duplicate rows", "0..1");
        lower("missing_ratio", "share of missing values", "0..1");
        lower("nan_ratio", "share of NaN or infinite values", "0..1");
        lower("inf_ratio", "share of infinite values", "0..1");
        // drift
        lower("psi", "population stability index", "0..inf");
        lower("ks", "Kolmogorov-Smirnov statistic", "0..1");
        lower("ks_statistic", "Kolmogorov-Smirnov statistic", "0..1");
        lower("wasserstein", "normalised Wasserstein distance", "0..inf");
        lower("jensen_shannon", "Jensen-Shannon distance", "0..1");
        lower("linf", "largest difference of category shares", "0..1");
        lower("chi2", "chi-squared statistic", "0..inf");
        lower("z", "Z statistic of a two-proportion test", "0..inf");
        lower("drift_share", "weighted share of drifted columns", "0..1");
        lower("drifted_columns", "columns that drifted", "0..");
        lower("dataset_drift", "1 when the dataset drifted, else 0", "0..1");
        lower("prediction_drift", "1 when the predictions drifted, else 0", "0..1");
        higher("columns_tested", "columns tested for drift", "0..");
        lower("new_category_ratio", "share of values in categories the reference never saw", "0..1");
        higher("labelled_rows", "rows with a label that arrived", "0..");
        higher("traffic_seen_ratio", "share of the served predictions in the window that the prediction log holds "
                + "(below 1 when the server could not log some)", "0..1");
        lower("model_age_days", "days since the model version was registered", "0..inf");
        // serving and deployment
        higher("smoke_agreement", "share of smoke requests whose online answer matches the offline one", "0..1");
        higher("success_rate", "share of requests answered without error", "0..1");
        higher("predictions_per_second", "throughput of the server", "0..inf");
        lower("error_rate", "share of requests answered with an error", "0..1");
        lower("latency_p50_ms", "median request latency", "0..inf");
        lower("latency_p95_ms", "95th percentile request latency", "0..inf");
        lower("latency_p99_ms", "99th percentile request latency", "0..inf");
        // batch prediction
        higher("predicted_rows", "rows predicted", "0..");
        lower("rejected_rows", "rows the model could not read, written to the rejects file", "0..");
        lower("rejected_ratio", "share of the rows read that were rejected", "0..1");
        lower("unseen_category_values", "values of categories unseen in training, scored as no feature", "0..");
        higher("rows_per_second", "rows read, scored and written per second while scoring", "0..inf");
    }

    private MetricCatalog() {
    }

    private static void higher(String name, String meaning, String range) {
        FAMILIES.put(name, new Family(name, Direction.HIGHER_IS_BETTER, meaning, range));
    }

    private static void lower(String name, String meaning, String range) {
        FAMILIES.put(name, new Family(name, Direction.LOWER_IS_BETTER, meaning, range));
    }

    /** The base name of a metric: everything before its qualifier in brackets, lower case. */
    public static String baseName(String metric) {
        int bracket = metric.indexOf('[');
        return (bracket < 0 ? metric : metric.substring(0, bracket)).trim().toLowerCase(Locale.ROOT);
    }

    /** The family of a metric, if the engine knows it. */
    public static Optional<Family> family(String metric) {
        return Optional.ofNullable(FAMILIES.get(baseName(metric)));
    }

    /** The known direction of a metric, if the engine knows it. */
    public static Optional<Direction> direction(String metric) {
        return family(metric).map(Family::direction);
    }

    /** Every family, in catalogue order. */
    public static Collection<Family> families() {
        return java.util.Collections.unmodifiableCollection(FAMILIES.values());
    }
}
