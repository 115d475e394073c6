package io.mlsteps.drift;

import io.mlsteps.metrics.PerformanceTracker;
import io.mlsteps.data.DataReaders;
import io.mlsteps.data.DataScan;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.data.RecordReader;
import io.mlsteps.engine.DataEngine;
import io.mlsteps.engine.DataSource;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-column distributions of a dataset, computed in one streaming pass and saved as JSON so a reference is
 * profiled once and reused ({@code referenceProfile}). Format: {@code {"format": "mlsteps-drift-profile",
 * "version": 1, "rows": N, "sources": [...], "columns": [ColumnDistribution...]}}.
 */
public final class DriftProfile {
    public static final String FORMAT = "mlsteps-drift-profile";
    /** Raised when what a saved profile holds, or how it is computed, changes (saved profiles and cache keys). */
    public static final int FORMAT_VERSION = 1;

    private final Map<String, ColumnDistribution> columns = new LinkedHashMap<>();
    private final List<String> sources = new ArrayList<>();
    private long rows;

    public Map<String, ColumnDistribution> columns() {
        return columns;
    }

    public long rows() {
        return rows;
    }

    public List<String> sources() {
        return sources;
    }

    public ColumnDistribution column(String name) {
        return columns.computeIfAbsent(name, ColumnDistribution::new);
    }

    /** Adds one row given as column name to raw value (null = missing). */
    public void addRow(Map<String, String> row) {
        rows++;
        for (var e : row.entrySet()) {
            ColumnDistribution c = columns.get(e.getKey());
            if (c == null) {
                c = column(e.getKey());
                c.rows = rows - 1; // the column was missing in the earlier rows
                c.missing = rows - 1;
            }
            c.add(e.getValue());
        }
        for (ColumnDistribution c : columns.values()) {
            if (c.rows < rows) {
                c.add(null);
            }
        }
    }

    /** Adds the profile of another byte range of the same file (same columns). */
    void mergeRange(DriftProfile other) {
        merge(other);
    }

    public void merge(DriftProfile other) {
        for (ColumnDistribution c : other.columns.values()) {
            ColumnDistribution mine = columns.get(c.name());
            if (mine == null) {
                mine = column(c.name());
                mine.rows = rows;
                mine.missing = rows;
            }
            mine.merge(c);
        }
        for (ColumnDistribution c : columns.values()) {
            if (!other.columns.containsKey(c.name())) {
                c.rows += other.rows;
                c.missing += other.rows;
            }
        }
        rows += other.rows;
        sources.addAll(other.sources);
    }

    /** Sees every row of a pass, for statistics that need whole rows (performance when labels arrive). */
    public interface RowListener {
        void row(List<String> columns, String[] values);
    }

    /** Profiles a data file, or every data file of a folder (merged), in one pass each. */
    public static DriftProfile of(Path fileOrFolder, ReadOptions options, StepLog log) {
        return of(fileOrFolder, options, log, null);
    }

    public static DriftProfile of(Path fileOrFolder, ReadOptions options, StepLog log, RowListener listener) {
        List<Path> files = dataFiles(fileOrFolder);
        DriftProfile total = new DriftProfile();
        for (Path file : files) {
            total.merge(ofFile(file, options, log, listener));
        }
        return total;
    }

    /** The data files a path stands for: the file itself, or the CSV/TSV/JSON Lines files of a folder (sorted). */
    public static List<Path> dataFiles(Path fileOrFolder) {
        return io.mlsteps.data.DataReaders.dataFiles(fileOrFolder);
    }

    /**
     * Profiles data on a distributed engine: each partition fills the same sink as a local scan's worker and the
     * parts merge here. With {@code performance}, the (label, prediction) pairs of each row are added to it.
     */
    public static DriftProfile of(DataEngine engine, DataSource source, StepLog log, String labelColumn,
                                  String predictionColumn, PerformanceTracker performance) {
        DriftScan scan = performance == null ? new DriftScan(null, null) : new DriftScan(labelColumn, predictionColumn);
        DriftScan.Part part = engine.scan(source, scan, log);
        if (performance != null) {
            performance.merge(part.performance);
        }
        DriftProfile p = part.profile();
        p.sources.clear();
        p.sources.add(source.location());
        return p;
    }

    void setRows(long rows) {
        this.rows = rows;
    }

    /**
     * Profiles one file through the data package's shared scan ({@link DataScan}: byte-level fast path for
     * plain CSV/TSV, general reader for the rest, located errors, parallel chunks). With a row listener the
     * rows are read in file order on one thread.
     */
    static DriftProfile ofFile(Path file, ReadOptions options, StepLog log, RowListener listener) {
        if (listener != null) {
            return ofFileGeneric(file, options, log, listener);
        }
        DriftProfile p = DataScan.scan(file, options, log, Runtime.getRuntime().availableProcessors(),
                DistributionSink::new, (a, b) -> {
                    a.finish().profile.mergeRange(b.finish().profile);
                    return a;
                }).finish().profile;
        p.sources.clear();
        p.sources.add(file.toString());
        return p;
    }

    /** The general path: any format the data readers know, with quoted fields. */
    static DriftProfile ofFileGeneric(Path file, ReadOptions options, StepLog log, RowListener listener) {
        DriftProfile p = new DriftProfile();
        p.sources.add(file.toString());
        try (RecordReader reader = DataReaders.open(file, options, log);
             var progress = log.progress("rows of " + file.getFileName(), -1)) {
            List<String> names = reader.columns();
            ColumnDistribution[] cols = new ColumnDistribution[names.size()];
            for (int i = 0; i < cols.length; i++) {
                cols[i] = p.column(names.get(i));
            }
            String[] row;
            long n = 0;
            while ((row = reader.next()) != null) {
                for (int i = 0; i < cols.length; i++) {
                    cols[i].add(row[i]);
                }
                if (listener != null) {
                    listener.row(names, row);
                }
                n++;
                progress.add(1);
            }
            p.rows = n;
        }
        return p;
    }

    public void save(Path file) {
        Json.write(file, toJson());
    }

    /** The saved form (see the class comment); also what a part of a distributed scan travels as. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("version", FORMAT_VERSION);
        m.put("rows", rows);
        m.put("sources", sources);
        m.put("columns", columns.values().stream().map(ColumnDistribution::toJson).toList());
        return m;
    }

    /** The drift view of a data profile (from {@code mlsteps profile} or a model's stored training profile). */
    public static DriftProfile of(io.mlsteps.data.DatasetProfile profile) {
        DriftProfile p = new DriftProfile();
        p.rows = profile.rows();
        if (profile.source() != null) {
            p.sources.add(profile.source());
        }
        for (io.mlsteps.data.ColumnProfile c : profile.columns()) {
            p.columns.put(c.name(), ColumnDistribution.of(c));
        }
        return p;
    }

    /**
     * Loads a saved profile: a drift profile (exact where the data allowed) or a data profile written by
     * {@code mlsteps profile} (sketches); any other file is an input error naming it.
     */
    @SuppressWarnings("unchecked")
    public static DriftProfile load(Path file) {
        Map<String, Object> m = Json.read(file, Map.class);
        if ("mlsteps-profile".equals(m.get("kind"))) {
            return of(io.mlsteps.data.DatasetProfile.load(file));
        }
        return fromJson(m, file.toString());
    }

    /** Reads {@link #toJson}'s form; {@code what} names its source in errors. */
    @SuppressWarnings("unchecked")
    static DriftProfile fromJson(Map<String, Object> m, String what) {
        if (!FORMAT.equals(m.get("format"))) {
            throw new InputException(what, "not a profile (expected a drift profile written by checkDrift, "
                    + "\"format\": \"" + FORMAT + "\", or a data profile written by mlsteps profile)");
        }
        DriftProfile p = new DriftProfile();
        try {
            p.rows = ((Number) m.get("rows")).longValue();
            p.sources.addAll((List<String>) m.getOrDefault("sources", List.of()));
            for (Object o : (List<Object>) m.get("columns")) {
                ColumnDistribution c = ColumnDistribution.fromJson((Map<String, Object>) o);
                p.columns.put(c.name(), c);
            }
        } catch (RuntimeException e) {
            throw new InputException(what, "malformed drift profile: " + e);
        }
        return p;
    }
}
