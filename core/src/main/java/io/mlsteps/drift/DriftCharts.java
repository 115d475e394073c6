package io.mlsteps.drift;

import io.mlsteps.chart.Charts;
import io.mlsteps.step.ChartRef;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.data.category.DefaultCategoryDataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The charts of checkDrift: drift scores against their thresholds, and reference/current distributions. */
final class DriftCharts {
    private static final int MAX_CATEGORIES_SHOWN = 20;

    private DriftCharts() {
    }

    static List<ChartRef> draw(DriftAnalyzer.Report report, ColumnDrift prediction, DriftProfile reference,
                               DriftProfile current, int topColumns, Path chartsDir) {
        List<ChartRef> charts = new ArrayList<>();
        List<ColumnDrift> all = new ArrayList<>(report.columns());
        if (prediction != null) {
            all.add(prediction);
        }
        Map<String, Double> distances = new LinkedHashMap<>();
        Map<String, Double> pValues = new LinkedHashMap<>();
        Double distanceThreshold = null;
        Double pThreshold = null;
        for (ColumnDrift c : all) {
            String label = c.column() + " (" + c.method().id() + (c.drifted() ? ", DRIFT" : "") + ")";
            if (c.method().isPValue()) {
                pValues.put(label, c.pValue());
                pThreshold = pThreshold == null ? c.threshold() : Math.max(pThreshold, c.threshold());
            } else {
                distances.put(label, c.score());
                distanceThreshold = distanceThreshold == null ? c.threshold() : Math.min(distanceThreshold, c.threshold());
            }
        }
        int height = Math.max(Charts.HEIGHT, 60 + 22 * Math.max(distances.size(), pValues.size()));
        if (!distances.isEmpty()) {
            charts.add(Charts.save(Charts.bars("Drift distance per column", "distance", distances, distanceThreshold),
                    chartsDir, "drift-distances", "Drift distance per column with the threshold", Charts.WIDTH, height));
        }
        if (!pValues.isEmpty()) {
            charts.add(Charts.save(Charts.bars("Drift test p-value per column (drift below the line)", "p-value", pValues, pThreshold),
                    chartsDir, "drift-p-values", "Drift test p-value per column with the threshold", Charts.WIDTH, height));
        }
        List<ColumnDrift> top = all.stream().sorted(Comparator.comparingDouble(DriftCharts::severity).reversed())
                .limit(Math.max(0, topColumns)).toList();
        for (ColumnDrift c : top) {
            ColumnDistribution ref = reference.columns().get(c.column());
            ColumnDistribution cur = current.columns().get(c.column());
            DriftAnalyzer.Binned b = DriftAnalyzer.binned(ref, cur, c.kind() == ColumnDistribution.Kind.NUMERIC);
            DefaultCategoryDataset data = new DefaultCategoryDataset();
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < b.labels().size(); i++) {
                order.add(i);
            }
            if (b.edges() == null) {
                order.sort(Comparator.comparingDouble((Integer i) -> -(b.reference()[i] + b.current()[i])));
                order = order.subList(0, Math.min(MAX_CATEGORIES_SHOWN, order.size()));
            }
            for (int i : order) {
                data.addValue(b.reference()[i], "reference", b.labels().get(i));
                data.addValue(b.current()[i], "current", b.labels().get(i));
            }
            String title = c.column() + ": " + (b.edges() == null ? "category shares" : "histogram") + " (" + c.method().id()
                    + " " + io.mlsteps.gate.QualityGateEvaluator.format(c.score()) + (c.drifted() ? ", drift)" : ")");
            JFreeChart chart = ChartFactory.createBarChart(title, b.edges() == null ? "category" : "bin (lower edge)", "share",
                    data, PlotOrientation.VERTICAL, true, false, false);
            ((CategoryPlot) chart.getPlot()).getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
            charts.add(Charts.save(Charts.style(chart), chartsDir, "distribution-" + c.column(),
                    "Reference and current distribution of " + c.column()));
        }
        return charts;
    }

    /** How far past its threshold a column is: p-value tests by threshold/p, distances by distance/threshold. */
    private static double severity(ColumnDrift c) {
        if (c.method().isPValue()) {
            return c.threshold() / Math.max(c.pValue(), 1e-300);
        }
        return c.threshold() == 0 ? c.score() : c.score() / c.threshold();
    }
}
