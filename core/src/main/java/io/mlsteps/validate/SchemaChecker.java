package io.mlsteps.validate;

import io.mlsteps.data.ColumnType;
import io.mlsteps.data.RowSink;
import io.mlsteps.data.TypeInference;
import io.mlsteps.data.TypeInference.ValueKind;
import org.apache.datasketches.theta.SetOperation;
import org.apache.datasketches.theta.Sketch;
import org.apache.datasketches.theta.Union;
import org.apache.datasketches.theta.UpdateSketch;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The row-level part of validation: per schema column, counts the values that break the column's type,
 * range, domain, pattern, allowed values or uniqueness, with the first example lines and values. One
 * instance per worker thread; parts merge.
 */
final class SchemaChecker implements RowSink {
    /** Example lines and values kept per finding. */
    static final int EXAMPLES = 5;
    static final int UNIQUE_SKETCH_ENTRIES = 1 << 17;

    private final ColumnCheck[] checks;

    SchemaChecker(Schema schema, List<String> dataColumns) {
        checks = new ColumnCheck[dataColumns.size()];
        for (int i = 0; i < dataColumns.size(); i++) {
            Schema.ColumnSchema cs = schema.column(dataColumns.get(i));
            if (cs != null) {
                checks[i] = new ColumnCheck(cs);
            }
        }
    }

    @Override
    public void accept(String[] values, long line) {
        for (int i = 0; i < checks.length; i++) {
            ColumnCheck c = checks[i];
            if (c != null && values[i] != null) {
                c.check(values[i], line);
            }
        }
    }

    void merge(SchemaChecker other) {
        for (int i = 0; i < checks.length; i++) {
            if (checks[i] != null) {
                checks[i].merge(other.checks[i]);
            }
        }
    }

    /** Maps every recorded line (a distributed scan's parts number their lines before they know their offset). */
    void relocate(java.util.function.LongUnaryOperator lineOf) {
        for (ColumnCheck c : checks) {
            if (c != null) {
                for (Finding f : c.findings()) {
                    f.relocate(lineOf);
                }
            }
        }
    }

    /** The counts, example lines and values and the uniqueness sketch of every column, for a part that travels. */
    List<Map<String, Object>> toJson() {
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (ColumnCheck c : checks) {
            out.add(c == null ? null : c.toJson());
        }
        return out;
    }

    /** Reads {@link #toJson}'s form back into this (empty) checker of the same schema and columns. */
    @SuppressWarnings("unchecked")
    void readJson(List<Object> parts) {
        for (int i = 0; i < checks.length; i++) {
            if (checks[i] != null) {
                checks[i].readJson((Map<String, Object>) parts.get(i));
            }
        }
    }

    /** The checks of a schema column present in the data, or null. */
    ColumnCheck column(String name) {
        for (ColumnCheck c : checks) {
            if (c != null && c.schema.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** Counts of the values of one column that break each constraint. */
    static final class ColumnCheck {
        final Schema.ColumnSchema schema;
        private final Set<String> domain;
        private final Set<String> allowed;
        private final Pattern pattern;
        long present;
        final Finding typeMismatch = new Finding();
        final Finding nanOrInfinite = new Finding();
        final Finding outOfRange = new Finding();
        final Finding unseen = new Finding();
        final Finding patternMismatch = new Finding();
        final Finding notAllowed = new Finding();
        private Sketch uniqueValues;

        ColumnCheck(Schema.ColumnSchema schema) {
            this.schema = schema;
            this.domain = schema.domain() == null ? null : new HashSet<>(schema.domain());
            this.allowed = schema.allowedValues() == null ? null : new HashSet<>(schema.allowedValues());
            this.pattern = schema.pattern() == null ? null : Pattern.compile(schema.pattern());
            if (Boolean.TRUE.equals(schema.unique())) {
                uniqueValues = UpdateSketch.builder().setNominalEntries(UNIQUE_SKETCH_ENTRIES).build();
            }
        }

        void check(String raw, long line) {
            present++;
            String v = raw.strip();
            ColumnType type = schema.type();
            if (type != ColumnType.CATEGORICAL) {
                ValueKind kind = TypeInference.kindOf(v);
                if (type.isNumeric() && (kind == ValueKind.DOUBLE || kind == ValueKind.INTEGER)) {
                    double x = TypeInference.toDouble(v);
                    if (!Double.isFinite(x)) {
                        nanOrInfinite.add(line, v);
                    } else if (type == ColumnType.INTEGER && kind != ValueKind.INTEGER) {
                        typeMismatch.add(line, v);
                    } else if ((schema.min() != null && x < schema.min()) || (schema.max() != null && x > schema.max())) {
                        outOfRange.add(line, v);
                    }
                } else if (!TypeInference.conforms(kind, type)) {
                    typeMismatch.add(line, v);
                }
            }
            if (domain != null && !domain.contains(v)) {
                unseen.add(line, v);
            }
            if (allowed != null && !allowed.contains(v)) {
                notAllowed.add(line, v);
            }
            if (pattern != null && !pattern.matcher(v).matches()) {
                patternMismatch.add(line, v);
            }
            if (uniqueValues != null) {
                ((UpdateSketch) uniqueValues).update(v);
            }
        }

        List<Finding> findings() {
            return List.of(typeMismatch, nanOrInfinite, outOfRange, unseen, patternMismatch, notAllowed);
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("present", present);
            List<Map<String, Object>> fs = new java.util.ArrayList<>();
            for (Finding f : findings()) {
                fs.add(f.toJson());
            }
            m.put("findings", fs);
            if (uniqueValues != null) {
                m.put("unique", java.util.Base64.getEncoder().encodeToString(uniqueValues.compact().toByteArray()));
            }
            return m;
        }

        @SuppressWarnings("unchecked")
        void readJson(Map<String, Object> m) {
            present = ((Number) m.get("present")).longValue();
            List<Object> fs = (List<Object>) m.get("findings");
            List<Finding> mine = findings();
            for (int i = 0; i < mine.size(); i++) {
                mine.get(i).readJson((Map<String, Object>) fs.get(i));
            }
            if (m.get("unique") instanceof String b64) {
                uniqueValues = Sketch.heapify(org.apache.datasketches.memory.Memory.wrap(java.util.Base64.getDecoder().decode(b64)));
            }
        }

        /** Present values that repeat an earlier value (exact up to about 130k distinct values); -1 when not checked. */
        long duplicateValues() {
            if (uniqueValues == null) {
                return -1;
            }
            return Math.max(0, present - Math.round(uniqueValues.getEstimate()));
        }

        void merge(ColumnCheck other) {
            present += other.present;
            typeMismatch.merge(other.typeMismatch);
            nanOrInfinite.merge(other.nanOrInfinite);
            outOfRange.merge(other.outOfRange);
            unseen.merge(other.unseen);
            patternMismatch.merge(other.patternMismatch);
            notAllowed.merge(other.notAllowed);
            if (uniqueValues != null) {
                Union union = SetOperation.builder().setNominalEntries(UNIQUE_SKETCH_ENTRIES).buildUnion();
                union.union(uniqueValues);
                union.union(other.uniqueValues);
                uniqueValues = union.getResult();
            }
        }
    }

    /** How many values broke a constraint, the first lines where they did, and the most frequent offending values. */
    static final class Finding {
        long count;
        private long[] lines = new long[0];
        private final Map<String, Long> values = new LinkedHashMap<>();

        void add(long line, String value) {
            count++;
            if (lines.length < EXAMPLES) {
                lines = Arrays.copyOf(lines, lines.length + 1);
                lines[lines.length - 1] = line;
                Arrays.sort(lines);
            } else if (line < lines[EXAMPLES - 1]) {
                lines[EXAMPLES - 1] = line;
                Arrays.sort(lines);
            }
            if (values.containsKey(value) || values.size() < 20) {
                values.merge(value, 1L, Long::sum);
            }
        }

        void merge(Finding other) {
            count += other.count;
            long[] all = Arrays.copyOf(lines, lines.length + other.lines.length);
            System.arraycopy(other.lines, 0, all, lines.length, other.lines.length);
            Arrays.sort(all);
            lines = Arrays.copyOf(all, Math.min(EXAMPLES, all.length));
            other.values.forEach((k, v) -> {
                if (values.containsKey(k) || values.size() < 20) {
                    values.merge(k, v, Long::sum);
                }
            });
        }

        void relocate(java.util.function.LongUnaryOperator lineOf) {
            for (int i = 0; i < lines.length; i++) {
                lines[i] = lineOf.applyAsLong(lines[i]);
            }
            Arrays.sort(lines);
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", count);
            m.put("lines", lines);
            m.put("values", values);
            return m;
        }

        @SuppressWarnings("unchecked")
        void readJson(Map<String, Object> m) {
            count = ((Number) m.get("count")).longValue();
            List<Number> ls = (List<Number>) m.get("lines");
            lines = ls.stream().mapToLong(Number::longValue).toArray();
            values.clear();
            ((Map<String, Object>) m.get("values")).forEach((k, v) -> values.put(k, ((Number) v).longValue()));
        }

        List<Long> exampleLines() {
            return Arrays.stream(lines).boxed().toList();
        }

        /** Offending values, most frequent first (at most 10; counts are lower bounds beyond the first 20 distinct). */
        Map<String, Long> exampleValues() {
            Map<String, Long> top = new LinkedHashMap<>();
            values.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
                    .forEach(e -> top.put(e.getKey(), e.getValue()));
            return top;
        }
    }
}
