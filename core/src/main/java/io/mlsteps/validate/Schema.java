package io.mlsteps.validate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.mlsteps.data.ColumnProfile;
import io.mlsteps.data.ColumnType;
import io.mlsteps.data.DatasetProfile;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What data must look like: the reviewable {@code schema.json}. {@link #infer} writes it from a reference
 * profile (types, required columns, missing ratios, numeric ranges, categorical domains, tolerances); a
 * person then reviews it and may add constraints by hand (regex, allowed values, uniqueness, minimum rows,
 * banned columns, the label column). Unset fields mean "no constraint".
 *
 * @param schemaVersion          version of this format (1)
 * @param kind                   always {@code mlsteps-schema}
 * @param source                 the reference file the schema was inferred from (informational)
 * @param sha256                 its sha256 (informational, for lineage)
 * @param rows                   its row count (informational)
 * @param minRows                fewer data rows is TOO_FEW_ROWS
 * @param allowUnexpectedColumns true to accept columns the schema does not list (default false: UNEXPECTED_COLUMN)
 * @param maxDuplicateRatio      share of rows repeating an earlier row above which DUPLICATE_ROWS is reported
 * @param bannedColumns          column names that must not appear (case-insensitive regular expressions, e.g.
 *                               {@code ssn}, {@code .*email.*}): BANNED_COLUMN
 * @param label                  the label column and the minimum share of its rarest class: LABEL_IMBALANCE
 * @param columns                the columns, in the reference's order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schemaVersion", "kind", "source", "sha256", "rows", "minRows", "allowUnexpectedColumns",
        "maxDuplicateRatio", "bannedColumns", "label", "columns"})
public record Schema(Integer schemaVersion, String kind, String source, String sha256, Long rows, Long minRows,
                     Boolean allowUnexpectedColumns, Double maxDuplicateRatio, List<String> bannedColumns,
                     LabelSpec label, List<ColumnSchema> columns) {
    public static final String KIND = "mlsteps-schema";
    /** Tolerance for values outside the reference range or domain written by inference: 0.1% of present values. */
    public static final double DEFAULT_RARE_TOLERANCE = 0.001;

    public Schema {
        columns = columns == null ? List.of() : List.copyOf(columns);
        bannedColumns = bannedColumns == null ? null : List.copyOf(bannedColumns);
    }

    /**
     * One column.
     *
     * @param name               column name
     * @param type               INTEGER, DOUBLE, BOOLEAN, CATEGORICAL or TIMESTAMP: TYPE_MISMATCH for values that do not parse
     * @param required           absent column is MISSING_COLUMN (default true)
     * @param maxMissingRatio    share of missing values above which MISSING_RATIO_ABOVE is reported
     * @param min                smallest expected value (numeric columns): OUT_OF_RANGE
     * @param max                largest expected value
     * @param maxOutOfRangeRatio share of present values allowed outside [min, max] (default 0)
     * @param domain             the known categories: UNSEEN_CATEGORY for others
     * @param maxUnseenRatio     share of present values allowed outside the domain (rare new values; default 0)
     * @param allowConstant      true when a single value is expected (default false: CONSTANT_COLUMN)
     * @param allowNanOrInfinite true to accept NaN/infinite values in a numeric column (default false)
     * @param pattern            regular expression every present value must match: PATTERN_MISMATCH
     * @param allowedValues      the only values permitted: VALUE_NOT_ALLOWED
     * @param unique             true when no value may repeat: NOT_UNIQUE
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"name", "type", "required", "maxMissingRatio", "min", "max", "maxOutOfRangeRatio", "domain",
            "maxUnseenRatio", "allowConstant", "allowNanOrInfinite", "pattern", "allowedValues", "unique"})
    public record ColumnSchema(String name, ColumnType type, Boolean required, Double maxMissingRatio, Double min,
                               Double max, Double maxOutOfRangeRatio, List<String> domain, Double maxUnseenRatio,
                               Boolean allowConstant, Boolean allowNanOrInfinite, String pattern,
                               List<String> allowedValues, Boolean unique) {
        public boolean isRequired() {
            return required == null || required;
        }

        public ColumnSchema withType(ColumnType newType) {
            return new ColumnSchema(name, newType, required, maxMissingRatio, min, max, maxOutOfRangeRatio, domain,
                    maxUnseenRatio, allowConstant, allowNanOrInfinite, pattern, allowedValues, unique);
        }

        public ColumnSchema withUnique(Boolean isUnique) {
            return new ColumnSchema(name, type, required, maxMissingRatio, min, max, maxOutOfRangeRatio, domain,
                    maxUnseenRatio, allowConstant, allowNanOrInfinite, pattern, allowedValues, isUnique);
        }

        public ColumnSchema withPattern(String regex) {
            return new ColumnSchema(name, type, required, maxMissingRatio, min, max, maxOutOfRangeRatio, domain,
                    maxUnseenRatio, allowConstant, allowNanOrInfinite, regex, allowedValues, unique);
        }

        public ColumnSchema withAllowedValues(List<String> values) {
            return new ColumnSchema(name, type, required, maxMissingRatio, min, max, maxOutOfRangeRatio, domain,
                    maxUnseenRatio, allowConstant, allowNanOrInfinite, pattern, values, unique);
        }
    }

    /**
     * The label (target) column.
     *
     * @param column        its name
     * @param minClassRatio the rarest class's share below which LABEL_IMBALANCE is reported
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LabelSpec(String column, Double minClassRatio) {
    }

    /** Options of {@link #infer}: what the reference data cannot tell. */
    public record InferOptions(String labelColumn, List<String> bannedColumns, List<String> uniqueColumns,
                               Long minRows) {
        public static InferOptions defaults() {
            return new InferOptions(null, List.of(), List.of(), null);
        }
    }

    /** The column schema by name, or null. */
    public ColumnSchema column(String name) {
        for (ColumnSchema c : columns) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    public List<String> columnNames() {
        return columns.stream().map(ColumnSchema::name).toList();
    }

    public boolean allowsUnexpectedColumns() {
        return allowUnexpectedColumns != null && allowUnexpectedColumns;
    }

    /**
     * Infers a schema from a reference profile. Every column becomes required with its inferred type; the
     * maximum missing ratio is the observed one with headroom (x1.5 + 0.01; 0 stays 0); numeric columns get
     * the observed [min, max] with a rare-value tolerance; categorical columns with up to
     * {@link ColumnProfile#EXACT_CATEGORY_CAP} values get their domain with the same tolerance (columns with
     * more distinct values, such as identifiers or free text, get none); timestamps get no range, since
     * fresh data is newer by nature.
     */
    public static Schema infer(DatasetProfile profile, InferOptions options) {
        InferOptions o = options == null ? InferOptions.defaults() : options;
        if (profile.rows() == 0) {
            throw new InputException(profile.source(), "has a header but no data rows; expected at least one row to infer a schema from");
        }
        Set<String> unique = new HashSet<>(o.uniqueColumns() == null ? List.of() : o.uniqueColumns());
        for (String u : unique) {
            if (!profile.hasColumn(u)) {
                throw new InputException("--unique " + u, "no such column; expected one of " + profile.columnNames());
            }
        }
        List<ColumnSchema> cols = new ArrayList<>();
        for (ColumnProfile c : profile.columns()) {
            ColumnType type = c.type();
            double missing = c.missingRatio();
            Double maxMissing = missing == 0 ? 0.0 : Math.min(1.0, round4(missing * 1.5 + 0.01));
            Double min = null;
            Double max = null;
            Double outOfRange = null;
            List<String> domain = null;
            Double unseen = null;
            if (type.isNumeric() && c.numericCount() > 0) {
                min = c.min();
                max = c.max();
                outOfRange = DEFAULT_RARE_TOLERANCE;
            } else if (type == ColumnType.CATEGORICAL && c.categoriesExact() && c.present() > 0) {
                domain = new ArrayList<>(new TreeSet<>(c.categoryCounts().keySet()));
                unseen = DEFAULT_RARE_TOLERANCE;
            }
            boolean constant = c.distinctEstimate() <= 1;
            boolean nan = c.nanOrInfinite() > 0;
            cols.add(new ColumnSchema(c.name(), type, true, maxMissing, min, max, outOfRange, domain, unseen,
                    constant ? Boolean.TRUE : null, nan ? Boolean.TRUE : null, null, null,
                    unique.contains(c.name()) ? Boolean.TRUE : null));
        }
        LabelSpec label = null;
        if (o.labelColumn() != null && !o.labelColumn().isBlank()) {
            ColumnProfile lc = profile.column(o.labelColumn());
            if (lc == null) {
                throw new InputException("--label " + o.labelColumn(), "no such column; expected one of " + profile.columnNames());
            }
            long smallest = lc.categoryCounts().values().stream().mapToLong(Long::longValue).min().orElse(0);
            double share = lc.present() == 0 ? 0 : (double) smallest / lc.present();
            label = new LabelSpec(o.labelColumn(), round4(Math.max(0.001, share / 2)));
        }
        double dupRatio = (double) profile.duplicateRows() / profile.rows();
        return new Schema(1, KIND, profile.source(), profile.sha256(), profile.rows(),
                o.minRows() == null ? 1L : o.minRows(), false, round4(Math.max(0.01, dupRatio * 2)),
                o.bannedColumns() == null || o.bannedColumns().isEmpty() ? null : o.bannedColumns(), label, cols);
    }

    private static double round4(double x) {
        return Math.ceil(x * 10_000) / 10_000;
    }

    /** Reads and checks a schema file; mistakes are {@link InputException}s naming the file and the field. */
    public static Schema load(Path file) {
        Schema s = Json.read(file, Schema.class);
        s.check(file.toString());
        return s;
    }

    public void save(Path file) {
        Json.write(file, this);
    }

    /** Checks the schema itself: unique column names, types present, ratios in [0, 1], regexes that compile. */
    public void check(String where) {
        if (kind != null && !KIND.equals(kind)) {
            throw new InputException(where, "kind is '" + kind + "'; expected '" + KIND + "'");
        }
        if (columns.isEmpty()) {
            throw new InputException(where, "lists no columns; expected \"columns\": [{\"name\": ..., \"type\": ...}, ...]");
        }
        Set<String> names = new HashSet<>();
        for (ColumnSchema c : columns) {
            if (c.name() == null || c.name().isBlank()) {
                throw new InputException(where, "a column has no name; expected \"name\" on every column");
            }
            if (!names.add(c.name())) {
                throw new InputException(where, "column '" + c.name() + "' is listed twice; expected unique names");
            }
            if (c.type() == null) {
                throw new InputException(where, "column '" + c.name()
                        + "' has no type; expected one of INTEGER, DOUBLE, BOOLEAN, CATEGORICAL, TIMESTAMP");
            }
            ratio(where, c.name() + ".maxMissingRatio", c.maxMissingRatio());
            ratio(where, c.name() + ".maxOutOfRangeRatio", c.maxOutOfRangeRatio());
            ratio(where, c.name() + ".maxUnseenRatio", c.maxUnseenRatio());
            if (c.min() != null && c.max() != null && c.min() > c.max()) {
                throw new InputException(where, "column '" + c.name() + "' has min " + c.min() + " > max " + c.max());
            }
            if (c.pattern() != null) {
                try {
                    Pattern.compile(c.pattern());
                } catch (PatternSyntaxException e) {
                    throw new InputException(where, "column '" + c.name() + "' pattern is not a valid regular expression: "
                            + e.getDescription());
                }
            }
        }
        ratio(where, "maxDuplicateRatio", maxDuplicateRatio);
        if (bannedColumns != null) {
            for (String b : bannedColumns) {
                try {
                    Pattern.compile(b, Pattern.CASE_INSENSITIVE);
                } catch (PatternSyntaxException e) {
                    throw new InputException(where, "bannedColumns entry '" + b + "' is not a valid regular expression: "
                            + e.getDescription());
                }
            }
        }
        if (label != null) {
            if (label.column() == null || !names.contains(label.column())) {
                throw new InputException(where, "label.column '" + label.column() + "' is not a column of the schema");
            }
            ratio(where, "label.minClassRatio", label.minClassRatio());
        }
    }

    private static void ratio(String where, String field, Double value) {
        if (value != null && (value.isNaN() || value < 0 || value > 1)) {
            throw new InputException(where, field + " is " + value + "; expected a ratio between 0 and 1");
        }
    }

    /** Whether a column name is banned by this schema (case-insensitive full match of any entry). */
    public boolean isBanned(String columnName) {
        if (bannedColumns == null) {
            return false;
        }
        for (String b : bannedColumns) {
            if (Pattern.compile(b, Pattern.CASE_INSENSITIVE).matcher(columnName).matches()
                    || b.toLowerCase(Locale.ROOT).equals(columnName.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
