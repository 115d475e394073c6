package io.mlsteps.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlsteps.util.Hashing;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.theta.CompactSketch;
import org.apache.datasketches.theta.SetOperation;
import org.apache.datasketches.theta.Sketch;
import org.apache.datasketches.theta.Union;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The profile of a dataset: one {@link ColumnProfile} per column plus row-level facts (rows, estimated
 * duplicate rows), computed in one streaming pass ({@link #compute}) in bounded memory, mergeable
 * ({@link #merge}) and stored as JSON with the binary sketches in base64 ({@link #save}, {@link #load}).
 * It is the artifact {@code mlsteps profile} writes and that validation, training and drift reuse.
 */
public final class DatasetProfile implements ByteRowSink {
    public static final int SCHEMA_VERSION = 1;
    /** Theta sketch size for distinct rows: exact up to about this many distinct rows, then ~0.3% error. */
    static final int ROW_SKETCH_ENTRIES = 1 << 17;

    private final Map<String, ColumnProfile> columns = new LinkedHashMap<>();
    private final ColumnProfile[] byIndex;
    private long rows;
    /** The distinct-rows sketch while this profile is filled by {@link #accept}; null once merged or loaded. */
    private RowHashes rowHashes;
    /** The distinct-rows sketch of a merged or loaded profile; null while {@link #rowHashes} holds it. */
    private Sketch rowSketch;
    private String source;
    private String sha256;
    private long bytes = -1;
    private String format;
    private Instant createdAt = Instant.now();

    /** An empty profile of these columns, to be filled with {@link #accept} and {@link #merge}. */
    public DatasetProfile(List<String> columnNames) {
        byIndex = new ColumnProfile[columnNames.size()];
        for (int i = 0; i < byIndex.length; i++) {
            byIndex[i] = new ColumnProfile(columnNames.get(i));
            columns.put(columnNames.get(i), byIndex[i]);
        }
        rowHashes = new RowHashes(ROW_SKETCH_ENTRIES);
    }

    private DatasetProfile(List<ColumnProfile> profiles, Sketch rowSketch) {
        byIndex = profiles.toArray(ColumnProfile[]::new);
        for (ColumnProfile p : byIndex) {
            columns.put(p.name(), p);
        }
        this.rowSketch = rowSketch;
    }

    /**
     * Profiles a file in one streaming pass, split across the available cores; records the file's sha256.
     * A malformed file raises an {@link InputException} naming file, line and column.
     */
    public static DatasetProfile compute(Path file, ReadOptions options, StepLog log) {
        return compute(file, options, log, Runtime.getRuntime().availableProcessors());
    }

    /** As {@link #compute(Path, ReadOptions, StepLog)} with an explicit number of worker threads (1 = sequential). */
    public static DatasetProfile compute(Path file, ReadOptions options, StepLog log, int threads) {
        CompletableFuture<String> sha256 = Hashing.sha256Beside(file);
        prepareJson();
        DatasetProfile profile = DataScan.scan(file, options, log, threads, DatasetProfile::new,
                (a, b) -> {
                    a.include(b);
                    return a;
                });
        profile.describeSource(file, options, sha256);
        return profile;
    }

    /**
     * Loads and initialises the JSON mapper on a daemon thread: its first use costs about 0.1-0.2 s of class loading
     * and set-up, which would otherwise come after the scan, on one core, before the profile can be written.
     */
    private static void prepareJson() {
        Thread t = new Thread(Json::mapper, "mlsteps-json-init");
        t.setDaemon(true);
        t.start();
    }

    /** Records where a profile came from: the file name, its sha256 and size, and the format read. */
    public void describeSource(Path file, ReadOptions options) {
        describeSource(file, options, CompletableFuture.completedFuture(Hashing.sha256(file)));
    }

    /** As {@link #describeSource(Path, ReadOptions)} with the sha256 from {@link Hashing#sha256Beside}. */
    public void describeSource(Path file, ReadOptions options, CompletableFuture<String> sha256) {
        this.source = file.getFileName().toString();
        try {
            this.sha256 = sha256.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        try {
            this.bytes = Files.size(file);
        } catch (IOException e) {
            this.bytes = -1;
        }
        this.format = DataReaders.resolveFormat(file, options.format());
    }

    /** Records where a profile computed by a distributed engine came from: a location and format; no sha256 or size. */
    public void describeSource(String location, String dataFormat) {
        this.source = location;
        this.sha256 = null;
        this.bytes = -1;
        this.format = dataFormat;
    }

    /** Adds one record (see {@link RowSink}). Values must be in the order of the columns given at construction. */
    @Override
    public void accept(String[] values, long line) {
        rows++;
        long h = ROW_HASH_SEED;
        for (int i = 0; i < byIndex.length; i++) {
            String v = values[i];
            byIndex[i].update(v);
            h = mix(h, v == null ? MISSING_CELL : cell(v.hashCode(), v.length()));
        }
        rowHashes.update(h);
    }

    /** Adds one record from the scan's bytes (see {@link ByteRowSink}); the same profile as {@link #accept}. */
    @Override
    public void acceptBytes(byte[] buf, int[] starts, int[] ends, int[] hashes, boolean[] missing, long line) {
        rows++;
        long h = ROW_HASH_SEED;
        for (int i = 0; i < byIndex.length; i++) {
            if (missing[i]) {
                byIndex[i].updateMissing();
                h = mix(h, MISSING_CELL);
            } else {
                int s = starts[i];
                int e = ends[i];
                int hash = hashes[i];
                byIndex[i].updateAscii(buf, s, e, hash);
                h = mix(h, cell(hash, e - s));
            }
        }
        rowHashes.update(h);
    }

    private static final long ROW_HASH_SEED = 0x9E3779B97F4A7C15L;
    private static final long MISSING_CELL = 0x5bd1e995L;

    /** A present cell's part of the row hash, from its {@link String#hashCode} (the columns compute it anyway) and length. */
    private static long cell(int hash, int length) {
        return ((long) hash << 32) ^ length ^ 0x1b873593L;
    }

    /** Folds one cell into a 64-bit row hash: cheaper than hashing the row's text and as good for counting duplicates. */
    private static long mix(long h, long cell) {
        h = (h ^ cell) * 0xbf58476d1ce4e5b9L;
        return h ^ (h >>> 31);
    }

    /** A new profile combining this one and another profile of the same columns (e.g. two halves of a file). */
    public DatasetProfile merge(DatasetProfile other) {
        DatasetProfile merged = copy();
        merged.include(other);
        merged.sha256 = sha256 != null && sha256.equals(other.sha256) ? sha256 : null;
        merged.source = source == null ? other.source
                : other.source == null || other.source.equals(source) ? source : source + "+" + other.source;
        merged.bytes = bytes >= 0 && other.bytes >= 0 ? bytes + other.bytes : -1;
        return merged;
    }

    /** Adds another profile of the same columns into this one (the in-place form of {@link #merge}). */
    public void include(DatasetProfile other) {
        if (!columns.keySet().equals(other.columns.keySet())) {
            throw new IllegalArgumentException("cannot merge profiles with different columns: " + columns.keySet()
                    + " and " + other.columns.keySet());
        }
        for (ColumnProfile p : byIndex) {
            p.merge(other.columns.get(p.name()));
        }
        rows += other.rows;
        if (rowHashes != null && other.rowHashes != null) {
            rowSketch = RowHashes.union(rowHashes, other.rowHashes); // the union below, without its hash table
        } else {
            Union union = SetOperation.builder().setNominalEntries(ROW_SKETCH_ENTRIES).buildUnion();
            union.union(rowSketch());
            union.union(other.rowSketch());
            rowSketch = union.getResult();
        }
        rowHashes = null;
        if (format == null) {
            format = other.format;
        }
    }

    /** A deep copy. */
    public DatasetProfile copy() {
        return fromJson(toJson(), "profile");
    }

    // ---- reading ---------------------------------------------------------------------------------------

    /** Data rows (the header line not counted). */
    public long rows() {
        return rows;
    }

    /** The columns, in file order. */
    public List<ColumnProfile> columns() {
        return List.copyOf(columns.values());
    }

    public List<String> columnNames() {
        return List.copyOf(columns.keySet());
    }

    /** The profile of a column, or null when the data has no such column. */
    public ColumnProfile column(String name) {
        return columns.get(name);
    }

    public boolean hasColumn(String name) {
        return columns.containsKey(name);
    }

    /** Estimated number of rows that repeat an earlier row (exact up to about 130k distinct rows). */
    public long duplicateRows() {
        long distinctRows = Math.round(rowSketch().getEstimate());
        return Math.max(0, rows - distinctRows);
    }

    /** Whether {@link #duplicateRows()} is exact. */
    public boolean duplicatesExact() {
        return !rowSketch().isEstimationMode();
    }

    /** The distinct-rows theta sketch (compacted from {@link #rowHashes} while this profile is being filled). */
    private Sketch rowSketch() {
        return rowHashes != null ? rowHashes.compact() : rowSketch;
    }

    /** The file name the profile was computed from (null for a merged profile of several sources). */
    public String source() {
        return source;
    }

    /** SHA-256 of the profiled file; null when unknown (e.g. a merge of different files). */
    public String sha256() {
        return sha256;
    }

    public long bytes() {
        return bytes;
    }

    /** {@code csv}, {@code tsv} or {@code jsonl}. */
    public String format() {
        return format;
    }

    public Instant createdAt() {
        return createdAt;
    }

    // ---- storage ---------------------------------------------------------------------------------------

    /** Writes the profile as JSON (statistics plus base64 sketches), atomically. */
    public void save(Path file) {
        Json.write(file, toJson());
    }

    /** Reads a profile written by {@link #save}; a malformed file is an {@link InputException}. */
    public static DatasetProfile load(Path file) {
        return fromJson(Json.readTree(file), file.toString());
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("schemaVersion", SCHEMA_VERSION);
        o.put("kind", "mlsteps-profile");
        o.put("source", source);
        o.put("sha256", sha256);
        o.put("bytes", bytes);
        o.put("format", format);
        o.put("createdAt", createdAt.toString());
        o.put("rows", rows);
        o.put("duplicateRows", duplicateRows());
        o.put("duplicatesExact", duplicatesExact());
        ArrayNode cols = o.putArray("columns");
        for (ColumnProfile p : byIndex) {
            cols.add(p.toJson());
        }
        CompactSketch compact = rowSketch().compact();
        o.putObject("sketches").put("rows", Base64.getEncoder().encodeToString(compact.toByteArray()));
        return o;
    }

    /** Reads the JSON form; {@code what} names the source in error messages. */
    public static DatasetProfile fromJson(JsonNode root, String what) {
        try {
            if (!root.isObject() || !"mlsteps-profile".equals(root.path("kind").asText())) {
                throw new InputException(what, "is not an mlsteps profile (expected \"kind\": \"mlsteps-profile\")");
            }
            if (root.path("schemaVersion").asInt() > SCHEMA_VERSION) {
                throw new InputException(what, "profile schemaVersion " + root.path("schemaVersion").asInt()
                        + " is newer than this build understands (" + SCHEMA_VERSION + ")");
            }
            List<ColumnProfile> profiles = new ArrayList<>();
            for (JsonNode c : root.path("columns")) {
                profiles.add(ColumnProfile.fromJson(c));
            }
            Sketch rowSketch = Sketch.heapify(Memory.wrap(Base64.getDecoder()
                    .decode(root.path("sketches").path("rows").asText())));
            DatasetProfile p = new DatasetProfile(profiles, rowSketch);
            p.rows = root.path("rows").asLong();
            p.source = root.path("source").isNull() ? null : root.path("source").asText(null);
            p.sha256 = root.path("sha256").isNull() ? null : root.path("sha256").asText(null);
            p.bytes = root.path("bytes").asLong(-1);
            p.format = root.path("format").isNull() ? null : root.path("format").asText(null);
            String created = root.path("createdAt").asText(null);
            p.createdAt = created == null ? Instant.now() : Instant.parse(created);
            return p;
        } catch (InputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InputException(what, "malformed profile: " + e.getMessage());
        }
    }
}
