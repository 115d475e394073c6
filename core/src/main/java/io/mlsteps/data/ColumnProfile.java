package io.mlsteps.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The profile of one column: counts, the kinds of its values, moments, and three mergeable Apache
 * DataSketches sketches — a KLL quantile sketch of the numeric values (numbers, or epoch seconds for
 * timestamps), an HLL distinct-count sketch and a frequent-items sketch of the raw values. Memory is
 * bounded whatever the row count (a few tens of KB per column).
 *
 * <p>A profile is built by {@link #update(String)} per cell (one thread per instance) and combined with
 * {@link #merge(ColumnProfile)}; everything else reads it. Category counts are exact while the column has
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
    /** Distinct values at which the HLL sketch starts taking every value (below the frequent sketch's purge point). */
    static final int DEFERRED_DISTINCT_LIMIT = EXACT_CATEGORY_CAP - 32;
    /** Default number of histogram bins. */
    public static final int DEFAULT_BINS = 20;

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
     * False while the frequent-items sketch still holds every distinct value (it has never purged): the HLL
     * sketch is then filled from it on demand, once per distinct value, which gives the same sketch as
     * feeding every occurrence (HLL ignores repeats) and saves a hash per cell of low-cardinality columns.
     */
    private boolean distinctLive;
    private final KllDoublesSketch quantiles;
    private HllSketch distinct;
    private ItemsSketch<String> frequent;

    /** An empty profile of a column, ready for {@link #update(String)}. */
    public ColumnProfile(String name) {
        this(name, KllDoublesSketch.newHeapInstance(KLL_K), new HllSketch(HLL_LG_K, TgtHllType.HLL_8),
                new ItemsSketch<>(FREQUENT_MAP_SIZE));
    }

    private ColumnProfile(String name, KllDoublesSketch quantiles, HllSketch distinct, ItemsSketch<String> frequent) {
        this.name = name;
        this.quantiles = quantiles;
        this.distinct = distinct;
        this.frequent = frequent;
    }

    /** Adds one cell: its raw text, or null when missing. */
    public void update(String raw) {
        count++;
        if (raw == null) {
            missing++;
            return;
        }
        String value = TypeInference.trim(raw);
        long length = value.length();
        if (minLength < 0 || length < minLength) {
            minLength = length;
        }
        if (length > maxLength) {
            maxLength = length;
        }
        // String.hashCode is specified by the JLS (stable across JVMs) and cached, and the frequent-items
        // sketch computes it anyway; HLL hashes it again with murmur3. At 32 bits, collisions stay far below
        // the sketch's error up to hundreds of millions of distinct values.
        if (distinctLive) {
            distinct.update((long) value.hashCode());
        }
        if (trackFrequent) {
            frequent.update(value);
            if (!distinctLive && frequent.getNumActiveItems() >= DEFERRED_DISTINCT_LIMIT) {
                liveDistinct();
            }
            if (texts == 0 && booleans == 0 && frequent.getNumActiveItems() > EXACT_CATEGORY_CAP
                    && frequent.getMaximumError() > 0) {
                // a numeric or timestamp column with many distinct values: its distribution is in the quantile
                // sketch, and tracking frequent values would only cost time
                trackFrequent = false;
            }
        }
        long integer = TypeInference.parseInteger(value);
        if (integer != TypeInference.NOT_AN_INTEGER) {
            integers++;
            addNumber(integer);
            return;
        }
        switch (TypeInference.kindOf(value)) {
            case INTEGER -> {
                integers++;
                addNumber(TypeInference.toDouble(value));
            }
            case DOUBLE -> {
                doubles++;
                addNumber(TypeInference.toDouble(value));
            }
            case TIMESTAMP -> {
                timestamps++;
                addNumber(TypeInference.timestampSeconds(value));
            }
            case BOOLEAN -> booleans++;
            default -> texts++;
        }
    }

    /** Makes the HLL sketch complete (see {@link #distinctLive}) and keeps it updated from now on. */
    private void liveDistinct() {
        if (distinctLive) {
            return;
        }
        for (ItemsSketch.Row<String> row : frequent.getFrequentItems(0, ErrorType.NO_FALSE_NEGATIVES)) {
            distinct.update((long) row.getItem().hashCode());
        }
        distinctLive = true;
    }

    private void addNumber(double x) {
        if (!Double.isFinite(x)) {
            nanOrInfinite++;
            return;
        }
        numericCount++;
        double delta = x - mean;
        mean += delta / numericCount;
        m2 += delta * (x - mean);
        if (numericCount == 1 || x < min) {
            min = x;
        }
        if (numericCount == 1 || x > max) {
            max = x;
        }
        quantiles.update(x);
    }

    /** Adds another profile of the same column (e.g. of another part of the file) into this one. */
    public void merge(ColumnProfile other) {
        if (!name.equals(other.name)) {
            throw new IllegalArgumentException("cannot merge profiles of columns '" + name + "' and '" + other.name + "'");
        }
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
        liveDistinct();
        other.liveDistinct();
        Union union = new Union(HLL_LG_K);
        union.update(distinct);
        union.update(other.distinct);
        distinct = union.getResult(TgtHllType.HLL_8);
        frequent = frequent.merge(other.frequent);
        trackFrequent = trackFrequent && other.trackFrequent;
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
        return nanOrInfinite;
    }

    /** Finite numeric values (numbers, or timestamps as epoch seconds) behind min/max/mean/quantiles. */
    public long numericCount() {
        return numericCount;
    }

    /** Smallest numeric value; NaN when there is none. For timestamps: epoch seconds. */
    public double min() {
        return numericCount == 0 ? Double.NaN : min;
    }

    public double max() {
        return numericCount == 0 ? Double.NaN : max;
    }

    public double mean() {
        return numericCount == 0 ? Double.NaN : mean;
    }

    /** Sample standard deviation (n - 1), as pandas' describe; NaN below two values. */
    public double stddev() {
        return numericCount < 2 ? Double.NaN : Math.sqrt(m2 / (numericCount - 1));
    }

    public double variance() {
        return numericCount < 2 ? Double.NaN : m2 / (numericCount - 1);
    }

    /** Length in characters of the shortest / longest present value; -1 when there is none. */
    public long minLength() {
        return minLength;
    }

    public long maxLength() {
        return maxLength;
    }

    /** The KLL sketch of the numeric values, for callers that need more than quantiles and ranks. Do not modify. */
    public KllDoublesSketch quantileSketch() {
        return quantiles;
    }

    /** The q-quantile (0..1) of the numeric values, within the sketch's rank error; NaN when there is none. */
    public double quantile(double q) {
        if (quantiles.isEmpty()) {
            return Double.NaN;
        }
        return quantiles.getQuantile(q, QuantileSearchCriteria.INCLUSIVE);
    }

    /** Fraction of the numeric values {@code <= x}; NaN when there is none. */
    public double cdf(double x) {
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
        if (categoriesExact()) {
            return frequent.getNumActiveItems();
        }
        liveDistinct();
        return distinct.getEstimate();
    }

    /** The HLL sketch of the present values. Do not modify. */
    public HllSketch distinctSketch() {
        liveDistinct();
        return distinct;
    }

    /** Whether {@link #categoryCounts()} is exact: true while the column has at most {@link #EXACT_CATEGORY_CAP} distinct values. */
    public boolean categoriesExact() {
        return trackFrequent && frequent.getMaximumError() == 0 && frequent.getNumActiveItems() <= EXACT_CATEGORY_CAP;
    }

    /**
     * Whether the frequent-values sketch saw every value. It stops for a column of numbers or timestamps once it
     * has more than {@link #EXACT_CATEGORY_CAP} distinct values; {@link #categoryCounts()} is then empty.
     */
    public boolean frequentValuesTracked() {
        return trackFrequent;
    }

    /**
     * Present values and how often each occurs, most frequent first. Exact (all values) when
     * {@link #categoriesExact()}; otherwise the frequent values only, with estimated counts.
     */
    public Map<String, Long> categoryCounts() {
        Map<String, Long> result = new LinkedHashMap<>();
        if (!trackFrequent) {
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

    /** The frequent-items sketch of the present values. Do not modify. */
    public ItemsSketch<String> frequentSketch() {
        return frequent;
    }

    /**
     * A histogram of the numeric values with {@code bins} equal-width bins between min and max (for an
     * integer column, bins of whole numbers with edges at half-integers: one value per bin when the range is
     * small), counts estimated from the quantile sketch
     * (exact while the column has fewer values than the sketch holds).
     */
    public Histogram histogram(int bins) {
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
        liveDistinct();
        sketches.put("hll", b64.encodeToString(distinct.toCompactByteArray()));
        sketches.put("frequent", b64.encodeToString(frequent.toByteArray(STRINGS)));
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
        p.distinctLive = true;
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
