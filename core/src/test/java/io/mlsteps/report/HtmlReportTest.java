package io.mlsteps.report;

import io.mlsteps.contract.result.ChartRef;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.result.LineageRef;
import io.mlsteps.contract.result.OutputFile;
import io.mlsteps.contract.result.ResultTable;
import io.mlsteps.contract.result.StepResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The layout of report.html: verdict first, charts, derived matrices with the worst row marked, raw list last. */
class HtmlReportTest {
    @TempDir
    Path stepDir;

    private static StepResult evaluation() {
        StepResult r = new StepResult("evaluateModel");
        r.setSummary("classification on 69 rows: accuracy 0.72");
        r.putMetric("accuracy", 0.72).putMetric("rows", 69);
        r.putMetric("f1[class=Adelie]", 0.54).putMetric("f1[class=Gentoo]", 0.86).putMetric("recall[class=Adelie]", 0.37)
                .putMetric("recall[class=Gentoo]", 1.0);
        r.putMetric("accuracy[island=Biscoe]", 0.91).putMetric("log_loss[island=Biscoe]", 0.2).putMetric("rows[island=Biscoe]", 30)
                .putMetric("accuracy[island=Dream]", 0.55).putMetric("log_loss[island=Dream]", 0.9).putMetric("rows[island=Dream]", 25)
                .putMetric("accuracy[island=Torgersen]", 0.91).putMetric("log_loss[island=Torgersen]", 0.1)
                .putMetric("rows[island=Torgersen]", 14);
        r.putMetric("delta[accuracy]", -0.05); // not a family the catalogue knows: listed raw only
        r.addCheck(Check.failed("gate:accuracy", "accuracy", 0.72, ">= 0.9", Criticality.FAILURE,
                "accuracy = 0.72 misses the gate >= 0.9 (FAILURE)."));
        r.addCheck(Check.failed("gate:f1[class=Adelie]", "f1[class=Adelie]", 0.54, ">= 0.8", Criticality.UNSTABLE,
                "f1[class=Adelie] = 0.54 misses the gate >= 0.8 (UNSTABLE)."));
        r.addCheck(Check.passed("gate:f1[class=Gentoo]", "f1[class=Gentoo]", 0.86, ">= 0.8", Criticality.UNSTABLE,
                "f1[class=Gentoo] = 0.86 meets the gate >= 0.8."));
        r.getCharts().add(new ChartRef("roc", "ROC curve", "charts/roc.png"));
        r.getOutputs().add(new OutputFile("metrics", "metrics.json", "ab".repeat(32), 4216));
        r.getLineage().add(new LineageRef("model", "input", "model.tribuo", null, null));
        return r;
    }

    @Test
    void readsVerdictThenChartsThenTablesThenTheRawListCollapsed() {
        String html = HtmlReport.render(evaluation(), stepDir);
        int card = html.indexOf("<section class=\"verdict FAILURE\"");
        int charts = html.indexOf("<h2>Charts</h2>");
        int slices = html.indexOf("<h2>Slices by island</h2>");
        int classes = html.indexOf("<h2>Per class</h2>");
        int checks = html.indexOf("<summary>All checks (3, 2 not passed)</summary>");
        int raw = html.indexOf("<details><summary>All metrics (16)</summary>");
        int outputs = html.indexOf("<h2>Outputs</h2>");
        int lineage = html.indexOf("<h2>Lineage</h2>");
        assertThat(card).isPositive();
        assertThat(List.of(card, charts, slices, classes, checks, raw, outputs, lineage)).doesNotContain(-1).isSorted();
        assertThat(cells(html.substring(outputs), "metrics")).containsExactly("metrics", "metrics.json", "ab".repeat(32), "4216");
        assertThat(cells(html.substring(lineage), "input")).containsExactly("input", "model", "model.tribuo", "");
        assertThat(html.substring(0, card)).doesNotContain("<table");
        // the raw list is the only place of a metric outside the catalogue's families
        assertThat(html.indexOf("delta[accuracy]")).isGreaterThan(raw);
        assertThat(html).doesNotContainIgnoringCase("<script");
    }

    @Test
    void theVerdictNamesTheChecksThatDecidedItAndTheLesserOnesApart() {
        String card = VerdictCard.html(evaluation(), null);
        assertThat(card).contains("✖ FAILURE", "evaluateModel", "classification on 69 rows: accuracy 0.72",
                "1 of 3 checks passed");
        String decided = card.substring(card.indexOf("<h3>Decided by</h3>"), card.indexOf("<h3>Also not passed</h3>"));
        assertThat(decided).contains("gate:accuracy", "misses the gate &gt;= 0.9", "[FAILURE]")
                .doesNotContain("gate:f1");
        assertThat(card.substring(card.indexOf("<h3>Also not passed</h3>"))).contains("gate:f1[class=Adelie]", "[UNSTABLE]")
                .doesNotContain("Gentoo");

        StepResult ok = new StepResult("evaluateModel");
        ok.addCheck(Check.passed("gate:accuracy", "accuracy", 0.95, ">= 0.9", Criticality.FAILURE, "accuracy = 0.95 meets the gate >= 0.9."));
        ok.addCheck(Check.passed("smoke:latency", null, 12, "<= 50", Criticality.FAILURE, "fast enough"));
        String passed = VerdictCard.html(ok, "evaluateModel/report.html");
        assertThat(passed).contains("verdict SUCCESS", "✔ SUCCESS", "<h3>Gates passed</h3>", "gate:accuracy",
                "href=\"evaluateModel/report.html\"").doesNotContain("smoke:latency").doesNotContain("Decided by");
    }

    @Test
    void slicesBecomeAMatrixWithTheWorstSliceMarkedByTheMetricsDirection() {
        List<ReportTable> tables = MetricTables.of(evaluation());
        assertThat(tables).extracting(ReportTable::title).containsExactly("Metrics", "Slices by island", "Per class");
        ReportTable slices = tables.get(1);
        assertThat(slices.columns()).containsExactly("island", "accuracy", "log_loss", "rows");
        assertThat(slices.rows()).extracting(row -> row.get(0)).containsExactly("Biscoe", "Dream", "Torgersen");
        assertThat(slices.worstRows(1)).as("accuracy: higher is better").containsExactly(1);
        assertThat(slices.worstRows(2)).as("log_loss: lower is better").containsExactly(1);
        assertThat(slices.worstRows(3)).as("a count is not better or worse").isEmpty();

        String html = HtmlReport.render(evaluation(), stepDir);
        String section = html.substring(html.indexOf("<h2>Slices by island</h2>"), html.indexOf("<h2>Per class</h2>"));
        assertThat(cells(section, "Dream")).containsExactly("Dream", "0.55▼ worst", "0.9▼ worst", "25");
        assertThat(cells(section, "Biscoe")).containsExactly("Biscoe", "0.91", "0.2", "30");
        assertThat(section).contains("title=\"worst accuracy (higher is better)\"", "title=\"worst log_loss (lower is better)\"",
                "▼ worst: per metric");

        ReportTable classes = tables.get(2);
        assertThat(classes.columns()).containsExactly("class", "f1", "recall");
        assertThat(classes.worstRows(1)).containsExactly(0);
    }

    @Test
    void tiesAreAllMarkedAndAColumnOfEqualValuesHasNoWorst() {
        ReportTable t = new ReportTable("t", List.of("column", "psi", "accuracy", "note"),
                List.of(List.of("a", 0.3, 1.0, "x"), List.of("b", 0.3, 1.0, "y"), List.of("c", 0.1, 1.0, "z"),
                        List.of("d", "", Double.NaN, "w")));
        assertThat(t.worstRows(1)).containsExactlyInAnyOrder(0, 1);
        assertThat(t.worstRows(2)).isEmpty();
        assertThat(t.worstRows(3)).isEmpty();
    }

    @Test
    void aTableTheStepWroteAboutTheSameRowsIsShownInsteadAndMarkedToo() {
        StepResult drift = new StepResult("checkDrift");
        drift.putMetric("drift_share", 0.5).putMetric("psi[age]", 0.31).putMetric("psi[income]", 0.02)
                .putMetric("p_value[age]", 0.001).putMetric("p_value[income]", 0.6);
        drift.getTables().add(new ResultTable("drift", "Drift per column", List.of("column", "method", "p-value", "psi", "why"),
                List.of(List.of("age", "ks", 0.001, 0.31, "p < 0.05"), List.of("income", "ks", 0.6, 0.02, "ok"))));
        drift.getTables().add(new ResultTable("other", "Something else", List.of("a", "b"), List.of(List.of("x", 1))));
        List<ReportTable> tables = MetricTables.of(drift);
        assertThat(tables).extracting(ReportTable::title).containsExactly("Metrics", "Drift per column", "Something else");
        ReportTable perColumn = tables.get(1);
        assertThat(perColumn.worstRows(2)).as("p-value: the smallest").containsExactly(0);
        assertThat(perColumn.worstRows(3)).as("psi: the largest").containsExactly(0);
        assertThat(perColumn.worstRows(1)).isEmpty();

        StepResult validation = new StepResult("validateData");
        validation.putMetric("missing_ratio[age]", 0.1).putMetric("missing_ratio[sex]", 0.0);
        assertThat(MetricTables.of(validation)).extracting(ReportTable::title).containsExactly("Per column");
    }

    @Test
    void headlineMetricsSayWhatTheyMeasureWhereTheCatalogueKnows() {
        StepResult train = new StepResult("trainModel");
        train.putMetric("accuracy", 0.9).putMetric("my_score", 3);
        assertThat(MetricTables.of(train).get(0).rows()).containsExactly(
                List.of("accuracy", 0.9, "share of rows predicted right"), List.of("my_score", 3.0, ""));
        StepResult deploy = new StepResult("deployModel");
        deploy.putMetric("smoke_rows", 50);
        assertThat(MetricTables.of(deploy).get(0).columns()).as("no empty column").containsExactly("metric", "value");
    }

    @Test
    void everythingFromTheDataIsEscaped() {
        StepResult r = new StepResult("evaluateModel");
        r.setSummary("<b>bold</b> & co");
        r.putMetric("accuracy[city=<script>alert(1)</script>]", 0.5).putMetric("accuracy[city=\"Paris\"]", 0.7);
        r.addCheck(new Check("gate:<x>", "accuracy", 0.5, ">= 0.6", Criticality.UNSTABLE, CheckOutcome.FAILED,
                "it's < 0.6", Map.of()));
        String html = HtmlReport.render(r, stepDir);
        assertThat(html).doesNotContain("<script>", "<b>bold", "<x>", "\"Paris\"")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;bold&lt;/b&gt; &amp; co", "gate:&lt;x&gt;",
                        "it&#39;s &lt; 0.6", "&quot;Paris&quot;");
    }

    @Test
    void metricNamesFollowTheCatalogueConvention() {
        assertThat(MetricName.parse("accuracy")).contains(new MetricName("accuracy", null, null));
        assertThat(MetricName.parse("f1[class=>50K]")).contains(new MetricName("f1", "class", ">50K"));
        assertThat(MetricName.parse("accuracy[sex=a=b]")).contains(new MetricName("accuracy", "sex", "a=b"));
        assertThat(MetricName.parse("psi[age]")).contains(new MetricName("psi", MetricName.COLUMN, "age"));
        assertThat(MetricName.parse("delta[f1[class=x]]")).isEmpty();
        assertThat(MetricName.parse("psi[]")).isEmpty();
        assertThat(MetricName.parse("psi[=x]")).isEmpty();
        assertThat(MetricName.parse("[x]")).isEmpty();
    }

    /** The text of the cells of the first row whose first cell is {@code first}, tags removed. */
    static List<String> cells(String html, String first) {
        Matcher rows = Pattern.compile("<tr>(.*?)</tr>").matcher(html);
        while (rows.find()) {
            List<String> cells = new ArrayList<>();
            Matcher td = Pattern.compile("<td[^>]*>(.*?)</td>").matcher(rows.group(1));
            while (td.find()) {
                cells.add(td.group(1).replaceAll("<[^>]+>", ""));
            }
            if (!cells.isEmpty() && cells.get(0).equals(first)) {
                return cells;
            }
        }
        throw new AssertionError("no row " + first);
    }
}
