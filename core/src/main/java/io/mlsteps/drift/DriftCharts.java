package io.mlsteps.drift;

import io.mlsteps.util.Numbers;
import io.mlsteps.chart.Charts;
import io.mlsteps.contract.result.ChartRef;
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
            JFreeChart bars = Charts.bars("Drift distance per column", "distance", distances, distanceThreshold);
            // A column that drifted by the significant-shift rule sits below the threshold line: draw that rule too.
            all.stream().filter(c -> c.drifted() && c.score() < c.threshold() && !c.method().isPValue())
                    .map(ColumnDrift::threshold).distinct().forEach(t -> Charts.marker(bars,
                            t * DriftAnalyzer.SIGNIFICANT_SHIFT_FRACTION, "drift too if KS p < "
                                    + Numbers.format(DriftAnalyzer.SIGNIFICANT_SHIFT_P), true));
            charts.add(Charts.save(bars, chartsDir, "drift-distances", "Drift distance per column with the threshold",
                    Charts.WIDTH, height));
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
        charts.addAll(Charts.drawAll(jobs));
        return charts;
    }

    private static ChartRef distribution(ColumnDrift c, DriftProfile reference, DriftProfile current, Path chartsDir) {
        {
            ColumnDistribution ref = reference.columns().get(c.column());
            ColumnDistribution cur = current.columns().get(c.column());
            boolean numeric = c.kind() == ColumnDistribution.Kind.NUMERIC;
            DriftAnalyzer.Binned central = numeric && ref.numericDistinct() > 20
                    ? displayBins(ref.numericSample(), cur.numericSample(), TARGET_BINS) : null;
            DriftAnalyzer.Binned b = central != null ? central : DriftAnalyzer.binned(ref, cur, numeric);
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
                    + " " + Numbers.format(c.score()) + (c.drifted() ? ", drift)" : ")");
            String axis = b.edges() == null ? "category"
                    : central != null ? "bin (lower edge); the < and >= bins hold the tails (at most 0.5 % each)"
                    : "bin (lower edge)";
            JFreeChart chart = ChartFactory.createBarChart(title, axis, "share", data, PlotOrientation.VERTICAL, true,
                    false, false);
            ((CategoryPlot) chart.getPlot()).getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
            return Charts.save(Charts.style(chart), chartsDir, "distribution-" + c.column(),
                    "Reference and current distribution of " + c.column());
        }
    }

    /** Bins a distribution chart aims at: enough to show a shape, few enough for readable labels. */
    static final int TARGET_BINS = 20;
    /** Share of values each open outer bin of a chart may hold at most (per side, of either sample). */
    private static final double TAIL = 0.005;

    /**
     * Bins to draw two numeric samples with: equal "round" widths (1, 2 or 5 times a power of ten; whole numbers
     * for integer data) over the central range both samples share — from the lower {@link #TAIL} quantile to
     * the upper one — and two open bins, "&lt; low" and "&ge; high", for the tails. The tests' own bins (Sturges over
     * the whole range, as Evidently bins) put a long-tailed column such as a delay into one or two bars; these
     * show its shape. Null when the central range is a single value.
     */
    static DriftAnalyzer.Binned displayBins(WeightedSample a, WeightedSample b, int targetBins) {
        if (a.isEmpty() || b.isEmpty()) {
            return null;
        }
        double lo = Math.min(a.quantile(TAIL), b.quantile(TAIL));
        double hi = Math.max(a.quantile(1 - TAIL), b.quantile(1 - TAIL));
        if (!(hi > lo)) {
            return null;
        }
        double step = roundStep((hi - lo) / targetBins);
        if (a.allIntegers() && b.allIntegers()) {
            step = Math.max(1, Math.rint(step));
        }
        double start = Math.floor(lo / step) * step;
        int inner = (int) Math.max(1, Math.ceil((hi - start) / step));
        if (start + inner * step <= hi) {
            inner++; // the highest central value belongs in an inner bin
        }
        double end = start + inner * step;
        double[] edges = new double[inner + 1];
        for (int i = 0; i <= inner; i++) {
            edges[i] = start + i * step;
        }
        double[] ra = shares(a, edges);
        double[] cb = shares(b, edges);
        // [below, inner bins..., at or above the end]; an empty outer bin is left out
        boolean below = ra[0] > 0 || cb[0] > 0;
        boolean above = ra[inner + 1] > 0 || cb[inner + 1] > 0;
        int from = below ? 0 : 1;
        int to = above ? inner + 2 : inner + 1;
        List<String> labels = new ArrayList<>();
        for (int i = from; i < to; i++) {
            labels.add(i == 0 ? "< " + label(start, step) : i == inner + 1 ? ">= " + label(end, step)
                    : label(edges[i - 1], step));
        }
        return new DriftAnalyzer.Binned(labels, java.util.Arrays.copyOfRange(ra, from, to),
                java.util.Arrays.copyOfRange(cb, from, to), edges);
    }

    /** 1, 2 or 5 times a power of ten, the first at least {@code raw}. */
    static double roundStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[]{1, 2, 5, 10}) {
            if (m * power >= raw * (1 - 1e-9)) {
                return m * power;
            }
        }
        return 10 * power;
    }

    /** Shares of a sample: below the first edge, per bin, at or above the last edge. */
    private static double[] shares(WeightedSample s, double[] edges) {
        int inner = edges.length - 1;
        double[] out = new double[inner + 2];
        double step = edges[1] - edges[0];
        double total = s.totalWeight();
        for (int i = 0; i < s.values().length; i++) {
            double x = s.values()[i];
            int bin = x < edges[0] ? 0 : x >= edges[inner] ? inner + 1
                    : 1 + Math.min(inner - 1, (int) Math.floor((x - edges[0]) / step));
            out[bin] += s.weights()[i] / total;
        }
        return out;
    }

    /** An edge with as many decimals as the step needs (a step of 0.05 shows two). */
    private static String label(double value, double step) {
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        return java.math.BigDecimal.valueOf(value).setScale(decimals, java.math.RoundingMode.HALF_EVEN)
                .stripTrailingZeros().toPlainString();
    }

    /** How far past its threshold a column is: p-value tests by threshold/p, distances by distance/threshold. */
    private static double severity(ColumnDrift c) {
        if (c.method().isPValue()) {
            return c.threshold() / Math.max(c.pValue(), 1e-300);
        }
        return c.threshold() == 0 ? c.score() : c.score() / c.threshold();
    }
}
