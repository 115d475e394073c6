package io.mlsteps.cli.runner;

import io.mlsteps.chart.Charts;
import io.mlsteps.cli.runner.BuildRecord.MlStepRecord;
import io.mlsteps.cli.runner.BuildRecord.StageRecord;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.report.Html;
import io.mlsteps.report.VerdictCard;
import io.mlsteps.run.StepRunner;
import io.mlsteps.util.Json;
import io.mlsteps.contract.result.ChartRef;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code mlsteps report}: the history of local builds as HTML — {@code <runDir>/index.html} with every
 * build and a trend chart (PNG) per headline metric, and a page per build ({@code builds/N/index.html})
 * that leads with its stage table and each ML step's verdict card (linking the step's report), then parameters,
 * tests, artifacts and notes.
 */
public final class HistoryReport {
    public static final String INDEX = "index.html";
    /** Trend charts drawn at most, newest metrics first in step order. */
    static final int MAX_TRENDS = 24;

    private HistoryReport() {
    }

    /** Writes the index, the build pages and the trend charts; returns the index path. */
    public static Path write(Path runDir) {
        BuildHistory history = new BuildHistory(runDir);
        List<BuildRecord> builds = history.records();
        Path trendsDir = runDir.resolve("trends");
        List<ChartRef> trends = drawTrends(builds, trendsDir);
        for (BuildRecord b : builds) {
            writeBuildPage(history, b);
        }
        StringBuilder html = page("mlsteps builds");
        html.append("<h1>Local builds</h1>\n");
        if (builds.isEmpty()) {
            html.append("<p>No builds yet: run <code>mlsteps run Jenkinsfile</code>.</p>\n");
        } else {
            BuildRecord last = builds.get(builds.size() - 1);
            html.append("<p>").append(builds.size()).append(" build(s) of <b>").append(Html.escape(last.job))
                    .append("</b>; last: <a href=\"builds/").append(last.number).append("/index.html\">#")
                    .append(last.number).append("</a> ").append(badge(last.result)).append("</p>\n");
        }
        if (!trends.isEmpty()) {
            html.append("<h2>Metric trends</h2>\n<div class=\"trends\">\n");
            for (ChartRef c : trends) {
                html.append("<figure><img class=\"trend\" src=\"trends/").append(Html.escape(Path.of(c.path()).getFileName()))
                        .append("\" alt=\"").append(Html.escape(c.title())).append("\" width=\"640\" height=\"320\">")
                        .append("<figcaption>").append(Html.escape(c.title())).append("</figcaption></figure>\n");
            }
            html.append("</div>\n");
        }
        html.append("<h2>Builds</h2>\n<table><tr><th>Build</th><th>Result</th><th>Started</th><th>Duration</th>"
                + "<th>Branch</th><th>Commit</th><th>ML steps</th></tr>\n");
        for (int i = builds.size() - 1; i >= 0; i--) {
            BuildRecord b = builds.get(i);
            html.append("<tr><td><a href=\"builds/").append(b.number).append("/index.html\">#").append(b.number)
                    .append("</a></td><td>").append(badge(b.result)).append("</td><td>").append(Html.escape(b.startedAt))
                    .append("</td><td>").append(seconds(b.durationMillis)).append("</td><td>")
                    .append(Html.escape(b.branch)).append("</td><td><code>")
                    .append(Html.escape(b.gitCommit == null ? "" : b.gitCommit.substring(0, Math.min(10, b.gitCommit.length()))))
                    .append("</code></td><td>");
            for (MlStepRecord s : b.steps) {
                html.append(Html.escape(s.step)).append(' ').append(badge(s.status)).append(' ');
            }
            html.append("</td></tr>\n");
        }
        html.append("</table>\n</body></html>\n");
        Path index = runDir.resolve(INDEX);
        writeString(index, html.toString());
        return index;
    }

    /** One line chart per step metric over the builds, the gate threshold drawn as a red line. */
    static List<ChartRef> drawTrends(List<BuildRecord> builds, Path trendsDir) {
        Map<String, XYSeries> series = new LinkedHashMap<>();
        Map<String, Double> thresholds = new LinkedHashMap<>();
        // several Jenkinsfiles (jobs) in one history: their series are kept apart
        boolean severalJobs = builds.stream().map(b -> String.valueOf(b.jenkinsfile)).distinct().count() > 1;
        for (BuildRecord b : builds) {
            for (MlStepRecord s : b.steps) {
                for (Map.Entry<String, Double> m : s.metrics.entrySet()) {
                    if (m.getKey().contains("[") || m.getValue() == null || m.getValue().isNaN()
                            || m.getValue().isInfinite()) {
                        continue; // trends are for headline metrics; per-class and per-slice ones are on the build page
                    }
                    String key = (severalJobs ? Path.of(String.valueOf(b.jenkinsfile)).getFileName() + " · " : "")
                            + s.step + " · " + m.getKey();
                    XYSeries xy = series.computeIfAbsent(key, k -> new XYSeries(k, true, false));
                    xy.addOrUpdate((double) b.number, m.getValue().doubleValue());
                    Double threshold = s.thresholds.get(m.getKey());
                    if (threshold != null) {
                        thresholds.put(key, threshold);
                    }
                }
            }
        }
        List<ChartRef> charts = new ArrayList<>();
        for (Map.Entry<String, XYSeries> e : series.entrySet()) {
            if (charts.size() >= MAX_TRENDS) {
                break;
            }
            XYSeriesCollection data = new XYSeriesCollection(e.getValue());
            JFreeChart chart = ChartFactory.createXYLineChart(e.getKey(), "build", e.getKey().substring(
                    e.getKey().lastIndexOf('·') + 2), data, PlotOrientation.VERTICAL, false, false, false);
            Charts.style(chart);
            XYPlot plot = chart.getXYPlot();
            XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
            renderer.setSeriesPaint(0, Charts.PRIMARY);
            renderer.setSeriesStroke(0, new BasicStroke(2.5f));
            plot.setRenderer(renderer);
            ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            Charts.readableValueAxis((NumberAxis) plot.getRangeAxis(),
                    Math.max(Math.abs(e.getValue().getMaxY()), Math.abs(e.getValue().getMinY())));
            Double threshold = thresholds.get(e.getKey());
            if (threshold != null) {
                ValueMarker marker = new ValueMarker(threshold, Charts.BAD, new BasicStroke(1.5f));
                marker.setLabel("gate " + threshold);
                plot.addRangeMarker(marker);
            }
            charts.add(Charts.save(chart, trendsDir, e.getKey(), e.getKey(), 640, 320));
        }
        return charts;
    }

    private static void writeBuildPage(BuildHistory history, BuildRecord b) {
        Path dir = history.dir(b.number);
        StringBuilder html = page("Build #" + b.number + " " + b.result);
        html.append("<p><a href=\"../../index.html\">All builds</a></p>\n");
        html.append("<h1>Build #").append(b.number).append(" ").append(badge(b.result)).append("</h1>\n");
        html.append("<p>Job <b>").append(Html.escape(b.job)).append("</b>, ").append(Html.escape(b.jenkinsfile))
                .append(", started ").append(Html.escape(b.startedAt)).append(", ").append(seconds(b.durationMillis));
        if (b.branch != null) {
            html.append(", branch ").append(Html.escape(b.branch));
        }
        if (b.gitCommit != null) {
            html.append(", commit <code>").append(Html.escape(b.gitCommit)).append("</code>");
        }
        html.append(". <a href=\"").append(BuildHistory.LOG_FILE).append("\">Console log</a></p>\n");
        html.append("<h2>Stages</h2>\n<table><tr><th>Stage</th><th>Result</th><th>Time</th><th>Reason</th></tr>\n");
        for (StageRecord s : b.stages) {
            html.append("<tr><td>").append(Html.escape(s.name)).append("</td><td>").append(badge(s.result))
                    .append("</td><td>").append("SKIPPED".equals(s.result) ? "" : seconds(s.durationMillis))
                    .append("</td><td>").append(Html.escape(s.reason)).append("</td></tr>\n");
        }
        html.append("</table>\n");
        if (!b.steps.isEmpty()) {
            List<MlStepRecord> cards = worstFirst(b.steps);
            html.append(cards.equals(b.steps) ? "<h2>ML steps</h2>\n"
                    : "<h2>ML steps</h2>\n<p class=\"order\">The steps that failed or were unstable first, then the "
                    + "others in the order they ran.</p>\n");
            for (MlStepRecord s : cards) {
                stepCard(dir, s, html);
            }
        }
        if (!b.parameters.isEmpty()) {
            html.append("<h2>Parameters</h2><table>");
            b.parameters.forEach((k, v) -> html.append("<tr><td>").append(Html.escape(k)).append("</td><td>")
                    .append(Html.escape(v)).append("</td></tr>"));
            html.append("</table>\n");
        }
        if (!b.tests.isEmpty()) {
            html.append("<h2>Tests</h2><p>").append(b.tests.getOrDefault("total", 0)).append(" tests, ")
                    .append(b.tests.getOrDefault("failed", 0)).append(" failed, ")
                    .append(b.tests.getOrDefault("skipped", 0)).append(" skipped</p>\n");
        }
        if (!b.artifacts.isEmpty()) {
            html.append("<h2>Artifacts</h2><ul>");
            b.artifacts.forEach(a -> html.append("<li><a href=\"").append(Html.escape(a)).append("\">")
                    .append(Html.escape(a)).append("</a></li>"));
            html.append("</ul>\n");
        }
        if (!b.notes.isEmpty()) {
            html.append("<h2>Notes</h2><ul>");
            b.notes.forEach(n -> html.append("<li>").append(Html.escape(n)).append("</li>"));
            html.append("</ul>\n");
        }
        html.append("</body></html>\n");
        writeString(dir.resolve(INDEX), html.toString());
    }

    /**
     * The step cards with the ones that decided a failed or unstable build first (FAILURE, then UNSTABLE), each group
     * in the order the steps ran, so that a person opening a red build sees why without scrolling.
     */
    static List<MlStepRecord> worstFirst(List<MlStepRecord> steps) {
        List<MlStepRecord> ordered = new ArrayList<>(steps);
        ordered.sort(Comparator.comparingInt(HistoryReport::severity).reversed());
        return ordered;
    }

    private static int severity(MlStepRecord step) {
        return "FAILURE".equals(step.status) ? 2 : "UNSTABLE".equals(step.status) ? 1 : 0;
    }

    /**
     * A step's verdict card, from its {@code result.json} (the checks that decided it), with its metrics collapsed
     * below; from the build record alone when the step folder is gone.
     */
    private static void stepCard(Path buildDir, MlStepRecord s, StringBuilder html) {
        String folder = s.dir.replace('\\', '/');
        String report = folder + "/" + StepRunner.REPORT_FILE;
        Path resultFile = buildDir.resolve(s.dir).resolve(StepRunner.RESULT_FILE);
        StepResult result = null;
        if (Files.isRegularFile(resultFile)) {
            try {
                result = Json.read(resultFile, StepResult.class);
            } catch (RuntimeException unreadable) {
                result = null; // an older or damaged result: the record's facts below still say what happened
            }
        }
        if (result != null) {
            html.append(VerdictCard.html(result, report)).append('\n');
        } else {
            html.append("<h3>").append(Html.escape(s.step)).append(" ").append(badge(s.status))
                    .append(" <small><a href=\"").append(Html.escape(report)).append("\">report</a></small></h3>\n");
            if (s.summary != null) {
                html.append("<p>").append(Html.escape(s.summary)).append("</p>\n");
            }
            if (!s.failedChecks.isEmpty()) {
                html.append("<ul>");
                s.failedChecks.forEach(c -> html.append("<li>").append(Html.escape(c)).append("</li>"));
                html.append("</ul>\n");
            }
        }
        if (!s.metrics.isEmpty()) {
            html.append("<details><summary>Metrics of ").append(Html.escape(s.step)).append(" (").append(s.metrics.size())
                    .append(")</summary><table><tr><th>Metric</th><th>Value</th></tr>");
            s.metrics.forEach((k, v) -> html.append("<tr><td>").append(Html.escape(k)).append("</td><td>")
                    .append(v == null ? "" : String.format(Locale.ROOT, "%.6g", v)).append("</td></tr>"));
            html.append("</table></details>\n");
        }
    }

    private static StringBuilder page(String title) {
        return new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(Html.escape(title)).append("</title>\n<style>"
                        + "body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1400px}"
                        + "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}"
                        + "th{background:#f3f3f3}.badge{padding:.1em .5em;border-radius:.6em;color:#fff;font-size:.85em}"
                        + ".SUCCESS{background:#2e7d32}.UNSTABLE{background:#b8860b}.FAILURE{background:#b71c1c}"
                        + ".ABORTED,.NOT_BUILT{background:#555}.SKIPPED{background:#888}.trends{display:flex;flex-wrap:wrap;gap:1em}"
                        + "figure{margin:0}figcaption{font-size:.85em;color:#555}a{color:#0b5394}"
                        + "details{margin:0 0 1.2em}summary{cursor:pointer}"
                        + VerdictCard.CSS + Html.PRINT_CSS + "</style></head><body>\n");
    }

    private static String badge(String result) {
        String r = result == null ? "RUNNING" : result;
        return "<span class=\"badge " + Html.escape(r) + "\">" + Html.escape(r) + "</span>";
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static void writeString(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
