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

    /**
     * Loads the chart and font machinery in the background (about a second of class loading and font setup),
     * so that it overlaps with profiling instead of adding to the step's time.
     */
    static Thread warmUp() {
        Thread t = new Thread(() -> {
            try {
                DefaultCategoryDataset data = new DefaultCategoryDataset();
                data.addValue(1, "reference", "a");
                JFreeChart chart = Charts.style(ChartFactory.createBarChart("warm-up", "x", "y", data,
                        PlotOrientation.VERTICAL, true, false, false));
                java.awt.image.BufferedImage img = chart.createBufferedImage(200, 120);
                javax.imageio.ImageIO.write(img, "png", java.io.OutputStream.nullOutputStream());
            } catch (Throwable ignored) {
                // only a warm-up: the real drawing reports its own errors
            }
        }, "checkDrift-chart-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return t;
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
        List<java.util.concurrent.Callable<ChartRef>> jobs = new ArrayList<>();
        for (ColumnDrift c : top) {
            jobs.add(() -> distribution(c, reference, current, chartsDir));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, Math.min(jobs.size(), Runtime.getRuntime().availableProcessors())));
        try {
            for (var f : pool.invokeAll(jobs)) {
                charts.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return charts;
    }

    private static ChartRef distribution(ColumnDrift c, DriftProfile reference, DriftProfile current, Path chartsDir) {
        {
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
            return Charts.save(Charts.style(chart), chartsDir, "distribution-" + c.column(),
                    "Reference and current distribution of " + c.column());
        }
    }

    /** How far past its threshold a column is: p-value tests by threshold/p, distances by distance/threshold. */
    private static double severity(ColumnDrift c) {
        if (c.method().isPValue()) {
            return c.threshold() / Math.max(c.pValue(), 1e-300);
        }
        return c.threshold() == 0 ? c.score() : c.score() / c.threshold();
    }
}
