package io.mlsteps.report;

import io.mlsteps.contract.gate.MetricCatalog;
import io.mlsteps.contract.result.ResultTable;
import io.mlsteps.contract.result.StepResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The tables of a report, derived from a result's metric names so that every step gets them without step code:
 * the headline metrics, a matrix per slice column ({@code accuracy[island=Biscoe]}: islands × metrics), the
 * per-class matrix ({@code f1[class=Adelie]}) and the per-column one ({@code psi[age]}). A table the step wrote
 * itself about the same rows (its first column names the same thing: {@code island}, {@code class},
 * {@code column}, or {@code metric} for the headline) is shown instead of the derived one, as the step chose
 * its columns; the step's other tables follow in its order.
 */
final class MetricTables {
    private static final String METRIC = "metric";

    private MetricTables() {
    }

    /** The tables to show, in reading order: headline, slices, classes, columns, then the step's other tables. */
    static List<ReportTable> of(StepResult result) {
        Map<String, Map<String, Map<String, Double>>> groups = group(result.getMetrics());
        List<ResultTable> stepTables = new ArrayList<>(result.getTables());
        List<ReportTable> tables = new ArrayList<>();
        ResultTable headline = takeTableAbout(stepTables, METRIC);
        if (headline != null) {
            tables.add(of(headline));
        } else {
            headline(result.getMetrics()).ifPresent(tables::add);
        }
        for (Map.Entry<String, Map<String, Map<String, Double>>> g : groups.entrySet()) {
            ResultTable own = takeTableAbout(stepTables, g.getKey());
            tables.add(own != null ? of(own) : matrix(g.getKey(), g.getValue()));
        }
        stepTables.forEach(t -> tables.add(of(t)));
        return tables;
    }

    /** Qualified metrics of known families by key (slices first, then class, then column) → row → metric → value. */
    static Map<String, Map<String, Map<String, Double>>> group(Map<String, Double> metrics) {
        Map<String, Map<String, Map<String, Double>>> byKey = new LinkedHashMap<>();
        for (Map.Entry<String, Double> m : metrics.entrySet()) {
            MetricName.parse(m.getKey())
                    .filter(n -> n.qualified() && MetricCatalog.family(n.base()).isPresent())
                    .ifPresent(n -> byKey.computeIfAbsent(n.key(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(n.value(), v -> new LinkedHashMap<>()).put(n.base(), m.getValue()));
        }
        Map<String, Map<String, Map<String, Double>>> ordered = new LinkedHashMap<>();
        byKey.forEach((k, v) -> {
            if (!k.equals(MetricName.CLASS) && !k.equals(MetricName.COLUMN)) {
                ordered.put(k, v);
            }
        });
        for (String k : List.of(MetricName.CLASS, MetricName.COLUMN)) {
            if (byKey.containsKey(k)) {
                ordered.put(k, byKey.get(k));
            }
        }
        return ordered;
    }

    static String title(String key) {
        return switch (key) {
            case MetricName.CLASS -> "Per class";
            case MetricName.COLUMN -> "Per column";
            default -> "Slices by " + key;
        };
    }

    private static java.util.Optional<ReportTable> headline(Map<String, Double> metrics) {
        List<List<Object>> rows = new ArrayList<>();
        boolean anyMeaning = false;
        for (Map.Entry<String, Double> m : metrics.entrySet()) {
            if (m.getKey().indexOf('[') < 0) {
                String meaning = MetricCatalog.family(m.getKey()).map(MetricCatalog.Family::meaning).orElse("");
                anyMeaning |= !meaning.isEmpty();
                rows.add(List.of(m.getKey(), m.getValue() == null ? "" : m.getValue(), meaning));
            }
        }
        if (rows.isEmpty()) {
            return java.util.Optional.empty();
        }
        if (!anyMeaning) { // metrics the catalogue does not describe: no empty column
            return java.util.Optional.of(new ReportTable("Metrics", List.of(METRIC, "value"),
                    rows.stream().map(r -> r.subList(0, 2)).toList()));
        }
        return java.util.Optional.of(new ReportTable("Metrics", List.of(METRIC, "value", "what it measures"), rows));
    }

    private static ReportTable matrix(String key, Map<String, Map<String, Double>> rowsByName) {
        Set<String> metricColumns = new LinkedHashSet<>();
        rowsByName.values().forEach(m -> metricColumns.addAll(m.keySet()));
        List<String> columns = new ArrayList<>();
        columns.add(key);
        columns.addAll(metricColumns);
        List<List<Object>> rows = new ArrayList<>();
        rowsByName.forEach((name, values) -> {
            List<Object> row = new ArrayList<>();
            row.add(name);
            metricColumns.forEach(c -> row.add(values.containsKey(c) && values.get(c) != null ? values.get(c) : ""));
            rows.add(row);
        });
        return new ReportTable(title(key), columns, rows);
    }

    private static ReportTable of(ResultTable t) {
        return new ReportTable(t.title(), t.columns(), t.rows());
    }

    /** Removes and returns the first step table whose first column names {@code key}, or null. */
    private static ResultTable takeTableAbout(List<ResultTable> tables, String key) {
        for (int i = 0; i < tables.size(); i++) {
            List<String> columns = tables.get(i).columns();
            if (!columns.isEmpty() && normal(columns.get(0)).equals(normal(key))) {
                return tables.remove(i);
            }
        }
        return null;
    }

    private static String normal(String header) {
        return header.trim().toLowerCase(Locale.ROOT);
    }
}
