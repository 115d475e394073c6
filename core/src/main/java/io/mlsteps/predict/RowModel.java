package io.mlsteps.predict;

import io.mlsteps.model.Prediction;
import io.mlsteps.model.FeatureEncoding;
import io.mlsteps.model.TribuoPredictor;
import org.tribuo.Model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A model as batch prediction uses it: rows of raw cell text (in {@link #features()} order) become encoded rows,
 * then predictions, exactly as {@code evaluateModel} and the model server encode them (one {@link TribuoPredictor}
 * underneath). A row the model cannot read is a {@link RowProblem} naming the column at fault, with the message
 * evaluateModel gives for the same cell. Thread-safe: chunks are encoded and scored on several threads.
 */
final class RowModel {
    private final TribuoPredictor predictor;
    private final List<String> features;

    private RowModel(TribuoPredictor predictor) {
        this.predictor = predictor;
        this.features = predictor.featureNames();
    }

    /** Loads a model file; a missing, empty, foreign or unsafe file is an input error naming it. */
    static RowModel load(Path file) {
        return new RowModel(TribuoPredictor.load(file));
    }

    String task() {
        return predictor.task();
    }

    boolean classification() {
        return TribuoPredictor.CLASSIFICATION.equals(predictor.task());
    }

    /** The class names (sorted) of a classifier; empty for regression. */
    List<String> labels() {
        return predictor.labels();
    }

    /** The input columns the model reads, in the model's order. */
    List<String> features() {
        return features;
    }

    /** Why a row cannot be scored; {@code column} is an index into {@link #features()}, or -1 for the whole row. */
    static final class RowProblem extends Exception {
        private final int column;

        RowProblem(int column, String message) {
            super(message, null, false, false);
            this.column = column;
        }

        int column() {
            return column;
        }
    }

    /**
     * Encodes one row ({@code values[i]} is the text of {@code features().get(i)}, null when missing).
     *
     * @param ignoreUnseen score a category unseen in training as no feature (told to {@code unseen}) instead of
     *                     refusing the row
     * @param nonFinite    told the feature index of each numeric value that is not finite (read as missing)
     */
    Object encode(String[] values, boolean ignoreUnseen, Consumer<String> unseen, Consumer<Integer> nonFinite)
            throws RowProblem {
        Map<String, String> row = new HashMap<>(values.length * 2);
        for (int i = 0; i < values.length; i++) {
            row.put(features.get(i), values[i]);
        }
        for (String u : predictor.unseenCategories(row)) {
            String column = u.substring(0, u.indexOf('='));
            if (!ignoreUnseen) {
                throw new RowProblem(features.indexOf(column), "category '" + u.substring(u.indexOf('=') + 1)
                        + "' of column '" + column + "' was not seen in training; expected a training category "
                        + "(or set unseenCategories: 'ignore' to score it as no feature)");
            }
            unseen.accept(u);
        }
        try {
            return predictor.example(row::get, column -> nonFinite.accept(features.indexOf(column)));
        } catch (FeatureEncoding.BadValue e) {
            throw new RowProblem(features.indexOf(e.column()), e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new RowProblem(-1, "the row has no value for any feature the model knows (all missing or unseen); "
                    + "expected a value for at least one of " + features);
        }
    }

    /** Predicts encoded rows in one batch, as the model server's {@code predictAll} does. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    List<Prediction> predict(List<Object> encoded) {
        List<org.tribuo.Prediction> raw = ((Model) predictor.model()).predict((Iterable) (List) encoded);
        List<Prediction> out = new ArrayList<>(raw.size());
        for (org.tribuo.Prediction p : raw) {
            out.add(predictor.convert(p));
        }
        return out;
    }
}
