package io.mlsteps.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Model quality on the current data once labels have arrived: accuracy for labels that are not all numbers,
 * RMSE and MAE for numeric labels. Fed pair by pair in the same pass that profiles the data.
 */
public final class PerformanceTracker {
    private long pairs;
    private long correct;
    private boolean allNumeric = true;
    private double sumSq;
    private double sumAbs;
    private long unlabeled;

    public void add(String label, String prediction) {
        if (label == null || prediction == null) {
            unlabeled++;
            return;
        }
        pairs++;
        if (label.trim().equals(prediction.trim())) {
            correct++;
        }
        if (allNumeric) {
            try {
                double d = Double.parseDouble(label) - Double.parseDouble(prediction);
                sumSq += d * d;
                sumAbs += Math.abs(d);
            } catch (NumberFormatException e) {
                allNumeric = false;
            }
        }
    }

    /** Adds another part's pairs (a distributed scan's partition). */
    public void merge(PerformanceTracker other) {
        pairs += other.pairs;
        correct += other.correct;
        allNumeric &= other.allNumeric || other.pairs == 0;
        sumSq += other.sumSq;
        sumAbs += other.sumAbs;
        unlabeled += other.unlabeled;
    }

    /** The counters as JSON, for a part that travels. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pairs", pairs);
        m.put("correct", correct);
        m.put("allNumeric", allNumeric);
        m.put("sumSq", sumSq);
        m.put("sumAbs", sumAbs);
        m.put("unlabeled", unlabeled);
        return m;
    }

    /** The counters {@link #toJson} wrote. */
    public static PerformanceTracker fromJson(Map<String, Object> m) {
        PerformanceTracker t = new PerformanceTracker();
        t.pairs = ((Number) m.get("pairs")).longValue();
        t.correct = ((Number) m.get("correct")).longValue();
        t.allNumeric = Boolean.TRUE.equals(m.get("allNumeric"));
        t.sumSq = ((Number) m.get("sumSq")).doubleValue();
        t.sumAbs = ((Number) m.get("sumAbs")).doubleValue();
        t.unlabeled = ((Number) m.get("unlabeled")).longValue();
        return t;
    }

    public long pairs() {
        return pairs;
    }

    public long unlabeled() {
        return unlabeled;
    }

    /** Whether labels are numeric targets (regression) rather than classes. */
    public boolean isRegression(boolean predictionsNumericWithManyValues) {
        return allNumeric && predictionsNumericWithManyValues;
    }

    /** The metrics: {@code accuracy}, or {@code rmse} and {@code mae} for regression. Empty without pairs. */
    public Map<String, Double> metrics(boolean regression) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (pairs == 0) {
            return m;
        }
        if (regression) {
            m.put("rmse", Math.sqrt(sumSq / pairs));
            m.put("mae", sumAbs / pairs);
        } else {
            m.put("accuracy", (double) correct / pairs);
        }
        return m;
    }
}
