package io.mlsteps.report;

import io.mlsteps.util.Numbers;
import io.mlsteps.contract.result.ChartRef;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.LineageRef;
import io.mlsteps.contract.result.OutputFile;
import io.mlsteps.contract.result.ResultTable;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.util.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * The self-contained {@code report.html} of a step: inline CSS, charts embedded as data URIs, no script,
 * so it can be archived, mailed or served by Jenkins under its Content-Security-Policy.
 */
public final class HtmlReport {
    static final String CSS = """
            body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:24px;color:#1d2125;max-width:1200px}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
            table{border-collapse:collapse;margin:6px 0;font-size:13px}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
            th{background:#f3f5f7}td.num{text-align:right;font-variant-numeric:tabular-nums}
            .badge{display:inline-block;padding:2px 10px;border-radius:10px;color:#fff;font-weight:600;font-size:13px}
            .badge.SUCCESS,.badge.PASSED{background:#1a7f37}.badge.UNSTABLE,.badge.INCONCLUSIVE{background:#bf8700}.badge.FAILURE,.badge.FAILED{background:#cf222e}
            tr.FAILED td{background:#fff0f0}tr.INCONCLUSIVE td{background:#fff8e5}
            .muted{color:#656d76;font-size:12px}img{max-width:100%;border:1px solid #eee;margin:6px 0}
            .charts{display:flex;flex-wrap:wrap;gap:12px}.charts figure{margin:0}figcaption{font-size:12px;color:#656d76}
            pre{background:#f6f8fa;padding:8px;overflow:auto;font-size:12px}
            """;

    private HtmlReport() {
    }

    public static void write(StepResult result, Path stepDir, Path file) {
        try {
            Files.writeString(file, render(result, stepDir), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static String render(StepResult r, Path stepDir) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>mlsteps ")
                .append(Html.escape(r.getStep())).append("</title><style>").append(CSS).append("</style></head><body>");
        h.append("<h1>").append(Html.escape(r.getStep())).append(" <span class=\"badge ").append(r.getStatus())
                .append("\">").append(r.getStatus()).append("</span></h1>");
        if (r.getSummary() != null) {
            h.append("<p>").append(Html.escape(r.getSummary())).append("</p>");
        }
        h.append("<p class=\"muted\">started ").append(Html.escape(r.getStartedAt())).append(", took ")
                .append(String.format(java.util.Locale.ROOT, "%.1f s", r.getDurationMillis() / 1000.0)).append("</p>");

        h.append("<h2>Checks</h2>");
        if (r.getChecks().isEmpty()) {
            h.append("<p class=\"muted\">No checks.</p>");
        } else {
            h.append("<table><tr><th>outcome</th><th>check</th><th>observed</th><th>expected</th><th>criticality</th><th>explanation</th></tr>");
            for (Check c : r.getChecks()) {
                h.append("<tr class=\"").append(c.outcome()).append("\"><td><span class=\"badge ").append(c.outcome())
                        .append("\">").append(c.outcome()).append("</span></td><td>").append(Html.escape(c.name()))
                        .append("</td><td class=\"num\">").append(Html.escape(formatCell(c.observed())))
                        .append("</td><td>").append(Html.escape(c.expected())).append("</td><td>")
                        .append(Html.escape(c.criticality())).append("</td><td>").append(Html.escape(c.message()))
                        .append("</td></tr>");
            }
            h.append("</table>");
        }

        if (!r.getMetrics().isEmpty()) {
            h.append("<h2>Metrics</h2><table><tr><th>metric</th><th>value</th></tr>");
            for (Map.Entry<String, Double> m : r.getMetrics().entrySet()) {
                h.append("<tr><td>").append(Html.escape(m.getKey())).append("</td><td class=\"num\">")
                        .append(Html.escape(formatCell(m.getValue()))).append("</td></tr>");
            }
            h.append("</table>");
        }

        for (ResultTable t : r.getTables()) {
            h.append("<h2>").append(Html.escape(t.title())).append("</h2><table><tr>");
            for (String col : t.columns()) {
                h.append("<th>").append(Html.escape(col)).append("</th>");
            }
            h.append("</tr>");
            for (var row : t.rows()) {
                h.append("<tr>");
                for (Object cell : row) {
                    h.append(cell instanceof Number ? "<td class=\"num\">" : "<td>")
                            .append(Html.escape(formatCell(cell))).append("</td>");
                }
                h.append("</tr>");
            }
            h.append("</table>");
        }

        if (!r.getCharts().isEmpty()) {
            h.append("<h2>Charts</h2><div class=\"charts\">");
            for (ChartRef chart : r.getCharts()) {
                h.append("<figure><img alt=\"").append(Html.escape(chart.title())).append("\" src=\"")
                        .append(dataUri(stepDir.resolve(chart.path()))).append("\"><figcaption>")
                        .append(Html.escape(chart.title())).append("</figcaption></figure>");
            }
            h.append("</div>");
        }

        if (!r.getOutputs().isEmpty()) {
            h.append("<h2>Outputs</h2><table><tr><th>name</th><th>path</th><th>sha256</th><th>bytes</th></tr>");
            for (OutputFile o : r.getOutputs()) {
                h.append("<tr><td>").append(Html.escape(o.name())).append("</td><td>").append(Html.escape(o.path()))
                        .append("</td><td><code>").append(Html.escape(o.sha256())).append("</code></td><td class=\"num\">")
                        .append(o.bytes()).append("</td></tr>");
            }
            h.append("</table>");
        }
        if (!r.getLineage().isEmpty()) {
            h.append("<h2>Lineage</h2><table><tr><th>role</th><th>kind</th><th>id</th><th>sha256</th></tr>");
            for (LineageRef l : r.getLineage()) {
                h.append("<tr><td>").append(Html.escape(l.role())).append("</td><td>").append(Html.escape(l.kind()))
                        .append("</td><td>").append(Html.escape(l.id())).append("</td><td><code>")
                        .append(Html.escape(l.sha256())).append("</code></td></tr>");
            }
            h.append("</table>");
        }
        if (!r.getDetails().isEmpty()) {
            h.append("<h2>Details</h2><pre>").append(Html.escape(Json.toString(r.getDetails()))).append("</pre>");
        }
        h.append("<p class=\"muted\">mlsteps result schema ").append(r.getSchemaVersion()).append("</p></body></html>\n");
        return h.toString();
    }

    static String formatCell(Object value) {
        if (value instanceof Double d) {
            return Numbers.format(d);
        }
        if (value instanceof Float f) {
            return Numbers.format(f);
        }
        return value == null ? "" : value.toString();
    }

    /** A PNG file as a data URI; a missing chart shows as a broken image rather than failing the report. */
    public static String dataUri(Path png) {
        try {
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(png));
        } catch (IOException e) {
            return "";
        }
    }
}
