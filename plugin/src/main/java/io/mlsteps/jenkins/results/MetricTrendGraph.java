package io.mlsteps.jenkins.results;

import hudson.model.Run;
import hudson.util.ChartUtil;
import hudson.util.DataSetBuilder;
import hudson.util.Graph;
import io.mlsteps.jenkins.trend.TrendSeries;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.Map;

/**
 * A metric's trend as a PNG through core's {@link Graph} (Jenkins' JFreeChart 1.0.19): the value per build,
 * and dashed lines for the gate threshold (red) and the baseline (grey).
 */
class MetricTrendGraph extends Graph {
    static final int WIDTH = 500;
    static final int HEIGHT = 200;

    private final TrendSeries series;
    private final Map<Integer, Run<?, ?>> runs;

    MetricTrendGraph(long timestamp, TrendSeries series, Map<Integer, Run<?, ?>> runs) {
        super(timestamp, WIDTH, HEIGHT);
        this.series = series;
        this.runs = runs;
    }

    @Override
    protected JFreeChart createGraph() {
        DataSetBuilder<String, ChartUtil.NumberOnlyBuildLabel> data = new DataSetBuilder<>();
        boolean any = false;
        for (Map.Entry<String, List<TrendSeries.Point>> row : series.getRows().entrySet()) {
            for (TrendSeries.Point point : row.getValue()) {
                Run<?, ?> run = runs.get(point.build());
                if (point.value() != null && run != null) {
                    data.add(point.value(), row.getKey(), new ChartUtil.NumberOnlyBuildLabel(run));
                    any = true;
                }
            }
        }
        // DataSetBuilder sorts its rows and cannot build an empty data set.
        CategoryDataset dataset = any ? data.build() : new DefaultCategoryDataset();
        JFreeChart chart = ChartFactory.createLineChart(series.getMetric(), null, null, dataset,
                PlotOrientation.VERTICAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.getRangeAxis().setAutoRange(true);
        ((org.jfree.chart.axis.NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        LineAndShapeRenderer renderer = (LineAndShapeRenderer) plot.getRenderer();
        BasicStroke dashed = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f);
        for (String name : series.getRows().keySet()) {
            int row = dataset.getRowIndex(name);
            if (row < 0) {
                continue;
            }
            switch (name) {
                case TrendSeries.THRESHOLD -> {
                    renderer.setSeriesPaint(row, new Color(0xC0, 0x39, 0x2B));
                    renderer.setSeriesStroke(row, dashed);
                    renderer.setSeriesShapesVisible(row, false);
                }
                case TrendSeries.BASELINE -> {
                    renderer.setSeriesPaint(row, Color.GRAY);
                    renderer.setSeriesStroke(row, dashed);
                    renderer.setSeriesShapesVisible(row, false);
                }
                default -> {
                    renderer.setSeriesPaint(row, new Color(0x1F, 0x6F, 0xB2));
                    renderer.setSeriesStroke(row, new BasicStroke(2f));
                    renderer.setSeriesShapesVisible(row, true);
                }
            }
        }
        return chart;
    }
}
