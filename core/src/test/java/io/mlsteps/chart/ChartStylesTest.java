package io.mlsteps.chart;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The common chart look, markers on either side, readable axes, and saved PNGs with safe names. */
class ChartStylesTest {
    @TempDir
    Path dir;

    @Test
    void barsKeepTheValuesInOrderAndTakeThePrimaryColour() {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("precision", 0.9);
        values.put("recall", 0.7);
        values.put("f1", 0.8);
        JFreeChart chart = Charts.bars("Per class", "score", values, null);
        CategoryPlot plot = (CategoryPlot) chart.getPlot();
        assertThat(plot.getDataset().getColumnKeys()).containsExactly("precision", "recall", "f1");
        assertThat(plot.getOrientation()).isEqualTo(PlotOrientation.HORIZONTAL);
        assertThat(plot.getRangeMarkers(Layer.FOREGROUND)).as("no threshold, no line").isNull();
        assertThat(((BarRenderer) plot.getRenderer()).getSeriesPaint(0)).isEqualTo(Charts.PRIMARY);
        assertThat(chart.getBackgroundPaint()).isEqualTo(Color.WHITE);
        assertThat(chart.getTitle().getText()).isEqualTo("Per class");
    }

    @Test
    void theThresholdLabelShowsTheValueAsReportsDo() {
        JFreeChart chart = Charts.bars("t", "v", Map.of("a", 0.5), 0.123456);
        ValueMarker marker = (ValueMarker) ((CategoryPlot) chart.getPlot()).getRangeMarkers(Layer.FOREGROUND).iterator().next();
        assertThat(marker.getLabel()).isEqualTo("threshold 0.1235");
        assertThat(marker.getPaint()).isEqualTo(Charts.BAD);
    }

    @Test
    void aMarkerBelowEveryBarWidensTheAxisDownToIt() {
        JFreeChart chart = Charts.bars("t", "v", Map.of("a", 5.0, "b", 7.0), null);
        Charts.marker(chart, -2, "floor", true);
        NumberAxis axis = (NumberAxis) ((CategoryPlot) chart.getPlot()).getRangeAxis();
        assertThat(axis.getLowerBound()).isEqualTo(-2.0);
        assertThat(axis.getUpperBound()).isCloseTo(7 + 9 * 0.08, within(1e-9));
    }

    @Test
    void aLabelNearTheRightEndGoesToTheLeftOfItsLine() {
        JFreeChart right = Charts.bars("t", "v", Map.of("a", 1.0), null);
        Charts.marker(right, 0.9, "high", false);
        ValueMarker high = (ValueMarker) ((CategoryPlot) right.getPlot()).getRangeMarkers(Layer.FOREGROUND).iterator().next();
        assertThat(high.getLabelTextAnchor()).isEqualTo(TextAnchor.TOP_RIGHT);
        JFreeChart left = Charts.bars("t", "v", Map.of("a", 1.0), null);
        Charts.marker(left, 0.1, "low", true);
        ValueMarker low = (ValueMarker) ((CategoryPlot) left.getPlot()).getRangeMarkers(Layer.FOREGROUND).iterator().next();
        assertThat(low.getLabelTextAnchor()).isEqualTo(TextAnchor.BOTTOM_LEFT);
        assertThat(low.getPaint()).isEqualTo(Charts.SECONDARY);
    }

    @Test
    void aNonFiniteMarkerLeavesTheAxisAlone() {
        JFreeChart chart = Charts.bars("t", "v", Map.of("a", 1.0), null);
        Charts.marker(chart, Double.NaN, "nan", false);
        assertThat(((CategoryPlot) chart.getPlot()).getRangeAxis().isAutoRange()).isTrue();
    }

    @Test
    void aFlatSeriesStillHasAReadableSpanAndPlainLabels() {
        NumberAxis axis = new NumberAxis("v");
        Charts.readableValueAxis(axis, 1000);
        assertThat(axis.getAutoRangeMinimumSize()).isEqualTo(100.0);
        assertThat(axis.getAutoRangeIncludesZero()).isFalse();
        assertThat(axis.getNumberFormatOverride().format(12345.678912)).isEqualTo("12,345.6789");
        Charts.readableValueAxis(axis, 0);
        assertThat(axis.getAutoRangeMinimumSize()).isEqualTo(0.01);
    }

    @Test
    void anXyChartGetsTheGridOfTheCommonLook() {
        XYSeries series = new XYSeries("s");
        series.add(1, 2);
        JFreeChart chart = Charts.style(ChartFactory.createXYLineChart(null, "x", "y", new XYSeriesCollection(series)));
        XYPlot plot = (XYPlot) chart.getPlot();
        assertThat(plot.getBackgroundPaint()).isEqualTo(Color.WHITE);
        assertThat(plot.getDomainGridlinePaint()).isEqualTo(new Color(0xdd, 0xdd, 0xdd));
    }

    @Test
    void aSavedChartIsAPngOfTheAskedSizeUnderASafeName() throws Exception {
        JFreeChart chart = Charts.bars("t", "v", Map.of("a", 1.0), null);
        var ref = Charts.save(chart, dir.resolve("charts"), "f1 [class=Adelie]/x", "F1 of Adelie");
        assertThat(ref.id()).isEqualTo("f1_class_Adelie_x");
        assertThat(ref.path()).isEqualTo("charts/f1_class_Adelie_x.png");
        assertThat(ref.title()).isEqualTo("F1 of Adelie");
        BufferedImage png = ImageIO.read(dir.resolve("charts/f1_class_Adelie_x.png").toFile());
        assertThat(png.getWidth()).isEqualTo(Charts.WIDTH);
        assertThat(png.getHeight()).isEqualTo(Charts.HEIGHT);
        assertThat(Charts.safeId("ok.name-1_2")).isEqualTo("ok.name-1_2");
    }

    @Test
    void aChartThatCannotBeWrittenSaysWhich() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        JFreeChart chart = Charts.bars("t", "v", Map.of("a", 1.0), null);
        assertThatThrownBy(() -> Charts.save(chart, file, "roc", "ROC")).isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot write chart roc");
    }
}
