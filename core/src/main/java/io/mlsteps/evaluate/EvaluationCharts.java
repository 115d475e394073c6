package io.mlsteps.evaluate;

import io.mlsteps.metrics.ClassificationMetrics;
import io.mlsteps.chart.Charts;
import io.mlsteps.contract.gate.QualityGate;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.model.TribuoPredictor;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The charts of {@code evaluateModel}: confusion matrix, ROC, PR, calibration, residuals and per-slice bars. */
final class EvaluationCharts {
    private static final int MAX_POINTS = 600;

    private EvaluationCharts() {
    }

    static void draw(EvaluateModelStep.Scored s, Map<String, Double> metrics, List<String> headline,
                     Map<String, List<Map<String, Object>>> slices, List<QualityGate> gates, StepContext ctx,
                     StepResult result) {
        var dir = ctx.chartsDir();
        ClassificationMetrics.Input c = s.classification();
        if (c != null) {
            result.getCharts().add(Charts.save(confusion(c), dir, "confusion-matrix", "Confusion matrix",
                    Math.max(480, 160 + 70 * c.classes().size()), Math.max(420, 120 + 60 * c.classes().size())));
            if (c.scores() != null) {
                result.getCharts().add(Charts.save(curves(c, true, metrics), dir, "roc", "ROC curve"));
                result.getCharts().add(Charts.save(curves(c, false, metrics), dir, "pr", "Precision-recall curve"));
                if (c.classes().size() == 2 && c.probabilities()) {
                    result.getCharts().add(Charts.save(calibration(c), dir, "calibration", "Calibration curve"));
                }
            }
        } else if (s.task().equals(TribuoPredictor.REGRESSION)) {
            result.getCharts().add(Charts.save(residuals(s.yTrue(), s.yPred()), dir, "residuals", "Residuals"));
        }
        String main = headline.isEmpty() ? null : headline.get(0);
        if (main != null) {
            for (Map.Entry<String, List<Map<String, Object>>> e : slices.entrySet()) {
                Map<String, Double> values = new LinkedHashMap<>();
                for (Map<String, Object> g : e.getValue()) {
                    @SuppressWarnings("unchecked")
                    Map<String, Double> m = (Map<String, Double>) g.get("metrics");
                    Double v = m.get(main);
                    values.put(g.get("value") + " (n=" + g.get("rows") + ")", v == null || v.isNaN() ? 0.0 : v);
                }
                Double threshold = sliceThreshold(gates, main, e.getKey());
                String title = main + " by " + e.getKey();
                result.getCharts().add(Charts.save(Charts.bars(title, main, values, threshold), dir,
                        "slice-" + e.getKey(), title, Charts.WIDTH, Math.max(Charts.HEIGHT, 60 + 26 * values.size())));
            }
        }
    }

    /** The threshold of a gate on every slice of a column (metric[col=*]), drawn on that slice chart. */
    private static Double sliceThreshold(List<QualityGate> gates, String metric, String column) {
        for (QualityGate g : gates) {
            if (g.metric().equals(metric + "[" + column + "=*]")) {
                return g.threshold();
            }
        }
        return null;
    }

    private static JFreeChart confusion(ClassificationMetrics.Input c) {
        long[][] cm = ClassificationMetrics.confusionMatrix(c, null);
        int k = cm.length;
        double[] xs = new double[k * k];
        double[] ys = new double[k * k];
        double[] zs = new double[k * k];
        long max = 1;
        for (int t = 0; t < k; t++) {
            long rowSum = 0;
            for (long v : cm[t]) {
                rowSum += v;
            }
            for (int p = 0; p < k; p++) {
                int i = t * k + p;
                xs[i] = p;
                ys[i] = k - 1 - t;
                zs[i] = rowSum == 0 ? 0 : (double) cm[t][p] / rowSum;
                max = Math.max(max, cm[t][p]);
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("share of true class", new double[][]{xs, ys, zs});
        String[] names = c.classes().toArray(String[]::new);
        String[] reversed = new String[k];
        for (int i = 0; i < k; i++) {
            reversed[i] = names[k - 1 - i];
        }
        SymbolAxis xAxis = new SymbolAxis("predicted", names);
        SymbolAxis yAxis = new SymbolAxis("true", reversed);
        XYBlockRenderer renderer = new XYBlockRenderer();
        PaintScale scale = new BlueScale();
        renderer.setPaintScale(scale);
        XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                double share = zs[t * k + p];
                XYTextAnnotation a = new XYTextAnnotation(String.format(java.util.Locale.ROOT, "%d (%.1f%%)", cm[t][p],
                        share * 100), p, k - 1 - t);
                a.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
                a.setPaint(share > 0.55 ? Color.WHITE : Color.BLACK);
                plot.addAnnotation(a);
            }
        }
        JFreeChart chart = new JFreeChart("Confusion matrix (row share of the true class)", plot);
        chart.removeLegend();
        NumberAxis scaleAxis = new NumberAxis("share");
        scaleAxis.setRange(0, 1);
        PaintScaleLegend legend = new PaintScaleLegend(scale, scaleAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(8, 8, 8, 8);
        chart.addSubtitle(legend);
        return Charts.style(chart);
    }

    /** White to the project blue. */
    private static final class BlueScale implements PaintScale {
        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return 1;
        }

        @Override
        public Paint getPaint(double value) {
            double v = Math.max(0, Math.min(1, value));
            Color to = Charts.PRIMARY;
            return new Color((int) (255 + (to.getRed() - 255) * v), (int) (255 + (to.getGreen() - 255) * v),
                    (int) (255 + (to.getBlue() - 255) * v));
        }
    }

    private static JFreeChart curves(ClassificationMetrics.Input c, boolean roc, Map<String, Double> metrics) {
        XYSeriesCollection data = new XYSeriesCollection();
        int k = c.classes().size();
        int from = k == 2 ? 1 : 0;
        for (int cls = from; cls < k; cls++) {
            boolean[] pos = new boolean[c.rows()];
            double[] score = new double[c.rows()];
            for (int i = 0; i < c.rows(); i++) {
                pos[i] = c.yTrue()[i] == cls;
                score[i] = c.scores()[i][cls];
            }
            List<double[]> pts = roc ? ClassificationMetrics.rocCurve(pos, score) : ClassificationMetrics.prCurve(pos, score);
            XYSeries series = new XYSeries((k == 2 ? "positive class " : "") + c.classes().get(cls), false, true);
            int step = Math.max(1, pts.size() / MAX_POINTS);
            for (int i = 0; i < pts.size(); i += step) {
                series.add(pts.get(i)[0], pts.get(i)[1]);
            }
            double[] last = pts.get(pts.size() - 1);
            series.add(last[0], last[1]);
            data.addSeries(series);
        }
        String metric = roc ? "roc_auc" : "pr_auc";
        String title = (roc ? "ROC curve" : "Precision-recall curve") + String.format(java.util.Locale.ROOT, " (%s %.4f%s)",
                metric, metrics.getOrDefault(metric, Double.NaN), k == 2 ? "" : ", one-vs-rest macro");
        JFreeChart chart = ChartFactory.createXYLineChart(title, roc ? "false positive rate" : "recall",
                roc ? "true positive rate" : "precision", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        if (roc) {
            plot.addAnnotation(new XYLineAnnotation(0, 0, 1, 1, new BasicStroke(1f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 1f, new float[]{4f, 4f}, 0f), Color.GRAY));
        }
        ((NumberAxis) plot.getDomainAxis()).setRange(0, 1);
        ((NumberAxis) plot.getRangeAxis()).setRange(0, 1.02);
        Charts.style(chart);
        plot.getRenderer().setSeriesPaint(0, Charts.PRIMARY);
        if (k > 1) {
            plot.getRenderer().setSeriesPaint(1, Charts.SECONDARY);
        }
        return chart;
    }

    private static JFreeChart calibration(ClassificationMetrics.Input c) {
        int bins = 10;
        double[] sum = new double[bins];
        long[] count = new long[bins];
        long[] positives = new long[bins];
        for (int i = 0; i < c.rows(); i++) {
            double p = c.scores()[i][1];
            int b = Math.min(bins - 1, Math.max(0, (int) (p * bins)));
            sum[b] += p;
            count[b]++;
            if (c.yTrue()[i] == 1) {
                positives[b]++;
            }
        }
        XYSeries series = new XYSeries("model", true, true);
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                series.add(sum[b] / count[b], (double) positives[b] / count[b]);
            }
        }
        XYSeriesCollection data = new XYSeriesCollection(series);
        JFreeChart chart = ChartFactory.createXYLineChart("Calibration (positive class " + c.classes().get(1) + ", 10 bins)",
                "mean predicted probability", "observed share of positives", data, PlotOrientation.VERTICAL, false,
                false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        plot.setRenderer(renderer);
        plot.addAnnotation(new XYLineAnnotation(0, 0, 1, 1, new BasicStroke(1f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 1f, new float[]{4f, 4f}, 0f), Color.GRAY));
        ((NumberAxis) plot.getDomainAxis()).setRange(0, 1);
        ((NumberAxis) plot.getRangeAxis()).setRange(0, 1);
        Charts.style(chart);
        renderer.setSeriesPaint(0, Charts.PRIMARY);
        return chart;
    }

    private static JFreeChart residuals(double[] yTrue, double[] yPred) {
        XYSeries series = new XYSeries("rows", false, true);
        int step = Math.max(1, yTrue.length / 5000);
        for (int i = 0; i < yTrue.length; i += step) {
            series.add(yPred[i], yTrue[i] - yPred[i]);
        }
        JFreeChart chart = ChartFactory.createScatterPlot("Residuals (true - predicted) by prediction", "predicted",
                "residual", new XYSeriesCollection(series), PlotOrientation.VERTICAL, false, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.addRangeMarker(new org.jfree.chart.plot.ValueMarker(0, Color.GRAY, new BasicStroke(1f)));
        Charts.style(chart);
        plot.getRenderer().setSeriesPaint(0, new Color(0x1f, 0x6f, 0xeb, 120));
        return chart;
    }
}
