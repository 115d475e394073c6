package io.mlsteps.drift;

import java.util.Arrays;

/** Counts per distinct double value in an open-addressing table: exact distributions without boxing. */
final class DoubleCounts {
    private double[] keys;
    private long[] counts;
    private boolean[] used;
    private int size;
    private int mask;

    DoubleCounts() {
        this(1024);
    }

    DoubleCounts(int capacity) {
        int cap = Integer.highestOneBit(Math.max(16, capacity) * 2 - 1);
        keys = new double[cap];
        counts = new long[cap];
        used = new boolean[cap];
        mask = cap - 1;
    }

    int size() {
        return size;
    }

    void add(double value, long count) {
        if (value == 0.0) {
            value = 0.0; // -0.0 and 0.0 are one value
        }
        long bits = Double.doubleToLongBits(value);
        int h = (int) (bits ^ (bits >>> 32)) * 0x9E3779B9;
        int i = (h ^ (h >>> 16)) & mask;
        while (used[i]) {
            if (keys[i] == value) {
                counts[i] += count;
                return;
            }
            i = (i + 1) & mask;
        }
        used[i] = true;
        keys[i] = value;
        counts[i] = count;
        if (++size * 2 > keys.length) {
            grow();
        }
    }

    private void grow() {
        double[] oldKeys = keys;
        long[] oldCounts = counts;
        boolean[] oldUsed = used;
        keys = new double[oldKeys.length * 2];
        counts = new long[oldKeys.length * 2];
        used = new boolean[oldKeys.length * 2];
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldUsed[i]) {
                add(oldKeys[i], oldCounts[i]);
            }
        }
    }

    void addAll(DoubleCounts other) {
        other.forEach(this::add);
    }

    interface Visitor {
        void visit(double value, long count);
    }

    void forEach(Visitor visitor) {
        for (int i = 0; i < keys.length; i++) {
            if (used[i]) {
                visitor.visit(keys[i], counts[i]);
            }
        }
    }

    /** The values in ascending order with their counts. */
    WeightedSample toSample() {
        double[] values = new double[size];
        int k = 0;
        for (int i = 0; i < keys.length; i++) {
            if (used[i]) {
                values[k++] = keys[i];
            }
        }
        Arrays.sort(values);
        double[] weights = new double[size];
        long total = 0;
        for (int j = 0; j < size; j++) {
            long c = count(values[j]);
            weights[j] = c;
            total += c;
        }
        return new WeightedSample(values, weights, total, true);
    }

    long count(double value) {
        long bits = Double.doubleToLongBits(value == 0.0 ? 0.0 : value);
        int h = (int) (bits ^ (bits >>> 32)) * 0x9E3779B9;
        int i = (h ^ (h >>> 16)) & mask;
        while (used[i]) {
            if (keys[i] == value) {
                return counts[i];
            }
            i = (i + 1) & mask;
        }
        return 0;
    }

    /** Adds the counts under the shortest decimal form of each value, ascending ({@code 1.0} as {@code 1}). */
    void toSampleCounts(java.util.Map<String, Long> out) {
        WeightedSample s = toSample();
        for (int i = 0; i < s.values().length; i++) {
            out.merge(format(s.values()[i]), (long) s.weights()[i], Long::sum);
        }
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
