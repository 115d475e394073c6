package io.mlsteps.report;

import io.mlsteps.contract.result.ChartRef;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.result.LineageRef;
import io.mlsteps.contract.result.OutputFile;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.result.StepStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.mlsteps.report.HtmlReportTest.cells;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parts of a report page and of junit.xml as a reader or a CI server meets them: the verdict card for each
 * status, checks open or collapsed by their number, charts embedded, outputs and lineage, details, and junit.xml
 * parsed as XML.
 */
class ReportSectionsTest {
    @TempDir
    Path stepDir;

    private static Check failed(String name, Criticality criticality) {
        return Check.failed(name, name, 0.5, ">= 0.9", criticality, name + " = 0.5 misses the gate >= 0.9.");
    }

    @Test
    void anUnstableVerdictIsDecidedByItsUnstableAndNoteFailuresAlike() {
        // a failed NOTE makes the step UNSTABLE as a failed UNSTABLE does: both decided it
        StepResult r = new StepResult("checkDrift");
        r.addCheck(failed("drift:psi[age]", Criticality.UNSTABLE));
        r.addCheck(failed("drift:psi[zip]", Criticality.NOTE));
        r.addCheck(Check.passed("gate:drift_share", "drift_share", 0.1, "<= 0.3", Criticality.FAILURE, "ok"));
        assertThat(r.getStatus()).isEqualTo(StepStatus.UNSTABLE);
        String card = VerdictCard.html(r, null);
        assertThat(card).startsWith("<section class=\"verdict UNSTABLE\" aria-label=\"verdict of checkDrift\">")
                .contains("▲ UNSTABLE", "1 of 3 checks passed").doesNotContain("Also not passed", "gate:drift_share");
        assertThat(card.substring(card.indexOf("<h3>Decided by</h3>"))).contains("drift:psi[age]", "[UNSTABLE]",
                "drift:psi[zip]", "[NOTE]");
    }

    @Test
    void aSuccessfulVerdictListsChecksWithoutCriticalityForInformationAndItsGates() {
        StepResult r = new StepResult("validateData");
        r.addCheck(new Check("profile:age", "missing_ratio[age]", 0.4, "<= 0.1", null, CheckOutcome.FAILED,
                "age is often missing", Map.of()));
        r.addCheck(Check.passed("gate:rows", "rows", 500, ">= 100", Criticality.FAILURE, null));
        assertThat(r.getStatus()).isEqualTo(StepStatus.SUCCESS);
        String card = VerdictCard.html(r, null);
        assertThat(card).contains("✔ SUCCESS", "<h3>Not passed, for information</h3>", "profile:age",
                "<h3>Gates passed</h3>");
        // a check without a sentence says what it observed against what was expected
        assertThat(card).contains("gate:rows</span> observed 500, expected &gt;= 100");
    }

    @Test
    void theCardListsAtMostEightChecksAndCountsTheRest() {
        StepResult r = new StepResult("evaluateModel");
        for (int i = 0; i < 11; i++) {
            r.addCheck(failed("gate:f1[class=c" + i + "]", Criticality.FAILURE));
        }
        String card = VerdictCard.html(r, "evaluateModel/report.html");
        assertThat(card.split("<li class=\"FAILED\">", -1)).hasSize(1 + VerdictCard.MAX_LISTED);
        assertThat(card).contains("… and 3 more, listed with all checks in the report", "0 of 11 checks passed",
                "<a href=\"evaluateModel/report.html\">full report</a>");
    }

    @Test
    void aStepWithoutChecksSaysSo() {
        StepResult r = new StepResult("predict");
        r.setSummary("344 rows predicted");
        r.setDurationMillis(1250);
        String card = VerdictCard.html(r, null);
        assertThat(card).contains("<p class=\"sentence\">344 rows predicted</p>", "no checks · started ", " · took 1.3 s")
                .doesNotContain("<h3>");
    }

    @Test
    void checksAreOpenUpToTwelveAndCollapsedAbove() {
        StepResult few = new StepResult("evaluateModel");
        for (int i = 0; i < HtmlReport.OPEN_CHECKS; i++) {
            few.addCheck(Check.passed("gate:c" + i, "c" + i, 1, ">= 0", Criticality.UNSTABLE, "ok"));
        }
        assertThat(HtmlReport.render(few, stepDir)).contains("<details open><summary>All checks (12, 0 not passed)");
        few.addCheck(failed("gate:late", Criticality.UNSTABLE));
        String many = HtmlReport.render(few, stepDir);
        assertThat(many).contains("<details><summary>All checks (13, 1 not passed)");
        String row = many.substring(many.indexOf("<tr class=\"FAILED\">"));
        assertThat(row.substring(0, row.indexOf("</tr>")).replaceAll("<[^>]+>", "|")).isEqualTo(
                "||✖ FAILED||gate:late||0.5||&gt;= 0.9||UNSTABLE||gate:late = 0.5 misses the gate &gt;= 0.9.|");
    }

    @Test
    void chartsAreEmbeddedSoThePageTravelsAloneAndAMissingOneDoesNotStopIt() throws Exception {
        BufferedImage image = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 1, 0xcf222e);
        Files.createDirectories(stepDir.resolve("charts"));
        ImageIO.write(image, "png", stepDir.resolve("charts/roc.png").toFile());
        StepResult r = new StepResult("evaluateModel");
        r.getCharts().add(new ChartRef("roc", "ROC <curve>", "charts/roc.png"));
        r.getCharts().add(new ChartRef("gone", "Deleted chart", "charts/gone.png"));
        String html = HtmlReport.render(r, stepDir);
        String prefix = "<img alt=\"ROC &lt;curve&gt;\" src=\"data:image/png;base64,";
        int at = html.indexOf(prefix);
        assertThat(at).isPositive();
        String base64 = html.substring(at + prefix.length(), html.indexOf('"', at + prefix.length()));
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
        assertThat(back.getWidth()).isEqualTo(4);
        assertThat(back.getRGB(1, 1) & 0xffffff).isEqualTo(0xcf222e);
        assertThat(html).contains("<img alt=\"Deleted chart\" src=\"\"><figcaption>Deleted chart</figcaption>")
                .doesNotContain("file:", stepDir.toString());
    }

    @Test
    void outputsLineageAndDetailsCloseThePage() {
        StepResult r = new StepResult("trainModel");
        r.putMetric("accuracy", 0.9);
        r.getOutputs().add(new OutputFile("model", "model.tribuo", "cd".repeat(32), 120_345));
        r.getLineage().add(new LineageRef("dataset", "input", "train.csv", "ef".repeat(32), "file:/data/train.csv"));
        r.getDetails().put("algorithm", "cart <tree>");
        r.setEngine(Map.of("version", "9.9.9"));
        String html = HtmlReport.render(r, stepDir);
        assertThat(cells(html.substring(html.indexOf("<h2>Outputs</h2>")), "model"))
                .containsExactly("model", "model.tribuo", "cd".repeat(32), "120345");
        assertThat(cells(html.substring(html.indexOf("<h2>Lineage</h2>")), "input"))
                .containsExactly("input", "dataset", "train.csv", "ef".repeat(32));
        String details = html.substring(html.indexOf("<details><summary>Details</summary>"));
        assertThat(details).contains("&quot;algorithm&quot; : &quot;cart &lt;tree&gt;&quot;");
        assertThat(html).endsWith("<p class=\"muted\">mlsteps result schema " + r.getSchemaVersion()
                + ", engine 9.9.9</p></body></html>\n");
        assertThat(html).contains("<title>trainModel: SUCCESS – mlsteps report</title>");
    }

    @Test
    void aPageWithoutMetricsChecksOrFilesHasNoEmptySections() {
        String html = HtmlReport.render(new StepResult("deployModel"), stepDir);
        assertThat(html).doesNotContain("<h2>Charts</h2>", "All checks", "All metrics", "<h2>Outputs</h2>",
                "<h2>Lineage</h2>", "<summary>Details</summary>");
        assertThat(html).contains("<section class=\"verdict SUCCESS\"", "no checks");
    }

    @Test
    void anEmptyTableSaysSoAndNumbersAreFormattedForReading() {
        StringBuilder h = new StringBuilder();
        HtmlReport.table(new ReportTable("Nothing", List.of("a"), List.of()), h);
        assertThat(h).contains("<h2>Nothing</h2>", "<p class=\"note\">No rows.</p>");
        assertThat(HtmlReport.formatCell(Double.NaN)).isEqualTo("NaN");
        assertThat(HtmlReport.formatCell(null)).isEmpty();
        assertThat(HtmlReport.formatCell(0.123456789)).isEqualTo("0.1235");
        assertThat(HtmlReport.formatCell(42.0)).isEqualTo("42");
        assertThat(HtmlReport.formatCell(7L)).isEqualTo("7");
    }

    @Test
    void junitXmlIsValidXmlWithAFailurePerFailedCheckAndSkipsForInconclusiveOnes() throws Exception {
        StepResult r = new StepResult("compareToBaseline");
        r.setDurationMillis(2345);
        r.addCheck(Check.passed("compare:accuracy:maxDrop", "accuracy", 0.01, "delta >= -0.01", Criticality.FAILURE, "ok"));
        r.addCheck(failed("compare:f1[class=<50K & \"x\"]:maxDrop", Criticality.FAILURE));
        r.addCheck(new Check("compare:roc_auc:maxDrop", "roc_auc", null, null, Criticality.UNSTABLE,
                CheckOutcome.INCONCLUSIVE, "the interval straddles the bound", Map.of()));
        Path file = stepDir.resolve("junit.xml");
        JunitReport.write(r, file);
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        Element suite = xml.getDocumentElement();
        assertThat(suite.getAttribute("name")).isEqualTo("mlsteps.compareToBaseline");
        assertThat(suite.getAttribute("tests")).isEqualTo("3");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        assertThat(suite.getAttribute("time")).isEqualTo("2.345");
        NodeList cases = suite.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(3);
        assertThat(((Element) cases.item(0)).getElementsByTagName("*").getLength()).as("a pass has no child").isZero();
        Element failure = (Element) ((Element) cases.item(1)).getElementsByTagName("failure").item(0);
        assertThat(((Element) cases.item(1)).getAttribute("name")).isEqualTo("compare:f1[class=<50K & \"x\"]:maxDrop");
        assertThat(failure.getAttribute("type")).isEqualTo("FAILURE");
        assertThat(failure.getTextContent()).endsWith("(observed 0.5, expected >= 0.9)");
        Element skipped = (Element) ((Element) cases.item(2)).getElementsByTagName("skipped").item(0);
        assertThat(skipped.getAttribute("message")).isEqualTo("INCONCLUSIVE: the interval straddles the bound");
    }
}
