package io.mlsteps.drift;

import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.steps.CheckDriftRequest;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.metrics.PerformanceTracker;
import io.mlsteps.step.StepContext;
import io.mlsteps.testing.Req;
import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * checkDrift's judging rules one at a time, on results made for the purpose: the PSI bands at their edges, the
 * dataset verdict with and without tested columns, performance against reference metrics in both directions,
 * NaN ratios against the reference's own, schema anomalies and staleness.
 */
class DriftChecksTest {
    @TempDir
    Path dir;

    private static CheckDriftRequest request(Object... nameValues) {
        Req<CheckDriftRequest> q = Req.of(CheckDriftRequest.class).set("reference", "r.csv").set("current", "c.csv");
        for (int i = 0; i < nameValues.length; i += 2) {
            q.set((String) nameValues[i], nameValues[i + 1]);
        }
        return q.build();
    }

    private static ColumnDrift column(String name, double psi, boolean drifted) {
        return new ColumnDrift(name, ColumnDistribution.Kind.NUMERIC, DriftMethod.WASSERSTEIN, 0.2, Double.NaN, 0.2,
                0.1, drifted, 1, psi, 100, 100, 0, "distance 0.2 >= 0.1");
    }

    private DriftProfile profile(String name, String... lines) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, List.of(lines));
        return DriftProfile.of(file, ReadOptions.defaults(), StepLog.silent());
    }

    private static Check check(StepResult r, String name) {
        return r.getChecks().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + r.getChecks()));
    }

    @Test
    void psiBelowTheUnstableBandPasses() {
        Check c = DriftChecks.psi(column("x", 0.0999, false), request());
        assertThat(c.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(c.criticality()).isEqualTo(Criticality.UNSTABLE);
        assertThat(c.expected()).isEqualTo("< 0.1");
        assertThat(c.metric()).isEqualTo("psi[x]");
        assertThat(c.message()).isEqualTo("PSI of 'x' is 0.0999, below 0.1.");
    }

    @Test
    void psiAtTheUnstableEdgeAndUpToTheFailureEdgeIsUnstable() {
        for (double psi : new double[]{0.1, 0.2, 0.25}) {
            Check c = DriftChecks.psi(column("x", psi, false), request());
            assertThat(c.outcome()).as("psi %s", psi).isEqualTo(CheckOutcome.FAILED);
            assertThat(c.criticality()).as("psi %s", psi).isEqualTo(Criticality.UNSTABLE);
            assertThat(c.message()).contains("between 0.1 and 0.25: a moderate population shift");
        }
    }

    @Test
    void psiAboveTheFailureEdgeFailsTheBuild() {
        Check c = DriftChecks.psi(column("amount", 0.2501, true), request());
        assertThat(c.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(c.criticality()).isEqualTo(Criticality.FAILURE);
        assertThat(c.message()).isEqualTo("PSI of 'amount' is 0.2501, above 0.25: a major population shift.");
    }

    @Test
    void theBandsFollowTheArguments() {
        CheckDriftRequest q = request("psiUnstable", 0.5, "psiFailure", 1.0);
        assertThat(DriftChecks.psi(column("x", 0.4, false), q).outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(DriftChecks.psi(column("x", 0.7, false), q).criticality()).isEqualTo(Criticality.UNSTABLE);
        assertThat(DriftChecks.psi(column("x", 1.5, false), q).criticality()).isEqualTo(Criticality.FAILURE);
        CheckDriftRequest equal = request("psiUnstable", 0.3, "psiFailure", 0.3);
        assertThat(DriftChecks.psi(column("x", 0.3, false), equal).criticality())
                .as("at both edges: in the unstable band (failure is above its edge)").isEqualTo(Criticality.UNSTABLE);
    }

    @Test
    void columnMetricsNameTheMethodAndGiveTheirPValueOnlyForTests() {
        StepResult r = new StepResult("checkDrift");
        DriftChecks.putColumnMetrics(r, column("x", 0.05, false));
        DriftChecks.putColumnMetrics(r, new ColumnDrift("c", ColumnDistribution.Kind.CATEGORICAL, DriftMethod.CHI_SQUARED,
                7.5, 0.02, 0.02, 0.05, true, 1, 0.3, 50, 60, 0, "p-value 0.02 < 0.05"));
        assertThat(r.getMetrics()).containsExactly(Map.entry("wasserstein[x]", 0.2), Map.entry("psi[x]", 0.05),
                Map.entry("chi2[c]", 7.5), Map.entry("p_value[c]", 0.02), Map.entry("psi[c]", 0.3));
    }

    @Test
    void theDatasetDriftsAtTheShareThresholdAndNamesTheDriftedColumns() {
        List<ColumnDrift> columns = List.of(column("a", 0, true), column("b", 0, false), column("c", 0, true),
                column("d", 0, false));
        StepResult drift = new StepResult("checkDrift");
        DriftChecks.dataset(request("driftCriticality", "FAILURE"),
                new DriftAnalyzer.Report(columns, Map.of(), 0.5, 0.5, true, 2), null, drift);
        Check c = check(drift, "drift:dataset");
        assertThat(c.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(c.criticality()).isEqualTo(Criticality.FAILURE);
        assertThat(c.message()).isEqualTo("Dataset drift: the weighted share of drifted columns is 0.5, at or above 0.5 (a, c).");
        assertThat(c.details()).containsEntry("driftedColumns", "a, c");
        assertThat(drift.getMetrics()).containsEntry("drift_share", 0.5).containsEntry("dataset_drift", 1.0)
                .containsEntry("drifted_columns", 2.0).containsEntry("columns_tested", 4.0);

        StepResult none = new StepResult("checkDrift");
        DriftChecks.dataset(request(), new DriftAnalyzer.Report(columns.subList(1, 2), Map.of(), 0, 0.5, false, 0), null, none);
        assertThat(check(none, "drift:dataset").outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(check(none, "drift:dataset").message()).isEqualTo("No dataset drift: 0 of 1 columns drifted (weighted share 0 < 0.5).");
        assertThat(none.getMetrics()).containsEntry("dataset_drift", 0.0);
    }

    @Test
    void nothingTestedIsAFailureWithoutAShareAGateCouldPassOn() {
        StepResult r = new StepResult("checkDrift");
        DriftChecks.dataset(request("driftCriticality", "NOTE"),
                new DriftAnalyzer.Report(List.of(), Map.of(), 0, 0.5, false, 0), "the current data has no rows", r);
        Check c = check(r, "drift:dataset");
        assertThat(c.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(c.criticality()).as("not the drift criticality: nothing was judged").isEqualTo(Criticality.FAILURE);
        assertThat(c.observed()).isNull();
        assertThat(c.message()).isEqualTo("Nothing could be tested: the current data has no rows.");
        assertThat(r.getMetrics()).doesNotContainKeys("drift_share", "dataset_drift")
                .containsEntry("drifted_columns", 0.0).containsEntry("columns_tested", 0.0);
    }

    private StepContext context() {
        return new StepContext(dir, dir.resolve("out"), StepLog.silent(), Map.of());
    }

    private DriftProfile predictions(String... values) throws Exception {
        List<String> lines = new ArrayList<>(List.of("prediction"));
        lines.addAll(List.of(values));
        return profile("predictions.csv", lines.toArray(String[]::new));
    }

    @Test
    void performanceWithoutALabelYetIsInconclusive() throws Exception {
        StepResult r = new StepResult("checkDrift");
        DriftChecks.performance(request(), new PerformanceTracker(), predictions("yes"), "prediction", null, r, context());
        Check c = check(r, "performance");
        assertThat(c.outcome()).isEqualTo(CheckOutcome.INCONCLUSIVE);
        assertThat(c.criticality()).isEqualTo(Criticality.FAILURE);
        assertThat(c.message()).isEqualTo("Performance not measured: no prediction has a label yet.");
        assertThat(r.getMetrics()).isEmpty();
    }

    @Test
    void aDropOfExactlyMaxDropPassesAndOneMoreFails() throws Exception {
        PerformanceTracker tracker = new PerformanceTracker();
        for (String[] pair : new String[][]{{"a", "a"}, {"b", "b"}, {"a", "a"}, {"b", "a"}}) {
            tracker.add(pair[0], pair[1]);
        }
        Files.writeString(dir.resolve("metrics.json"), "{\"metrics\": {\"accuracy\": 1.0}}");
        StepResult pass = new StepResult("checkDrift");
        DriftChecks.performance(request("referenceMetrics", "metrics.json", "maxDrop", 0.25), tracker,
                predictions("a", "b"), "prediction", null, pass, context());
        Check ok = check(pass, "performance:accuracy");
        assertThat(ok.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(ok.expected()).isEqualTo(">= 0.75");
        assertThat(ok.message()).isEqualTo("accuracy is 0.75 on 4 labelled rows against 1 at evaluation: worse by 0.25 (allowed 0.25).");
        assertThat(ok.details()).containsEntry("reference", 1.0).containsEntry("maxDrop", 0.25);
        assertThat(pass.getMetrics()).containsEntry("accuracy", 0.75).containsEntry("labelled_rows", 4.0)
                .containsEntry("delta[accuracy]", -0.25);

        StepResult fail = new StepResult("checkDrift");
        DriftChecks.performance(request("referenceMetrics", "metrics.json", "maxDrop", 0.2,
                "performanceCriticality", "UNSTABLE"), tracker, predictions("a", "b"), "prediction", null, fail, context());
        assertThat(check(fail, "performance:accuracy").outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(check(fail, "performance:accuracy").criticality()).isEqualTo(Criticality.UNSTABLE);
    }

    @Test
    void aBetterValueThanTheReferenceIsNotWorse() throws Exception {
        PerformanceTracker tracker = new PerformanceTracker();
        tracker.add("a", "a");
        tracker.add("b", "b");
        Files.writeString(dir.resolve("metrics.json"), "{\"accuracy\": 0.5}");
        StepResult r = new StepResult("checkDrift");
        DriftChecks.performance(request("referenceMetrics", "metrics.json"), tracker, predictions("a", "b"),
                "prediction", null, r, context());
        Check c = check(r, "performance:accuracy");
        assertThat(c.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(c.message()).contains("not worse by 0.5");
        assertThat(r.getMetrics()).containsEntry("delta[accuracy]", 0.5);
    }

    /** rmse is lower-is-better: a higher current value is the drop; numeric predictions with many values are regression. */
    @Test
    void regressionErrorsDropUpwards() throws Exception {
        PerformanceTracker tracker = new PerformanceTracker();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            tracker.add(String.valueOf(i), String.valueOf(i + (i % 2 == 0 ? 2 : -2)));
            values.add(String.valueOf(i + 0.5));
        }
        Files.writeString(dir.resolve("metrics.json"), "{\"metrics\": {\"rmse\": 1.5, \"mae\": 2.5}}");
        StepResult r = new StepResult("checkDrift");
        DriftChecks.performance(request("referenceMetrics", "metrics.json", "maxDrop", 0.4), tracker,
                predictions(values.toArray(String[]::new)), "prediction", null, r, context());
        assertThat(r.getMetrics()).containsEntry("rmse", 2.0).containsEntry("mae", 2.0);
        Check rmse = check(r, "performance:rmse");
        assertThat(rmse.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(rmse.expected()).isEqualTo("<= 1.9");
        assertThat(rmse.message()).contains("worse by 0.5 (allowed 0.4)");
        Check mae = check(r, "performance:mae");
        assertThat(mae.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(mae.message()).contains("not worse by 0.5");
    }

    @Test
    void aMetricTheReferenceLacksOrLeavesUndefinedCannotBeJudged() throws Exception {
        PerformanceTracker tracker = new PerformanceTracker();
        tracker.add("a", "b");
        Files.writeString(dir.resolve("other.json"), "{\"metrics\": {\"f1_macro\": 0.8}}");
        StepResult absent = new StepResult("checkDrift");
        DriftChecks.performance(request("referenceMetrics", "other.json"), tracker, predictions("b"), "prediction",
                null, absent, context());
        Check c = check(absent, "performance:accuracy");
        assertThat(c.outcome()).isEqualTo(CheckOutcome.INCONCLUSIVE);
        assertThat(c.message()).isEqualTo("Metric 'accuracy' is not in the reference metrics [f1_macro], so its drop cannot be judged.");

        Files.writeString(dir.resolve("nan.json"), "{\"metrics\": {\"accuracy\": \"NaN\", \"f1_macro\": 0.8}}");
        StepResult nan = new StepResult("checkDrift");
        DriftChecks.performance(request("referenceMetrics", "nan.json"), tracker, predictions("b"), "prediction",
                null, nan, context());
        assertThat(nan.getChecks()).singleElement().satisfies(ch -> {
            assertThat(ch.outcome()).isIn(CheckOutcome.INCONCLUSIVE);
            assertThat(ch.message()).contains("'accuracy' is");
        });
    }

    @Test
    void withoutReferenceMetricsPerformanceIsMeasuredButNotJudged() throws Exception {
        PerformanceTracker tracker = new PerformanceTracker();
        tracker.add("a", "a");
        StepResult r = new StepResult("checkDrift");
        DriftChecks.performance(request(), tracker, predictions("a"), "prediction", null, r, context());
        assertThat(r.getChecks()).isEmpty();
        assertThat(r.getMetrics()).containsEntry("accuracy", 1.0).containsEntry("labelled_rows", 1.0);
    }

    @Test
    void aMetricsFileWithoutNumbersIsAnInputErrorNamingIt() throws Exception {
        Files.writeString(dir.resolve("empty.json"), "{\"metrics\": {}}");
        assertThatThrownBy(() -> DriftChecks.referenceMetrics(dir.resolve("empty.json")))
                .isInstanceOf(InputException.class).hasMessageContaining("empty.json")
                .hasMessageContaining("holds no numeric metrics; expected {\"metrics\": {\"accuracy\": 0.9, ...}}");
        Files.writeString(dir.resolve("text.json"), "{\"metrics\": {\"note\": \"none\"}}");
        assertThatThrownBy(() -> DriftChecks.referenceMetrics(dir.resolve("text.json")))
                .isInstanceOf(InputException.class).hasMessageContaining("text.json")
                .hasMessageContaining("metric 'note' is not a number");
    }

    @Test
    void nanRatiosAreAllowedUpToTheReferencesOwnOrMaxNanRatio() throws Exception {
        DriftProfile reference = profile("ref.csv", "x,y,c", "1,1,a", "NaN,2,b", "3,3,a", "4,4,b", "5,5,a");
        DriftProfile current = profile("cur.csv", "x,y,c", "1,NaN,a", "NaN,2,b", "3,Infinity,a", "4,4,b", "5,5,a");
        StepResult r = new StepResult("checkDrift");
        DriftChecks.quality(request(), reference, current, r);
        Check x = check(r, "nan:x");
        assertThat(x.outcome()).as("0.2, as the reference").isEqualTo(CheckOutcome.PASSED);
        assertThat(x.expected()).isEqualTo("<= 0.2");
        Check y = check(r, "nan:y");
        assertThat(y.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(y.criticality()).isEqualTo(Criticality.UNSTABLE);
        assertThat(y.message()).isEqualTo("'y' has 1 NaN and 1 infinite values (ratio 0.4; reference 0, allowed 0).");
        assertThat(r.getMetrics()).containsEntry("nan_ratio[x]", 0.2).containsEntry("nan_ratio[y]", 0.4)
                .containsEntry("missing_ratio[c]", 0.0).doesNotContainKey("nan_ratio[c]");
        assertThat(r.getChecks()).noneMatch(c -> c.name().equals("nan:c"));

        StepResult tolerant = new StepResult("checkDrift");
        DriftChecks.quality(request("maxNanRatio", 0.5, "nanCriticality", "NOTE"), reference, current, tolerant);
        assertThat(check(tolerant, "nan:y").outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(check(tolerant, "nan:y").criticality()).isEqualTo(Criticality.NOTE);
    }

    @Test
    void aNumericColumnWithoutNanHasARatioButNoCheck() throws Exception {
        DriftProfile reference = profile("ref.csv", "x,k", "1,a", "2,b", ",c");
        DriftProfile current = profile("cur.csv", "x,k", "1,a", ",b", ",c", "4,d");
        StepResult r = new StepResult("checkDrift");
        DriftChecks.quality(request(), reference, current, r);
        assertThat(r.getMetrics()).containsEntry("missing_ratio[x]", 0.5).containsEntry("nan_ratio[x]", 0.0)
                .containsEntry("missing_ratio[k]", 0.0).doesNotContainKey("nan_ratio[k]");
        assertThat(r.getChecks()).isEmpty();
    }

    @Test
    void schemaAnomaliesAreCountedAndNamed() throws Exception {
        DriftProfile reference = profile("ref.csv", "id,age,city,gone", "1,30,Oslo,x", "2,40,Rome,y", "3,50,Oslo,z");
        DriftProfile current = profile("cur.csv", "id,age,city,extra", "1,old,Oslo,1", "2,young,Lima,2", "3,old,Kyiv,3");
        StepResult r = new StepResult("checkDrift");
        DriftSettings settings = new DriftSettings().excludeColumns(List.of("id"));
        DriftChecks.schema(request("schemaCriticality", "FAILURE"), null, reference, current, settings, r);
        assertThat(r.getChecks()).extracting(Check::name).containsExactly("anomaly:TYPE_CHANGED:age",
                "anomaly:NEW_CATEGORIES:city", "anomaly:MISSING_COLUMN:gone", "anomaly:NEW_COLUMN:extra");
        Check type = check(r, "anomaly:TYPE_CHANGED:age");
        assertThat(type.criticality()).isEqualTo(Criticality.FAILURE);
        assertThat(type.message()).isEqualTo("Column 'age' was numeric in the reference but is categorical in the current data.");
        Check categories = check(r, "anomaly:NEW_CATEGORIES:city");
        assertThat(categories.criticality()).isEqualTo(Criticality.NOTE);
        assertThat(categories.observed()).isEqualTo(2.0 / 3);
        assertThat(check(r, "anomaly:MISSING_COLUMN:gone").criticality()).isEqualTo(Criticality.FAILURE);
        assertThat(check(r, "anomaly:NEW_COLUMN:extra").criticality()).isEqualTo(Criticality.NOTE);
        assertThat(r.getMetrics()).containsEntry("anomalies", 4.0).containsEntry("new_category_ratio[city]", 2.0 / 3);
    }

    @Test
    void newCategoriesNameAtMostFiveExamples() throws Exception {
        List<String> cur = new ArrayList<>(List.of("c"));
        for (int i = 0; i < 8; i++) {
            cur.add("new" + i);
        }
        cur.add("old");
        StepResult r = new StepResult("checkDrift");
        DriftChecks.schema(request(), null, profile("ref.csv", "c", "old", "older"),
                profile("cur.csv", cur.toArray(String[]::new)), new DriftSettings(), r);
        Check c = check(r, "anomaly:NEW_CATEGORIES:c");
        @SuppressWarnings("unchecked")
        List<String> examples = (List<String>) c.details().get("examples");
        assertThat(examples).hasSize(5).allSatisfy(e -> assertThat(e).startsWith("new"));
        assertThat(c.message()).startsWith("'c' has 8 values (0.8889 of rows) in categories the reference never saw, e.g. [");
    }

    @Test
    void excludedColumnsAreSkippedButThePredictionColumnIsChecked() throws Exception {
        DriftProfile reference = profile("ref.csv", "id,p,label", "1,yes,yes", "2,no,no");
        DriftProfile current = profile("cur.csv", "id,p", "a,yes", "b,maybe");
        StepResult r = new StepResult("checkDrift");
        DriftSettings settings = new DriftSettings().excludeColumns(List.of("id", "p", "label"));
        DriftChecks.schema(request("predictionColumn", "p"), "label", reference, current, settings, r);
        assertThat(r.getChecks()).extracting(Check::name).containsExactly("anomaly:NEW_CATEGORIES:p");
    }

    @Test
    void theLabelAbsentFromAPredictionLogIsNoAnomaly() throws Exception {
        DriftProfile reference = profile("ref.csv", "age,label", "1,yes", "2,no");
        DriftProfile current = profile("cur.csv", "age,prediction", "1,yes", "2,no");
        CheckDriftRequest fromLog = Req.of(CheckDriftRequest.class).set("reference", "r.csv")
                .set("predictionLog", "p.jsonl").build();
        StepResult log = new StepResult("checkDrift");
        DriftChecks.schema(fromLog, "label", reference, current, new DriftSettings(), log);
        assertThat(log.getChecks()).as("'prediction' is the log's own column, 'label' arrives later").isEmpty();
        assertThat(log.getMetrics()).containsEntry("anomalies", 0.0);

        StepResult data = new StepResult("checkDrift");
        DriftChecks.schema(request(), "label", reference, current, new DriftSettings(), data);
        assertThat(data.getChecks()).extracting(Check::name).containsExactly("anomaly:MISSING_COLUMN:label");
    }

    @Test
    void aModelExactlyAsOldAsAllowedIsNotStale() {
        Instant now = Instant.parse("2024-05-31T00:00:00Z");
        StepResult edge = new StepResult("checkDrift");
        DriftChecks.staleness(request("maxModelAge", "30d"), now, now.minus(Duration.ofDays(30)), edge);
        Check c = check(edge, "staleness");
        assertThat(c.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(c.expected()).isEqualTo("<= 30");
        assertThat(edge.getMetrics()).containsEntry("model_age_days", 30.0);

        StepResult stale = new StepResult("checkDrift");
        DriftChecks.staleness(request("maxModelAge", "30d", "ageCriticality", "FAILURE"), now,
                now.minus(Duration.ofDays(30)).minusSeconds(3600), stale);
        Check s = check(stale, "staleness");
        assertThat(s.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(s.criticality()).isEqualTo(Criticality.FAILURE);
        assertThat((Double) s.observed()).isCloseTo(30 + 1 / 24.0, within(1e-12));
        assertThat(s.message()).startsWith("The model was registered 30.0417 days ago (2024-04-30T23:00:00Z)");

        StepResult none = new StepResult("checkDrift");
        DriftChecks.staleness(request(), now, null, none);
        assertThat(none.getChecks()).isEmpty();
        assertThat(none.getMetrics()).isEmpty();
    }

    @Test
    void theMetricsFileMayBeAStepResult() throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("step", "evaluateModel");
        result.put("metrics", Map.of("accuracy", 0.91, "f1_macro", 0.9));
        io.mlsteps.util.Json.write(dir.resolve("result.json"), result);
        assertThat(DriftChecks.referenceMetrics(dir.resolve("result.json")))
                .containsEntry("accuracy", 0.91).containsEntry("f1_macro", 0.9);
    }
}
