package io.mlsteps.drift;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.result.LineageRef;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.result.StepStatus;
import io.mlsteps.contract.steps.CheckDriftRequest;
import io.mlsteps.testing.PythonOracle;
import io.mlsteps.testing.Req;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static io.mlsteps.drift.BikeSharingDriftTest.columns;
import static io.mlsteps.drift.BikeSharingDriftTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * checkDrift from request to outputs: what the reading, testing, judging and writing phases hand each other, seen
 * from the result and the files (the verdict file, the saved profiles, the lineage, the charts, the sentence), and
 * the edge cases: nothing to test, one class, identical data, an empty window, labels that do not join.
 */
class CheckDriftPhasesTest {
    @TempDir
    Path dir;

    private void write(String name, List<String> lines) throws Exception {
        Files.write(dir.resolve(name), lines);
    }

    /** n rows of x (normal, shifted), k (categories a-c), label and prediction (yes/no, agreeing with accuracy). */
    private void labelled(String name, int n, double shift, double accuracy, long seed) throws Exception {
        Random rnd = new Random(seed);
        List<String> lines = new ArrayList<>(List.of("x,k,label,prediction"));
        for (int i = 0; i < n; i++) {
            String label = rnd.nextDouble() < 0.4 ? "yes" : "no";
            String prediction = rnd.nextDouble() < accuracy ? label : label.equals("yes") ? "no" : "yes";
            lines.add(String.format(Locale.ROOT, "%.5f,%s,%s,%s", rnd.nextGaussian() + shift,
                    "abc".charAt(rnd.nextInt(3)), label, prediction));
        }
        write(name, lines);
    }

    private static Req<CheckDriftRequest> request(String reference, String current) {
        return Req.of(CheckDriftRequest.class).set("reference", reference).set("current", current);
    }

    private static Check check(StepResult r, String name) {
        return r.getChecks().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + r.getChecks()));
    }

    @Test
    void theVerdictFileIsTheResultsDriftDetailsAndTheSentenceSaysIt() throws Exception {
        labelled("ref.csv", 400, 0, 0.9, 1);
        labelled("cur.csv", 400, 1.0, 0.9, 2);
        StepResult r = run(request("ref.csv", "cur.csv").set("excludeColumns", List.of("label", "prediction")), dir, "out");
        JsonNode file = Json.mapper().readTree(dir.resolve("out").resolve(CheckDriftStep.DRIFT_TABLE_FILE).toFile());
        JsonNode details = Json.mapper().valueToTree(r.getDetails().get("drift"));
        assertThat(file.toString()).isEqualTo(details.toString());
        assertThat(file.get("columnsTested").asInt()).isEqualTo(2);
        assertThat(file.get("driftedColumns").asInt()).isEqualTo(1);
        assertThat(file.get("driftShare").asDouble()).isEqualTo(0.5);
        assertThat(file.get("datasetDrift").asBoolean()).isTrue();
        assertThat(r.getSummary()).isEqualTo("dataset drift: 1 of 2 columns drifted (weighted share 0.5, threshold 0.5)");
        assertThat(r.getTables()).singleElement().satisfies(t -> {
            assertThat(t.rows()).hasSize(2);
            assertThat(t.rows().get(0).get(0)).isEqualTo("x");
            assertThat(t.rows().get(0).get(7)).isEqualTo("DRIFT");
            assertThat(t.rows().get(1).get(7)).isEqualTo("ok");
        });
        assertThat(r.getOutputs()).extracting(o -> o.name())
                .containsExactly("referenceProfile", "currentProfile", "drift");
    }

    @Test
    void theSavedReferenceProfileGoesWhereAskedAndServesTheNextRun() throws Exception {
        labelled("ref.csv", 300, 0, 0.9, 3);
        labelled("cur.csv", 300, 0, 0.9, 4);
        StepResult first = run(request("ref.csv", "cur.csv").set("saveReferenceProfile", "profiles/ref.json")
                .set("referenceCache", false), dir, "first");
        assertThat(dir.resolve("profiles/ref.json")).isRegularFile();
        assertThat(dir.resolve("first").resolve(CheckDriftStep.REFERENCE_PROFILE_FILE)).doesNotExist();
        Files.delete(dir.resolve("ref.csv"));
        StepResult second = run(Req.of(CheckDriftRequest.class).set("referenceProfile", "profiles/ref.json")
                .set("current", "cur.csv"), dir, "second");
        assertThat(second.getMetrics()).isEqualTo(first.getMetrics());
        assertThat(second.getOutputs()).extracting(o -> o.name()).containsExactly("currentProfile", "drift");
        assertThat(second.getLineage()).extracting(LineageRef::id)
                .containsExactly(dir.resolve("profiles/ref.json").toString(), dir.resolve("cur.csv").toString());
    }

    @Test
    void smallInputsAreHashedInTheLineage() throws Exception {
        labelled("ref.csv", 50, 0, 0.9, 5);
        labelled("cur.csv", 50, 0, 0.9, 6);
        StepResult r = run(request("ref.csv", "cur.csv").set("charts", false), dir, "out");
        assertThat(r.getLineage()).hasSize(2).allSatisfy(l -> {
            assertThat(l.role()).isEqualTo("input");
            assertThat(l.kind()).isEqualTo("dataset");
            assertThat(l.sha256()).hasSize(64);
        });
        assertThat(r.getLineage().get(0).sha256()).isEqualTo(io.mlsteps.util.Hashing.sha256(dir.resolve("ref.csv")));
    }

    @Test
    void chartsAreDrawnOnlyWhenAsked() throws Exception {
        labelled("ref.csv", 200, 0, 0.9, 7);
        labelled("cur.csv", 200, 0.5, 0.9, 8);
        StepResult with = run(request("ref.csv", "cur.csv"), dir, "with");
        assertThat(with.getCharts()).isNotEmpty();
        assertThat(with.getCharts()).allSatisfy(c -> assertThat(dir.resolve("with").resolve(c.path())).isRegularFile());
        StepResult without = run(request("ref.csv", "cur.csv").set("charts", false), dir, "without");
        assertThat(without.getCharts()).isEmpty();
        assertThat(without.getMetrics()).isEqualTo(with.getMetrics());
    }

    @Test
    void noRowsInTheCurrentDataIsNothingTestedNotNoDrift() throws Exception {
        labelled("ref.csv", 100, 0, 0.9, 9);
        write("cur.csv", List.of("x,k,label,prediction"));
        StepResult r = run(request("ref.csv", "cur.csv"), dir, "out");
        assertThat(r.getStatus()).isEqualTo(StepStatus.FAILURE);
        assertThat(r.getSummary()).isEqualTo("nothing could be tested: the current data has no rows ("
                + dir.resolve("cur.csv") + ")");
        assertThat(r.getMetrics()).doesNotContainKey("drift_share");
        assertThat(r.getDetails().get("drift")).asString().contains("nothingTested");
    }

    @Test
    void noSharedColumnIsNamedWithBothSidesColumns() throws Exception {
        write("ref.csv", List.of("a,b", "1,2", "3,4"));
        write("cur.csv", List.of("c;d", "1;2", "3;4"));
        StepResult r = run(request("ref.csv", "cur.csv").set("delimiter", ","), dir, "out");
        assertThat(r.getSummary()).isEqualTo("nothing could be tested: the reference and the current data share no "
                + "column (reference: [a, b]; current: [c;d]); expected the same column names, read with the same "
                + "delimiter and header settings");
        assertThat(check(r, "drift:dataset").criticality()).isEqualTo(Criticality.FAILURE);
    }

    @Test
    void everySharedColumnExcludedIsNamed() throws Exception {
        labelled("ref.csv", 100, 0, 0.9, 10);
        labelled("cur.csv", 100, 0, 0.9, 11);
        StepResult r = run(request("ref.csv", "cur.csv").set("excludeColumns", List.of("x", "k"))
                .set("labelColumn", "label").set("predictionColumn", "prediction"), dir, "out");
        assertThat(r.getSummary()).startsWith("nothing could be tested: every shared column is excluded (columns, "
                + "excludeColumns, the prediction and label columns): [x, k, label, prediction]");
    }

    @Test
    void aColumnNamedButNotInTheReferenceIsAnInputError() throws Exception {
        labelled("ref.csv", 50, 0, 0.9, 12);
        labelled("cur.csv", 50, 0, 0.9, 13);
        assertThatThrownBy(() -> run(request("ref.csv", "cur.csv").set("columns", List.of("x", "zz")), dir, "out"))
                .isInstanceOf(InputException.class)
                .hasMessage("columns: column 'zz' is not in the reference; its columns are [x, k, label, prediction]");
    }

    @Test
    void identicalDataDoesNotDrift() throws Exception {
        labelled("ref.csv", 600, 0, 0.9, 14);
        Files.copy(dir.resolve("ref.csv"), dir.resolve("cur.csv"));
        StepResult r = run(request("ref.csv", "cur.csv").set("predictionColumn", "prediction"), dir, "out");
        assertThat(columns(r).values()).allSatisfy(c -> {
            assertThat(c.drifted()).as(c.column()).isFalse();
            assertThat(c.psi()).as(c.column()).isCloseTo(0, within(1e-9));
        });
        assertThat(columns(r).get("x").pValue()).isEqualTo(1.0);
        assertThat(check(r, "drift:prediction").outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(r.getStatus()).isEqualTo(StepStatus.SUCCESS);
        assertThat(r.getSummary()).endsWith("; no prediction drift");
    }

    /**
     * Two values in a small reference get the Z-test by default; when the current data has more, the default is
     * chi-squared (as Evidently, which counts the values of both sides), never an error about columnMethods, which
     * the user did not give. A Z-test the user asks for on more than two values stays an error naming the argument.
     */
    @Test
    void theDefaultZTestGivesWayToChiSquaredWhenTheCurrentDataHasMoreValues() throws Exception {
        write("ref.csv", List.of("flag,n", "0,1", "1,2", "0,3", "1,4", "0,5", "1,6"));
        write("cur.csv", List.of("flag,n", "0,1", "1,2", "2,3", "3,4", "0,5", "1,6"));
        StepResult r = run(request("ref.csv", "cur.csv"), dir, "out");
        assertThat(columns(r).get("flag").method()).isEqualTo(DriftMethod.CHI_SQUARED);
        assertThat(columns(r).get("flag").threshold()).isEqualTo(0.05);
        write("same.csv", List.of("flag,n", "1,1", "1,2", "0,3", "1,4", "1,5", "1,6"));
        assertThat(columns(run(request("ref.csv", "same.csv"), dir, "same")).get("flag").method())
                .as("two values on both sides: the Z-test").isEqualTo(DriftMethod.Z);
        assertThatThrownBy(() -> run(request("ref.csv", "cur.csv").set("columnMethods", Map.of("flag", "z")), dir, "z"))
                .isInstanceOf(InputException.class)
                .hasMessage("columnMethods.flag: the Z-test compares two categories but 'flag' has 4; use chi2");
    }

    @Test
    void aSingleClassOnBothSidesIsNoPredictionDrift() throws Exception {
        List<String> ref = new ArrayList<>(List.of("x,prediction"));
        List<String> cur = new ArrayList<>(List.of("x,prediction"));
        for (int i = 0; i < 100; i++) {
            ref.add(i + ",yes");
            cur.add((i + 1) + ",yes");
        }
        write("ref.csv", ref);
        write("cur.csv", cur);
        StepResult r = run(request("ref.csv", "cur.csv").set("predictionColumn", "prediction"), dir, "out");
        Check prediction = check(r, "drift:prediction");
        assertThat(prediction.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(r.getMetrics()).containsEntry("prediction_drift", 0.0);
        assertThat(columns(r)).containsOnlyKeys("x", "prediction");
    }

    @Test
    void anExplicitPredictionColumnMissingFromTheReferenceIsANote() throws Exception {
        write("ref.csv", List.of("x", "1", "2", "3"));
        write("cur.csv", List.of("x,p", "1,a", "2,b", "3,a"));
        StepResult r = run(request("ref.csv", "cur.csv").set("predictionColumn", "p"), dir, "out");
        Check c = check(r, "drift:prediction");
        assertThat(c.outcome()).isEqualTo(CheckOutcome.INCONCLUSIVE);
        assertThat(c.criticality()).isEqualTo(Criticality.NOTE);
        assertThat(c.message()).isEqualTo("Prediction drift not tested: column 'p' is missing or empty in the reference "
                + "(the reference needs the model's predictions on its rows).");
    }

    /** Accuracy on the current data's labelled rows is scikit-learn's accuracy_score over the same pairs. */
    @Test
    void performanceOnLabelledCurrentDataMatchesScikitLearn() throws Exception {
        PythonOracle.assumeModules("sklearn", "pandas");
        labelled("ref.csv", 300, 0, 0.9, 15);
        labelled("cur.csv", 500, 0, 0.7, 16);
        Files.writeString(dir.resolve("metrics.json"), "{\"metrics\": {\"accuracy\": 0.9}}");
        StepResult r = run(request("ref.csv", "cur.csv").set("labelColumn", "label").set("predictionColumn", "prediction")
                .set("referenceMetrics", "metrics.json"), dir, "out");
        JsonNode oracle = PythonOracle.json("""
                import json, pandas as pd
                from sklearn.metrics import accuracy_score
                d = pd.read_csv(%s, dtype=str)
                print(json.dumps({"accuracy": accuracy_score(d["label"], d["prediction"]), "rows": len(d)}))
                """.formatted(Json.toString(dir.resolve("cur.csv").toString())));
        assertThat(r.getMetrics().get("accuracy")).isCloseTo(oracle.get("accuracy").asDouble(), within(1e-12));
        assertThat(r.getMetrics().get("labelled_rows")).isEqualTo(oracle.get("rows").asDouble());
        Check accuracy = check(r, "performance:accuracy");
        assertThat(accuracy.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(r.getMetrics().get("delta[accuracy]")).isCloseTo(oracle.get("accuracy").asDouble() - 0.9, within(1e-12));
        assertThat(columns(r)).as("the label and prediction columns are judged apart").containsOnlyKeys("x", "k", "prediction");
    }

    @Test
    void aLabelColumnMissingFromTheCurrentDataIsNamed() throws Exception {
        labelled("ref.csv", 50, 0, 0.9, 17);
        labelled("cur.csv", 50, 0, 0.9, 18);
        assertThatThrownBy(() -> run(request("ref.csv", "cur.csv").set("labelColumn", "truth")
                .set("predictionColumn", "prediction"), dir, "out"))
                .isInstanceOf(InputException.class)
                .hasMessage("labelColumn: column 'truth' is not in the current data; its columns are [x, k, label, prediction]");
    }

    private void log(String name, Instant now, int entries) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            lines.add("{\"time\":\"" + now.minusSeconds(3600L * (i + 1)) + "\",\"model\":\"m\",\"version\":1,"
                    + "\"requestId\":\"r" + i + "\",\"inputs\":{\"x\":" + (i % 7) + "},\"output\":{\"label\":\""
                    + (i % 2 == 0 ? "yes" : "no") + "\"}}");
        }
        write(name, lines);
    }

    @Test
    void anEmptyWindowSaysHowManyPredictionsLieOutsideIt() throws Exception {
        Instant now = Instant.parse("2024-05-02T12:00:00Z");
        write("ref.csv", List.of("x,prediction", "1,yes", "2,no"));
        log("p.jsonl", now.minusSeconds(10 * 86400), 5);
        assertThatThrownBy(() -> run(Req.of(CheckDriftRequest.class).set("reference", "ref.csv")
                .set("predictionLog", "p.jsonl").set("since", "24h").set("asOf", now.toString()), dir, "out"))
                .isInstanceOf(InputException.class)
                .hasMessage("predictionLog: no prediction in the window from 2024-05-01T12:00:00Z to 2024-05-02T12:00:00Z "
                        + "(5 outside it); widen 'since' or check the log");
    }

    @Test
    void labelsJoinTheLogByRequestIdAndTheirFileMustNameBothColumns() throws Exception {
        Instant now = Instant.parse("2024-05-02T12:00:00Z");
        write("ref.csv", List.of("x,prediction", "1,yes", "2,no", "3,yes", "4,no"));
        log("p.jsonl", now, 6);
        write("labels.csv", List.of("requestId,label", "r0,yes", "r1,yes", "r2,yes", "r9,no"));
        Req<CheckDriftRequest> q = Req.of(CheckDriftRequest.class).set("reference", "ref.csv")
                .set("predictionLog", "p.jsonl").set("asOf", now.toString()).set("labels", "labels.csv");
        StepResult r = run(q, dir, "out");
        assertThat(r.getMetrics()).as("r9 was never predicted; r3-r5 have no label yet")
                .containsEntry("labelled_rows", 3.0).containsEntry("accuracy", 2.0 / 3);

        write("bad-labels.csv", List.of("id,label", "r0,yes"));
        assertThatThrownBy(() -> run(q.set("labels", "bad-labels.csv"), dir, "bad")).isInstanceOf(InputException.class)
                .hasMessageContaining("bad-labels.csv:1:1")
                .hasMessageContaining("expected columns 'requestId' and 'label' but found [id, label]");
    }

    @Test
    void labelsThatHaveNotArrivedMakePerformanceInconclusive() throws Exception {
        Instant now = Instant.parse("2024-05-02T12:00:00Z");
        write("ref.csv", List.of("x,prediction", "1,yes", "2,no"));
        log("p.jsonl", now, 4);
        write("labels.csv", List.of("requestId,label"));
        StepResult r = run(Req.of(CheckDriftRequest.class).set("reference", "ref.csv").set("predictionLog", "p.jsonl")
                .set("asOf", now.toString()).set("labels", "labels.csv"), dir, "out");
        assertThat(check(r, "performance").outcome()).isEqualTo(CheckOutcome.INCONCLUSIVE);
        @SuppressWarnings("unchecked")
        Map<String, Object> window = (Map<String, Object>) r.getDetails().get("window");
        assertThat(window).containsEntry("predictions", 4L).containsEntry("from", "null")
                .containsEntry("to", now.toString());
    }

    @Test
    void theRegistrationTimeMakesTheModelsAge() throws Exception {
        labelled("ref.csv", 50, 0, 0.9, 19);
        labelled("cur.csv", 50, 0, 0.9, 20);
        StepResult r = run(request("ref.csv", "cur.csv").set("maxModelAge", "7d")
                .set("registeredAt", "2024-05-01T00:00:00Z").set("asOf", "2024-05-04T12:00:00Z"), dir, "out");
        assertThat(r.getMetrics()).containsEntry("model_age_days", 3.5);
        assertThat(check(r, "staleness").outcome()).isEqualTo(CheckOutcome.PASSED);
    }
}
