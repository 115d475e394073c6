package io.mlsteps.model;

import java.util.List;
import java.util.Map;

/**
 * A loaded model that turns raw rows (feature name to the text a CSV would hold) into predictions. The
 * training step's model bundle implements it; evaluation, comparison, smoke tests and the model server
 * use only this interface, so they work the same for every algorithm.
 */
public interface Predictor {
    /** Task of the model: {@code classification} or {@code regression}. */
    String task();

    /** The input feature names, in the order of the model's schema. */
    List<String> featureNames();

    /**
     * Columns of the training data the model does not use on purpose (its label, columns excluded or left out
     * of {@code features}): clients send rows as they have them, so a server ignores these columns (and counts
     * them) instead of refusing the request. Empty when the model does not record them.
     */
    default java.util.Set<String> ignoredColumns() {
        return java.util.Set.of();
    }

    /** Class names for classification models; empty for regression. */
    List<String> labels();

    /**
     * Predicts one row. Missing features are treated as missing values; a feature that is not part of the
     * model is an {@link IllegalArgumentException} naming it.
     */
    Prediction predict(Map<String, String> row);

    /** Predicts many rows; implementations may batch. */
    default List<Prediction> predictAll(List<Map<String, String>> rows) {
        return rows.stream().map(this::predict).toList();
    }
}
