package io.mlsteps.validate;

import io.mlsteps.util.OrderedMaps;
import io.mlsteps.data.ByteRowSink;
import io.mlsteps.data.ColumnProfile;
import io.mlsteps.data.ColumnType;
import io.mlsteps.data.DataScan;
import io.mlsteps.data.DatasetProfile;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.engine.DataEngine;
import io.mlsteps.engine.DataSource;
import io.mlsteps.engine.PartialScan;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Validates a data file against a schema in one streaming pass (the same pass also computes the file's
 * profile) and turns what it found into checks, one per evaluated constraint, each named
 * {@code CODE:column} (or {@code CODE} for dataset-wide ones), with counts, ratio, example lines and a sentence.
 */
public final class Validation {
    private Validation() {
    }

    /** What validation found. */
    public record Outcome(DatasetProfile profile, List<Check> checks, Map<String, Double> metrics) {
        /** The failed anomaly checks. */
        public List<Check> anomalies() {
            return checks.stream().filter(c -> c.outcome() != CheckOutcome.PASSED).toList();
        }

        /** Whether some check of this code failed. */
        public boolean has(Anomaly code) {
            return anomalies().stream().anyMatch(c -> c.name().equals(code.name()) || c.name().startsWith(code.name() + ":"));
        }

        /** Whether the check of this code on this column failed. */
        public boolean has(Anomaly code, String column) {
            return anomalies().stream().anyMatch(c -> c.name().equals(code.name() + ":" + column));
        }
    }

    /** The pass: a profile and a schema checker per worker. */
    private static final class Pass implements ByteRowSink {
        final DatasetProfile profile;
        final SchemaChecker checker;
        private final String[] strings;

        Pass(List<String> columns, Schema schema) {
            profile = new DatasetProfile(columns);
            checker = new SchemaChecker(schema, columns);
            strings = new String[columns.size()];
        }

        @Override
        public void accept(String[] values, long line) {
            profile.accept(values, line);
            checker.accept(values, line);
        }

        /** The profile takes the scan's bytes; the schema checks take the cells as text. */
        @Override
        public void acceptBytes(byte[] buf, int[] starts, int[] ends, int[] hashes, boolean[] missing, long line) {
            profile.acceptBytes(buf, starts, ends, hashes, missing, line);
            for (int f = 0; f < strings.length; f++) {
                // ASCII only on this path, so Latin-1 gives the same String as UTF-8, without decoding
                strings[f] = missing[f] ? null
                        : new String(buf, starts[f], ends[f] - starts[f], java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            checker.accept(strings, line);
        }

        private Pass(DatasetProfile profile, SchemaChecker checker) {
            this.profile = profile;
            this.checker = checker;
            this.strings = new String[profile.columnNames().size()];
        }

        Pass mergeWith(Pass other) {
            return new Pass(this, other);
        }

        private Pass(Pass a, Pass b) {
            a.profile.include(b.profile);
            profile = a.profile;
            a.checker.merge(b.checker);
            checker = a.checker;
            strings = a.strings;
        }
    }

    public static Outcome run(Path data, ReadOptions options, Schema schema, AnomalyPolicy policy, StepLog log,
                              int threads) {
        var sha256 = io.mlsteps.util.Hashing.sha256Beside(data);
        Pass pass = DataScan.scan(data, options, log, threads, cols -> new Pass(cols, schema), Pass::mergeWith);
        DatasetProfile profile = pass.profile;
        profile.describeSource(data, options, sha256);
        return evaluate(profile, pass.checker, schema, policy);
    }

    /**
     * Validates data on a distributed engine: every partition runs the same pass (profile and schema checks), the
     * parts merge, and the outcome is judged as for a local file. Example lines are row numbers in the engine's
     * reading order (for a single CSV file without line breaks in quoted fields, its lines).
     */
    public static Outcome run(DataEngine engine, DataSource source, Schema schema, AnomalyPolicy policy, StepLog log) {
        Pass pass = engine.scan(source, new EngineScan(Json.toString(schema)), log);
        pass.profile.describeSource(source.location(), source.format());
        return evaluate(pass.profile, pass.checker, schema, policy);
    }

    /** The pass as a partial scan: a part travels as its profile's JSON and its schema checks' counts. */
    private static final class EngineScan implements PartialScan<Pass> {
        private static final long serialVersionUID = 1L;
        private final String schemaJson;
        private transient Schema schema;

        EngineScan(String schemaJson) {
            this.schemaJson = schemaJson;
        }

        private Schema schema() {
            if (schema == null) {
                try {
                    schema = Json.mapper().readValue(schemaJson, Schema.class);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("cannot read the schema back", e);
                }
            }
            return schema;
        }

        @Override
        public Pass newSink(List<String> columns) {
            return new Pass(columns, schema());
        }

        @Override
        public Pass merge(Pass into, Pass other) {
            return into.mergeWith(other);
        }

        @Override
        public byte[] encode(Pass pass) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("profile", pass.profile.toJson());
            m.put("checks", pass.checker.toJson());
            try {
                return Json.mapper().writeValueAsBytes(m);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot serialise a validation part", e);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public Pass decode(byte[] bytes) {
            try {
                com.fasterxml.jackson.databind.JsonNode root = Json.mapper().readTree(bytes);
                DatasetProfile profile = DatasetProfile.fromJson(root.get("profile"), "a part's profile");
                SchemaChecker checker = new SchemaChecker(schema(), profile.columnNames());
                checker.readJson(Json.mapper().convertValue(root.get("checks"), List.class));
                return new Pass(profile, checker);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read a validation part back", e);
            }
        }

        @Override
        public Pass relocate(Pass pass, java.util.function.LongUnaryOperator lineOf) {
            pass.checker.relocate(lineOf);
            return pass;
        }
    }

    /**
     * Judges a validation pass: dataset-wide checks, the data's columns against the schema, each schema column's
     * constraints, the label's balance. The checks and metrics keep this order (the result lists them so).
     */
    private static Outcome evaluate(DatasetProfile profile, SchemaChecker checker, Schema schema, AnomalyPolicy policy) {
        Builder b = new Builder(policy);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("rows", (double) profile.rows());
        datasetChecks(profile, schema, b, metrics);
        columnsOfTheData(profile, schema, b);
        for (Schema.ColumnSchema cs : schema.columns()) {
            ColumnProfile cp = profile.column(cs.name());
            b.check(Anomaly.MISSING_COLUMN, cs.name(), cp == null && cs.isRequired(), cp == null ? "absent" : "present",
                    "present", cp != null ? "Column '" + cs.name() + "' is present." : "Column '" + cs.name()
                            + "' is missing from the data" + (cs.isRequired() ? "; the schema requires it." : " (optional)."),
                    Map.of());
            if (cp != null && profile.rows() > 0) {
                columnChecks(new Column(cs, cp, checker.column(cs.name()), profile.rows()), b, metrics);
            }
        }
        labelBalance(profile, schema, b, metrics);
        metrics.put("anomalies", (double) b.failed);
        return new Outcome(profile, b.checks, metrics);
    }

    /** The data has rows, at least the schema's minRows, and no more repeated rows than maxDuplicateRatio. */
    private static void datasetChecks(DatasetProfile profile, Schema schema, Builder b, Map<String, Double> metrics) {
        long rows = profile.rows();
        b.check(Anomaly.EMPTY_DATASET, null, rows == 0, rows, "> 0",
                rows == 0 ? "The data has no rows." : "The data has " + fmt(rows) + " rows.", Map.of());
        if (schema.minRows() != null && rows > 0) {
            b.check(Anomaly.TOO_FEW_ROWS, null, rows < schema.minRows(), rows, ">= " + schema.minRows(),
                    rows < schema.minRows() ? "The data has " + fmt(rows) + " rows, fewer than the " + fmt(schema.minRows())
                            + " the schema requires." : "The data has at least the " + fmt(schema.minRows()) + " rows required.",
                    Map.of());
        }
        if (rows == 0) {
            return;
        }
        double dupRatio = (double) profile.duplicateRows() / rows;
        metrics.put("duplicate_ratio", dupRatio);
        if (schema.maxDuplicateRatio() != null) {
            boolean bad = dupRatio > schema.maxDuplicateRatio();
            b.check(Anomaly.DUPLICATE_ROWS, null, bad, dupRatio, "<= " + schema.maxDuplicateRatio(),
                    fmt(profile.duplicateRows()) + " rows (" + pct(dupRatio) + ") repeat an earlier row"
                            + (profile.duplicatesExact() ? "" : " (estimate)")
                            + (bad ? ", more than the " + pct(schema.maxDuplicateRatio()) + " allowed." : "."),
                    OrderedMaps.of("count", profile.duplicateRows(), "ratio", dupRatio, "exact", profile.duplicatesExact()));
        }
    }

    /** The data's columns against the schema: banned ones, and ones the schema does not name. */
    private static void columnsOfTheData(DatasetProfile profile, Schema schema, Builder b) {
        for (String name : profile.columnNames()) {
            if (schema.isBanned(name)) {
                b.check(Anomaly.BANNED_COLUMN, name, true, name, "absent",
                        "Column '" + name + "' is banned by the schema (e.g. personal data) but present in the data.", Map.of());
            } else if (schema.column(name) == null) {
                b.check(Anomaly.UNEXPECTED_COLUMN, name, !schema.allowsUnexpectedColumns(), name, "a column of the schema",
                        "Column '" + name + "' is not in the schema" + (schema.allowsUnexpectedColumns()
                                ? " (allowed by allowUnexpectedColumns)." : "."), Map.of());
            }
        }
        if (schema.bannedColumns() != null && profile.columnNames().stream().noneMatch(schema::isBanned)) {
            b.check(Anomaly.BANNED_COLUMN, null, false, 0, "0 banned columns",
                    "No banned column (" + String.join(", ", schema.bannedColumns()) + ") is present.", Map.of());
        }
    }

    /** A schema column present in data with rows: its schema, profile and the pass's findings. */
    private record Column(Schema.ColumnSchema schema, ColumnProfile profile, SchemaChecker.ColumnCheck found, long rows) {
        String name() {
            return schema.name();
        }

        long present() {
            return profile.present();
        }
    }

    /** The constraints of one schema column, each a check where the schema sets it. */
    private static void columnChecks(Column c, Builder b, Map<String, Double> metrics) {
        missingRatio(c, b, metrics);
        typeChecks(c, b, metrics);
        valueChecks(c, b, metrics);
        uniqueAndConstant(c, b);
    }

    private static void missingRatio(Column c, Builder b, Map<String, Double> metrics) {
        String name = c.name();
        double missing = c.profile().missingRatio();
        metrics.put("missing_ratio[" + name + "]", missing);
        Double max = c.schema().maxMissingRatio();
        if (max != null) {
            boolean bad = missing > max;
            b.check(Anomaly.MISSING_RATIO_ABOVE, name, bad, missing, "<= " + max,
                    "Column '" + name + "' misses " + fmt(c.profile().missing()) + " of " + fmt(c.rows()) + " values ("
                            + pct(missing) + ")" + (bad ? ", more than the " + pct(max) + " allowed." : "."),
                    OrderedMaps.of("count", c.profile().missing(), "ratio", missing));
        }
    }

    /** Values of the column's type; for numbers no NaN or infinity (unless allowed) and the range [min, max]. */
    private static void typeChecks(Column c, Builder b, Map<String, Double> metrics) {
        String name = c.name();
        ColumnType type = c.schema().type();
        SchemaChecker.ColumnCheck cc = c.found();
        long present = c.present();
        if (type != ColumnType.CATEGORICAL) {
            double ratio = ratio(cc.typeMismatch.count, present);
            metrics.put("type_mismatch_ratio[" + name + "]", ratio);
            b.finding(Anomaly.TYPE_MISMATCH, name, cc.typeMismatch, present, 0.0,
                    "Column '" + name + "' (" + type + ") has " + fmt(cc.typeMismatch.count) + " values (" + pct(ratio)
                            + ") that are not " + type, "All present values of column '" + name + "' are " + type + ".");
        }
        if (!type.isNumeric()) {
            return;
        }
        boolean allowed = Boolean.TRUE.equals(c.schema().allowNanOrInfinite());
        b.finding(Anomaly.NAN_OR_INFINITE, name, cc.nanOrInfinite, present, allowed ? 1.0 : 0.0,
                "Column '" + name + "' has " + fmt(cc.nanOrInfinite.count) + " NaN or infinite values",
                "Column '" + name + "' has no NaN or infinite value" + (allowed ? " beyond what the schema allows." : "."));
        if (c.schema().min() != null || c.schema().max() != null) {
            range(c, b, metrics);
        }
    }

    private static void range(Column c, Builder b, Map<String, Double> metrics) {
        String name = c.name();
        Schema.ColumnSchema cs = c.schema();
        SchemaChecker.Finding outOfRange = c.found().outOfRange;
        double tolerance = cs.maxOutOfRangeRatio() == null ? 0 : cs.maxOutOfRangeRatio();
        metrics.put("out_of_range_ratio[" + name + "]", ratio(outOfRange.count, c.present()));
        String range = "[" + num(cs.min()) + ", " + num(cs.max()) + "]";
        b.finding(Anomaly.OUT_OF_RANGE, name, outOfRange, c.present(), tolerance,
                "Column '" + name + "' has " + fmt(outOfRange.count) + " values (" + pct(ratio(outOfRange.count, c.present()))
                        + ") outside " + range + " (observed " + num(c.profile().min()) + " to " + num(c.profile().max()) + ")",
                "Column '" + name + "' stays within " + range + (outOfRange.count > 0 ? " except "
                        + fmt(outOfRange.count) + " values within the tolerance of " + pct(tolerance) + "." : "."));
    }

    /** Values within the domain (up to maxUnseenRatio), matching the pattern, among the allowed values. */
    private static void valueChecks(Column c, Builder b, Map<String, Double> metrics) {
        String name = c.name();
        Schema.ColumnSchema cs = c.schema();
        SchemaChecker.ColumnCheck cc = c.found();
        long present = c.present();
        if (cs.domain() != null) {
            double tolerance = cs.maxUnseenRatio() == null ? 0 : cs.maxUnseenRatio();
            metrics.put("unseen_ratio[" + name + "]", ratio(cc.unseen.count, present));
            b.finding(Anomaly.UNSEEN_CATEGORY, name, cc.unseen, present, tolerance,
                    "Column '" + name + "' has " + fmt(cc.unseen.count) + " values (" + pct(ratio(cc.unseen.count, present))
                            + ") outside its domain of " + cs.domain().size() + " categories",
                    "Column '" + name + "' stays within its domain" + (cc.unseen.count > 0 ? " except " + fmt(cc.unseen.count)
                            + " rare new values within the tolerance of " + pct(tolerance) + "." : "."));
        }
        if (cs.pattern() != null) {
            b.finding(Anomaly.PATTERN_MISMATCH, name, cc.patternMismatch, present, 0.0,
                    "Column '" + name + "' has " + fmt(cc.patternMismatch.count) + " values not matching /" + cs.pattern() + "/",
                    "All present values of column '" + name + "' match /" + cs.pattern() + "/.");
        }
        if (cs.allowedValues() != null) {
            b.finding(Anomaly.VALUE_NOT_ALLOWED, name, cc.notAllowed, present, 0.0,
                    "Column '" + name + "' has " + fmt(cc.notAllowed.count) + " values not in allowedValues",
                    "All present values of column '" + name + "' are allowed.");
        }
    }

    /** Unique values where the schema asks for them; more than one distinct value unless allowConstant. */
    private static void uniqueAndConstant(Column c, Builder b) {
        String name = c.name();
        if (Boolean.TRUE.equals(c.schema().unique())) {
            long dups = c.found().duplicateValues();
            b.check(Anomaly.NOT_UNIQUE, name, dups > 0, dups, "0",
                    dups > 0 ? "Column '" + name + "' repeats values: " + fmt(dups) + " present values repeat an earlier one."
                            : "All present values of column '" + name + "' are unique.",
                    Map.of("count", dups));
        }
        if (!Boolean.TRUE.equals(c.schema().allowConstant()) && c.rows() > 1) {
            double distinct = c.profile().distinctEstimate();
            boolean constant = distinct <= 1;
            b.check(Anomaly.CONSTANT_COLUMN, name, constant, distinct, "> 1 distinct value",
                    constant ? "Column '" + name + "' is constant (" + (c.present() == 0 ? "all values missing"
                            : "every value is '" + c.profile().topValues(1).keySet().iterator().next() + "'") + ")."
                            : "Column '" + name + "' varies (" + fmt(Math.round(distinct)) + " distinct values).",
                    Map.of("distinct", distinct));
        }
    }

    /** The rarest class's share of the label (classes of its domain never seen count as 0) against minClassRatio. */
    private static void labelBalance(DatasetProfile profile, Schema schema, Builder b, Map<String, Double> metrics) {
        if (schema.label() == null || schema.label().minClassRatio() == null || profile.rows() == 0) {
            return;
        }
        String label = schema.label().column();
        ColumnProfile lp = profile.column(label);
        if (lp == null || lp.present() == 0) {
            return;
        }
        Map<String, Long> counts = new LinkedHashMap<>(lp.categoryCounts());
        Schema.ColumnSchema ls = schema.column(label);
        if (ls != null && ls.domain() != null) {
            ls.domain().forEach(c -> counts.putIfAbsent(c, 0L));
        }
        var rarest = counts.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow();
        double share = (double) rarest.getValue() / lp.present();
        metrics.put("min_class_ratio[" + label + "]", share);
        boolean bad = share < schema.label().minClassRatio();
        b.check(Anomaly.LABEL_IMBALANCE, label, bad, share, ">= " + schema.label().minClassRatio(),
                "The rarest class of '" + label + "' is '" + rarest.getKey() + "' with " + pct(share) + " of the rows"
                        + (bad ? ", below the " + pct(schema.label().minClassRatio()) + " required." : "."),
                Map.of("classCounts", counts));
    }

    /** Collects checks, applying the policy's criticalities and skipping codes that are off. */
    private static final class Builder {
        final AnomalyPolicy policy;
        final List<Check> checks = new ArrayList<>();
        int failed;

        Builder(AnomalyPolicy policy) {
            this.policy = policy;
        }

        void check(Anomaly code, String column, boolean bad, Object observed, String expected, String message,
                   Map<String, Object> details) {
            if (policy.isOff(code)) {
                return;
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("code", code.name());
            if (column != null) {
                d.put("column", column);
            }
            d.putAll(details);
            if (bad) {
                failed++;
            }
            checks.add(new Check(column == null ? code.name() : code.name() + ":" + column, metric(code, column),
                    observed, expected,
                    policy.criticality(code), bad ? CheckOutcome.FAILED : CheckOutcome.PASSED, message, d));
        }

        void finding(Anomaly code, String column, SchemaChecker.Finding f, long present, double tolerance,
                     String failSentence, String passSentence) {
            double ratio = ratio(f.count, present);
            boolean bad = ratio > tolerance || (tolerance == 0 && f.count > 0);
            String examples = f.count == 0 ? "" : ", e.g. " + f.exampleValues().keySet().stream().limit(3)
                    .map(v -> "'" + abbreviate(v) + "'").reduce((a, c) -> a + ", " + c).orElse("")
                    + " at line" + (f.exampleLines().size() > 1 ? "s " : " ")
                    + f.exampleLines().stream().map(String::valueOf).reduce((a, c) -> a + ", " + c).orElse("");
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("count", f.count);
            d.put("ratio", ratio);
            if (f.count > 0) {
                d.put("exampleLines", f.exampleLines());
                d.put("exampleValues", f.exampleValues());
            }
            check(code, column, bad, ratio, tolerance == 0 ? "0" : "<= " + tolerance,
                    bad ? failSentence + examples + "." : passSentence, d);
        }
    }

    /** The metric a check's observed value is, where there is one (links the check to gates and trends). */
    static String metric(Anomaly code, String column) {
        return switch (code) {
            case EMPTY_DATASET, TOO_FEW_ROWS -> "rows";
            case DUPLICATE_ROWS -> "duplicate_ratio";
            case MISSING_RATIO_ABOVE -> "missing_ratio[" + column + "]";
            case TYPE_MISMATCH -> "type_mismatch_ratio[" + column + "]";
            case OUT_OF_RANGE -> "out_of_range_ratio[" + column + "]";
            case UNSEEN_CATEGORY -> "unseen_ratio[" + column + "]";
            case LABEL_IMBALANCE -> "min_class_ratio[" + column + "]";
            default -> null;
        };
    }

    static double ratio(long count, long of) {
        return of == 0 ? 0 : (double) count / of;
    }

    static String fmt(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String pct(double ratio) {
        return String.format(Locale.ROOT, ratio != 0 && Math.abs(ratio) < 0.001 ? "%.3f%%" : "%.1f%%", ratio * 100);
    }

    static String num(Double x) {
        if (x == null || x.isNaN()) {
            return "-";
        }
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? String.valueOf(x.longValue()) : String.format(Locale.ROOT, "%.6g", x);
    }

    private static String abbreviate(String v) {
        return v.length() > 40 ? v.substring(0, 37) + "..." : v;
    }
}
