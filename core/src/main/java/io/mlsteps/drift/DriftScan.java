package io.mlsteps.drift;

import io.mlsteps.metrics.PerformanceTracker;
import io.mlsteps.data.ByteRowSink;
import io.mlsteps.engine.PartialScan;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A drift profile as a partial scan (a distributed engine's partitions): each part fills the same
 * {@link DistributionSink} as a local scan's worker, and, when labels are in the data, a {@link PerformanceTracker}
 * of (label, prediction) pairs; a part travels as the drift profile's saved JSON ({@link DriftProfile#toJson}).
 */
final class DriftScan implements PartialScan<DriftScan.Part> {
    private static final long serialVersionUID = 1L;

    private final String labelColumn;
    private final String predictionColumn;

    /** {@code labelColumn} and {@code predictionColumn} null: no performance pairs. */
    DriftScan(String labelColumn, String predictionColumn) {
        this.labelColumn = labelColumn;
        this.predictionColumn = predictionColumn;
    }

    /** One part: its distributions and, with labels, its pairs. */
    static final class Part implements ByteRowSink {
        final DistributionSink distributions;
        final PerformanceTracker performance;
        private final int label;
        private final int prediction;

        private Part(DistributionSink distributions, PerformanceTracker performance, int label, int prediction) {
            this.distributions = distributions;
            this.performance = performance;
            this.label = label;
            this.prediction = prediction;
        }

        @Override
        public void accept(String[] values, long line) {
            distributions.accept(values, line);
            if (performance != null) {
                performance.add(values[label], values[prediction]);
            }
        }

        @Override
        public void acceptBytes(byte[] buf, int[] starts, int[] ends, int[] hashes, boolean[] missing, long line) {
            distributions.acceptBytes(buf, starts, ends, hashes, missing, line);
            if (performance != null) {
                performance.add(ascii(buf, starts[label], ends[label], missing[label]),
                        ascii(buf, starts[prediction], ends[prediction], missing[prediction]));
            }
        }

        private static String ascii(byte[] buf, int from, int to, boolean missing) {
            return missing ? null : new String(buf, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
        }

        DriftProfile profile() {
            return distributions.finish().profile;
        }
    }

    @Override
    public Part newSink(List<String> columns) {
        if (labelColumn == null) {
            return new Part(new DistributionSink(columns), null, -1, -1);
        }
        int label = columns.indexOf(labelColumn);
        int prediction = columns.indexOf(predictionColumn);
        if (label < 0 || prediction < 0) {
            throw new InputException(label < 0 ? "labelColumn" : "predictionColumn", "column '"
                    + (label < 0 ? labelColumn : predictionColumn) + "' is not in the current data; its columns are " + columns);
        }
        return new Part(new DistributionSink(columns), new PerformanceTracker(), label, prediction);
    }

    @Override
    public Part merge(Part into, Part other) {
        into.profile().mergeRange(other.profile());
        if (into.performance != null) {
            into.performance.merge(other.performance);
        }
        return into;
    }

    @Override
    public byte[] encode(Part part) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profile", part.profile().toJson());
        if (part.performance != null) {
            m.put("performance", part.performance.toJson());
        }
        try {
            return Json.mapper().writeValueAsBytes(m);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a drift profile part", e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Part decode(byte[] bytes) {
        Map<String, Object> m;
        try {
            m = Json.mapper().readValue(bytes, Map.class);
        } catch (IOException e) {
            throw new InputException("a part's drift profile", "unreadable: " + e.getMessage());
        }
        DriftProfile profile = DriftProfile.fromJson((Map<String, Object>) m.get("profile"), "a part's drift profile");
        PerformanceTracker performance = m.get("performance") instanceof Map<?, ?> p
                ? PerformanceTracker.fromJson((Map<String, Object>) p) : null;
        return new Part(new DistributionSink(profile), performance, -1, -1);
    }
}
