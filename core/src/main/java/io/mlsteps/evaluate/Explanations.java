package io.mlsteps.evaluate;

import io.mlsteps.metrics.RegressionMetrics;
import io.mlsteps.metrics.ClassificationMetrics;
import io.mlsteps.contract.gate.Direction;
import io.mlsteps.contract.gate.MetricCatalog;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.steps.EvaluateModelRequest;
import io.mlsteps.explain.ExplanationOutputs;
import io.mlsteps.explain.LinearCoefficients;
import io.mlsteps.explain.PermutationImportance;
import io.mlsteps.model.Prediction;
import io.mlsteps.step.ArgumentProblems;
import io.mlsteps.step.StepContext;
import io.mlsteps.model.TribuoPredictor;
import io.mlsteps.util.InputException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * evaluateModel's explanations phase ({@code importance: true}): connects the scored evaluation rows to
 * {@link io.mlsteps.explain}: the metric of the user's choice as a {@link PermutationImportance.Scorer}, the raw
 * column values of the evaluated rows, and the outputs.
 */
final class Explanations {
    private Explanations() {
    }

    /** The request's explanation arguments checked before any work: they need a model and sensible numbers. */
    static void validate(EvaluateModelRequest req, boolean hasModel, ArgumentProblems problems) {
        if (!req.importance()) {
            return;
        }
        if (!hasModel) {
            problems.add("importance", "needs a model: permutation importance predicts again on permuted "
                    + "data, which a predictions file cannot; give model (with data), or importance: false");
        }
        if (req.importanceRepeats() < 1) {
            problems.add("importanceRepeats", "is " + req.importanceRepeats()
                    + "; expected 1 or more permutations per column (e.g. 5)");
        }
        if (req.importanceMaxRows() < 0) {
            problems.add("importanceMaxRows", "is " + req.importanceMaxRows()
                    + "; expected 0 (every row) or a number of rows to sample");
        }
        String metric = req.importanceMetric();
        if (metric != null && !metric.isBlank() && MetricCatalog.family(metric.trim()).isEmpty()) {
            problems.add("importanceMetric", "'" + metric + "' is not a metric of evaluateModel; expected "
                    + "one such as accuracy, roc_auc, log_loss, f1_macro, recall[class=C], rmse, mae or r2");
        }
    }

    /**
     * Computes the explanations of the model on the scored rows and adds them to the result.
     *
     * @param metrics the step's metrics of the whole evaluation (the metric chosen must be one of them)
     * @return the document that {@code metrics.json} holds under {@code importance}
     */
    static Map<String, Object> explain(EvaluateModelRequest req, StepContext ctx, EvaluateModelStep.Scored s,
                                       Map<String, Double> metrics, StepResult result) {
        boolean classification = s.task().equals(TribuoPredictor.CLASSIFICATION);
        String metric = metric(req, classification, metrics);
        Direction direction = MetricCatalog.direction(metric).orElseThrow();
        TribuoPredictor predictor = s.predictor();
        String[][] values = rawValues(predictor, s);
        PermutationImportance.Settings settings = new PermutationImportance.Settings(metric, direction,
                req.importanceRepeats(), req.importanceSeed(), req.importanceMaxRows(), req.confidenceLevel(),
                Runtime.getRuntime().availableProcessors(), req.importanceFiles());
        PermutationImportance.Result importance = PermutationImportance.compute(predictor, values,
                p -> s.table().source() + ":" + s.table().line(s.tableRows()[p]), scorer(s, metric), settings, ctx.log());
        List<String> classes = classification ? s.classification().classes() : List.of();
        Optional<LinearCoefficients.Coefficients> coefficients = LinearCoefficients.of(predictor,
                classes.size() == 2 ? classes.get(1) : null);
        int width = importance.columns().stream().mapToInt(c -> c.name().length()).max().orElse(0);
        for (PermutationImportance.Column c : importance.columns()) {
            ctx.log().info("importance %-" + width + "s %.6f ± %.6f", c.name(), c.mean(), c.std());
        }
        return ExplanationOutputs.publish(importance, coefficients, s.dataRows(), classes, req.charts(), ctx, result);
    }

    /** The metric asked for (or the task's default), which must be one the step computed. */
    static String metric(EvaluateModelRequest req, boolean classification, Map<String, Double> metrics) {
        String m = req.importanceMetric() == null || req.importanceMetric().isBlank()
                ? (classification ? "accuracy" : "rmse") : req.importanceMetric().trim();
        if (!metrics.containsKey(m) || m.equals("rows")) {
            throw new InputException("importanceMetric", "'" + m + "' is not a metric of this evaluation; expected one of "
                    + new TreeSet<>(metrics.keySet().stream().filter(k -> !k.equals("rows")).toList()));
        }
        return m;
    }

    /** Per scored row, the raw text of each of the model's columns. */
    private static String[][] rawValues(TribuoPredictor predictor, EvaluateModelStep.Scored s) {
        List<String> columns = predictor.featureNames();
        int[] index = columns.stream().mapToInt(c -> s.table().column(c, "data")).toArray();
        String[][] values = new String[s.rows()][columns.size()];
        for (int i = 0; i < values.length; i++) {
            for (int c = 0; c < index.length; c++) {
                values[i][c] = s.table().cell(s.tableRows()[i], index[c]);
            }
        }
        return values;
    }

    /** The step's own metric code on a sample of the scored rows, with the original or the permuted predictions. */
    private static PermutationImportance.Scorer scorer(EvaluateModelStep.Scored s, String metric) {
        ClassificationMetrics.Input c = s.classification();
        return new PermutationImportance.Scorer() {
            @Override
            public double original(int[] positions) {
                return EvaluateModelStep.compute(s, positions).getOrDefault(metric, Double.NaN);
            }

            @Override
            public double permuted(int[] positions, List<Prediction> predictions) {
                if (c == null) {
                    double[] yTrue = new double[positions.length];
                    double[] yPred = new double[positions.length];
                    for (int i = 0; i < positions.length; i++) {
                        yTrue[i] = s.yTrue()[positions[i]];
                        yPred[i] = predictions.get(i).value();
                    }
                    return RegressionMetrics.compute(yTrue, yPred).getOrDefault(metric, Double.NaN);
                }
                int[] yTrue = new int[positions.length];
                int[] yPred = new int[positions.length];
                double[][] scores = new double[positions.length][c.classes().size()];
                for (int i = 0; i < positions.length; i++) {
                    Prediction p = predictions.get(i);
                    yTrue[i] = c.yTrue()[positions[i]];
                    yPred[i] = c.classes().indexOf(p.label());
                    for (int k = 0; k < scores[i].length; k++) {
                        Double v = p.scores().get(c.classes().get(k));
                        scores[i][k] = v == null ? 0.0 : v;
                    }
                }
                return ClassificationMetrics.compute(new ClassificationMetrics.Input(c.classes(), yTrue, yPred, scores,
                        c.probabilities())).getOrDefault(metric, Double.NaN);
            }
        };
    }
}
