package io.mlsteps.drift;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantilesDoublesSketchIterator;

import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The distribution of one column as drift needs it, accumulated in one streaming pass with bounded memory:
 * numeric values are counted exactly per distinct value up to {@link #MAX_EXACT_DISTINCT} distinct values and
 * then move into a KLL quantile sketch; text values are counted per category up to {@link #MAX_CATEGORIES}.
 * Missing values, NaN and infinities are counted apart. Mergeable, and saved as part of a
 * {@link DriftProfile}.
 */
public final class ColumnDistribution {
    /** Distinct numeric values kept exactly before the column moves to a sketch. */
    public static final int MAX_EXACT_DISTINCT = 100_000;
    /** Distinct text values counted before a column counts as free text (not tested for drift). */
    public static final int MAX_CATEGORIES = 10_000;
    /** KLL accuracy parameter; normalised rank error about 0.33% (99% confidence). */
    public static final int KLL_K = 1000;
    private static final int DECIDE_TEXT_AFTER = 1000;

    /** What kind of column this is, decided from all its values. */
    public enum Kind { NUMERIC, CATEGORICAL, DATETIME, TEXT, EMPTY }

    private final String name;
    long rows;
    long missing;
    long nan;
    long infinite;
    long numeric;
    long text;
    private DoubleCounts exact = new DoubleCounts(64);
    private KllDoublesSketch sketch;
    private Map<String, long[]> categories = new HashMap<>();
    private boolean categoriesOverflow;
    private boolean allTextDateLike = true;
    private boolean textOnly;

    public ColumnDistribution(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Adds one raw cell (null = missing). */
    public void add(String raw) {
        rows++;
        if (raw == null) {
            missing++;
            return;
        }
        if (!textOnly && looksNumeric(raw)) {
            double v;
            try {
                v = Double.parseDouble(raw);
            } catch (NumberFormatException e) {
                addText(raw);
                return;
            }
            addNumber(v);
            return;
        }
        addText(raw);
    }

    /** Whether number parsing has stopped for this column (a text column). */
    boolean isTextOnly() {
        return textOnly;
    }

    /** Counts one text value whose category is counted elsewhere (the fast CSV path). */
    void textSeen() {
        text++;
        if (!textOnly && numeric == 0 && text >= DECIDE_TEXT_AFTER) {
            textOnly = true;
        }
    }

    /**
     * Adds {@code count} occurrences of a text value whose {@link #textSeen} calls were already made; null
     * marks the category cap as exceeded.
     */
    void addTextCount(String value, long count) {
        if (value == null) {
            if (!categoriesOverflow) {
                categoriesOverflow = true;
                categories = new HashMap<>();
            }
            return;
        }
        if (categoriesOverflow) {
            return;
        }
        long[] c = categories.get(value);
        if (c != null) {
            c[0] += count;
        } else if (categories.size() < MAX_CATEGORIES) {
            categories.put(value, new long[]{count});
        } else {
            categoriesOverflow = true;
        }
    }

    /** Records whether the text values counted elsewhere all looked like dates. */
    void textDateLike(boolean allDateLike) {
        allTextDateLike &= allDateLike;
    }

    /** Adds one numeric value (NaN and infinities are counted, not distributed). */
    public void addNumber(double v) {
        if (Double.isNaN(v)) {
            nan++;
            return;
        }
        if (Double.isInfinite(v)) {
            infinite++;
            return;
        }
        numeric++;
        if (sketch != null) {
            sketch.update(v);
            return;
        }
        exact.add(v, 1);
        if (exact.size() > MAX_EXACT_DISTINCT) {
            toSketch();
        }
    }

    private void toSketch() {
        sketch = KllDoublesSketch.newHeapInstance(KLL_K);
        exact.forEach((value, count) -> sketch.update(value, count));
        exact = null;
    }

    private void addText(String raw) {
        text++;
        if (allTextDateLike && !isDateLike(raw)) {
            allTextDateLike = false;
        }
        if (!textOnly && numeric == 0 && text >= DECIDE_TEXT_AFTER) {
            textOnly = true; // stop trying to parse numbers in a text column: exceptions are slow
        }
        if (categoriesOverflow) {
            return;
        }
        long[] c = categories.get(raw);
        if (c != null) {
            c[0]++;
        } else if (categories.size() < MAX_CATEGORIES) {
            categories.put(raw, new long[]{1});
        } else {
            categoriesOverflow = true;
            categories = new HashMap<>(); // free text or timestamps: counts are no longer needed
        }
    }

    private static boolean looksNumeric(String s) {
        if (s.isEmpty()) {
            return false;
        }
        char c = s.charAt(0);
        return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'N' || c == 'I' || c == 'n'
                || c == 'i';
    }

    /** ISO dates and date-times ({@code 2011-01-01}, {@code 2001-01-01 00:01}, {@code 2024-05-01T12:00:00Z}). */
    static boolean isDateLike(String s) {
        if (s.length() < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return false;
        }
        for (int i : new int[]{0, 1, 2, 3, 5, 6, 8, 9}) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return s.length() == 10 || s.charAt(10) == ' ' || s.charAt(10) == 'T';
    }

    public Kind kind() {
        if (text > 0) {
            if (allTextDateLike && numeric == 0) {
                return Kind.DATETIME;
            }
            return categoriesOverflow ? Kind.TEXT : Kind.CATEGORICAL;
        }
        if (numeric > 0) {
            return Kind.NUMERIC;
        }
        return Kind.EMPTY;
    }

    public long rows() {
        return rows;
    }

    public long missing() {
        return missing;
    }

    public long nanCount() {
        return nan;
    }

    public long infiniteCount() {
        return infinite;
    }

    /** Count of finite numeric values. */
    public long numericCount() {
        return numeric;
    }

    /** Whether the numeric distribution is exact (no sketch). */
    public boolean isExact() {
        return sketch == null;
    }

    /** Distinct finite numeric values (exact), or the sketch's retained items as a lower bound. */
    public int numericDistinct() {
        return exact != null ? exact.size() : numericSample().distinct();
    }

    /** The numeric distribution: exact counts, or the sketch's retained items with their weights. */
    public WeightedSample numericSample() {
        if (exact != null) {
            return exact.toSample();
        }
        QuantilesDoublesSketchIterator it = sketch.iterator();
        DoubleCounts items = new DoubleCounts(sketch.getNumRetained());
        while (it.next()) {
            items.add(it.getQuantile(), it.getWeight());
        }
        WeightedSample s = items.toSample();
        return new WeightedSample(s.values(), s.weights(), sketch.getN(), false);
    }

    /** Rank error of the numeric distribution: 0 when exact, else the KLL bound (99% confidence). */
    public double rankError() {
        return sketch == null || !sketch.isEstimationMode() ? 0.0 : sketch.getNormalizedRankError(false);
    }

    /**
     * The distribution of a column of a data profile ({@code mlsteps profile}, a model's stored training
     * profile): its KLL sketch for numbers (rank error {@link io.mlsteps.data.ColumnProfile#KLL_K}-dependent,
     * about 1.3%), its category counts for text.
     */
    public static ColumnDistribution of(io.mlsteps.data.ColumnProfile p) {
        ColumnDistribution c = new ColumnDistribution(p.name());
        c.rows = p.count();
        c.missing = p.missing();
        c.nan = p.nanOrInfinite();
        io.mlsteps.data.ColumnType type = p.type();
        if (type != null && type.isNumeric()) {
            KllDoublesSketch q = p.quantileSketch();
            c.numeric = q.getN();
            c.exact = null;
            c.sketch = q.isEmpty() ? KllDoublesSketch.newHeapInstance(KLL_K)
                    : KllDoublesSketch.heapify(Memory.wrap(q.toByteArray()));
            if (q.isEmpty()) {
                c.exact = new DoubleCounts(16);
                c.sketch = null;
            }
        } else {
            c.text = p.present();
            c.allTextDateLike = type == io.mlsteps.data.ColumnType.TIMESTAMP;
            c.textOnly = true;
            c.categoriesOverflow = !p.categoriesExact();
            p.categoryCounts().forEach((k, v) -> c.categories.put(k, new long[]{v}));
        }
        return c;
    }

    /**
     * Counts per category. For a column with numbers and text alike, numbers are counted under their
     * shortest decimal form; a numeric column gives its exact value counts as categories.
     */
    public Map<String, Long> categoryCounts() {
        Map<String, Long> out = new LinkedHashMap<>();
        categories.entrySet().stream()
                .sorted((a, b) -> a.getValue()[0] != b.getValue()[0] ? Long.compare(b.getValue()[0], a.getValue()[0])
                        : a.getKey().compareTo(b.getKey()))
                .forEach(e -> out.put(e.getKey(), e.getValue()[0]));
        if (exact != null) {
            exact.toSampleCounts(out);
        } else if (sketch != null) {
            WeightedSample s = numericSample(); // approximate counts: the sketch's retained items and weights
            for (int i = 0; i < s.values().length; i++) {
                out.merge(DoubleCounts.format(s.values()[i]), Math.round(s.weights()[i]), Long::sum);
            }
        }
        return out;
    }

    /** Number of distinct non-missing values (text categories plus distinct numbers), for the method rule. */
    public long distinctValues() {
        return categories.size() + (exact != null ? exact.size() : numericSample().distinct());
    }

    /** Adds another distribution of the same column (from another file or another thread). */
    public void merge(ColumnDistribution other) {
        rows += other.rows;
        missing += other.missing;
        nan += other.nan;
        infinite += other.infinite;
        numeric += other.numeric;
        text += other.text;
        allTextDateLike &= other.allTextDateLike;
        if (other.sketch != null) {
            if (sketch == null) {
                toSketch();
            }
            sketch.merge(other.sketch);
        } else if (sketch != null) {
            other.exact.forEach((v, c) -> sketch.update(v, c));
        } else {
            exact.addAll(other.exact);
            if (exact.size() > MAX_EXACT_DISTINCT) {
                toSketch();
            }
        }
        categoriesOverflow |= other.categoriesOverflow;
        for (var e : other.categories.entrySet()) {
            long[] c = categories.get(e.getKey());
            if (c != null) {
                c[0] += e.getValue()[0];
            } else if (categories.size() < MAX_CATEGORIES) {
                categories.put(e.getKey(), new long[]{e.getValue()[0]});
            } else {
                categoriesOverflow = true;
            }
        }
    }

    /** The saved form (see {@link DriftProfile}). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("kind", kind().name());
        m.put("rows", rows);
        m.put("missing", missing);
        m.put("nan", nan);
        m.put("infinite", infinite);
        m.put("numeric", numeric);
        m.put("text", text);
        m.put("dateLike", allTextDateLike);
        m.put("categoriesOverflow", categoriesOverflow);
        if (exact != null && exact.size() > 0) {
            WeightedSample s = exact.toSample();
            m.put("values", s.values());
            long[] counts = new long[s.weights().length];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = (long) s.weights()[i];
            }
            m.put("counts", counts);
        }
        if (sketch != null) {
            m.put("kll", Base64.getEncoder().encodeToString(sketch.toByteArray()));
        }
        if (!categories.isEmpty()) {
            Map<String, Long> cats = new LinkedHashMap<>();
            categories.entrySet().stream()
                    .sorted((a, b) -> a.getValue()[0] != b.getValue()[0] ? Long.compare(b.getValue()[0], a.getValue()[0])
                            : a.getKey().compareTo(b.getKey()))
                    .forEach(e -> cats.put(e.getKey(), e.getValue()[0]));
            m.put("categories", cats);
        }
        return m;
    }

    /** Reads the saved form; {@code where} names the file for error messages. */
    @SuppressWarnings("unchecked")
    static ColumnDistribution fromJson(Map<String, Object> m) {
        ColumnDistribution c = new ColumnDistribution((String) m.get("name"));
        c.rows = ((Number) m.get("rows")).longValue();
        c.missing = ((Number) m.get("missing")).longValue();
        c.nan = ((Number) m.get("nan")).longValue();
        c.infinite = ((Number) m.get("infinite")).longValue();
        c.numeric = ((Number) m.get("numeric")).longValue();
        c.text = ((Number) m.get("text")).longValue();
        c.allTextDateLike = Boolean.TRUE.equals(m.get("dateLike"));
        c.categoriesOverflow = Boolean.TRUE.equals(m.get("categoriesOverflow"));
        if (m.get("values") instanceof List<?> values) {
            List<?> counts = (List<?>) m.get("counts");
            c.exact = new DoubleCounts(values.size());
            for (int i = 0; i < values.size(); i++) {
                c.exact.add(((Number) values.get(i)).doubleValue(), ((Number) counts.get(i)).longValue());
            }
        }
        if (m.get("kll") instanceof String b64) {
            c.sketch = KllDoublesSketch.heapify(Memory.wrap(Base64.getDecoder().decode(b64)));
            c.exact = null;
        }
        if (m.get("categories") instanceof Map<?, ?> cats) {
            ((Map<String, Object>) cats).forEach((k, v) -> c.categories.put(k, new long[]{((Number) v).longValue()}));
        }
        return c;
    }
}
