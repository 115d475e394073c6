package io.mlsteps.chart;

import io.mlsteps.util.Numbers;
import io.mlsteps.contract.result.ChartRef;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Draws and saves the PNG charts of every step with one look. Steps build their own JFreeChart where they
 * need a special kind, then call {@link #style} and {@link #save}.
 */
public final class Charts {
    public static final int WIDTH = 720;
    public static final int HEIGHT = 420;
    public static final Color PRIMARY = new Color(0x1f, 0x6f, 0xeb);
    public static final Color SECONDARY = new Color(0xe3, 0x6c, 0x09);
    public static final Color BAD = new Color(0xcf, 0x22, 0x2e);
    public static final Color GOOD = new Color(0x1a, 0x7f, 0x37);

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /**
     * Loads the chart and font machinery in the background (about a second of class loading and font setup),
     * so that it overlaps with reading the data instead of adding to the step's time (a step that draws charts
     * calls it first).
     */
    public static Thread warmUp() {
        Thread t = new Thread(() -> {
            try {
                DefaultCategoryDataset data = new DefaultCategoryDataset();
                data.addValue(1, "reference", "a");
                JFreeChart chart = style(ChartFactory.createBarChart("warm-up", "x", "y", data,
                        PlotOrientation.VERTICAL, true, false, false));
                java.awt.image.BufferedImage img = chart.createBufferedImage(200, 120);
                javax.imageio.ImageIO.write(img, "png", java.io.OutputStream.nullOutputStream());
            } catch (Throwable ignored) {
                // only a warm-up: the real drawing reports its own errors
            }
        }, "chart-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return t;
    }

    /**
     * Draws charts on the machine's cores and returns them in the order given: a report's charts are independent
     * and each is a few hundredths of a second of Java2D and PNG encoding. A chart that fails fails the call. The
     * list is a new, modifiable one.
     */
    public static List<ChartRef> drawAll(List<Callable<ChartRef>> charts) {
        if (charts.size() <= 1) {
            List<ChartRef> one = new ArrayList<>();
            for (Callable<ChartRef> chart : charts) {
                one.add(call(chart));
            }
            return one;
        }
        ExecutorService pool = Executors.newFixedThreadPool(
                Math.min(charts.size(), Runtime.getRuntime().availableProcessors()), r -> {
                    Thread t = new Thread(r, "chart");
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<ChartRef> refs = new ArrayList<>();
            for (Future<ChartRef> f : pool.invokeAll(charts)) {
                refs.add(f.get());
            }
            return refs;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while drawing charts", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause.getMessage(), cause);
        } finally {
            pool.shutdownNow();
        }
    }

    private static ChartRef call(Callable<ChartRef> chart) {
        try {
            return chart.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Applies the common look: white background, light grid, readable fonts. */
    public static JFreeChart style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        }
        var plot = chart.getPlot();
        plot.setBackgroundPaint(Color.WHITE);
        if (plot instanceof CategoryPlot cp) {
            cp.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
            if (cp.getRenderer() instanceof BarRenderer br) {
                br.setBarPainter(new StandardBarPainter());
                br.setShadowVisible(false);
                br.setSeriesPaint(0, PRIMARY);
                br.setSeriesPaint(1, SECONDARY);
            }
        } else if (plot instanceof org.jfree.chart.plot.XYPlot xp) {
            xp.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
            xp.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        }
        return chart;
    }

    /** Saves a chart as PNG in the charts folder and returns the reference a result carries. */
    public static ChartRef save(JFreeChart chart, Path chartsDir, String id, String title) {
        return save(chart, chartsDir, id, title, WIDTH, HEIGHT);
    }

    public static ChartRef save(JFreeChart chart, Path chartsDir, String id, String title, int width, int height) {
        try {
            Files.createDirectories(chartsDir);
            Path png = chartsDir.resolve(safeId(id) + ".png");
            ChartUtils.saveChartAsPNG(png.toFile(), chart, width, height);
            String relative = chartsDir.getFileName() + "/" + png.getFileName();
            return new ChartRef(safeId(id), title, relative);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write chart " + id, e);
        }
    }

    /**
     * Horizontal bars of named values, with an optional threshold drawn as a red line (a gate on a chart is
     * the point of the chart).
     */
    public static JFreeChart bars(String title, String valueLabel, Map<String, ? extends Number> values,
                                  Double threshold) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        values.forEach((name, value) -> data.addValue(value, valueLabel, name));
        JFreeChart chart = ChartFactory.createBarChart(title, null, valueLabel, data, PlotOrientation.HORIZONTAL,
                false, false, false);
        if (threshold != null) {
            marker(chart, threshold, "threshold " + Numbers.format(threshold), false);
        }
        return style(chart);
    }

    /**
     * Draws a line across a bar chart's value axis at {@code value} (solid red for a threshold, dashed orange for
     * a secondary rule) and widens the axis to show it: a threshold above every bar would otherwise fall outside
     * the chart, and the chart would lose its point.
     */
    public static void marker(JFreeChart chart, double value, String label, boolean dashed) {
        CategoryPlot plot = (CategoryPlot) chart.getPlot();
        ValueMarker marker = dashed
                ? new ValueMarker(value, SECONDARY, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                        10f, new float[]{6f, 4f}, 0f))
                : new ValueMarker(value, BAD, new BasicStroke(2f));
        marker.setLabel(label);
        plot.addRangeMarker(marker);
        boolean labelBefore = false; // the label goes on the side of the line with room for it
        if (plot.getRangeAxis() instanceof org.jfree.chart.axis.NumberAxis axis && Double.isFinite(value)) {
            org.jfree.data.Range shown = axis.isAutoRange()
                    ? org.jfree.data.general.DatasetUtils.findRangeBounds(plot.getDataset()) : axis.getRange();
            if (shown != null && (value < shown.getLowerBound() || value > shown.getUpperBound())) {
                double lower = Math.min(0, Math.min(shown.getLowerBound(), value));
                double upper = Math.max(shown.getUpperBound(), value);
                shown = new org.jfree.data.Range(lower, upper + (upper - lower) * 0.08);
                axis.setRange(shown);
            }
            labelBefore = shown != null && shown.getLength() > 0
                    && (value - shown.getLowerBound()) / shown.getLength() > 0.6;
        }
        if (dashed) {
            marker.setLabelAnchor(labelBefore ? RectangleAnchor.BOTTOM_LEFT : RectangleAnchor.BOTTOM_RIGHT);
            marker.setLabelTextAnchor(labelBefore ? TextAnchor.BOTTOM_RIGHT : TextAnchor.BOTTOM_LEFT);
        } else {
            marker.setLabelAnchor(labelBefore ? RectangleAnchor.TOP_LEFT : RectangleAnchor.TOP_RIGHT);
            marker.setLabelTextAnchor(labelBefore ? TextAnchor.TOP_RIGHT : TextAnchor.TOP_LEFT);
        }
    }

    /**
     * Makes a value axis readable for any series: plain decimal labels, and a visible span even when every value
     * is the same (JFreeChart would otherwise zoom to a span of 1e-8 and print the same label ten times).
     */
    public static void readableValueAxis(org.jfree.chart.axis.NumberAxis axis, double largestAbsValue) {
        axis.setAutoRangeIncludesZero(false);
        axis.setAutoRangeMinimumSize(Math.max(0.01, Math.abs(largestAbsValue) * 0.1));
        axis.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.####",
                java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT)));
    }

    /** A file-name-safe identifier. */
    public static String safeId(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]+", "_");
    }
}
