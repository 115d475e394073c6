package io.mlsteps.drift;

import io.mlsteps.contract.steps.CheckDriftRequest;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.result.StepStatus;
import io.mlsteps.testing.CapturedLog;
import io.mlsteps.testing.Req;
import io.mlsteps.testing.SharedData;
import io.mlsteps.util.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.mlsteps.drift.BikeSharingDriftTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * checkDrift reads its reference and its current data through the one reading contract: a ';' file is read as
 * its ',' original (not as one column that "drifted"), headerless files are named by columnNames on both sides,
 * and when no column can be tested the step fails saying why instead of reporting "no dataset drift".
 */
class DriftReadingTest {
    @TempDir
    Path dir;
    final CapturedLog logged = new CapturedLog();

    StepContext ctx(String out) {
        return new StepContext(dir, dir.resolve(out),
                logged.of("checkDrift"), Map.of());
    }

    Req<CheckDriftRequest> request(String ref, String cur) {
        return Req.of(CheckDriftRequest.class).set("reference", ref).set("current", cur).set("charts", false)
                .set("referenceCache", false);
    }

    Path copy(Path from, String name, boolean withHeader, String delimiter) throws Exception {
        List<String> lines = Files.readAllLines(from);
        List<String> out = (withHeader ? lines : lines.subList(1, lines.size())).stream()
                .map(l -> l.replace(",", delimiter)).toList();
        return Files.write(dir.resolve(name), out);
    }

    @Test
    void adultWrittenWithSemicolonsDriftsAsTheCommaOriginal() throws Exception {
        Path train = SharedData.require("adult/adult_train.csv");
        Path test = SharedData.require("adult/adult_test.csv");
        copy(train, "train.csv", true, ",");
        copy(test, "test.csv", true, ",");
        copy(train, "train-semicolons.csv", true, ";");
        copy(test, "test-semicolons.csv", true, ";");
        StepResult original = new CheckDriftStep().execute(request("train.csv", "test.csv").build(), ctx("comma"));
        StepResult sniffed = new CheckDriftStep().execute(request("train-semicolons.csv", "test-semicolons.csv").build(),
                ctx("semicolon"));
        assertThat(sniffed.getMetrics()).isEqualTo(original.getMetrics());
        assertThat(sniffed.getMetrics().get("columns_tested")).isEqualTo(15.0);
        assertThat(sniffed.getSummary()).isEqualTo(original.getSummary());
        assertThat(Files.readString(dir.resolve("semicolon").resolve(CheckDriftStep.DRIFT_TABLE_FILE)))
                .isEqualTo(Files.readString(dir.resolve("comma").resolve(CheckDriftStep.DRIFT_TABLE_FILE)));
        assertThat(logged.text())
                .contains("train-semicolons.csv: no ',' in the header; read with ';'")
                .contains("test-semicolons.csv: no ',' in the header; read with ';'");
    }

    @Test
    void headerlessReferenceAndCurrentAreNamedByColumnNames() throws Exception {
        Path train = SharedData.require("adult/adult_train.csv");
        Path test = SharedData.require("adult/adult_test.csv");
        List<String> names = Arrays.asList(Files.readAllLines(train).get(0).split(","));
        copy(train, "train.csv", true, ",");
        copy(test, "test.csv", true, ",");
        copy(train, "train.data", false, ",");
        copy(test, "test.data", false, ",");
        StepResult original = new CheckDriftStep().execute(request("train.csv", "test.csv").build(), ctx("header"));
        // the request's reading arguments reach both files
        StepResult headerless = new CheckDriftStep().execute(request("train.data", "test.data").set("header", false)
                .set("columnNames", names).build(), ctx("headerless"));
        assertThat(CheckDriftStep.readOptions(request("a", "b").set("header", false).set("columnNames", names).build()))
                .isEqualTo(ReadOptions.fromArguments(null, null, false, names, null));
        assertThat(headerless.getMetrics()).isEqualTo(original.getMetrics());
        assertThat(Files.readString(dir.resolve("headerless").resolve(CheckDriftStep.DRIFT_TABLE_FILE)))
                .isEqualTo(Files.readString(dir.resolve("header").resolve(CheckDriftStep.DRIFT_TABLE_FILE)));
        // read as if it had a header, its first record warns, or, where it repeats a value, stops with the hint
        new CheckDriftStep().execute(request("train.data", "train.data").build(), ctx("warned"));
        assertThat(logged.text()).contains("train.data:1: the header line looks like data");
        assertThatThrownBy(() -> new CheckDriftStep().execute(request("train.data", "test.data").build(),
                ctx("stopped"))).isInstanceOf(InputException.class)
                .hasMessage(dir.resolve("test.data") + ":1:12: duplicate column name '0' in the header; expected unique "
                        + "names (if the first line is data, read the file with --no-header, header: false)");
    }

    private void write(String name, String... lines) throws Exception {
        Files.write(dir.resolve(name), List.of(lines));
    }

    private static Check datasetCheck(StepResult r) {
        return r.getChecks().stream().filter(c -> c.name().equals("drift:dataset")).findFirst().orElseThrow();
    }

    private void assertNothingTested(StepResult r, String reason) {
        assertThat(r.getSummary()).isEqualTo("nothing could be tested: " + reason);
        Check check = datasetCheck(r);
        assertThat(check.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(check.criticality()).isEqualTo(Criticality.FAILURE);
        assertThat(check.message()).isEqualTo("Nothing could be tested: " + reason + ".");
        assertThat(r.getStatus()).isEqualTo(StepStatus.FAILURE);
        assertThat(r.getMetrics()).containsEntry("columns_tested", 0.0).doesNotContainKeys("drift_share", "dataset_drift");
    }

    @Test
    void nothingTestedFailsAndSaysWhy() throws Exception {
        write("ref.csv", "x,color,at", "1.5,red,2024-01-01", "2.5,blue,2024-01-02", "3.5,red,2024-01-03");
        write("header-only.csv", "x,color,at");
        assertNothingTested(run(request("ref.csv", "header-only.csv"), dir, "empty"),
                "the current data has no rows (" + dir.resolve("header-only.csv") + ")");

        write("other.csv", "a,b", "1,2", "3,4");
        assertNothingTested(run(request("ref.csv", "other.csv"), dir, "unrelated"),
                "the reference and the current data share no column (reference: [x, color, at]; current: [a, b]); "
                        + "expected the same column names, read with the same delimiter and header settings");

        write("cur.csv", "x,color,at", "1.5,red,2024-02-01", "2.0,red,2024-02-02");
        Req<CheckDriftRequest> excluded = request("ref.csv", "cur.csv").set("excludeColumns", List.of("x", "color", "at"));
        assertNothingTested(run(excluded, dir, "excluded"),
                "every shared column is excluded (columns, excludeColumns, the prediction and label columns): [x, color, at]");

        Req<CheckDriftRequest> dates = request("ref.csv", "cur.csv").set("columns", List.of("at"));
        assertNothingTested(run(dates, dir, "dates"),
                "no shared column could be tested (at: date-time column (not tested for drift))");

        // a column that can be tested keeps the verdict as before
        StepResult tested = run(request("ref.csv", "cur.csv"), dir, "tested");
        assertThat(tested.getSummary()).doesNotContain("nothing");
        assertThat(tested.getMetrics()).containsKeys("drift_share", "dataset_drift");
    }
}
