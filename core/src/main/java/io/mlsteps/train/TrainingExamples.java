package io.mlsteps.train;

import io.mlsteps.data.Table;
import io.mlsteps.model.FeatureEncoding;
import io.mlsteps.model.NonFiniteValues;
import io.mlsteps.model.TribuoPredictor;
import io.mlsteps.contract.steps.TrainModelRequest;
import io.mlsteps.data.ColumnProfile;
import io.mlsteps.data.ColumnType;
import io.mlsteps.data.DatasetProfile;
import io.mlsteps.data.TypeInference;
import io.mlsteps.metrics.ClassificationMetrics;
import io.mlsteps.metrics.RegressionMetrics;
import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.Regressor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.mlsteps.train.TrainModelStep.*;

/**
 * trainModel's examples: the task from the label, the features chosen from the profile, the labels checked, the
 * rows turned into Tribuo examples, and the validation rows scored into metrics.
 */
final class TrainingExamples {
    private TrainingExamples() {
    }

    /** The task asked for, or from the label's type: text/boolean or a number with few distinct values → classification. */
    static String resolveTask(String asked, ColumnProfile label) {
        String t = asked == null ? "auto" : asked.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "classification", "regression":
                return t;
            case "auto", "":
                ColumnType type = label.type();
                if (type == ColumnType.DOUBLE) {
                    return Algorithms.REGRESSION;
                }
                if (type == ColumnType.INTEGER) {
                    return label.distinctEstimate() > 20 ? Algorithms.REGRESSION : Algorithms.CLASSIFICATION;
                }
                return Algorithms.CLASSIFICATION;
            default:
                throw new InputException("task", "unknown task '" + asked + "'; expected classification, regression or auto");
        }
    }

    /**
     * The training columns the model leaves out on purpose (excluded, not among {@code features}, not usable),
     * comma-separated (a comma or percent sign in a name escaped): a server ignores them in requests.
     */
    static String ignoredColumns(Table table, FeatureEncoding encoding, TrainModelRequest req) {
        Set<String> used = new java.util.HashSet<>();
        for (FeatureEncoding.Column c : encoding.columns()) {
            used.add(c.name());
        }
        List<String> ignored = new ArrayList<>();
        for (String c : table.columns()) {
            if (!used.contains(c) && !c.equals(req.labelColumn())) {
                ignored.add(c.replace("%", "%25").replace(",", "%2C"));
            }
        }
        return String.join(",", ignored);
    }

    /** The feature columns and how each is encoded, from the profile's inferred types and the request. */
    static FeatureEncoding chooseFeatures(TrainModelRequest req, Table table, DatasetProfile profile, StepLog log) {
        Set<String> exclude = new LinkedHashSet<>(req.excludeFeatures() == null ? List.of() : req.excludeFeatures());
        for (String c : exclude) {
            table.column(c, "excludeFeatures");
        }
        Set<String> categorical = new LinkedHashSet<>(req.categoricalFeatures() == null ? List.of() : req.categoricalFeatures());
        for (String c : categorical) {
            table.column(c, "categoricalFeatures");
        }
        List<String> names = new ArrayList<>();
        if (req.features() != null && !req.features().isEmpty()) {
            for (String c : req.features()) {
                table.column(c, "features");
                if (c.equals(req.labelColumn())) {
                    throw new InputException("features", "lists the label column '" + c + "'; expected input columns only");
                }
                names.add(c);
            }
        } else {
            for (String c : table.columns()) {
                if (!c.equals(req.labelColumn()) && !exclude.contains(c)) {
                    names.add(c);
                }
            }
        }
        List<FeatureEncoding.Column> columns = new ArrayList<>();
        for (String c : names) {
            ColumnProfile p = profile.column(c);
            ColumnType type = p.type();
            if (categorical.contains(c)) {
                columns.add(new FeatureEncoding.Column(c, FeatureEncoding.Kind.CATEGORICAL));
            } else if (type == ColumnType.INTEGER || type == ColumnType.DOUBLE) {
                columns.add(new FeatureEncoding.Column(c, FeatureEncoding.Kind.NUMERIC));
            } else if (type == ColumnType.TIMESTAMP) {
                log.warn("column '" + c + "' holds timestamps and is not used as a feature (derive numeric features from it)");
            } else if (p.present() == 0) {
                log.warn("column '" + c + "' is empty in every row and is not used as a feature");
            } else {
                long numbers = p.conforming(ColumnType.DOUBLE);
                if (p.present() >= 10 && numbers >= 0.9 * p.present()) {
                    throw firstText(table, c, numbers, p.present());
                }
                columns.add(new FeatureEncoding.Column(c, FeatureEncoding.Kind.CATEGORICAL));
            }
        }
        if (columns.isEmpty()) {
            throw new InputException("features", "no usable feature column; expected at least one column besides '"
                    + req.labelColumn() + "'");
        }
        return new FeatureEncoding(columns);
    }

    /** A mostly numeric column with some text: name the first text cell, the usual sign of a broken export. */
    private static InputException firstText(Table table, String column, long numbers, long present) {
        int ci = table.column(column, "features");
        for (int r = 0; r < table.size(); r++) {
            String v = table.cell(r, ci);
            if (v != null && !TypeInference.conforms(TypeInference.kindOf(v), ColumnType.DOUBLE)) {
                return table.error(r, ci, "column '" + column + "' is numeric (" + numbers + " of " + present
                        + " values are numbers) but holds the text '" + v + "'; expected a number, or list the column in "
                        + "categoricalFeatures to treat it as categories");
            }
        }
        return new InputException(table.source(), "column '" + column + "' mixes numbers and text");
    }

    static void checkLabels(String task, Table table, List<Integer> rows, int labelIndex, String label) {
        if (task.equals(Algorithms.REGRESSION)) {
            for (int r : rows) {
                String v = table.cell(r, labelIndex);
                try {
                    double d = FeatureEncoding.parseNumber(label, v);
                    if (Double.isNaN(d)) {
                        throw new FeatureEncoding.BadValue(label, v);
                    }
                } catch (FeatureEncoding.BadValue e) {
                    throw table.error(r, labelIndex, "regression label '" + label + "' holds '" + v
                            + "'; expected a finite number");
                }
            }
            return;
        }
        Set<String> classes = new TreeSet<>();
        for (int r : rows) {
            classes.add(table.cell(r, labelIndex).trim());
            if (classes.size() > 1) {
                return;
            }
        }
        throw new InputException(table.source(), "label column '" + label + "' holds a single class " + classes
                + " in all " + rows.size() + " labelled rows; expected at least two classes");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Example<?> example(Table table, int row, int labelIndex, String labelColumn, String task,
                                      FeatureEncoding encoding, NonFiniteValues nonFinite) {
        FeatureEncoding.Encoded enc;
        try {
            enc = encoding.encode(c -> table.cell(row, table.column(c, "features")),
                    c -> nonFinite.add(c, table.line(row), () -> table.location(row, table.column(c, "features"))));
        } catch (FeatureEncoding.BadValue e) {
            throw table.error(row, table.column(e.column(), "features"), e.getMessage());
        }
        if (enc.size() == 0) {
            return null;
        }
        String y = table.cell(row, labelIndex).trim();
        Object output = task.equals(Algorithms.REGRESSION)
                ? new Regressor(labelColumn, Double.parseDouble(y)) : new Label(y);
        return new ArrayExample((org.tribuo.Output) output, enc.names(), enc.values());
    }

    /** The validation rows encoded as training examples (the search scores candidates on them when cv is 0). */
    static List<Example<?>> validationExamples(Table table, List<Integer> rows, int labelIndex,
                                                       String labelColumn, String task, FeatureEncoding encoding) {
        List<Example<?>> out = new ArrayList<>();
        if (table == null) {
            return out;
        }
        NonFiniteValues ignored = new NonFiniteValues();
        for (int r : rows) {
            Example<?> ex = example(table, r, labelIndex, labelColumn, task, encoding, ignored);
            if (ex != null) {
                out.add(ex);
            }
        }
        return out;
    }

    static int labelIndex(Table table, TrainModelRequest req) {
        return table == null ? -1 : table.column(req.labelColumn(), "labelColumn");
    }

    static Map<String, Double> validationMetrics(TribuoPredictor predictor, Table table, List<Integer> rows,
                                                         String labelColumn, String task, StepLog log,
                                                         NonFiniteValues nonFinite) {
        int labelIndex = table.column(labelColumn, "labelColumn");
        List<Example> examples = new ArrayList<>();
        List<String> yTrue = new ArrayList<>();
        double[] yTrueNum = new double[rows.size()];
        int n = 0;
        for (int r : rows) {
            Example<?> ex;
            try {
                ex = predictor.example(c -> table.cell(r, table.column(c, "features")),
                        c -> nonFinite.add(c, table.line(r), () -> table.location(r, table.column(c, "features"))));
            } catch (FeatureEncoding.BadValue e) {
                throw table.error(r, table.column(e.column(), "features"), e.getMessage());
            } catch (IllegalArgumentException e) {
                continue;
            }
            examples.add(ex);
            String y = table.cell(r, labelIndex).trim();
            yTrue.add(y);
            if (task.equals(Algorithms.REGRESSION)) {
                yTrueNum[n] = Double.parseDouble(y);
            }
            n++;
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<org.tribuo.Prediction> preds = ((Model) predictor.model()).predict((Iterable) examples);
        if (task.equals(Algorithms.REGRESSION)) {
            double[] yPred = new double[n];
            for (int i = 0; i < n; i++) {
                yPred[i] = predictor.convert(preds.get(i)).value();
            }
            return RegressionMetrics.compute(java.util.Arrays.copyOf(yTrueNum, n), yPred);
        }
        List<String> classes = new ArrayList<>(new TreeSet<>(predictor.labels()));
        List<String> truth = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        List<double[]> scores = new ArrayList<>();
        int unknown = 0;
        for (int i = 0; i < n; i++) {
            if (!classes.contains(yTrue.get(i))) {
                unknown++;
                continue;
            }
            io.mlsteps.model.Prediction p = predictor.convert(preds.get(i));
            truth.add(yTrue.get(i));
            predicted.add(p.label());
            double[] s = new double[classes.size()];
            for (int k = 0; k < s.length; k++) {
                s[k] = p.scores().get(classes.get(k));
            }
            scores.add(s);
        }
        if (unknown > 0) {
            log.warn(unknown + " validation rows have a class the training rows did not have; left out of the metrics");
        }
        return ClassificationMetrics.compute(ClassificationMetrics.Input.of(classes, truth, predicted,
                scores.toArray(double[][]::new), predictor.generatesProbabilities()));
    }

}
