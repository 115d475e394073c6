package io.mlsteps.report;

import io.mlsteps.contract.gate.Direction;
import io.mlsteps.util.Numbers;
import io.mlsteps.contract.result.ChartRef;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.util.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The self-contained {@code report.html} of a step, in the order a release manager reads it: the verdict card,
 * the charts, the tables (headline metrics, slices × metrics, classes × metrics, columns × metrics, then the
 * step's own tables, the worst row of each metric marked), all checks, and the raw metric list collapsed.
 * Inline CSS, charts embedded as data URIs, no script: it can be archived, mailed, printed (collapsed sections
 * print opened, {@link Html#PRINT_CSS}) or served by Jenkins under its Content-Security-Policy.
 */
public final class HtmlReport {
    /** Checks listed openly; more are collapsed. */
    static final int OPEN_CHECKS = 12;

    static final String CSS = """
            body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:24px auto;padding:0 24px;color:#1d2125;max-width:1200px}
            h1{font-size:14px;font-weight:400;color:#424a53;margin:0}
            h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
            .scroll{overflow-x:auto}table{border-collapse:collapse;margin:6px 0;font-size:13px;width:max-content}
            th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top;max-width:34em;overflow-wrap:anywhere}
            th{background:#f3f5f7}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            td.worst{background:#fff0f0;font-weight:600}.tag{font-size:11px;font-weight:600;color:#a40e26;margin-left:4px}
            tr.FAILED td{background:#fff0f0}tr.INCONCLUSIVE td{background:#fff8e5}
            .muted,.note{color:#57606a;font-size:12px}img{max-width:100%;height:auto;border:1px solid #eee}
            .charts{display:flex;flex-wrap:wrap;gap:16px}.charts figure{margin:0;flex:0 1 auto;max-width:100%}
            figcaption{font-size:13px;color:#424a53}
            details{margin:18px 0}summary{font-size:17px;font-weight:600;cursor:pointer;padding:4px 0}
            pre{background:#f6f8fa;padding:8px;overflow:auto;font-size:12px}
            @media print{body{margin:0;max-width:none}.verdict,figure,tr{break-inside:avoid}.scroll{overflow:visible}}
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
        StringBuilder h = new StringBuilder(16384);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>")
                .append(Html.escape(r.getStep())).append(": ").append(r.getStatus()).append(" – mlsteps report</title><style>")
                .append(CSS).append(VerdictCard.CSS).append(Html.PRINT_CSS).append("</style></head><body>");
        h.append("<h1>mlsteps step report</h1>");
        h.append(VerdictCard.html(r, null));
        charts(r, stepDir, h);
        for (ReportTable t : MetricTables.of(r)) {
            table(t, h);
        }
        checks(r, h);
        metrics(r, h);
        outputs(r, h);
        lineage(r, h);
        if (!r.getDetails().isEmpty()) {
            h.append("<details><summary>Details</summary><pre>").append(Html.escape(Json.toString(r.getDetails())))
                    .append("</pre></details>");
        }
        h.append("<p class=\"muted\">mlsteps result schema ").append(r.getSchemaVersion());
        if (r.getEngine() != null && r.getEngine().get("version") != null) {
            h.append(", engine ").append(Html.escape(r.getEngine().get("version")));
        }
        h.append("</p></body></html>\n");
        return h.toString();
    }

    private static void charts(StepResult r, Path stepDir, StringBuilder h) {
        if (r.getCharts().isEmpty()) {
            return;
        }
        h.append("<h2>Charts</h2><div class=\"charts\">");
        for (ChartRef chart : r.getCharts()) {
            h.append("<figure><img alt=\"").append(Html.escape(chart.title())).append("\" src=\"")
                    .append(dataUri(stepDir.resolve(chart.path()))).append("\"><figcaption>")
                    .append(Html.escape(chart.title())).append("</figcaption></figure>");
        }
        h.append("</div>");
    }

    /** A table with the worst value of each metric column marked by a word beside the colour. */
    static void table(ReportTable t, StringBuilder h) {
        h.append("<h2>").append(Html.escape(t.title())).append("</h2><div class=\"scroll\"><table><thead><tr>");
        List<Set<Integer>> worst = new ArrayList<>();
        for (int c = 0; c < t.columns().size(); c++) {
            h.append("<th>").append(Html.escape(t.columns().get(c))).append("</th>");
            worst.add(t.worstRows(c));
        }
        h.append("</tr></thead><tbody>");
        boolean marked = false;
        for (int r = 0; r < t.rows().size(); r++) {
            h.append("<tr>");
            List<Object> row = t.rows().get(r);
            for (int c = 0; c < row.size(); c++) {
                Object cell = row.get(c);
                boolean isWorst = c < worst.size() && worst.get(c).contains(r);
                marked |= isWorst;
                h.append("<td class=\"").append(cell instanceof Number ? "num" : "").append(isWorst ? " worst" : "")
                        .append("\"");
                if (isWorst) {
                    h.append(" title=\"worst ").append(Html.escape(t.columns().get(c))).append(" (")
                            .append(t.direction(c) == Direction.HIGHER_IS_BETTER ? "higher" : "lower")
                            .append(" is better)\"");
                }
                h.append('>').append(Html.escape(formatCell(cell)));
                if (isWorst) {
                    h.append("<span class=\"tag\">▼ worst</span>");
                }
                h.append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</tbody></table></div>");
        if (t.rows().isEmpty()) {
            h.append("<p class=\"note\">No rows.</p>");
        }
        if (marked) {
            h.append("<p class=\"note\">▼ worst: per metric, the row with the lowest value where higher is better, "
                    + "the highest where lower is better.</p>");
        }
    }

    private static void checks(StepResult r, StringBuilder h) {
        if (r.getChecks().isEmpty()) {
            return;
        }
        h.append("<details").append(r.getChecks().size() <= OPEN_CHECKS ? " open" : "").append("><summary>All checks (")
                .append(r.getChecks().size()).append(", ").append(r.failedChecks().size())
                .append(" not passed)</summary><div class=\"scroll\"><table><thead><tr><th>outcome</th><th>check</th>"
                        + "<th>observed</th><th>expected</th><th>criticality</th><th>what it means</th></tr></thead><tbody>");
        for (Check c : r.getChecks()) {
            h.append("<tr class=\"").append(c.outcome()).append("\"><td>").append(VerdictCard.symbol(c.outcome()))
                    .append(' ').append(c.outcome()).append("</td><td>").append(Html.escape(c.name()))
                    .append("</td><td class=\"num\">").append(Html.escape(formatCell(c.observed())))
                    .append("</td><td>").append(Html.escape(c.expected())).append("</td><td>")
                    .append(Html.escape(c.criticality())).append("</td><td>").append(Html.escape(c.message()))
                    .append("</td></tr>");
        }
        h.append("</tbody></table></div></details>");
    }

    private static void metrics(StepResult r, StringBuilder h) {
        if (r.getMetrics().isEmpty()) {
            return;
        }
        h.append("<details><summary>All metrics (").append(r.getMetrics().size())
                .append(")</summary><table><thead><tr><th>metric</th><th>value</th></tr></thead><tbody>");
        for (Map.Entry<String, Double> m : r.getMetrics().entrySet()) {
            h.append("<tr><td>").append(Html.escape(m.getKey())).append("</td><td class=\"num\">")
                    .append(Html.escape(formatCell(m.getValue()))).append("</td></tr>");
        }
        h.append("</tbody></table></details>");
    }

    private static void outputs(StepResult r, StringBuilder h) {
        if (!r.getOutputs().isEmpty()) {
            table(new ReportTable("Outputs", List.of("name", "path", "sha256", "bytes"), r.getOutputs().stream()
                    .map(o -> List.<Object>of(formatCell(o.name()), formatCell(o.path()), formatCell(o.sha256()),
                            o.bytes()))
                    .toList()), h);
        }
    }

    private static void lineage(StepResult r, StringBuilder h) {
        if (!r.getLineage().isEmpty()) {
            table(new ReportTable("Lineage", List.of("role", "kind", "id", "sha256"), r.getLineage().stream()
                    .map(l -> List.<Object>of(formatCell(l.role()), formatCell(l.kind()), formatCell(l.id()),
                            formatCell(l.sha256())))
                    .toList()), h);
        }
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
