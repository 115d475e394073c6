package io.mlsteps.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * One prediction. For classification {@code label} is the predicted class and {@code scores} the class
 * probabilities (or scores) by class name; for regression {@code value} is the predicted number.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Prediction(String label, Double value, Map<String, Double> scores) {
    public static Prediction ofClass(String label, Map<String, Double> scores) {
        return new Prediction(label, null, scores);
    }

    public static Prediction ofValue(double value) {
        return new Prediction(null, value, null);
    }
}
