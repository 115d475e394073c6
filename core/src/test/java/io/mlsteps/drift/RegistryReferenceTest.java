package io.mlsteps.drift;

import io.mlsteps.testing.Req;

import io.mlsteps.contract.steps.CheckDriftRequest;

import io.mlsteps.data.DatasetProfile;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.registry.LineageEvent;
import io.mlsteps.registry.ModelVersion;
import io.mlsteps.registry.Registration;
import io.mlsteps.registry.Registry;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.mlsteps.drift.BikeSharingDriftTest.columns;
import static io.mlsteps.drift.BikeSharingDriftTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A registered model version as the reference: its stored training profile, registration time and metrics. */
class RegistryReferenceTest {
    @TempDir
    Path dir;

    private Path data(String name, double shift, long seed) throws Exception {
        Random rnd = new Random(seed);
        List<String> lines = new ArrayList<>(List.of("x,city,prediction,label"));
        for (int i = 0; i < 3000; i++) {
            String p = rnd.nextBoolean() ? "yes" : "no";
            lines.add(String.format(java.util.Locale.ROOT, "%.5f,%s,%s,%s", rnd.nextGaussian() + shift,
                    rnd.nextBoolean() ? "Oslo" : "Rome", p, rnd.nextDouble() < 0.9 ? p : (p.equals("yes") ? "no" : "yes")));
        }
        Path f = dir.resolve(name);
        Files.write(f, lines);
        return f;
    }

    @Test
    void modelVersionIsTheReference() throws Exception {
        Path train = data("train.csv", 0, 1);
        Path profile = dir.resolve("training-profile.json");
        DatasetProfile.compute(train, ReadOptions.defaults(), StepLog.silent()).save(profile);
        Path artifact = dir.resolve("model.bin");
        Files.writeString(artifact, "not really a model");
        String uri = dir.resolve("registry").toString();
        ModelVersion v;
        try (Registry registry = Registry.open(uri, Map.of())) {
            v = registry.register(Registration.of("churn", artifact).profile(profile).metrics(Map.of("accuracy", 0.97)));
        }
        data("today.csv", 0.8, 2);
        Req<CheckDriftRequest> q = Req.of(CheckDriftRequest.class);
        q.set("model", "churn@1");
        q.set("registry", uri);
        q.set("current", "today.csv");
        q.set("predictionColumn", "prediction");
        q.set("labelColumn", "label");
        q.set("maxModelAge", "30d");
        q.set("asOf", v.createdAt().plus(java.time.Duration.ofDays(45)).toString());
        StepResult r = run(q, dir, "out");
        assertThat(columns(r).get("x").drifted()).isTrue();                 // shifted by 0.8 std
        assertThat(columns(r).get("x").errorBound()).as(columns(r).get("x").toString()).isGreaterThan(0); // a sketch
        assertThat(columns(r)).doesNotContainKey("label");
        assertThat(r.getMetrics().get("columns_tested")).isEqualTo(2.0); // x and city; the prediction is judged apart
        assertThat(r.getChecks()).anyMatch(c -> c.name().equals("drift:prediction") && c.outcome() == CheckOutcome.PASSED);
        Check stale = r.getChecks().stream().filter(c -> c.name().equals("staleness")).findFirst().orElseThrow();
        assertThat(stale.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(r.getMetrics().get("model_age_days")).isEqualTo(45.0, org.assertj.core.api.Assertions.within(1e-6));
        Check perf = r.getChecks().stream().filter(c -> c.name().equals("performance:accuracy")).findFirst().orElseThrow();
        assertThat(perf.outcome()).isEqualTo(CheckOutcome.FAILED);         // ~0.90 against 0.97 stored at registration
        try (Registry registry = Registry.open(uri, Map.of())) {
            assertThat(registry.events("churn", 1, LineageEvent.DRIFT)).hasSize(1);
        }

        Req<CheckDriftRequest> unknown = Req.of(CheckDriftRequest.class);
        unknown.set("model", "nope@1");
        unknown.set("registry", uri);
        unknown.set("current", "today.csv");
        assertThatThrownBy(() -> run(unknown, dir, "out2")).isInstanceOf(InputException.class);
    }
}
