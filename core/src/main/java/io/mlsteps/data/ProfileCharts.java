package io.mlsteps.data;

import io.mlsteps.chart.Charts;
import io.mlsteps.contract.result.ChartRef;
import io.mlsteps.contract.result.ResultTable;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** Charts and tables of a profile for reports: missing ratio per column, numeric histograms, category frequencies. */
public final class ProfileCharts {
    /** At most this many per-column charts of each kind, so a wide file does not flood the report. */
    public static final int MAX_COLUMN_CHARTS = 12;

    private ProfileCharts() {
    }

    /** All charts of a profile, saved as PNG into {@code chartsDir} (drawn side by side, in this order). */
    public static List<ChartRef> draw(DatasetProfile profile, Path chartsDir, Map<String, Double> maxMissingRatios) {
        if (profile.columns().isEmpty()) {
            return new ArrayList<>();
        }
        List<Callable<ChartRef>> charts = new ArrayList<>();
        charts.add(() -> Charts.save(missingRatios(profile, maxMissingRatios), chartsDir, "missing-ratio",
                "Missing values per column"));
        int numeric = 0;
        int categorical = 0;
        for (ColumnProfile c : profile.columns()) {
            if ((c.type().isNumeric() || c.type() == ColumnType.TIMESTAMP) && c.numericCount() > 0
                    && numeric < MAX_COLUMN_CHARTS) {
                numeric++;
                charts.add(() -> Charts.save(histogram(c), chartsDir, "histogram-" + c.name(), "Histogram of " + c.name()));
            } else if ((c.type() == ColumnType.CATEGORICAL || c.type() == ColumnType.BOOLEAN) && c.present() > 0
                    && categorical < MAX_COLUMN_CHARTS) {
                categorical++;
                charts.add(() -> Charts.save(categories(c, 15), chartsDir, "categories-" + c.name(),
                        "Most frequent values of " + c.name()));
            }
        }
        return Charts.drawAll(charts);
    }

    /** At most this many columns in a per-column bar chart: a wide file shows the ones that matter, readably. */
    public static final int MAX_CHART_COLUMNS = 40;

    /**
     * Missing ratio per column as bars; of a file wider than {@link #MAX_CHART_COLUMNS} the columns with the most
     * missing values (the title says how many of how many).
     */
    public static JFreeChart missingRatios(DatasetProfile profile, Map<String, Double> maxMissingRatios) {
        List<ColumnProfile> columns = profile.columns();
        if (columns.size() > MAX_CHART_COLUMNS) {
            columns = columns.stream().sorted(java.util.Comparator.comparingDouble(ColumnProfile::missingRatio).reversed())
                    .limit(MAX_CHART_COLUMNS).toList();
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (ColumnProfile c : columns) {
            values.put(c.name(), c.missingRatio());
        }
        // one threshold line only when the schema gives all columns the same limit
        Double threshold = null;
        if (maxMissingRatios != null && !maxMissingRatios.isEmpty()
                && maxMissingRatios.values().stream().distinct().count() == 1) {
            threshold = maxMissingRatios.values().iterator().next();
        }
        String title = columns.size() == profile.columns().size() ? "Missing values per column"
                : String.format(Locale.ROOT, "Missing values: the %d of %,d columns with the most", columns.size(),
                profile.columns().size());
        return Charts.bars(title, "missing ratio", values, threshold);
    }

    /** Histogram of a numeric column from its profile (bins from the quantile sketch). */
    public static JFreeChart histogram(ColumnProfile c) {
        ColumnProfile.Histogram h = c.histogram();
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        boolean integer = c.type() == ColumnType.INTEGER;
        for (int i = 0; i < h.counts().length; i++) {
            String label;
            if (integer) {
                long from = Math.round(h.edges()[i] + 0.5);
                long to = Math.round(h.edges()[i + 1] - 0.5);
                label = from == to ? Long.toString(from) : from + "–" + to;
            } else if (c.type() == ColumnType.TIMESTAMP) {
                label = label(h.edges()[i], c.type());
            } else {
                label = label(h.edges()[i], c.type()) + "–" + label(h.edges()[i + 1], c.type());
            }
            data.addValue(h.counts()[i], "rows", label);
        }
        JFreeChart chart = ChartFactory.createBarChart("Histogram of " + c.name(), c.name(), "rows", data,
                PlotOrientation.VERTICAL, false, false, false);
        ((CategoryPlot) chart.getPlot()).getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        return Charts.style(chart);
    }

    /** The most frequent values of a column, with an "(other)" bar for the rest. */
    public static JFreeChart categories(ColumnProfile c, int top) {
        Map<String, Long> values = new LinkedHashMap<>(c.topValues(top));
        long shown = values.values().stream().mapToLong(Long::longValue).sum();
        if (c.present() > shown) {
            values.put("(other)", c.present() - shown);
        }
        if (c.missing() > 0) {
            values.put("(missing)", c.missing());
        }
        return Charts.bars("Most frequent values of " + c.name(), "rows", values, null);
    }

    /** One row per column: type, missing, distinct, min/mean/max, top values. */
    public static ResultTable table(DatasetProfile profile) {
        List<List<Object>> rows = new ArrayList<>();
        for (ColumnProfile c : profile.columns()) {
            List<Object> row = new ArrayList<>();
            row.add(c.name());
            row.add(c.type().name());
            row.add(c.missing());
            row.add(round(c.missingRatio()));
            row.add(Math.round(c.distinctEstimate()));
            boolean numeric = c.numericCount() > 0 && c.type() != ColumnType.CATEGORICAL;
            row.add(numeric ? label(c.min(), c.type()) : "");
            row.add(numeric && c.type() != ColumnType.TIMESTAMP ? round(c.mean()) : "");
            row.add(numeric ? label(c.quantile(0.5), c.type()) : "");
            row.add(numeric ? label(c.max(), c.type()) : "");
            StringBuilder top = new StringBuilder();
            c.topValues(3).forEach((k, v) -> top.append(top.length() == 0 ? "" : ", ").append(k).append(" (").append(v).append(')'));
            row.add(top.toString());
            rows.add(row);
        }
        return new ResultTable("profile", "Columns", List.of("column", "type", "missing", "missing ratio", "distinct",
                "min", "mean", "median", "max", "top values"), rows);
    }

    private static Object round(double x) {
        if (Double.isNaN(x)) {
            return "";
        }
        return Math.round(x * 10_000) / 10_000.0;
    }

    /** A value for display: timestamps as ISO date-times, integers without decimals. */
    static String label(double x, ColumnType type) {
        if (Double.isNaN(x)) {
            return "";
        }
        if (type == ColumnType.TIMESTAMP) {
            return java.time.Instant.ofEpochSecond((long) x).toString().replace("T", " ").replace(":00Z", "").replace("Z", "");
        }
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return String.valueOf((long) x);
        }
        return String.format(Locale.ROOT, "%.4g", x);
    }
}
