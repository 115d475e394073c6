package io.mlsteps.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlsteps.data.TypeInference.ValueKind;
import io.mlsteps.util.Json;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The profile of one column: counts, the kinds of its values, moments, and three mergeable Apache
 * DataSketches sketches — a KLL quantile sketch of the numeric values (numbers, or epoch seconds for
 * timestamps), an HLL distinct-count sketch and a frequent-items sketch of the raw values. Memory is
 * bounded whatever the row count (a few tens of KB per column).
 *
 * <p>A profile is built by {@link #update(String)} per cell, or from the scan's bytes (one thread per
 * instance), and combined with {@link #merge(ColumnProfile)}; everything else reads it. While a column has
 * few distinct values they are counted exactly in a {@link ValueTable}, each value parsed once. Category counts are exact while the column has
 * at most {@link #EXACT_CATEGORY_CAP} distinct values ({@link #categoriesExact()}), estimates beyond.
 */
public final class ColumnProfile {
    /** KLL accuracy parameter: normalized rank error about 1.3%. */
    public static final int KLL_K = 200;
    /** HLL size: log2 of the number of buckets (relative error about 1.6%). */
    public static final int HLL_LG_K = 12;
    /** Frequent-items map size; the sketch is exact while distinct values stay under 3/4 of it. */
    public static final int FREQUENT_MAP_SIZE = 2048;
    /** Number of distinct values up to which category counts are exact. */
    public static final int EXACT_CATEGORY_CAP = FREQUENT_MAP_SIZE * 3 / 4;
    /** Default number of histogram bins. */
    public static final int DEFAULT_BINS = 20;

    /** Weight from which one weighted quantile-sketch update is cheaper than that many single updates. */
    private static final long WEIGHTED_UPDATE_MIN = 256;

    private static final ArrayOfStringsSerDe STRINGS = new ArrayOfStringsSerDe();

    private final String name;
    private long count;
    private long missing;
    private long integers;
    private long doubles;
    private long booleans;
    private long timestamps;
    private long texts;
    private long nanOrInfinite;
    private long numericCount;
    private double mean;
    private double m2;
    private double min = Double.NaN;
    private double max = Double.NaN;
    private long minLength = -1;
    private long maxLength = -1;
    private boolean trackFrequent = true;
    /**
     * Exact counts of the distinct values while there are at most {@link #EXACT_CATEGORY_CAP} of them; null
     * once the column moved to the sketches ({@link #spill}). While it exists a cell costs one table look-up:
     * each value is classified once, and its counts reach the statistics, the quantile sketch (as weighted
     * updates) and the frequent-items and HLL sketches only when they are read ({@link #settle}), which gives
     * the same counts and sketches within their error bounds as feeding every cell.
     */
    private ValueTable values = new ValueTable(EXACT_CATEGORY_CAP);
    /**
     * Without the table: the current run of equal consecutive values (sorted or time-ordered columns repeat a
     * value over many rows), fed to the statistics and sketches once, with its length as weight, when it ends.
     */
    private long runCount;
    private byte[] runBytes = new byte[32];
    private int runLength;
    private int runHash;
    private int runChars;
    private String runValue;
    private ValueKind runKind;
    private double runNumber;
    /** A run's value repeated, for the quantile sketch's vector update ({@link #addNumber}); made on first use. */
    private double[] repeats;
    /** Set by {@link #classify}: the number of the value it classified (NaN when not a number). */
    private double classifiedNumber;
    private final KllDoublesSketch quantiles;
    private HllSketch distinct;
    /** The frequent-items sketch once {@link #values} is gone; null before. */
    private ItemsSketch<String> frequent;

    /** An empty profile of a column, ready for {@link #update(String)}. */
    public ColumnProfile(String name) {
        this(name, KllDoublesSketch.newHeapInstance(KLL_K), new HllSketch(HLL_LG_K, TgtHllType.HLL_8), null);
    }

    private ColumnProfile(String name, KllDoublesSketch quantiles, HllSketch distinct, ItemsSketch<String> frequent) {
        this.name = name;
        this.quantiles = quantiles;
        this.distinct = distinct;
        this.frequent = frequent;
    }

    /** Adds one cell: its raw text, or null when missing. */
    public void update(String raw) {
        if (raw == null) {
            updateMissing();
            return;
        }
        String value = TypeInference.trim(raw);
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        count++;
        present(bytes, 0, bytes.length, value.hashCode(), value.length(), value);
    }

    /** Adds one missing cell. */
    void updateMissing() {
        count++;
        missing++;
    }

    /**
     * Adds one present cell given as ASCII bytes {@code b[from, to)}, not trimmed, as the scan's fast path has
     * it; {@code rawHash} is {@link ValueTable#stringHash} of those bytes. Same result as {@link #update(String)}
     * of the same text, without a String for values already seen.
     */
    void updateAscii(byte[] b, int from, int to, int rawHash) {
        count++;
        if (from < to && b[from] > ' ' && b[to - 1] > ' ') { // nothing to trim, as for most cells
            present(b, from, to, rawHash, to - from, null);
            return;
        }
        int s = from;
        int e = to;
        while (s < e && isBlank(b[s])) {
            s++;
        }
        while (e > s && isBlank(b[e - 1])) {
            e--;
        }
        int hash = s == from && e == to ? rawHash : ValueTable.stringHash(b, s, e);
        present(b, s, e, hash, e - s, null);
    }

    /** The ASCII bytes {@link String#strip} removes (as {@link TypeInference#trim} does). */
    private static boolean isBlank(byte c) {
        return c <= ' ' && c >= 0 && Character.isWhitespace(c);
    }

    /**
     * One present, trimmed value: its UTF-8 bytes {@code b[from, to)}, its {@link String#hashCode}, its length
     * in chars and the String when the caller has it (null: the bytes are ASCII).
     */
    private void present(byte[] b, int from, int to, int hash, int chars, String known) {
        // the per-cell path is kept short (a look-up and a count); what happens once per distinct value or per
        // run is in separate methods, so the JIT compiles a small hot loop
        if (values != null) {
            int entry = values.find(b, from, to, hash);
            if (entry >= 0) {
                values.increment(entry);
                return;
            }
            if (addToTable(b, from, to, hash, chars, known)) {
                return;
            }
        }
        if (runCount > 0 && hash == runHash && to - from == runLength) {
            // the bytes compared here rather than in a method, which the C1 compiler would not inline
            byte[] run = runBytes;
            int o = -from;
            int i = from;
            while (i < to && run[o + i] == b[i]) {
                i++;
            }
            if (i == to) {
                runCount++;
                return;
            }
        }
        endRun();
        startRun(b, from, to, hash, chars, known);
    }

    /** A value the table has not seen: classified once and added; false (and the column spilled) when full. */
    private boolean addToTable(byte[] b, int from, int to, int hash, int chars, String known) {
        String value = known != null ? known : new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        ValueKind kind = classify(value);
        if (values.add(b, from, to, hash, chars, kind, classifiedNumber, 1)) {
            return true;
        }
        spill();
        return false;
    }

    /** Starts a run with a value: keeps its bytes and classifies it (integers and timestamps from the bytes). */
    private void startRun(byte[] b, int from, int to, int hash, int chars, String known) {
        int len = to - from;
        if (len > runBytes.length) {
            runBytes = new byte[Math.max(len, runBytes.length * 2)];
        }
        System.arraycopy(b, from, runBytes, 0, len);
        runLength = len;
        runHash = hash;
        runChars = chars;
        runValue = known;
        runCount = 1;
        // integers, plain decimals and ISO timestamps from the bytes; a valid timestamp is never a valid double,
        // so trying it before the general classification gives the same kind
        long integer = TypeInference.parseInteger(b, from, to);
        long seconds;
        double decimal;
        if (integer != TypeInference.NOT_AN_INTEGER) {
            runKind = ValueKind.INTEGER;
            runNumber = integer;
        } else if (!Double.isNaN(decimal = TypeInference.parseDecimal(b, from, to))) {
            runKind = ValueKind.DOUBLE;
            runNumber = decimal;
        } else if ((seconds = TypeInference.timestampSeconds(b, from, to)) != TypeInference.NOT_A_TIMESTAMP) {
            runKind = ValueKind.TIMESTAMP;
            runNumber = seconds;
        } else {
            runKind = classify(runValue());
            runNumber = classifiedNumber;
        }
    }

    private String runValue() {
        if (runValue == null) {
            runValue = new String(runBytes, 0, runLength, StandardCharsets.UTF_8);
        }
        return runValue;
    }

    /** Feeds the current run to the statistics and the sketches. */
    private void endRun() {
        if (runCount == 0) {
            return;
        }
        long weight = runCount;
        runCount = 0;
        // String.hashCode is specified by the JLS (stable across JVMs); HLL hashes it again with murmur3. At 32
        // bits, collisions stay far below the sketch's error up to hundreds of millions of distinct values.
        distinct.update((long) runHash);
        if (trackFrequent) {
            frequent.update(runValue(), weight);
        }
        count(runKind, runNumber, runChars, weight);
        if (trackFrequent && texts == 0 && booleans == 0 && frequent.getMaximumError() > 0) {
            // a numeric or timestamp column with many distinct values: its distribution is in the quantile
            // sketch, and tracking frequent values would only cost time
            trackFrequent = false;
        }
    }

    /** The kind of a trimmed present value; its number goes to {@link #classifiedNumber}. */
    private ValueKind classify(String value) {
        long integer = TypeInference.parseInteger(value);
        if (integer != TypeInference.NOT_AN_INTEGER) {
            classifiedNumber = integer;
            return ValueKind.INTEGER;
        }
        ValueKind kind = TypeInference.kindOf(value);
        classifiedNumber = switch (kind) {
            case INTEGER, DOUBLE -> TypeInference.toDouble(value);
            case TIMESTAMP -> TypeInference.timestampSeconds(value);
            default -> Double.NaN;
        };
        return kind;
    }

    /** Counts {@code weight} occurrences of a value of a kind, its number and its length in chars. */
    private void count(ValueKind kind, double number, int chars, long weight) {
        if (minLength < 0 || chars < minLength) {
            minLength = chars;
        }
        if (chars > maxLength) {
            maxLength = chars;
        }
        switch (kind) {
            case INTEGER -> {
                integers += weight;
                addNumber(number, weight);
            }
            case DOUBLE -> {
                doubles += weight;
                addNumber(number, weight);
            }
            case TIMESTAMP -> {
                timestamps += weight;
                addNumber(number, weight);
            }
            case BOOLEAN -> booleans += weight;
            default -> texts += weight;
        }
    }

    /**
     * Brings the statistics and sketches up to date with the cells counted but not yet fed to them (the exact
     * table's new counts, the current run). Every read of them calls it first.
     */
    private void settle() {
        endRun();
        if (values != null) {
            for (int e = 0; e < values.size(); e++) {
                long pending = values.takePending(e);
                if (pending > 0) {
                    count(values.kind(e), values.number(e), values.chars(e), pending);
                }
            }
        }
    }

    /** Moves the column from the exact table to the sketches, which take every value from now on. */
    private void spill() {
        if (values == null) {
            return;
        }
        settle();
        frequent = frequentView();
        distinct = distinctView();
        values = null;
    }

    /** The frequent-items sketch: built from the exact table while there is one. Call after {@link #settle}. */
    private ItemsSketch<String> frequentView() {
        if (values == null) {
            return frequent;
        }
        ItemsSketch<String> sketch = new ItemsSketch<>(FREQUENT_MAP_SIZE);
        for (int e = 0; e < values.size(); e++) {
            sketch.update(values.value(e), values.count(e));
        }
        return sketch;
    }

    /** The HLL sketch of the present values: built from the exact table while there is one. Call after {@link #settle}. */
    private HllSketch distinctView() {
        if (values == null) {
            return distinct;
        }
        HllSketch sketch = new HllSketch(HLL_LG_K, TgtHllType.HLL_8);
        for (int e = 0; e < values.size(); e++) {
            sketch.update((long) values.hash(e));
        }
        return sketch;
    }

    /** Adds {@code weight} occurrences of a number to the moments and the quantile sketch. */
    private void addNumber(double x, long weight) {
        if (!Double.isFinite(x)) {
            nanOrInfinite += weight;
            return;
        }
        long n = numericCount + weight;
        // Welford's update generalised to a weight (Chan et al.'s pairwise formula with a zero-variance part)
        double delta = x - mean;
        mean += delta * weight / n;
        m2 += delta * delta * numericCount * (double) weight / n;
        if (numericCount == 0 || x < min) {
            min = x;
        }
        if (numericCount == 0 || x > max) {
            max = x;
        }
        numericCount = n;
        if (weight > WEIGHTED_UPDATE_MIN) {
            quantiles.update(x, weight);
        } else if (weight == 1) {
            quantiles.update(x);
        } else {
            // KLL's weighted update merges a small sketch: for short runs, the vector update (the same as that
            // many single updates, in one call) is cheaper
            int times = (int) weight;
            if (repeats == null) {
                repeats = new double[(int) WEIGHTED_UPDATE_MIN];
            }
            java.util.Arrays.fill(repeats, 0, times, x);
            quantiles.update(repeats, 0, times);
        }
    }

    /** Adds another profile of the same column (e.g. of another part of the file) into this one. */
    public void merge(ColumnProfile other) {
        if (!name.equals(other.name)) {
            throw new IllegalArgumentException("cannot merge profiles of columns '" + name + "' and '" + other.name + "'");
        }
        settle();
        other.settle();
        count += other.count;
        missing += other.missing;
        integers += other.integers;
        doubles += other.doubles;
        booleans += other.booleans;
        timestamps += other.timestamps;
        texts += other.texts;
        nanOrInfinite += other.nanOrInfinite;
        if (other.numericCount > 0) {
            if (numericCount == 0) {
                mean = other.mean;
                m2 = other.m2;
                min = other.min;
                max = other.max;
            } else {
                // Chan et al.'s pairwise update of mean and sum of squared deviations
                long n = numericCount + other.numericCount;
                double delta = other.mean - mean;
                mean += delta * other.numericCount / n;
                m2 += other.m2 + delta * delta * numericCount * (double) other.numericCount / n;
                min = Math.min(min, other.min);
                max = Math.max(max, other.max);
            }
            numericCount += other.numericCount;
        }
        if (other.minLength >= 0) {
            minLength = minLength < 0 ? other.minLength : Math.min(minLength, other.minLength);
            maxLength = Math.max(maxLength, other.maxLength);
        }
        quantiles.merge(other.quantiles);
        // both tables' counts are in the statistics now (settled), so the union table takes them as settled
        if (values == null || other.values == null || !values.addAll(other.values)) {
            spill();
            Union union = new Union(HLL_LG_K);
            union.update(distinct);
            union.update(other.distinctView());
            distinct = union.getResult(TgtHllType.HLL_8);
            frequent = frequent.merge(other.frequentView());
        }
        trackFrequent = trackFrequent && other.trackFrequent;
        if (trackFrequent && texts == 0 && booleans == 0 && values == null && frequent.getMaximumError() > 0) {
            // the scan's rule (endRun): parts that each stayed under the cap can exceed it together
            trackFrequent = false;
        }
    }

    /** A deep copy (sketches included), so merging into it leaves this profile unchanged. */
    public ColumnProfile copy() {
        return fromJson(toJson());
    }

    // ---- what the column holds -------------------------------------------------------------------------

    public String name() {
        return name;
    }

    /** The inferred type: see {@link TypeInference#decide}. */
    public ColumnType type() {
        settle();
        return TypeInference.decide(integers, doubles, booleans, timestamps, texts);
    }

    /** Rows seen, missing values included. */
    public long count() {
        return count;
    }

    /** Cells that were empty or held a missing-value marker. */
    public long missing() {
        return missing;
    }

    /** Present (non-missing) values. */
    public long present() {
        return count - missing;
    }

    /** {@code missing / count}, 0 for an empty column. */
    public double missingRatio() {
        return count == 0 ? 0 : (double) missing / count;
    }

    /** Present values that conform to a type (e.g. how many values of a column declared INTEGER really are). */
    public long conforming(ColumnType type) {
        settle();
        return switch (type) {
            case INTEGER -> integers;
            case DOUBLE -> integers + doubles;
            case BOOLEAN -> booleans;
            case TIMESTAMP -> timestamps;
            case CATEGORICAL -> present();
        };
    }

    /** Counts of present values by kind: {@code integer, double, boolean, timestamp, text}. */
    public Map<String, Long> kindCounts() {
        settle();
        Map<String, Long> kinds = new LinkedHashMap<>();
        kinds.put("integer", integers);
        kinds.put("double", doubles);
        kinds.put("boolean", booleans);
        kinds.put("timestamp", timestamps);
        kinds.put("text", texts);
        return kinds;
    }

    /** Values spelled NaN or infinity. They are not part of the numeric statistics. */
    public long nanOrInfinite() {
        settle();
        return nanOrInfinite;
    }

    /** Finite numeric values (numbers, or timestamps as epoch seconds) behind min/max/mean/quantiles. */
    public long numericCount() {
        settle();
        return numericCount;
    }

    /** Smallest numeric value; NaN when there is none. For timestamps: epoch seconds. */
    public double min() {
        settle();
        return numericCount == 0 ? Double.NaN : min;
    }

    public double max() {
        settle();
        return numericCount == 0 ? Double.NaN : max;
    }

    public double mean() {
        settle();
        return numericCount == 0 ? Double.NaN : mean;
    }

    /** Sample standard deviation (n - 1), as pandas' describe; NaN below two values. */
    public double stddev() {
        settle();
        return numericCount < 2 ? Double.NaN : Math.sqrt(m2 / (numericCount - 1));
    }

    public double variance() {
        settle();
        return numericCount < 2 ? Double.NaN : m2 / (numericCount - 1);
    }

    /** Length in characters of the shortest / longest present value; -1 when there is none. */
    public long minLength() {
        settle();
        return minLength;
    }

    public long maxLength() {
        settle();
        return maxLength;
    }

    /** The KLL sketch of the numeric values, for callers that need more than quantiles and ranks. Do not modify. */
    public KllDoublesSketch quantileSketch() {
        settle();
        return quantiles;
    }

    /** The q-quantile (0..1) of the numeric values, within the sketch's rank error; NaN when there is none. */
    public double quantile(double q) {
        settle();
        if (quantiles.isEmpty()) {
            return Double.NaN;
        }
        return quantiles.getQuantile(q, QuantileSearchCriteria.INCLUSIVE);
    }

    /** Fraction of the numeric values {@code <= x}; NaN when there is none. */
    public double cdf(double x) {
        settle();
        if (quantiles.isEmpty()) {
            return Double.NaN;
        }
        return quantiles.getRank(x, QuantileSearchCriteria.INCLUSIVE);
    }

    /**
     * Fractions of the numeric values {@code <= each split point}, for strictly increasing split points.
     * Empty array when there is no numeric value.
     */
    public double[] cdf(double[] splitPoints) {
        settle();
        if (quantiles.isEmpty()) {
            return new double[0];
        }
        double[] withTail = quantiles.getCDF(splitPoints, QuantileSearchCriteria.INCLUSIVE);
        return java.util.Arrays.copyOf(withTail, splitPoints.length);
    }

    /** The sketch's normalized rank error (the bound on quantile and CDF answers, about 0.013). */
    public double rankError() {
        return quantiles.getNormalizedRankError(false);
    }

    /** Estimated number of distinct present values (HLL, about 1.6% relative error; exact when small). */
    public double distinctEstimate() {
        settle();
        if (values != null) {
            return values.size();
        }
        if (categoriesExact()) {
            return frequent.getNumActiveItems();
        }
        return distinct.getEstimate();
    }

    /** Whether {@link #categoryCounts()} is exact: true while the column has at most {@link #EXACT_CATEGORY_CAP} distinct values. */
    public boolean categoriesExact() {
        settle();
        return values != null
                || trackFrequent && frequent.getMaximumError() == 0 && frequent.getNumActiveItems() <= EXACT_CATEGORY_CAP;
    }

    /**
     * Whether the frequent-values sketch saw every value. It stops for a column of numbers or timestamps once it
     * has more than {@link #EXACT_CATEGORY_CAP} distinct values; {@link #categoryCounts()} is then empty.
     */
    public boolean frequentValuesTracked() {
        settle();
        return trackFrequent;
    }

    /**
     * Present values and how often each occurs, most frequent first. Exact (all values) when
     * {@link #categoriesExact()}; otherwise the frequent values only, with estimated counts.
     */
    public Map<String, Long> categoryCounts() {
        settle();
        Map<String, Long> result = new LinkedHashMap<>();
        if (!trackFrequent) {
            return result;
        }
        if (values != null) {
            // exact counts, most frequent first, ties in value order
            Integer[] order = new Integer[values.size()];
            String[] text = new String[order.length];
            for (int e = 0; e < order.length; e++) {
                order[e] = e;
                text[e] = values.value(e);
            }
            java.util.Arrays.sort(order, java.util.Comparator.<Integer>comparingLong(e -> -values.count(e))
                    .thenComparing(e -> text[e]));
            for (int e : order) {
                result.put(text[e], values.count(e));
            }
            return result;
        }
        for (ItemsSketch.Row<String> row : frequent.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
            result.put(row.getItem(), row.getEstimate());
        }
        if (!categoriesExact()) {
            // Keep only values whose frequency is certainly above the sketch's error
            result.clear();
            for (ItemsSketch.Row<String> row : frequent.getFrequentItems(ErrorType.NO_FALSE_POSITIVES)) {
                result.put(row.getItem(), row.getEstimate());
            }
        }
        return result;
    }

    /** The {@code n} most frequent present values with their (estimated) counts. */
    public Map<String, Long> topValues(int n) {
        Map<String, Long> result = new LinkedHashMap<>();
        for (var e : categoryCounts().entrySet()) {
            if (result.size() >= n) {
                break;
            }
            result.put(e.getKey(), e.getValue());
        }
        return result;
    }

    /**
     * A histogram of the numeric values with {@code bins} equal-width bins between min and max (for an
     * integer column, bins of whole numbers with edges at half-integers: one value per bin when the range is
     * small), counts estimated from the quantile sketch
     * (exact while the column has fewer values than the sketch holds).
     */
    public Histogram histogram(int bins) {
        settle();
        if (numericCount == 0) {
            return new Histogram(new double[0], new long[0]);
        }
        double lo = min;
        double hi = max;
        double[] edges;
        if (type() == ColumnType.INTEGER) {
            // integer-aligned bins (edges at half-integers), one value per bin when the range is small
            long width = (long) Math.ceil((hi - lo + 1) / bins);
            int n = (int) Math.ceil((hi - lo + 1) / width);
            edges = new double[n + 1];
            for (int i = 0; i <= n; i++) {
                edges[i] = lo - 0.5 + (double) i * width;
            }
        } else if (hi == lo) {
            edges = new double[]{lo - 0.5, hi + 0.5};
        } else {
            edges = new double[bins + 1];
            for (int i = 0; i <= bins; i++) {
                edges[i] = lo + (hi - lo) * i / bins;
            }
            edges[bins] = hi;
        }
        long[] counts = new long[edges.length - 1];
        double[] inner = java.util.Arrays.copyOfRange(edges, 1, edges.length - 1);
        double[] cdf = inner.length == 0 ? new double[]{1.0}
                : quantiles.getCDF(inner, QuantileSearchCriteria.INCLUSIVE);
        double previous = 0;
        long assigned = 0;
        for (int i = 0; i < counts.length; i++) {
            double upTo = i < cdf.length ? cdf[i] : 1.0;
            if (i == counts.length - 1) {
                upTo = 1.0;
            }
            long c = Math.round(upTo * numericCount) - Math.round(previous * numericCount);
            counts[i] = Math.max(0, c);
            assigned += counts[i];
            previous = upTo;
        }
        if (assigned != numericCount && counts.length > 0) {
            counts[counts.length - 1] += numericCount - assigned;
        }
        return new Histogram(edges, counts);
    }

    /** Histogram with {@link #DEFAULT_BINS} bins. */
    public Histogram histogram() {
        return histogram(DEFAULT_BINS);
    }

    /**
     * Bin edges (length n+1, increasing) and counts (length n); bin i holds values in (edges[i], edges[i+1]],
     * the first bin also its lower edge.
     */
    public record Histogram(double[] edges, long[] counts) {
    }

    // ---- JSON ------------------------------------------------------------------------------------------

    /** The JSON form: statistics a person can read, plus the sketches (base64) that make it mergeable. */
    public ObjectNode toJson() {
        settle();
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("name", name);
        o.put("type", type().name());
        o.put("count", count);
        o.put("missing", missing);
        o.put("missingRatio", missingRatio());
        ObjectNode kinds = o.putObject("kinds");
        kindCounts().forEach(kinds::put);
        o.put("nanOrInfinite", nanOrInfinite);
        o.put("minLength", minLength);
        o.put("maxLength", maxLength);
        ObjectNode numeric = o.putObject("numeric");
        numeric.put("count", numericCount);
        if (numericCount > 0) {
            numeric.put("min", min);
            numeric.put("max", max);
            numeric.put("mean", mean);
            numeric.put("m2", m2);
            if (numericCount > 1) {
                numeric.put("stddev", stddev());
            }
            ObjectNode q = numeric.putObject("quantiles");
            for (double p : new double[]{0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99}) {
                q.put(Double.toString(p), quantile(p));
            }
            Histogram h = histogram();
            ObjectNode hist = numeric.putObject("histogram");
            ArrayNode edges = hist.putArray("edges");
            for (double e : h.edges()) {
                edges.add(e);
            }
            ArrayNode counts = hist.putArray("counts");
            for (long c : h.counts()) {
                counts.add(c);
            }
        }
        o.put("distinct", distinctEstimate());
        o.put("categoriesExact", categoriesExact());
        o.put("frequentValuesTracked", trackFrequent);
        ObjectNode cats = o.putObject("categories");
        topValues(categoriesExact() ? EXACT_CATEGORY_CAP : 100).forEach(cats::put);
        ObjectNode sketches = o.putObject("sketches");
        Base64.Encoder b64 = Base64.getEncoder();
        sketches.put("kll", b64.encodeToString(quantiles.toByteArray()));
        sketches.put("hll", b64.encodeToString(distinctView().toCompactByteArray()));
        sketches.put("frequent", b64.encodeToString(frequentView().toByteArray(STRINGS)));
        return o;
    }

    /** Reads {@link #toJson()}'s form back; derived fields (quantiles, histogram, categories) are recomputed from the sketches. */
    public static ColumnProfile fromJson(JsonNode o) {
        Base64.Decoder b64 = Base64.getDecoder();
        JsonNode sk = required(o, "sketches");
        ColumnProfile p = new ColumnProfile(required(o, "name").asText(),
                KllDoublesSketch.heapify(Memory.wrap(b64.decode(required(sk, "kll").asText()))),
                HllSketch.heapify(b64.decode(required(sk, "hll").asText())),
                ItemsSketch.getInstance(Memory.wrap(b64.decode(required(sk, "frequent").asText())), STRINGS));
        p.count = required(o, "count").asLong();
        p.missing = required(o, "missing").asLong();
        JsonNode kinds = required(o, "kinds");
        p.integers = kinds.path("integer").asLong();
        p.doubles = kinds.path("double").asLong();
        p.booleans = kinds.path("boolean").asLong();
        p.timestamps = kinds.path("timestamp").asLong();
        p.texts = kinds.path("text").asLong();
        p.nanOrInfinite = o.path("nanOrInfinite").asLong();
        p.trackFrequent = o.path("frequentValuesTracked").asBoolean(true);
        p.values = null;
        p.minLength = o.path("minLength").asLong(-1);
        p.maxLength = o.path("maxLength").asLong(-1);
        JsonNode numeric = required(o, "numeric");
        p.numericCount = numeric.path("count").asLong();
        if (p.numericCount > 0) {
            p.min = numeric.path("min").asDouble();
            p.max = numeric.path("max").asDouble();
            p.mean = numeric.path("mean").asDouble();
            p.m2 = numeric.path("m2").asDouble();
        }
        return p;
    }

    private static JsonNode required(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("column profile lacks '" + field + "'");
        }
        return v;
    }

    @Override
    public String toString() {
        return name + " " + type() + " count=" + count + " missing=" + missing;
    }
}
