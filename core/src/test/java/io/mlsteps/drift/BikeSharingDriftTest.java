package io.mlsteps.drift;

import io.mlsteps.testing.Req;

import io.mlsteps.contract.steps.CheckDriftRequest;

import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.run.StepRunner;
import io.mlsteps.contract.result.StepStatus;
import io.mlsteps.testing.SharedData;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The "done when": 2011 vs 2012 drifts in cnt and temperature; random halves of one year do not. */
class BikeSharingDriftTest {
    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    static Map<String, ColumnDrift> columns(StepResult r) {
        Map<String, Object> drift = (Map<String, Object>) r.getDetails().get("drift");
        Map<String, ColumnDrift> out = new java.util.LinkedHashMap<>();
        for (ColumnDrift c : (List<ColumnDrift>) drift.get("columns")) {
            out.put(c.column(), c);
        }
        return out;
    }

    static StepResult run(Req<CheckDriftRequest> q, Path workDir, String out) throws Exception {
        return new StepRunner().run(new CheckDriftStep(), q.build(),
                new StepContext(workDir, workDir.resolve(out), StepLog.silent(), Map.of()));
    }

    @Test
    void year2011Versus2012FlagsCountAndTemperature() throws Exception {
        Path bike = SharedData.require("drift/bike_sharing_hour.csv");
        List<String> lines = Files.readAllLines(bike);
        List<String> y2011 = new ArrayList<>(List.of(lines.get(0)));
        List<String> y2012 = new ArrayList<>(List.of(lines.get(0)));
        for (String l : lines.subList(1, lines.size())) {
            (l.split(",")[3].equals("0") ? y2011 : y2012).add(l);
        }
        Files.write(dir.resolve("2011.csv"), y2011);
        Files.write(dir.resolve("2012.csv"), y2012);
        Req<CheckDriftRequest> q = Req.of(CheckDriftRequest.class);
        q.set("reference", "2011.csv");
        q.set("current", "2012.csv");
        StepResult r = run(q, dir, "out");
        Map<String, ColumnDrift> cols = columns(r);
        for (String c : List.of("cnt", "temp", "atemp")) {
            assertThat(cols.get(c).drifted()).as(c + " drifted").isTrue();
            assertThat(cols.get(c).method()).isEqualTo(DriftMethod.WASSERSTEIN);
        }
        assertThat(cols).doesNotContainKey("dteday"); // a date column is skipped, not tested
        assertThat(r.getMetrics()).containsKeys("drift_share", "drifted_columns", "psi[cnt]", "wasserstein[cnt]");
        assertThat(r.getStatus()).isNotEqualTo(StepStatus.SUCCESS);
        assertThat(r.getCharts()).isNotEmpty();
        assertThat(dir.resolve("out/charts/drift-distances.png")).exists();
        assertThat(dir.resolve("out").resolve(CheckDriftStep.REFERENCE_PROFILE_FILE)).exists();

        // the same verdicts from the saved reference profile, without re-reading the reference data
        Req<CheckDriftRequest> again = Req.of(CheckDriftRequest.class);
        again.set("referenceProfile", "out/" + CheckDriftStep.REFERENCE_PROFILE_FILE);
        again.set("current", "2012.csv");
        Map<String, ColumnDrift> fromProfile = columns(run(again, dir, "again"));
        for (var e : cols.entrySet()) {
            assertThat(fromProfile.get(e.getKey()).score()).as(e.getKey()).isEqualTo(e.getValue().score());
        }
    }

    @Test
    void randomHalvesOfOneYearRaiseNoAlarm() throws Exception {
        Path bike = SharedData.require("drift/bike_sharing_hour.csv");
        List<String> lines = Files.readAllLines(bike);
        List<String> y2011 = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            if (l.split(",")[3].equals("0")) {
                y2011.add(l);
            }
        }
        for (long seed = 1; seed <= 5; seed++) {
            List<String> shuffled = new ArrayList<>(y2011);
            Collections.shuffle(shuffled, new Random(seed));
            int half = shuffled.size() / 2;
            List<String> a = new ArrayList<>(List.of(lines.get(0)));
            a.addAll(shuffled.subList(0, half));
            List<String> b = new ArrayList<>(List.of(lines.get(0)));
            b.addAll(shuffled.subList(half, shuffled.size()));
            Files.write(dir.resolve("a.csv"), a);
            Files.write(dir.resolve("b.csv"), b);
            Req<CheckDriftRequest> q = Req.of(CheckDriftRequest.class);
            q.set("reference", "a.csv");
            q.set("current", "b.csv");
            StepResult r = run(q, dir, "halves" + seed);
            assertThat(r.getMetrics().get("dataset_drift")).as("seed " + seed).isEqualTo(0.0);
            assertThat(r.getMetrics().get("drifted_columns")).as("seed " + seed + ": " + r.getSummary()).isEqualTo(0.0);
            assertThat(r.getStatus()).as("seed " + seed + ": " + r.failedChecks()).isEqualTo(StepStatus.SUCCESS);
        }
    }
}
