package io.mlsteps.drift;

import io.mlsteps.testing.Req;

import io.mlsteps.contract.steps.CheckDriftRequest;

import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.result.StepStatus;
import io.mlsteps.util.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.mlsteps.drift.BikeSharingDriftTest.columns;
import static io.mlsteps.drift.BikeSharingDriftTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** checkDrift's rules: defaults, overrides, weights and the share rule, PSI bands, the prediction log, bad input. */
class CheckDriftStepTest {
    @TempDir
    Path dir;

    /** Small data (<= 1,000 rows): x numeric with many values, few numeric with 3, flag binary, color 4 categories. */
    private void writeSmall(String name, int rows, double shift, double redShare, long seed) throws Exception {
        Random rnd = new Random(seed);
        List<String> lines = new ArrayList<>(List.of("x,few,flag,color"));
        String[] colors = {"red", "green", "blue", "white"};
        for (int i = 0; i < rows; i++) {
            String color = rnd.nextDouble() < redShare ? "red" : colors[1 + rnd.nextInt(3)];
            lines.add(String.format(java.util.Locale.ROOT, "%.4f,%d,%s,%s", rnd.nextGaussian() + shift, rnd.nextInt(3),
                    rnd.nextBoolean() ? "yes" : "no", color));
        }
        Files.write(dir.resolve(name), lines);
    }

    private Req<CheckDriftRequest> request(String ref, String cur) {
        Req<CheckDriftRequest> q = Req.of(CheckDriftRequest.class);
        q.set("reference", ref);
        q.set("current", cur);
        return q;
    }

    @Test
    void smallReferenceGetsPValueTestsByColumnKind() throws Exception {
        writeSmall("ref.csv", 500, 0, 0.25, 1);
        writeSmall("cur.csv", 400, 1.0, 0.25, 2);
        StepResult r = run(request("ref.csv", "cur.csv"), dir, "out");
        Map<String, ColumnDrift> c = columns(r);
        assertThat(c.get("x").method()).isEqualTo(DriftMethod.KS);
        assertThat(c.get("few").method()).isEqualTo(DriftMethod.CHI_SQUARED);
        assertThat(c.get("flag").method()).isEqualTo(DriftMethod.Z);
        assertThat(c.get("color").method()).isEqualTo(DriftMethod.CHI_SQUARED);
        assertThat(c.get("x").drifted()).isTrue();   // shifted by one standard deviation
        assertThat(c.get("x").threshold()).isEqualTo(0.05);
        assertThat(c.get("few").drifted()).isFalse();
        assertThat(r.getMetrics()).containsKeys("ks[x]", "p_value[x]", "chi2[few]", "z[flag]", "psi[color]");
    }

    /**
     * A saved reference profile stands for its data: the second run, on reference-profile.json, writes the same
     * drift table and current profile and comes to the same metrics, checks and status as the run on the
     * reference data, for p-value tests on exact value counts (600 rows) and distances (5,000 rows), with missing
     * cells, NaN and a date column.
     */
    @Test
    void savedReferenceProfileGivesTheSameDriftAsTheReferenceData() throws Exception {
        for (int rows : new int[]{600, 5_000}) {
            writeMixed("ref.csv", rows, 0, 1);
            writeMixed("cur.csv", rows, 0.1, 2);
            StepResult fromData = run(request("ref.csv", "cur.csv"), dir, "data" + rows);
            Req<CheckDriftRequest> q = Req.of(CheckDriftRequest.class);
            q.set("referenceProfile", "data" + rows + "/" + CheckDriftStep.REFERENCE_PROFILE_FILE);
            q.set("current", "cur.csv");
            StepResult fromProfile = run(q, dir, "profile" + rows);
            for (String file : List.of(CheckDriftStep.DRIFT_TABLE_FILE, CheckDriftStep.CURRENT_PROFILE_FILE)) {
                assertThat(Files.readString(dir.resolve("profile" + rows).resolve(file))).as(rows + " rows: " + file)
                        .isEqualTo(Files.readString(dir.resolve("data" + rows).resolve(file)));
            }
            assertThat(fromProfile.getMetrics()).as(rows + " rows").isEqualTo(fromData.getMetrics());
            assertThat(fromProfile.getStatus()).isEqualTo(fromData.getStatus());
            assertThat(fromProfile.getChecks()).extracting(Check::name, Check::outcome)
                    .isEqualTo(fromData.getChecks().stream().map(c -> org.assertj.core.groups.Tuple.tuple(c.name(), c.outcome())).toList());
        }
    }

    /**
     * Beyond 100,000 distinct values a column is a KLL sketch, whose compaction is random (DataSketches seeds it
     * per JVM), so two runs over the same data may differ within the error bound. The saved profile still keeps
     * the sketch exactly: loaded, it re-saves to the same file and gives the same drift as the profile in memory.
     */
    @Test
    void savedSketchedProfileLoadsExactly() throws Exception {
        writeMixed("ref.csv", 120_000, 0, 1);
        writeMixed("cur.csv", 120_000, 0.1, 2);
        DriftProfile reference = DriftProfile.of(dir.resolve("ref.csv"), io.mlsteps.data.ReadOptions.defaults(), io.mlsteps.util.StepLog.silent());
        DriftProfile current = DriftProfile.of(dir.resolve("cur.csv"), io.mlsteps.data.ReadOptions.defaults(), io.mlsteps.util.StepLog.silent());
        assertThat(reference.columns().get("x").isExact()).isFalse();
        reference.save(dir.resolve("saved.json"));
        DriftProfile loaded = DriftProfile.load(dir.resolve("saved.json"));
        loaded.save(dir.resolve("resaved.json"));
        assertThat(Files.readString(dir.resolve("resaved.json"))).isEqualTo(Files.readString(dir.resolve("saved.json")));
        DriftSettings settings = new DriftSettings().columns(List.of("x", "n", "c"));
        var fromMemory = new DriftAnalyzer(settings).analyze(reference, current);
        var fromFile = new DriftAnalyzer(settings).analyze(loaded, current);
        assertThat(fromFile.columns()).isEqualTo(fromMemory.columns());
        assertThat(fromFile.columns().get(0).errorBound()).isPositive();
        assertThat(fromFile.driftShare()).isEqualTo(fromMemory.driftShare());
    }

    /** x continuous (distinct per row), n integers, c categories, d dates; some cells missing, some NaN. */
    private void writeMixed(String name, int rows, double shift, long seed) throws Exception {
        Random rnd = new Random(seed);
        List<String> lines = new ArrayList<>(List.of("x,n,c,d"));
        for (int i = 0; i < rows; i++) {
            String x = i % 97 == 0 ? "" : i % 89 == 0 ? "NaN" : String.format(java.util.Locale.ROOT, "%.6f", rnd.nextGaussian() + shift);
            lines.add(x + "," + rnd.nextInt(12) + "," + (char) ('a' + rnd.nextInt(rnd.nextDouble() < shift ? 6 : 5)) + ","
                    + String.format(java.util.Locale.ROOT, "2024-%02d-%02d", 1 + rnd.nextInt(12), 1 + rnd.nextInt(28)));
        }
        Files.write(dir.resolve(name), lines);
    }

    @Test
    void methodAndThresholdOverridesDoNotResetEachOther() throws Exception {
        writeSmall("ref.csv", 500, 0, 0.25, 1);
        writeSmall("cur.csv", 400, 0.3, 0.25, 2);
        Req<CheckDriftRequest> q = request("ref.csv", "cur.csv");
        q.set("threshold", 0.2);                                    // global threshold
        q.set("columnMethods", Map.of("x", "wasserstein", "color", "linf"));
        q.set("columnThresholds", Map.of("x", 0.9, "flag", 0.5));  // x: own threshold survives its method override
        Map<String, ColumnDrift> c = columns(run(q, dir, "out"));
        assertThat(c.get("x").method()).isEqualTo(DriftMethod.WASSERSTEIN);
        assertThat(c.get("x").threshold()).isEqualTo(0.9);
        assertThat(c.get("x").drifted()).isFalse();
        assertThat(c.get("color").method()).isEqualTo(DriftMethod.L_INFINITY);
        assertThat(c.get("color").threshold()).isEqualTo(0.2);  // global threshold, own method
        assertThat(c.get("flag").method()).isEqualTo(DriftMethod.Z); // default method, own threshold
        assertThat(c.get("flag").threshold()).isEqualTo(0.5);
        assertThat(c.get("few").threshold()).isEqualTo(0.2);

        Req<CheckDriftRequest> global = request("ref.csv", "cur.csv");
        global.set("method", "psi");
        Map<String, ColumnDrift> g = columns(run(global, dir, "global"));
        assertThat(g.values()).allSatisfy(d -> {
            assertThat(d.method()).isEqualTo(DriftMethod.PSI);
            assertThat(d.threshold()).isEqualTo(0.1);
            assertThat(d.score()).isEqualTo(d.psi());
        });
    }

    @Test
    void weightedShareDecidesDatasetDrift() throws Exception {
        writeSmall("ref.csv", 800, 0, 0.25, 1);
        writeSmall("cur.csv", 800, 1.0, 0.25, 3); // only x drifts
        StepResult plain = run(request("ref.csv", "cur.csv"), dir, "plain");
        assertThat(plain.getMetrics().get("drifted_columns")).isEqualTo(1.0);
        assertThat(plain.getMetrics().get("drift_share")).isEqualTo(0.25);
        assertThat(plain.getMetrics().get("dataset_drift")).isEqualTo(0.0);

        Req<CheckDriftRequest> weighted = request("ref.csv", "cur.csv");
        weighted.set("columnWeights", Map.of("x", 3.0));            // 3 / (3 + 1 + 1 + 1) = 0.5
        StepResult w = run(weighted, dir, "weighted");
        assertThat(w.getMetrics().get("drift_share")).isEqualTo(0.5);
        assertThat(w.getMetrics().get("dataset_drift")).isEqualTo(1.0);
        Check dataset = w.getChecks().stream().filter(ch -> ch.name().equals("drift:dataset")).findFirst().orElseThrow();
        assertThat(dataset.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(dataset.criticality()).isEqualTo(Criticality.UNSTABLE);

        weighted.set("driftShare", 0.6);
        assertThat(run(weighted, dir, "weighted2").getMetrics().get("dataset_drift")).isEqualTo(0.0);
        weighted.set("driftShare", 0.5);
        weighted.set("driftCriticality", "FAILURE");
        assertThat(run(weighted, dir, "weighted3").getStatus()).isEqualTo(StepStatus.FAILURE);
    }

    @Test
    void psiBandsAreGates() throws Exception {
        writeSmall("ref.csv", 1000, 0, 0.25, 1);
        writeSmall("cur.csv", 1000, 0, 0.70, 2); // red: 25% -> 70%
        Req<CheckDriftRequest> q = request("ref.csv", "cur.csv");
        StepResult r = run(q, dir, "out");
        double psi = r.getMetrics().get("psi[color]");
        assertThat(psi).isGreaterThan(0.25);
        Check c = r.getChecks().stream().filter(ch -> ch.name().equals("psi:color")).findFirst().orElseThrow();
        assertThat(c.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(c.criticality()).isEqualTo(Criticality.FAILURE);
        assertThat(r.getStatus()).isEqualTo(StepStatus.FAILURE);

        q.set("psiFailure", psi + 1);                                  // now within the UNSTABLE band
        StepResult u = run(q, dir, "out2");
        Check cu = u.getChecks().stream().filter(ch -> ch.name().equals("psi:color")).findFirst().orElseThrow();
        assertThat(cu.criticality()).isEqualTo(Criticality.UNSTABLE);
        q.set("psiGates", false);
        assertThat(run(q, dir, "out3").getChecks()).noneMatch(ch -> ch.name().startsWith("psi:"));
    }

    @Test
    void predictionLogInTimeWindowWithLabelsAndStaleness() throws Exception {
        Instant now = Instant.parse("2024-05-02T12:00:00Z");
        Random rnd = new Random(5);
        List<String> ref = new ArrayList<>(List.of("age,city,prediction"));
        for (int i = 0; i < 600; i++) {
            ref.add((20 + rnd.nextInt(40)) + "," + (rnd.nextBoolean() ? "Oslo" : "Rome") + "," + (rnd.nextDouble() < 0.3 ? "yes" : "no"));
        }
        Files.write(dir.resolve("ref.csv"), ref);
        List<String> log = new ArrayList<>();
        List<String> labels = new ArrayList<>(List.of("requestId,label"));
        for (int i = 0; i < 900; i++) {
            boolean old = i < 300; // 2 days old: outside 'since: 24h'
            Instant t = now.minusSeconds(old ? 2 * 86400 + i : i * 60L);
            String pred = rnd.nextDouble() < (old ? 0.3 : 0.8) ? "yes" : "no";
            log.add("{\"time\":\"" + t + "\",\"model\":\"m\",\"version\":1,\"requestId\":\"r" + i + "\",\"inputs\":{\"age\":"
                    + (20 + rnd.nextInt(40)) + ",\"city\":\"" + (rnd.nextBoolean() ? "Oslo" : "Rome")
                    + "\"},\"output\":{\"label\":\"" + pred + "\",\"scores\":{\"yes\":0.5,\"no\":0.5}}}");
            labels.add("r" + i + "," + (i % 2 == 0 ? pred : "no"));
        }
        for (int i = 0; i < 50; i++) { // a shadow model's answers: never seen by clients, skipped
            log.add("{\"time\":\"" + now.minusSeconds(i) + "\",\"model\":\"m\",\"version\":2,\"role\":\"shadow\","
                    + "\"requestId\":\"s" + i + "\",\"inputs\":{\"age\":99,\"city\":\"Oslo\"},\"output\":{\"label\":\"yes\"}}");
        }
        // the log rotated once: the older half is in predictions.jsonl.1
        Files.write(dir.resolve("predictions.jsonl.1"), log.subList(0, 450));
        Files.write(dir.resolve("predictions.jsonl"), log.subList(450, log.size()));
        Files.write(dir.resolve("labels.csv"), labels);
        Files.writeString(dir.resolve("metrics.json"), "{\"metrics\": {\"accuracy\": 0.95}}");
        Req<CheckDriftRequest> q = Req.of(CheckDriftRequest.class);
        q.set("reference", "ref.csv");
        q.set("predictionLog", "predictions.jsonl");
        q.set("since", "24h");
        q.set("asOf", now.toString());
        q.set("labels", "labels.csv");
        q.set("referenceMetrics", "metrics.json");
        q.set("maxModelAge", "30d");
        q.set("registeredAt", "2024-03-01T00:00:00Z");
        StepResult r = run(q, dir, "out");
        @SuppressWarnings("unchecked")
        Map<String, Object> window = (Map<String, Object>) r.getDetails().get("window");
        assertThat(window.get("predictions")).isEqualTo(600L);
        assertThat(window.get("outsideWindow")).isEqualTo(300L);
        Check prediction = r.getChecks().stream().filter(c -> c.name().equals("drift:prediction")).findFirst().orElseThrow();
        assertThat(prediction.outcome()).isEqualTo(CheckOutcome.FAILED); // 30% yes -> 80% yes
        assertThat(r.getMetrics()).containsKeys("accuracy", "delta[accuracy]", "model_age_days");
        assertThat(r.getMetrics().get("accuracy")).isLessThan(0.9);
        Check perf = r.getChecks().stream().filter(c -> c.name().equals("performance:accuracy")).findFirst().orElseThrow();
        assertThat(perf.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(perf.criticality()).isEqualTo(Criticality.FAILURE);
        Check stale = r.getChecks().stream().filter(c -> c.name().equals("staleness")).findFirst().orElseThrow();
        assertThat(stale.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(columns(r).get("age").drifted()).isFalse();
    }

    @Test
    void nanRatiosAndSchemaAnomaliesAreChecked() throws Exception {
        List<String> ref = new ArrayList<>(List.of("a,b,c"));
        List<String> cur = new ArrayList<>(List.of("a,b,d"));
        for (int i = 0; i < 200; i++) {
            ref.add(i + ",x" + (i % 3) + "," + i);
            cur.add((i % 10 == 0 ? "NaN" : i % 10 == 1 ? "Infinity" : String.valueOf(i)) + ",x" + (i % 4) + "," + i);
        }
        Files.write(dir.resolve("ref.csv"), ref);
        Files.write(dir.resolve("cur.csv"), cur);
        StepResult r = run(request("ref.csv", "cur.csv"), dir, "out");
        assertThat(r.getMetrics().get("nan_ratio[a]")).isEqualTo(0.2);
        assertThat(r.getChecks()).anyMatch(c -> c.name().equals("nan:a") && c.outcome() == CheckOutcome.FAILED);
        assertThat(r.getChecks()).anyMatch(c -> c.name().equals("anomaly:MISSING_COLUMN:c"));
        assertThat(r.getChecks()).anyMatch(c -> c.name().equals("anomaly:NEW_COLUMN:d"));
        assertThat(r.getChecks()).anyMatch(c -> c.name().equals("anomaly:NEW_CATEGORIES:b"));
    }

    @Test
    void badInputIsReportedWithTheArgumentOrFileLine() throws Exception {
        writeSmall("ref.csv", 100, 0, 0.25, 1);
        writeSmall("cur.csv", 100, 0, 0.25, 2);
        assertThatThrownBy(() -> run(Req.of(CheckDriftRequest.class), dir, "a")).isInstanceOf(InputException.class)
                .hasMessageContaining("reference").hasMessageContaining("is required");
        Req<CheckDriftRequest> both = request("ref.csv", "cur.csv");
        both.set("predictionLog", "x.jsonl");
        assertThatThrownBy(() -> run(both, dir, "b")).hasMessageContaining("only one of current and predictionLog");
        Req<CheckDriftRequest> unknown = request("ref.csv", "cur.csv");
        unknown.set("columnMethods", Map.of("x", "magic"));
        assertThatThrownBy(() -> run(unknown, dir, "c")).isInstanceOf(InputException.class)
                .hasMessageContaining("columnMethods.x").hasMessageContaining("unknown drift method 'magic'");
        Req<CheckDriftRequest> ksOnText = request("ref.csv", "cur.csv");
        ksOnText.set("columnMethods", Map.of("color", "ks"));
        assertThatThrownBy(() -> run(ksOnText, dir, "d")).hasMessageContaining("needs a numeric column");
        Req<CheckDriftRequest> missingFile = request("nope.csv", "cur.csv");
        assertThatThrownBy(() -> run(missingFile, dir, "e")).isInstanceOf(InputException.class)
                .hasMessageContaining("nope.csv").hasMessageContaining("file not found");
        Files.writeString(dir.resolve("bad.jsonl"), "{\"time\":\"2024-05-01T00:00:00Z\",\"inputs\":{},\"output\":{\"value\":1}}\n{oops\n");
        Req<CheckDriftRequest> badLog = Req.of(CheckDriftRequest.class);
        badLog.set("reference", "ref.csv");
        badLog.set("predictionLog", "bad.jsonl");
        assertThatThrownBy(() -> run(badLog, dir, "f")).isInstanceOf(InputException.class).hasMessageContaining("bad.jsonl:2");
        Req<CheckDriftRequest> badAge = request("ref.csv", "cur.csv");
        badAge.set("maxModelAge", "soon");
        badAge.set("registeredAt", "2024-01-01T00:00:00Z");
        assertThatThrownBy(() -> run(badAge, dir, "g")).hasMessageContaining("maxModelAge").hasMessageContaining("not a duration");
        Files.writeString(dir.resolve("ragged.csv"), "x,few,flag,color\n1,2,yes,red\n1,2\n");
        assertThatThrownBy(() -> run(request("ref.csv", "ragged.csv"), dir, "h")).isInstanceOf(InputException.class)
                .hasMessageContaining("ragged.csv:3");
        Req<CheckDriftRequest> share = request("ref.csv", "cur.csv");
        share.set("driftShare", 1.5);
        assertThatThrownBy(() -> run(share, dir, "i")).hasMessageContaining("driftShare");
    }
}
