package io.mlsteps.spark;

import io.mlsteps.data.ReadOptions;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.HashSet;

/**
 * A Spark row's cells as the text the engine's readers would produce for the same data, so that type inference
 * and the profiles are the engine's: text columns (CSV and JSON Lines are read as text) with the missing-value
 * markers applied, whole numbers without a fraction, floating point numbers as Java prints them (exponent for
 * very large or small ones, {@code NaN}, {@code Infinity}), decimals in plain notation, dates and timestamps in
 * ISO-8601 ({@code 2024-05-01}, {@code 2024-05-01T12:00:00Z}), booleans as {@code true}/{@code false},
 * binary values in base64, nested values (arrays, maps, structs) as Spark prints them.
 */
final class RowText implements Serializable {
    private static final long serialVersionUID = 1L;

    enum Kind { TEXT, WHOLE, FLOATING, DECIMAL, BOOLEAN, DATE, TIMESTAMP, LOCAL_TIMESTAMP, BINARY, NESTED }

    private final Kind[] kinds;
    /** The missing-value markers (ReadOptions itself does not travel to the executors). */
    private final HashSet<String> missingMarkers;
    private transient ReadOptions options;

    private RowText(Kind[] kinds, ReadOptions options) {
        this.kinds = kinds;
        this.missingMarkers = new HashSet<>(options.missingMarkers());
    }

    private ReadOptions options() {
        if (options == null) {
            options = ReadOptions.defaults().withMissingMarkers(missingMarkers);
        }
        return options;
    }

    static RowText of(StructType schema, ReadOptions options) {
        Kind[] kinds = new Kind[schema.fields().length];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = kind(schema.fields()[i].dataType());
        }
        return new RowText(kinds, options);
    }

    private static Kind kind(DataType t) {
        if (t instanceof StringType) {
            return Kind.TEXT;
        }
        if (t instanceof ByteType || t instanceof ShortType || t instanceof IntegerType || t instanceof LongType) {
            return Kind.WHOLE;
        }
        if (t instanceof FloatType || t instanceof DoubleType) {
            return Kind.FLOATING;
        }
        if (t instanceof DecimalType) {
            return Kind.DECIMAL;
        }
        if (t instanceof BooleanType) {
            return Kind.BOOLEAN;
        }
        if (t instanceof DateType) {
            return Kind.DATE;
        }
        if (t instanceof TimestampType) {
            return Kind.TIMESTAMP;
        }
        if (t instanceof TimestampNTZType) {
            return Kind.LOCAL_TIMESTAMP;
        }
        if (t instanceof BinaryType) {
            return Kind.BINARY;
        }
        if (t instanceof ArrayType || t instanceof MapType || t instanceof StructType) {
            return Kind.NESTED;
        }
        return Kind.NESTED; // any other type: as Spark prints it
    }

    /** Fills {@code out} with the row's cells (null where missing). */
    void cells(Row row, String[] out) {
        for (int i = 0; i < kinds.length; i++) {
            out[i] = row.isNullAt(i) ? null : cell(row, i);
        }
    }

    private String cell(Row row, int i) {
        switch (kinds[i]) {
            case TEXT: {
                String s = row.getString(i);
                return options().isMissing(s) ? null : s;
            }
            case WHOLE:
                return Long.toString(((Number) row.get(i)).longValue());
            case FLOATING:
                return row.get(i) instanceof Float f ? Float.toString(f) : Double.toString(row.getDouble(i));
            case DECIMAL:
                return ((BigDecimal) row.getDecimal(i)).toPlainString();
            case BOOLEAN:
                return Boolean.toString(row.getBoolean(i));
            case DATE:
                return date(row.get(i));
            case TIMESTAMP:
                return timestamp(row.get(i));
            case LOCAL_TIMESTAMP:
                return ((LocalDateTime) row.get(i)).toString();
            case BINARY:
                return Base64.getEncoder().encodeToString((byte[]) row.get(i));
            default:
                return String.valueOf(row.get(i));
        }
    }

    private static String date(Object v) {
        return v instanceof LocalDate d ? d.toString() : ((java.sql.Date) v).toLocalDate().toString();
    }

    private static String timestamp(Object v) {
        return v instanceof Instant t ? t.toString() : ((java.sql.Timestamp) v).toInstant().toString();
    }
}
