package io.mlsteps.report;

import io.mlsteps.contract.gate.MetricCatalog;

import java.util.Optional;

/**
 * A metric name split by the naming convention of {@link MetricCatalog}: a base name and an optional qualifier,
 * {@code f1[class=Adelie]} (key {@code class}, value {@code Adelie}), {@code accuracy[island=Biscoe]} (a slice),
 * {@code psi[age]} (a column: key {@link #COLUMN}).
 *
 * @param base  the family name, e.g. {@code f1}
 * @param key   what the qualifier ranges over ({@code class}, a slice column, or {@link #COLUMN}); null without one
 * @param value the qualifier's value (class, slice value or column name); null without one
 */
record MetricName(String base, String key, String value) {
    /** The key of a bare qualifier, {@code psi[age]}: the value names a column of the data. */
    static final String COLUMN = "column";
    /** The key of per-class metrics. */
    static final String CLASS = "class";

    /**
     * Parses a metric name; empty when it has a qualifier the convention does not cover (nested brackets, an
     * empty key or value), so such a metric is only listed as it is.
     */
    static Optional<MetricName> parse(String metric) {
        int open = metric.indexOf('[');
        if (open < 0) {
            return Optional.of(new MetricName(metric, null, null));
        }
        if (open == 0 || !metric.endsWith("]")) {
            return Optional.empty();
        }
        String inner = metric.substring(open + 1, metric.length() - 1);
        if (inner.isEmpty() || inner.indexOf('[') >= 0 || inner.indexOf(']') >= 0) {
            return Optional.empty();
        }
        String base = metric.substring(0, open);
        int eq = inner.indexOf('=');
        if (eq < 0) {
            return Optional.of(new MetricName(base, COLUMN, inner));
        }
        if (eq == 0 || eq == inner.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new MetricName(base, inner.substring(0, eq), inner.substring(eq + 1)));
    }

    boolean qualified() {
        return key != null;
    }
}
