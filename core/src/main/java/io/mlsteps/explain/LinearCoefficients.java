package io.mlsteps.explain;

import io.mlsteps.model.FeatureEncoding;
import io.mlsteps.model.TribuoPredictor;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.classification.Label;
import org.tribuo.common.sgd.AbstractLinearSGDModel;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.regression.Regressor;
import org.tribuo.transform.TransformedModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The weights of a linear model ({@code logistic_regression}, {@code linear_sgd}) on the original input columns. The
 * model holds a weight per Tribuo feature and output (a row per class, or the regression target) plus a bias; a
 * numeric column is one feature (with {@code standardize: true}, the default, a weight per standard deviation of the
 * training data, so columns compare), a categorical column one feature per category. Grouped by column:
 * <ul>
 *   <li>{@code abs}: the sum of the absolute weights of the column's features (one-hot groups summed);</li>
 *   <li>{@code signed}: for a numeric column its weight; for a categorical column absent (a category's weight
 *   only means something against the others).</li>
 * </ul>
 * Outputs: a binary classifier is described by the positive class's row minus the other class's row (the weights
 * of the log-odds of the positive class; a LIBLINEAR model keeps one non-zero row), a multiclass classifier by each
 * class's row, a regression model by its single row.
 */
public final class LinearCoefficients {
    /**
     * One input column's weights, per output.
     *
     * @param abs    per output, the sum of the absolute weights of the column's features
     * @param signed per output, the weight of a numeric column; null for a categorical one
     */
    public record Column(String name, String kind, int features, Map<String, Double> abs, Map<String, Double> signed) {
        /** The sum of {@link #abs} over the outputs: the metric {@code coefficient_abs[column]}. */
        public double total() {
            return abs.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    /**
     * A linear model's weights by column.
     *
     * @param outputs    the outputs described: the positive class (binary), each class, or the target
     * @param intercepts per output, the bias
     * @param standardized whether numeric features were standardised before the model (weights per standard deviation)
     */
    public record Coefficients(String algorithm, List<String> outputs, Map<String, Double> intercepts,
                               List<Column> columns, boolean standardized) {
    }

    private LinearCoefficients() {
    }

    /**
     * The coefficients of a linear model, grouped by column; empty for other models.
     *
     * @param positiveClass the positive class of a binary task (the second of the evaluation's classes)
     */
    public static Optional<Coefficients> of(TribuoPredictor predictor, String positiveClass) {
        Model<?> model = predictor.model();
        boolean transformed = model instanceof TransformedModel<?>;
        Model<?> inner = transformed ? ((TransformedModel<?>) model).getInnerModel() : model;
        if (!(inner instanceof AbstractLinearSGDModel<?> linear)) {
            return Optional.empty();
        }
        DenseMatrix w = linear.getWeightsCopy();
        ImmutableFeatureMap features = inner.getFeatureIDMap();
        List<String> outputNames = outputNames(inner.getOutputIDInfo());
        int bias = features.size();
        Map<String, double[]> rows = new LinkedHashMap<>();
        if (predictor.task().equals(TribuoPredictor.CLASSIFICATION) && outputNames.size() == 2) {
            int pos = outputNames.indexOf(positiveClass);
            if (pos < 0) {
                throw new IllegalArgumentException("positive class " + positiveClass + " is not one of " + outputNames);
            }
            double[] d = new double[bias + 1];
            for (int f = 0; f <= bias; f++) {
                d[f] = w.get(pos, f) - w.get(1 - pos, f);
            }
            rows.put(positiveClass, d);
        } else {
            for (String name : outputNames.stream().sorted().toList()) {
                int o = outputNames.indexOf(name);
                double[] d = new double[bias + 1];
                for (int f = 0; f <= bias; f++) {
                    d[f] = w.get(o, f);
                }
                rows.put(name, d);
            }
        }
        Map<String, Double> intercepts = new LinkedHashMap<>();
        rows.forEach((o, d) -> intercepts.put(o, d[bias]));
        List<Column> columns = new ArrayList<>();
        for (FeatureEncoding.Column c : predictor.encoding().columns()) {
            boolean numeric = c.kind() == FeatureEncoding.Kind.NUMERIC;
            Map<String, Double> abs = new LinkedHashMap<>();
            Map<String, Double> signed = numeric ? new LinkedHashMap<>() : null;
            int count = 0;
            for (int f = 0; f < bias; f++) {
                String name = features.get(f).getName();
                if (!belongsTo(name, c)) {
                    continue;
                }
                count++;
                for (Map.Entry<String, double[]> e : rows.entrySet()) {
                    abs.merge(e.getKey(), Math.abs(e.getValue()[f]), Double::sum);
                    if (signed != null) {
                        signed.merge(e.getKey(), e.getValue()[f], Double::sum);
                    }
                }
            }
            for (String o : rows.keySet()) {
                abs.putIfAbsent(o, 0.0);
                if (signed != null) {
                    signed.putIfAbsent(o, 0.0);
                }
            }
            columns.add(new Column(c.name(), numeric ? "numeric" : "categorical", count, abs, signed));
        }
        return Optional.of(new Coefficients(inner.getClass().getSimpleName(), List.copyOf(rows.keySet()), intercepts,
                columns, transformed));
    }

    /** Whether a Tribuo feature encodes a column: the column itself (numeric) or one of its categories. */
    static boolean belongsTo(String feature, FeatureEncoding.Column column) {
        return column.kind() == FeatureEncoding.Kind.NUMERIC ? feature.equals(column.name())
                : feature.startsWith(FeatureEncoding.categoryFeature(column.name(), ""));
    }

    /** Output names by output id. */
    private static List<String> outputNames(ImmutableOutputInfo<?> info) {
        List<String> names = new ArrayList<>();
        for (int id = 0; id < info.size(); id++) {
            Output<?> o = info.getOutput(id);
            names.add(o instanceof Label l ? l.getLabel() : o instanceof Regressor r ? String.join(",", r.getNames())
                    : o.toString());
        }
        return names;
    }
}
