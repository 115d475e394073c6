package io.mlsteps.report;

import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.result.StepStatus;

import java.util.List;
import java.util.Locale;

/**
 * The verdict of a step as a card a release manager reads first: the status (a word and a symbol beside the
 * colour, so it reads in black and white), the one sentence, and the checks that decided it — the failed ones
 * that set a non-SUCCESS status, or the gates that passed. Shared by {@code report.html} and the build page.
 */
public final class VerdictCard {
    /** Checks listed on the card at most; the rest are counted and listed in the report. */
    static final int MAX_LISTED = 8;

    /** The card's style, included by every page that shows a card. */
    public static final String CSS = """
            .verdict{border:1px solid #d0d7de;border-left:10px solid #656d76;border-radius:6px;padding:12px 16px;margin:8px 0 20px;background:#f6f8fa}
            .verdict.SUCCESS{border-left-color:%s;background:#eef8f0}.verdict.UNSTABLE{border-left-color:%s;background:#fff8e1}
            .verdict.FAILURE{border-left-color:%s;background:#fff0f0}
            .verdict .head{display:flex;flex-wrap:wrap;align-items:baseline;gap:6px 14px}
            .verdict .status{font-size:20px;font-weight:700;letter-spacing:.02em}
            .verdict.SUCCESS .status{color:#116329}.verdict.UNSTABLE .status{color:#7d4e00}.verdict.FAILURE .status{color:#a40e26}
            .verdict .step{font-size:18px;font-weight:600}.verdict .sentence{font-size:15px;margin:6px 0}
            .verdict h3{font-size:13px;margin:10px 0 4px;text-transform:uppercase;letter-spacing:.04em;color:#424a53}
            .verdict ul{margin:0;padding-left:0;list-style:none}.verdict li{margin:3px 0;font-size:14px;display:grid;grid-template-columns:8em 1fr}
            .verdict .mark{font-weight:600}
            .verdict li.FAILED .mark{color:#a40e26}.verdict li.INCONCLUSIVE .mark{color:#7d4e00}.verdict li.PASSED .mark{color:#116329}
            .verdict .name{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
            .verdict .facts{color:#424a53;font-size:13px;margin:8px 0 0}
            """.formatted(hex(StepStatus.SUCCESS), hex(StepStatus.UNSTABLE), hex(StepStatus.FAILURE));

    /** The colour of a status: the card's left bar (beside the status word and symbol, never instead of them). */
    public static int colour(StepStatus status) {
        return switch (status) {
            case SUCCESS -> 0x1a7f37;
            case UNSTABLE -> 0xbf8700;
            case FAILURE -> 0xcf222e;
        };
    }

    private static String hex(StepStatus status) {
        return String.format(Locale.ROOT, "#%06x", colour(status));
    }

    private VerdictCard() {
    }

    /** The card of a result; {@code reportLink}, when not null, links the step's full report. */
    public static String html(StepResult r, String reportLink) {
        StepStatus status = r.getStatus();
        StringBuilder h = new StringBuilder(1024);
        h.append("<section class=\"verdict ").append(status).append("\" aria-label=\"verdict of ")
                .append(Html.escape(r.getStep())).append("\"><div class=\"head\"><span class=\"status\">")
                .append(symbol(status)).append(' ').append(status).append("</span><span class=\"step\">")
                .append(Html.escape(r.getStep())).append("</span>");
        if (reportLink != null) {
            h.append("<a href=\"").append(Html.escape(reportLink)).append("\">full report</a>");
        }
        h.append("</div>");
        if (r.getSummary() != null && !r.getSummary().isBlank()) {
            h.append("<p class=\"sentence\">").append(Html.escape(r.getSummary())).append("</p>");
        }
        decidingChecks(r, status, h);
        long passed = r.getChecks().stream().filter(c -> c.outcome() == CheckOutcome.PASSED).count();
        h.append("<p class=\"facts\">");
        if (r.getChecks().isEmpty()) {
            h.append("no checks");
        } else {
            h.append(passed).append(" of ").append(r.getChecks().size())
                    .append(r.getChecks().size() == 1 ? " check passed" : " checks passed");
        }
        if (r.getStartedAt() != null) {
            h.append(" · started ").append(Html.escape(r.getStartedAt()));
        }
        h.append(" · took ").append(String.format(Locale.ROOT, "%.1f s", r.getDurationMillis() / 1000.0))
                .append("</p></section>");
        return h.toString();
    }

    private static void decidingChecks(StepResult r, StepStatus status, StringBuilder h) {
        List<Check> notPassed = r.failedChecks();
        if (status != StepStatus.SUCCESS) {
            list(h, "Decided by", notPassed.stream().filter(c -> c.statusEffect() == status).toList());
            list(h, "Also not passed", notPassed.stream().filter(c -> c.statusEffect() != status).toList());
            return;
        }
        list(h, "Not passed, for information", notPassed);
        List<Check> gates = r.getChecks().stream().filter(c -> c.isGate() && !c.notPassed()).toList();
        if (!gates.isEmpty()) {
            list(h, "Gates passed", gates);
        } else if (!r.getChecks().isEmpty() && r.getChecks().size() <= MAX_LISTED) {
            list(h, "Checks passed", r.getChecks());
        }
    }

    private static void list(StringBuilder h, String heading, List<Check> checks) {
        if (checks.isEmpty()) {
            return;
        }
        h.append("<h3>").append(heading).append("</h3><ul>");
        for (Check c : checks.subList(0, Math.min(MAX_LISTED, checks.size()))) {
            h.append("<li class=\"").append(c.outcome()).append("\"><span class=\"mark\">").append(symbol(c.outcome()))
                    .append(' ').append(c.outcome()).append("</span><span><span class=\"name\">").append(Html.escape(c.name()))
                    .append("</span> ").append(Html.escape(sentence(c)));
            if (c.criticality() != null && c.notPassed()) {
                h.append(" <b>[").append(c.criticality()).append("]</b>");
            }
            h.append("</span></li>");
        }
        if (checks.size() > MAX_LISTED) {
            h.append("<li><span></span><span>… and ").append(checks.size() - MAX_LISTED).append(" more, listed with all checks in the report</span></li>");
        }
        h.append("</ul>");
    }

    /** What a check says: its sentence, or observed against expected when it has none. */
    static String sentence(Check c) {
        if (c.message() != null && !c.message().isBlank()) {
            return c.message();
        }
        return "observed " + HtmlReport.formatCell(c.observed()) + (c.expected() == null ? "" : ", expected " + c.expected());
    }

    static String symbol(StepStatus status) {
        return switch (status) {
            case SUCCESS -> "✔";
            case UNSTABLE -> "▲";
            case FAILURE -> "✖";
        };
    }

    static String symbol(CheckOutcome outcome) {
        return switch (outcome) {
            case PASSED -> "✔";
            case INCONCLUSIVE -> "?";
            case FAILED -> "✖";
        };
    }
}
