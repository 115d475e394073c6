package io.mlsteps.cli.runner;

import io.mlsteps.chart.Charts;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.run.StepRunner;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.mlsteps.cli.runner.RunnerFixture.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

/** The history report (index, build pages, trend charts), seen by a real browser, and the Markdown summary. */
class HistoryReportTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path workspace;
    RunnerFixture runner;

    @BeforeEach
    void setUp() {
        runner = new RunnerFixture(workspace);
        runner.steps = name -> name.equals("trainModel") ? Optional.of(new MlStepCallTest.FakeStep()) : Optional.empty();
    }

    private Path threeBuilds() {
        String file = pipeline("""
                  parameters { string(name: 'ACC', defaultValue: '0.9') }
                  stages { stage('Train') { steps {
                    trainModel(data: 'd.csv', labelColumn: 'y', params: [accuracy: params.ACC as double],
                        qualityGates: [[metric: 'accuracy', threshold: 0.85]])
                  } } }""");
        runner.run(file, java.util.Map.of("ACC", "0.90"));
        runner.run(file, java.util.Map.of("ACC", "0.80"));
        runner.run(file, java.util.Map.of("ACC", "0.95"));
        return HistoryReport.write(workspace.resolve(".mlsteps"));
    }

    @Test
    void indexListsBuildsAndLinksTrendChartsAndBuildPages() throws Exception {
        Path index = threeBuilds();
        String html = Files.readString(index);
        assertThat(html).contains("builds/1/index.html", "builds/2/index.html", "builds/3/index.html")
                .contains("UNSTABLE").contains("SUCCESS");
        List<String> images = trendImages(html);
        assertThat(images).hasSize(1); // the per-class metric is left to the build page
        Path png = index.getParent().resolve(images.get(0));
        BufferedImage chart = ImageIO.read(png.toFile());
        assertThat(chart.getWidth()).isEqualTo(640);
        String build2 = Files.readString(workspace.resolve(".mlsteps/builds/2/index.html"));
        assertThat(build2).contains("Build #2", "UNSTABLE", "trainModel/report.html", "f1[class=Adelie]", "log.txt");
        // the page leads with the stage table, then each step's verdict card with the check that decided it
        int stages = build2.indexOf("<h2>Stages</h2>");
        int card = build2.indexOf("<section class=\"verdict UNSTABLE\"");
        assertThat(stages).isPositive();
        assertThat(card).isGreaterThan(stages).isLessThan(build2.indexOf("<h2>Parameters</h2>"));
        assertThat(build2.substring(card)).contains("Decided by", "gate:accuracy", "misses the gate &gt;= 0.85",
                "href=\"trainModel/report.html\"");
        assertThat(workspace.resolve(".mlsteps/builds/2/trainModel/report.html")).exists();
    }

    @Test
    void aRedBuildPageShowsTheStepsThatDecidedItFirstAndTheOthersInTheOrderTheyRan() {
        List<BuildRecord.MlStepRecord> ran = List.of(step("validateData", "SUCCESS"), step("trainModel", "UNSTABLE"),
                step("evaluateModel", "FAILURE"), step("compareToBaseline", "SUCCESS"), step("checkDrift", "FAILURE"));
        assertThat(HistoryReport.worstFirst(ran)).extracting(s -> s.step).containsExactly("evaluateModel", "checkDrift",
                "trainModel", "validateData", "compareToBaseline");
        List<BuildRecord.MlStepRecord> green = List.of(step("validateData", "SUCCESS"), step("trainModel", "SUCCESS"));
        assertThat(HistoryReport.worstFirst(green)).isEqualTo(green);
    }

    private static BuildRecord.MlStepRecord step(String name, String status) {
        BuildRecord.MlStepRecord s = new BuildRecord.MlStepRecord();
        s.step = name;
        s.status = status;
        return s;
    }

    @Test
    void chromiumShowsTheIndexWithTheTrendChartLoaded() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is not installed at " + CHROMIUM);
        Path index = threeBuilds();
        Path profile = Files.createTempDirectory(workspace, "chromium-profile");
        Path shot = workspace.resolve("index.png");
        List<String> common = List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=1400,1000");
        // one browser run: the DOM it built on standard output, the screenshot to a file
        String dom = chromium(common, List.of("--dump-dom", "--screenshot=" + shot), index);
        List<String> images = trendImages(dom);
        assertThat(images).as("trend image in the DOM chromium built").isNotEmpty();
        assertThat(index.getParent().resolve(images.get(0))).isRegularFile();

        BufferedImage image = ImageIO.read(shot.toFile());
        assertThat(image).as("screenshot written").isNotNull();
        Set<Integer> colours = new HashSet<>();
        int chartLine = 0;
        int primary = Charts.PRIMARY.getRGB() & 0xffffff;
        for (int y = 0; y < image.getHeight(); y += 1) {
            for (int x = 0; x < image.getWidth(); x += 1) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (close(rgb, primary)) {
                    chartLine++;
                }
            }
        }
        assertThat(colours.size()).as("screenshot is not blank").isGreaterThan(20);
        // the trend line is drawn in the chart's primary colour, used nowhere else on the page: its pixels
        // on the screenshot prove the browser loaded and painted the PNG
        assertThat(chartLine).as("pixels of the trend line on the screenshot").isGreaterThan(200);
    }

    @Test
    void markdownSummaryOfABuildAndOfARunFolder() throws Exception {
        threeBuilds();
        BuildRecord second = new BuildHistory(workspace.resolve(".mlsteps")).load(2).orElseThrow();
        String md = MarkdownSummary.ofBuild(second);
        assertThat(md).startsWith("## ⚠️ mlsteps build #2: **UNSTABLE**")
                .contains("| Train | ⚠️ UNSTABLE |")
                .contains("| trainModel | ⚠️ UNSTABLE | accuracy 0.8000 |")
                .contains("1 check(s) did not pass")
                .contains("misses the gate >= 0.85").doesNotContain("f1[class");

        Path runDir = workspace.resolve("ci-run");
        StepResult ok = new StepResult("evaluateModel");
        ok.putMetric("accuracy", 0.97);
        StepRunner.write(ok, runDir.resolve("evaluateModel"));
        String ci = MarkdownSummary.ofRunDir(runDir);
        assertThat(ci).startsWith("## ✅ mlsteps: **SUCCESS**").contains("| evaluateModel | ✅ SUCCESS | 0 of 0 | accuracy 0.9700 |")
                .contains("All checks passed.");
        assertThat(MarkdownSummary.ofRunDir(workspace.resolve("nothing"))).contains("No step results found");
    }

    private static boolean close(int a, int b) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff)) > 12) {
                return false;
            }
        }
        return true;
    }

    private static List<String> trendImages(String html) {
        Matcher m = Pattern.compile("<img class=\"trend\" src=\"([^\"]+)\"").matcher(html);
        List<String> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static String chromium(List<String> common, List<String> actions, Path page) throws Exception {
        List<String> command = new java.util.ArrayList<>(common);
        command.addAll(actions);
        command.add(page.toUri().toString());
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90 s");
        }
        assertThat(p.exitValue()).as("chromium exit code").isZero();
        return new String(out, StandardCharsets.UTF_8);
    }
}
