package hudson.util;

import org.jfree.chart.JFreeChart;

public abstract class Graph {
    protected Graph(long timestamp, int defaultWidth, int defaultHeight) {
    }

    protected abstract JFreeChart createGraph();
}
