package io.mlsteps.serve;

import io.mlsteps.model.Prediction;
import io.mlsteps.model.Predictor;

import java.util.List;
import java.util.Map;

/**
 * A tiny deterministic classifier for tests of routing, limits and request handling (end-to-end tests use
 * real trained models): score(b) = sigmoid(x + shift + (color == red ? 1 : 0)).
 */
final class FakePredictor implements Predictor {
    private final double shift;

    FakePredictor(double shift) {
        this.shift = shift;
    }

    @Override
    public String task() {
        return "classification";
    }

    @Override
    public List<String> featureNames() {
        return List.of("x", "color");
    }

    @Override
    public List<String> labels() {
        return List.of("a", "b");
    }

    @Override
    public Prediction predict(Map<String, String> row) {
        String raw = row.get("x");
        double x;
        try {
            x = raw == null ? 0 : Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("column 'x' holds '" + raw + "'; expected a number");
        }
        double z = x + shift + ("red".equals(row.get("color")) ? 1 : 0);
        double b = 1 / (1 + Math.exp(-z));
        return Prediction.ofClass(b >= 0.5 ? "b" : "a", Map.of("a", 1 - b, "b", b));
    }
}
