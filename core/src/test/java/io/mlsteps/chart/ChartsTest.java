package io.mlsteps.chart;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared bar chart: a threshold is always on the chart, and the PNG shows its red line. */
class ChartsTest {
    @TempDir
    Path dir;

    private static NumberAxis axis(JFreeChart chart) {
        return (NumberAxis) ((CategoryPlot) chart.getPlot()).getRangeAxis();
    }

    @Test
    void aThresholdAboveEveryBarWidensTheAxisToShowIt() throws Exception {
        Map<String, Double> values = new LinkedHashMap<>(Map.of("a", 0.057, "b", 0.011));
        JFreeChart chart = Charts.bars("t", "distance", values, 0.1);
        assertThat(axis(chart).isAutoRange()).isFalse();
        assertThat(axis(chart).getUpperBound()).isGreaterThan(0.1);
        assertThat(axis(chart).getLowerBound()).isZero();
        Charts.marker(chart, 0.05, "secondary", true);
        assertThat(((CategoryPlot) chart.getPlot()).getRangeMarkers(org.jfree.chart.ui.Layer.FOREGROUND))
                .extracting(m -> ((ValueMarker) m).getValue()).containsExactlyInAnyOrder(0.1, 0.05);
        // the drawn chart has the threshold's red line near its right end
        var ref = Charts.save(chart, dir, "bars", "bars", 720, 300);
        BufferedImage png = ImageIO.read(dir.resolve("bars.png").toFile());
        assertThat(ref.path()).endsWith("bars.png");
        int red = 0;
        for (int x = png.getWidth() / 2; x < png.getWidth(); x++) {
            int rgb = png.getRGB(x, png.getHeight() / 2) & 0xFFFFFF;
            if (rgb == (Charts.BAD.getRGB() & 0xFFFFFF)) {
                red++;
            }
        }
        assertThat(red).isPositive();
    }

    @Test
    void aThresholdAmongTheBarsLeavesTheAxisAlone() {
        JFreeChart chart = Charts.bars("t", "share", Map.of("a", 0.9, "b", 0.2), 0.5);
        assertThat(axis(chart).isAutoRange()).isTrue();
    }
}
