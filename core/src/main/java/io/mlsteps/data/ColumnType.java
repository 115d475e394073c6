package io.mlsteps.data;

/** The type of a column, inferred from its values or declared in a schema. */
public enum ColumnType {
    /** Whole numbers (optional sign, up to 18 digits). */
    INTEGER,
    /** Decimal or scientific numbers; integers also conform. {@code NaN} and {@code Infinity} parse but are flagged. */
    DOUBLE,
    /** {@code true} / {@code false}, any case. */
    BOOLEAN,
    /** Any other text: a category. */
    CATEGORICAL,
    /** ISO-8601 dates and date-times: {@code 2001-01-31}, {@code 2001-01-31 13:45}, {@code 2001-01-31T13:45:10.5Z}. */
    TIMESTAMP;

    /** Whether values of this type have numeric statistics (moments, quantiles, histogram). */
    public boolean isNumeric() {
        return this == INTEGER || this == DOUBLE;
    }

    /** Parses a user-supplied type name case-insensitively, accepting common aliases (int, float, string, ...). */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static ColumnType parse(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(java.util.Locale.ROOT);
        return switch (t) {
            case "INTEGER", "INT", "LONG" -> INTEGER;
            case "DOUBLE", "FLOAT", "NUMBER", "NUMERIC", "REAL" -> DOUBLE;
            case "BOOLEAN", "BOOL" -> BOOLEAN;
            case "CATEGORICAL", "STRING", "TEXT", "CATEGORY" -> CATEGORICAL;
            case "TIMESTAMP", "DATE", "DATETIME" -> TIMESTAMP;
            default -> throw new IllegalArgumentException("unknown column type '" + text
                    + "'; expected one of INTEGER, DOUBLE, BOOLEAN, CATEGORICAL, TIMESTAMP");
        };
    }
}
