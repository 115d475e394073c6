package io.mlsteps.compare;

import io.mlsteps.chart.Charts;
import io.mlsteps.contract.gate.MetricCatalog;
import io.mlsteps.contract.result.ChartRef;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One chart per gated metric (its slices side by side): each baseline's value, the candidate's value with the
 * paired confidence interval drawn as an error bar (baseline + delta interval), and every bound as a red dash.
 * A reader sees at once whether the bar clears the dash (pass), misses it (fail) or crosses it (inconclusive).
 */
final class ComparisonChart {
    private static final int MAX_CHARTS = 12;

    private ComparisonChart() {
    }

    static List<ChartRef> draw(List<GateOutcome> outcomes, Path chartsDir) {
        Map<String, List<GateOutcome>> byBase = new LinkedHashMap<>();
        for (GateOutcome o : outcomes) {
            if (o.candidate() != null && !o.candidate().isNaN()) {
                byBase.computeIfAbsent(MetricCatalog.baseName(o.metric()), k -> new ArrayList<>()).add(o);
            }
        }
        List<ChartRef> refs = new ArrayList<>();
        for (var e : byBase.entrySet()) {
            if (refs.size() >= MAX_CHARTS) {
                break;
            }
            refs.add(Charts.save(chart(e.getKey(), e.getValue()), chartsDir, "compare-" + e.getKey(),
                    "Candidate vs baseline: " + e.getKey()));
        }
        return refs;
    }

    static JFreeChart chart(String base, List<GateOutcome> outcomes) {
        List<String> metrics = new ArrayList<>();
        for (GateOutcome o : outcomes) {
            if (!metrics.contains(o.metric())) {
                metrics.add(o.metric());
            }
        }
        Map<String, YIntervalSeries> baselines = new LinkedHashMap<>();
        YIntervalSeries candidate = new YIntervalSeries("candidate");
        YIntervalSeries bounds = new YIntervalSeries("bound");
        double offset = 0.12;
        for (int i = 0; i < metrics.size(); i++) {
            String metric = metrics.get(i);
            Double cand = null;
            double lo = Double.NaN;
            double hi = Double.NaN;
            List<Double> boundValues = new ArrayList<>();
            for (GateOutcome o : outcomes) {
                if (!o.metric().equals(metric)) {
                    continue;
                }
                cand = o.candidate();
                if (o.role() != null && o.baseline() != null && !o.baseline().isNaN()) {
                    YIntervalSeries s = baselines.computeIfAbsent(o.baselineLabel(), YIntervalSeries::new);
                    if (s.indexOf(i - offset) < 0) {
                        s.add(i - offset, o.baseline(), o.baseline(), o.baseline());
                    }
                    if (o.primary() && o.interval() != null && o.interval().isDefined() && Double.isNaN(lo)) {
                        lo = o.baseline() + o.interval().lower();
                        hi = o.baseline() + o.interval().upper();
                    }
                } else if (o.role() == null && o.interval() != null && o.interval().isDefined() && Double.isNaN(lo)) {
                    lo = o.interval().lower();
                    hi = o.interval().upper();
                }
                if (o.boundValue() != null && !o.boundValue().isNaN()) {
                    boundValues.add(o.boundValue());
                }
            }
            if (cand != null) {
                candidate.add(i + offset, cand, Double.isNaN(lo) ? cand : lo, Double.isNaN(hi) ? cand : hi);
            }
            for (double b : boundValues) {
                if (bounds.indexOf(i + offset) < 0) {
                    bounds.add(i + offset, b, b, b);
                } else {
                    // several bounds on one metric: shift the dash slightly so every one stays visible
                    bounds.add(i + offset + 1e-6 * bounds.getItemCount(), b, b, b);
                }
            }
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        baselines.values().forEach(data::addSeries);
        data.addSeries(candidate);
        data.addSeries(bounds);

        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setDrawYError(true);
        renderer.setDefaultLinesVisible(false);
        renderer.setDefaultShapesVisible(true);
        renderer.setErrorStroke(new BasicStroke(2f));
        renderer.setCapLength(10);
        int n = baselines.size();
        Color[] greys = {new Color(0x57, 0x60, 0x6a), new Color(0x8c, 0x95, 0x9f), new Color(0xb0, 0x88, 0x00)};
        for (int s = 0; s < n; s++) {
            renderer.setSeriesPaint(s, greys[Math.min(s, greys.length - 1)]);
            renderer.setSeriesShape(s, new Rectangle2D.Double(-5, -5, 10, 10));
        }
        renderer.setSeriesPaint(n, Charts.PRIMARY);
        renderer.setSeriesShape(n, new Ellipse2D.Double(-5, -5, 10, 10));
        renderer.setSeriesPaint(n + 1, Charts.BAD);
        renderer.setSeriesShape(n + 1, new Rectangle2D.Double(-16, -1.5, 32, 3));
        renderer.setErrorPaint(Charts.PRIMARY);

        SymbolAxis x = new SymbolAxis(null, metrics.toArray(String[]::new));
        x.setRange(-0.6, metrics.size() - 0.4);
        x.setGridBandsVisible(false);
        if (metrics.size() > 4) {
            x.setVerticalTickLabels(true);
        }
        NumberAxis y = new NumberAxis(base);
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        JFreeChart chart = new JFreeChart("Candidate vs baseline: " + base, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        return Charts.style(chart);
    }
}
