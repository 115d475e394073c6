package io.mlsteps.model;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import io.mlsteps.util.InputException;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Tribuo model behind the {@link Predictor} interface: raw rows in, predictions out, with the encoding of
 * {@link FeatureEncoding}. Loads the protobuf model files that {@code trainModel} writes (and other Tribuo
 * protobuf models, whose columns are then rebuilt from the feature names).
 */
public final class TribuoPredictor implements Predictor {
    public static final String CLASSIFICATION = "classification";
    public static final String REGRESSION = "regression";
    /** Key of the label column's name in the model's instance provenance. */
    public static final String LABEL_PROVENANCE_KEY = "mlsteps-label";
    /** The training data's columns that are not features and not the label, as a comma-separated list. */
    public static final String IGNORED_COLUMNS_PROVENANCE_KEY = "mlsteps-ignored-columns";
    /** Read from the model's provenance on first use. */
    private volatile java.util.Set<String> ignored;

    private final Model<?> model;
    private final String task;
    private final FeatureEncoding encoding;
    private final List<String> labels;
    private final Set<String> knownFeatures = new HashSet<>();

    private TribuoPredictor(Model<?> model) {
        this.model = model;
        if (model.validate(Label.class)) {
            task = CLASSIFICATION;
        } else if (model.validate(Regressor.class)) {
            task = REGRESSION;
        } else {
            throw new IllegalArgumentException("model predicts " + model.getOutputIDInfo().getDomain().iterator().next()
                    .getClass().getSimpleName() + "; expected a classification or regression model");
        }
        for (VariableInfo info : model.getFeatureIDMap()) {
            knownFeatures.add(info.getName());
        }
        Provenance columns = model.getProvenance().getInstanceProvenance().getMap().get(FeatureEncoding.PROVENANCE_KEY);
        encoding = columns != null ? FeatureEncoding.fromJson(text(columns))
                : FeatureEncoding.fromFeatureNames(knownFeatures);
        List<String> names = new ArrayList<>();
        if (task.equals(CLASSIFICATION)) {
            for (Object o : model.getOutputIDInfo().getDomain()) {
                names.add(((Label) o).getLabel());
            }
            names.sort(null);
        }
        labels = List.copyOf(names);
    }

    private static String text(Provenance p) {
        return p instanceof com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance s ? s.getValue() : p.toString();
    }

    /** Wraps a model in memory (just trained, say). */
    public static TribuoPredictor of(Model<?> model) {
        return new TribuoPredictor(model);
    }

    /**
     * Loads a Tribuo protobuf model file ({@link ModelFiles#read}: never Java deserialization). A missing, empty,
     * truncated or foreign file, or one whose decoding would run Java deserialization, is an {@link InputException}
     * naming the file.
     */
    public static TribuoPredictor load(Path modelFile) {
        String name = modelFile.toString();
        if (!Files.isRegularFile(modelFile)) {
            throw new InputException(name, Files.exists(modelFile) ? "is not a regular file; expected a Tribuo model file"
                    : "file not found; expected a Tribuo model file (model.tribuo)");
        }
        try {
            if (Files.size(modelFile) == 0) {
                throw new InputException(name, "file is empty; expected a Tribuo model file (model.tribuo)");
            }
            return new TribuoPredictor(ModelFiles.read(modelFile));
        } catch (InputException e) {
            throw e;
        } catch (ModelFiles.UnsafeModelException e) {
            throw new InputException(name, e.getMessage() + "; expected a Tribuo protobuf model without Java "
                    + "serialization, as trainModel writes");
        } catch (IOException e) {
            throw new InputException(name, "is not a Tribuo protobuf model, or is truncated (" + e.getMessage()
                    + "); expected a model file written by trainModel");
        } catch (RuntimeException | LinkageError e) {
            throw new InputException(name, "is not a Tribuo protobuf model, or is truncated ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "); expected a model file written by trainModel");
        }
    }

    /** The underlying Tribuo model. */
    public Model<?> model() {
        return model;
    }

    public FeatureEncoding encoding() {
        return encoding;
    }

    @Override
    public String task() {
        return task;
    }

    @Override
    public List<String> featureNames() {
        return encoding.columnNames();
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    /** The label column the model was trained to predict, when the model records it (trainModel's models do). */
    public java.util.Optional<String> labelColumn() {
        Provenance p = model.getProvenance().getInstanceProvenance().getMap().get(LABEL_PROVENANCE_KEY);
        if (p != null) {
            return java.util.Optional.of(text(p));
        }
        if (task.equals(REGRESSION)) {
            Object any = model.getOutputIDInfo().getDomain().iterator().next();
            return java.util.Optional.of(((Regressor) any).getNames()[0]);
        }
        return java.util.Optional.empty();
    }

    /**
     * The label and the training columns the model left out, when the model records them (trainModel's models
     * since the ignored columns were recorded); empty for older models, whose servers refuse unknown columns.
     */
    @Override
    public java.util.Set<String> ignoredColumns() {
        if (ignored == null) {
            ignored = readIgnoredColumns();
        }
        return ignored;
    }

    private java.util.Set<String> readIgnoredColumns() {
        Provenance p = model.getProvenance().getInstanceProvenance().getMap().get(IGNORED_COLUMNS_PROVENANCE_KEY);
        if (p == null) {
            return java.util.Set.of();
        }
        java.util.Set<String> columns = new java.util.LinkedHashSet<>();
        for (String c : text(p).split(",")) {
            if (!c.isEmpty()) {
                columns.add(c.replace("%2C", ",").replace("%25", "%"));
            }
        }
        labelColumn().ifPresent(columns::add);
        return java.util.Collections.unmodifiableSet(columns);
    }

    /** Whether classification scores are probabilities (logistic regression, trees, XGBoost) rather than margins. */
    public boolean generatesProbabilities() {
        return model.generatesProbabilities();
    }

    /** The categories of a row that the model never saw in training, as {@code column=value}. */
    public List<String> unseenCategories(Map<String, String> row) {
        List<String> unseen = new ArrayList<>();
        for (FeatureEncoding.Column c : encoding.columns()) {
            if (c.kind() != FeatureEncoding.Kind.CATEGORICAL) {
                continue;
            }
            String v = row.get(c.name());
            if (v != null && !v.isBlank()) {
                String f = FeatureEncoding.categoryFeature(c.name(), v.trim());
                if (!knownFeatures.contains(f)) {
                    unseen.add(f);
                }
            }
        }
        return unseen;
    }

    @Override
    public Prediction predict(Map<String, String> row) {
        return predictAll(List.of(row)).get(0);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public List<Prediction> predictAll(List<Map<String, String>> rows) {
        List<Example> examples = new ArrayList<>(rows.size());
        for (Map<String, String> row : rows) {
            for (String key : row.keySet()) {
                if (encoding.column(key) == null && !ignoredColumns().contains(key)) {
                    throw new IllegalArgumentException("'" + key + "' is not a feature of this model; expected some of "
                            + encoding.columnNames());
                }
            }
            examples.add(example(row::get));
        }
        List<org.tribuo.Prediction> raw = ((Model) model).predict((Iterable) examples);
        List<Prediction> out = new ArrayList<>(raw.size());
        for (org.tribuo.Prediction p : raw) {
            out.add(convert(p));
        }
        return out;
    }

    /** A Tribuo example of a raw row; blank values and non-finite numbers count as missing. */
    public Example<?> example(java.util.function.Function<String, String> valueOf) {
        return example(valueOf, column -> {
        });
    }

    /** As {@link #example(java.util.function.Function)}, telling {@code nonFinite} each numeric column that is not finite. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Example<?> example(java.util.function.Function<String, String> valueOf,
                              java.util.function.Consumer<String> nonFinite) {
        FeatureEncoding.Encoded enc = encoding.encode(c -> {
            String v = valueOf.apply(c);
            return v == null || v.isBlank() ? null : v;
        }, nonFinite);
        List<String> names = new ArrayList<>(enc.size());
        List<Double> values = new ArrayList<>(enc.size());
        for (int i = 0; i < enc.size(); i++) {
            if (knownFeatures.contains(enc.names()[i])) {
                names.add(enc.names()[i]);
                values.add(enc.values()[i]);
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("the row has no value for any feature the model knows (all missing or unseen)");
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Object unknown = task.equals(CLASSIFICATION) ? LabelFactory.UNKNOWN_LABEL : RegressionFactory.UNKNOWN_REGRESSOR;
        return new ArrayExample((org.tribuo.Output) unknown, names.toArray(String[]::new), v);
    }

    /** Converts a Tribuo prediction into the engine's {@link Prediction}. */
    public Prediction convert(org.tribuo.Prediction<?> p) {
        if (task.equals(REGRESSION)) {
            return Prediction.ofValue(((Regressor) p.getOutput()).getValues()[0]);
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        Map<String, ?> raw = p.getOutputScores();
        for (String label : labels) {
            Object l = raw.get(label);
            scores.put(label, l == null ? 0.0 : ((Label) l).getScore());
        }
        return Prediction.ofClass(((Label) p.getOutput()).getLabel(), scores);
    }
}
