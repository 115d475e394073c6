package io.mlsteps.report;

import io.mlsteps.contract.gate.Direction;
import io.mlsteps.contract.gate.MetricCatalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A table as the report shows it: a title, the header, the rows (the first cell names the row) and, per column
 * that is a metric the {@link MetricCatalog} knows the direction of, the row(s) with the worst value.
 *
 * @param title   the heading
 * @param columns the header; the first names what the rows are (e.g. {@code island}, {@code class})
 * @param rows    the cells, strings or numbers
 */
record ReportTable(String title, List<String> columns, List<List<Object>> rows) {

    /** The family of a column header such as {@code f1}, {@code p-value} or {@code missing ratio}, if it is a metric. */
    static Optional<MetricCatalog.Family> family(String header) {
        String name = header.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        return MetricCatalog.family(name).filter(f -> !isCount(f));
    }

    /** Counts (rows, support, anomalies) have a direction for gates, but the smallest slice is not a worse one. */
    private static boolean isCount(MetricCatalog.Family family) {
        return family.range().equals("0..");
    }

    /** The direction of column {@code c} when it is a metric worth marking, else null. */
    Direction direction(int c) {
        return c == 0 ? null : family(columns.get(c)).map(MetricCatalog.Family::direction).orElse(null);
    }

    /**
     * Rows holding the worst value of column {@code c}: the lowest where higher is better, the highest where lower is
     * better. Empty when the column is not such a metric, has fewer than two numbers, or all its numbers are equal.
     */
    Set<Integer> worstRows(int c) {
        Direction direction = direction(c);
        if (direction == null) {
            return Set.of();
        }
        List<Integer> numbered = new ArrayList<>();
        double worst = Double.NaN;
        double best = Double.NaN;
        for (int r = 0; r < rows.size(); r++) {
            double v = number(r, c);
            if (Double.isNaN(v)) {
                continue;
            }
            numbered.add(r);
            worst = Double.isNaN(worst) ? v : pick(direction, worst, v, true);
            best = Double.isNaN(best) ? v : pick(direction, best, v, false);
        }
        if (numbered.size() < 2 || worst == best) {
            return Set.of();
        }
        Set<Integer> worstRows = new HashSet<>();
        for (int r : numbered) {
            if (number(r, c) == worst) {
                worstRows.add(r);
            }
        }
        return worstRows;
    }

    private static double pick(Direction direction, double a, double b, boolean worst) {
        boolean lower = (direction == Direction.HIGHER_IS_BETTER) == worst;
        return lower ? Math.min(a, b) : Math.max(a, b);
    }

    /** The finite number in a cell, else NaN. */
    double number(int r, int c) {
        List<Object> row = rows.get(r);
        if (c >= row.size() || !(row.get(c) instanceof Number n)) {
            return Double.NaN;
        }
        double v = n.doubleValue();
        return Double.isFinite(v) ? v : Double.NaN;
    }
}
