package io.mlsteps.cli.runner;

import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.result.StepStatus;
import io.mlsteps.report.VerdictCard;
import io.mlsteps.run.StepRunner;
import io.mlsteps.testing.Chromium;
import io.mlsteps.util.Json;
import org.assertj.core.api.SoftAssertions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every step's {@code report.html} and a build page of a real run, opened in headless Chromium as a person would:
 * the page is painted (not blank), the verdict card is the first thing in the DOM and sits in the first screen in
 * its status colour; printed to PDF, it holds its collapsed raw metric list. The screenshots and PDFs stay in
 * {@code target/report-screenshots/} to be looked at.
 */
final class ReportScreenshots {
    static final int WIDTH = 1280;
    static final int HEIGHT = 900;
    /** The first screen's band the verdict card must be painted in. */
    static final int CARD_BAND = 320;

    private ReportScreenshots() {
    }

    /** The newest report of each step in the run folder's builds, by step name. */
    static Map<String, Path> newestReportPerStep(Path runDir) throws Exception {
        Map<String, Path> reports = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(runDir.resolve("builds"), 3)) {
            files.filter(p -> p.getFileName().toString().equals(StepRunner.REPORT_FILE))
                    .sorted(Comparator.comparingInt(ReportScreenshots::buildNumber))
                    .forEach(p -> reports.put(p.getParent().getFileName().toString(), p));
        }
        return reports;
    }

    private static int buildNumber(Path report) {
        return Integer.parseInt(report.getParent().getParent().getFileName().toString());
    }

    /** Opens the reports and the build page; all findings are collected before failing. */
    static void assertReadable(Map<String, Path> reports, Path buildPage, StepStatus buildPageCard) throws Exception {
        Path shots = Files.createDirectories(Path.of("target", "report-screenshots"));
        SoftAssertions soft = new SoftAssertions();
        for (Map.Entry<String, Path> e : reports.entrySet()) {
            String step = e.getKey();
            StepStatus status = Json.read(e.getValue().resolveSibling(StepRunner.RESULT_FILE), StepResult.class).getStatus();
            Chromium.Page page = Chromium.open(e.getValue(), WIDTH, HEIGHT, shots.resolve(step + ".png"));
            soft.assertThat(page.colours()).as(step + ": the screenshot is not blank").isGreaterThan(20);
            int card = page.dom().indexOf("<section class=\"verdict " + status + "\"");
            soft.assertThat(card).as(step + ": the verdict card of its status " + status + " in the DOM").isPositive();
            for (String later : List.of("<h2>", "<img", "<table")) {
                int at = page.dom().indexOf(later);
                soft.assertThat(at < 0 || at > card).as(step + ": the verdict card comes before the first " + later).isTrue();
            }
            soft.assertThat(page.pixelsNear(VerdictCard.colour(status), 0, CARD_BAND))
                    .as(step + ": pixels of the card's " + status + " bar in the top " + CARD_BAND + " px").isGreaterThan(400);
            assertPrintsTheRawMetricList(step, e.getValue(), shots.resolve(step + ".pdf"), soft);
        }
        Chromium.Page build = Chromium.open(buildPage, WIDTH, HEIGHT, shots.resolve("build-page.png"));
        int stages = build.dom().indexOf("<h2>Stages</h2>");
        int firstCard = build.dom().indexOf("<section class=\"verdict ");
        soft.assertThat(stages).as("build page: the stage table").isPositive();
        soft.assertThat(firstCard).as("build page: a verdict card after the stage table").isGreaterThan(stages);
        soft.assertThat(build.pixelsNear(VerdictCard.colour(buildPageCard), 0, HEIGHT))
                .as("build page: the " + buildPageCard + " card in the first screen").isGreaterThan(400);
        soft.assertAll();
    }

    /**
     * Printed to PDF, the report holds every metric of its result: the raw metric list is collapsed on screen, and
     * paper cannot click it open. Text is compared without white space, which PDF text puts where lines break.
     */
    private static void assertPrintsTheRawMetricList(String step, Path report, Path pdf, SoftAssertions soft)
            throws Exception {
        StepResult result = Json.read(report.resolveSibling(StepRunner.RESULT_FILE), StepResult.class);
        if (result.getMetrics().isEmpty()) {
            return; // no raw list
        }
        String printed = Chromium.printToPdf(report, pdf).replaceAll("\\s+", "");
        soft.assertThat(printed).as(step + ": the printed report has the raw list's heading")
                .contains("Allmetrics(" + result.getMetrics().size() + ")");
        for (String metric : result.getMetrics().keySet()) {
            soft.assertThat(printed).as(step + ": metric " + metric + " in the printed report")
                    .contains(metric.replaceAll("\\s+", ""));
        }
    }
}
