package io.mlsteps.model;

import com.fasterxml.jackson.core.type.TypeReference;
import io.mlsteps.data.TypeInference;
import io.mlsteps.util.Json;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * How raw columns become Tribuo features, the contract between training and every consumer of a model: a
 * numeric column {@code age} is the feature {@code age}; a categorical column {@code workclass} becomes one-hot
 * features {@code workclass=Private}, ... A missing value, a non-finite number (NaN, inf, -inf) or a category the
 * model never saw contributes no feature. The column list travels inside the model (its instance provenance), so a model file alone is enough
 * to predict.
 */
public final class FeatureEncoding {
    /** Key of the column list in the model's instance provenance. */
    public static final String PROVENANCE_KEY = "mlsteps-columns";

    /** Whether a column is a number or a set of categories. */
    public enum Kind { NUMERIC, CATEGORICAL }

    /** One raw input column. */
    public record Column(String name, Kind kind) {
    }

    /** A value that cannot be encoded: text in a numeric column. */
    public static final class BadValue extends IllegalArgumentException {
        private final String column;
        private final String value;

        public BadValue(String column, String value) {
            super("column '" + column + "' is numeric in the model but holds '" + value + "'; expected a number");
            this.column = column;
            this.value = value;
        }

        public String column() {
            return column;
        }

        public String value() {
            return value;
        }
    }

    /** The features of one row, ready for a Tribuo example. */
    public record Encoded(String[] names, double[] values) {
        public int size() {
            return names.length;
        }
    }

    private final List<Column> columns;
    private final Map<String, Column> byName = new LinkedHashMap<>();

    public FeatureEncoding(List<Column> columns) {
        this.columns = List.copyOf(columns);
        for (Column c : this.columns) {
            byName.put(c.name(), c);
        }
    }

    public List<Column> columns() {
        return columns;
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    public Column column(String name) {
        return byName.get(name);
    }

    /** The feature name of a category of a categorical column. */
    public static String categoryFeature(String column, String category) {
        return column + "=" + category;
    }

    /**
     * Encodes one row. {@code valueOf} gives the raw text of a column (null when missing); missing values give
     * no feature. Numeric text is parsed with {@link Double#parseDouble} after trimming; a non-finite number is
     * missing too.
     */
    public Encoded encode(Function<String, String> valueOf) {
        return encode(valueOf, column -> {
        });
    }

    /** As {@link #encode(Function)}, telling {@code nonFinite} each numeric column whose value is not finite. */
    public Encoded encode(Function<String, String> valueOf, Consumer<String> nonFinite) {
        List<String> names = new ArrayList<>(columns.size());
        List<Double> values = new ArrayList<>(columns.size());
        for (Column c : columns) {
            String raw = valueOf.apply(c.name());
            if (raw == null) {
                continue;
            }
            if (c.kind() == Kind.NUMERIC) {
                double v = parseNumber(c.name(), raw);
                if (Double.isNaN(v)) {
                    nonFinite.accept(c.name());
                    continue;
                }
                names.add(c.name());
                values.add(v);
            } else {
                names.add(categoryFeature(c.name(), raw.trim()));
                values.add(1.0);
            }
        }
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
        }
        return new Encoded(names.toArray(String[]::new), v);
    }

    /**
     * Parses a numeric cell. Every non-finite value — NaN, inf, -inf in the spellings files use, or a number too
     * large for a double — is NaN, which features treat as missing and labels refuse; text that is no number is a
     * {@link BadValue}.
     */
    public static double parseNumber(String column, String raw) {
        String t = raw.trim();
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            if (TypeInference.isNonFinite(t)) {
                return Double.NaN;
            }
            throw new BadValue(column, raw);
        }
        return Double.isFinite(v) ? v : Double.NaN;
    }

    /** The column list as the JSON text stored in the model's provenance. */
    public String toJson() {
        return Json.toString(columns);
    }

    public static FeatureEncoding fromJson(String json) {
        try {
            List<Column> list = Json.mapper().readValue(json, new TypeReference<List<Column>>() {
            });
            return new FeatureEncoding(list);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("bad column list in model provenance: " + e.getMessage(), e);
        }
    }

    /**
     * Rebuilds the columns from Tribuo feature names alone (for Tribuo models trained elsewhere): a name with
     * {@code =} is a category of the column before the first {@code =}; any other name is a numeric column.
     */
    public static FeatureEncoding fromFeatureNames(Collection<String> featureNames) {
        Set<String> numeric = new TreeSet<>();
        Set<String> categorical = new TreeSet<>();
        for (String f : featureNames) {
            int eq = f.indexOf('=');
            if (eq > 0) {
                categorical.add(f.substring(0, eq));
            } else {
                numeric.add(f);
            }
        }
        List<Column> cols = new ArrayList<>();
        Set<String> all = new TreeSet<>(numeric);
        all.addAll(categorical);
        for (String name : all) {
            cols.add(new Column(name, categorical.contains(name) && !numeric.contains(name) ? Kind.CATEGORICAL : Kind.NUMERIC));
        }
        return new FeatureEncoding(cols);
    }
}
