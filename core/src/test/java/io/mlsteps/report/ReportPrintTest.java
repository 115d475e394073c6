package io.mlsteps.report;

import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.testing.Chromium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A report printed (here by headless Chromium to PDF, as "Save as PDF" does) holds what its collapsed sections hold:
 * the raw metric list and the step's details, which paper cannot click open. The same page without the print rule
 * loses them, so the check can fail.
 */
class ReportPrintTest {
    @TempDir
    Path dir;

    private static StepResult evaluation() {
        StepResult r = new StepResult("evaluateModel");
        r.setSummary("classification on 69 rows: accuracy 0.72");
        r.putMetric("accuracy", 0.72).putMetric("rows", 69);
        r.putMetric("accuracy[island=Biscoe]", 0.91).putMetric("rows[island=Biscoe]", 30)
                .putMetric("accuracy[island=Dream]", 0.55).putMetric("rows[island=Dream]", 25);
        r.putMetric("delta[accuracy]", -0.05); // a family the catalogue does not know: only in the raw list
        r.putMetric("unseen_category_values", 3);
        r.addCheck(Check.failed("gate:accuracy", "accuracy", 0.72, ">= 0.9", Criticality.FAILURE,
                "accuracy = 0.72 misses the gate >= 0.9 (FAILURE)."));
        r.getDetails().put("source", Map.of("labelColumn", "species_of_penguin"));
        return r;
    }

    @Test
    void aPrintedReportShowsTheCollapsedRawMetricListAndDetails() throws Exception {
        String html = HtmlReport.render(evaluation(), dir);
        assertThat(html).as("collapsed on screen").contains("<details><summary>All metrics (8)</summary>")
                .contains("<details><summary>Details</summary>");
        String printed = compact(Chromium.printToPdf(Files.writeString(dir.resolve("report.html"), html),
                dir.resolve("report.pdf")));

        assertThat(printed).contains("Allmetrics(8)");
        for (String metric : evaluation().getMetrics().keySet()) {
            assertThat(printed).as("metric %s on paper", metric).contains(compact(metric));
        }
        assertThat(printed).as("the collapsed details").contains("species_of_penguin");
    }

    @Test
    void withoutThePrintRuleTheCollapsedListIsLostOnPaper() throws Exception {
        String html = HtmlReport.render(evaluation(), dir);
        assertThat(html).contains(Html.PRINT_CSS);
        Path page = Files.writeString(dir.resolve("no-print-rule.html"), html.replace(Html.PRINT_CSS, ""));
        String printed = compact(Chromium.printToPdf(page, dir.resolve("no-print-rule.pdf")));
        assertThat(printed).as("the summary line prints").contains("Allmetrics(8)");
        assertThat(printed).as("what only the collapsed list holds does not")
                .doesNotContain("delta[accuracy]", "rows[island=Biscoe]", "species_of_penguin");
    }

    @Test
    void onScreenTheRawListStaysCollapsed() throws Exception {
        Path page = Files.writeString(dir.resolve("screen.html"), HtmlReport.render(evaluation(), dir));
        Chromium.Page shown = Chromium.open(page, 1280, 900, dir.resolve("screen.png"));
        // the print rule is for print media only: the DOM keeps the list closed (no open attribute)
        assertThat(shown.dom()).contains("<details><summary>All metrics (8)</summary>", "<details><summary>Details</summary>")
                .doesNotContain("<details open=\"\"><summary>All metrics");
    }

    /** Text without white space: PDF text breaks lines and table cells where the page layout does. */
    private static String compact(String text) {
        return text.replaceAll("\\s+", "");
    }
}
