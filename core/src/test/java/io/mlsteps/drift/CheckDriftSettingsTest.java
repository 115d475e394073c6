package io.mlsteps.drift;

import io.mlsteps.contract.steps.CheckDriftRequest;
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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * checkDrift's arguments are checked before anything is read: each rule names its argument, and several wrong
 * arguments are reported together in one input error while no data file is opened (the files named do not even
 * exist, yet the error is about the arguments).
 */
class CheckDriftSettingsTest {
    private static final Instant AS_OF = Instant.parse("2024-05-02T12:00:00Z");

    @TempDir
    Path dir;

    private static Req<CheckDriftRequest> files() {
        return Req.of(CheckDriftRequest.class).set("reference", "ref.csv").set("current", "cur.csv");
    }

    private static Req<CheckDriftRequest> log() {
        return Req.of(CheckDriftRequest.class).set("reference", "ref.csv").set("predictionLog", "predictions.jsonl")
                .set("asOf", AS_OF.toString());
    }

    private static CheckDriftStep.Settings settings(Req<CheckDriftRequest> q) {
        return CheckDriftStep.Settings.of(q.build());
    }

    private static String error(Req<CheckDriftRequest> q) {
        try {
            settings(q);
        } catch (InputException e) {
            return e.getMessage();
        }
        throw new AssertionError("no input error for " + q.args());
    }

    private StepContext context() {
        return new StepContext(dir, dir.resolve("out"), StepLog.silent(), Map.of());
    }

    @Test
    void twoWrongArgumentsAreOneErrorNamingBothAndNoDataIsRead() throws Exception {
        Req<CheckDriftRequest> q = Req.of(CheckDriftRequest.class).set("reference", "missing-reference.csv")
                .set("current", "missing-current.csv").set("driftShare", 1.5).set("psiUnstable", 0.5)
                .set("psiFailure", 0.2);
        assertThatThrownBy(() -> new CheckDriftStep().execute(q.build(), context()))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("2 arguments are wrong:")
                .hasMessageContaining("driftShare: must be in (0, 1] but is 1.5")
                .hasMessageContaining("psiUnstable: must not exceed psiFailure (0.2)")
                .hasMessageNotContaining("missing-reference.csv")
                .hasMessageNotContaining("file not found");
        // nothing was written either: no profile, no cache, not even the step folder's files
        assertThat(dir.resolve(CheckDriftStep.REFERENCE_CACHE_DIR)).doesNotExist();
        assertThat(dir.resolve("out").resolve(CheckDriftStep.CURRENT_PROFILE_FILE)).doesNotExist();
    }

    @Test
    void everyProblemOfARequestIsListedOncePerLineInTheOrderTheyAreChecked() {
        Req<CheckDriftRequest> q = Req.of(CheckDriftRequest.class).set("driftShare", 0.0).set("asOf", "yesterday")
                .set("method", "magic").set("columnThresholds", Map.of("x", -1.0)).set("columnWeights", Map.of("y", -2.0))
                .set("maxModelAge", "30d");
        String message = error(q);
        assertThat(message.lines().toList()).containsExactly(
                "8 arguments are wrong:",
                "  reference: is required: give reference (a data file or folder), referenceProfile (a saved profile) or model",
                "  current: is required: give current (a data file or folder) or predictionLog (the model server's log)",
                "  driftShare: must be in (0, 1] but is 0.0",
                "  asOf: 'yesterday' is not an ISO-8601 instant such as 2024-05-01T00:00:00Z",
                "  method: unknown drift method 'magic'; expected one of [ks, wasserstein, psi, jensen_shannon, chi2, z, linf]",
                "  columnThresholds.x: must be a number >= 0",
                "  columnWeights.y: must be a number >= 0",
                "  maxModelAge: needs the model's registration time: give model (a registered version) or registeredAt "
                        + "(ISO-8601)");
    }

    @Test
    void aSingleProblemKeepsItsOwnMessage() {
        assertThat(error(files().set("driftShare", 1.5))).isEqualTo("driftShare: must be in (0, 1] but is 1.5");
        assertThat(error(files().set("reference", null)))
                .isEqualTo("reference: is required: give reference (a data file or folder), referenceProfile (a saved "
                        + "profile) or model");
    }

    @Test
    void exactlyOneReferenceAndOneCurrentSource() {
        assertThat(error(files().set("referenceProfile", "saved.json")))
                .isEqualTo("reference: give only one of reference, referenceProfile and model");
        assertThat(error(files().set("model", "adult@production")))
                .isEqualTo("reference: give only one of reference, referenceProfile and model");
        assertThat(error(files().set("predictionLog", "p.jsonl")))
                .isEqualTo("current: give only one of current and predictionLog");
        assertThat(error(Req.of(CheckDriftRequest.class).set("reference", "r.csv").set("current", "  ")))
                .as("a blank value is not a source").startsWith("current: is required");
        assertThat(settings(Req.of(CheckDriftRequest.class).set("referenceProfile", "saved.json").set("current", "c.csv")))
                .isNotNull();
    }

    @Test
    void driftShareIsAFractionAboveZeroUpToOne() {
        assertThat(settings(files().set("driftShare", 1.0)).analysis().driftShare).isEqualTo(1.0);
        assertThat(settings(files().set("driftShare", 1e-9)).analysis().driftShare).isEqualTo(1e-9);
        assertThat(error(files().set("driftShare", 0.0))).contains("driftShare: must be in (0, 1]");
        assertThat(error(files().set("driftShare", -0.5))).contains("driftShare: must be in (0, 1]");
        assertThat(error(files().set("driftShare", 1.0000001))).contains("driftShare: must be in (0, 1]");
    }

    @Test
    void thePsiBandsMayMeetButNotCross() {
        CheckDriftStep.Settings equal = settings(files().set("psiUnstable", 0.2).set("psiFailure", 0.2));
        assertThat(equal).isNotNull();
        assertThat(error(files().set("psiUnstable", 0.3).set("psiFailure", 0.2)))
                .isEqualTo("psiUnstable: must not exceed psiFailure (0.2)");
    }

    @Test
    void asOfIsTheTimeTheStepJudgesAtElseNow() {
        assertThat(settings(files().set("asOf", "2024-05-02T12:00:00Z")).now()).isEqualTo(AS_OF);
        Instant before = Instant.now();
        Instant now = settings(files()).now();
        assertThat(now).isBetween(before, Instant.now());
        assertThat(error(files().set("asOf", "2024-05-02"))).startsWith("asOf: '2024-05-02' is not an ISO-8601 instant");
    }

    @Test
    void thePredictionLogWindowIsSinceToUntilBeforeAsOf() {
        CheckDriftStep.Settings all = settings(log());
        assertThat(all.from()).as("no since: the whole log").isNull();
        assertThat(all.to()).isEqualTo(AS_OF);
        CheckDriftStep.Settings day = settings(log().set("since", "24h").set("until", "PT6H"));
        assertThat(day.from()).isEqualTo(AS_OF.minus(Duration.ofHours(24)));
        assertThat(day.to()).isEqualTo(AS_OF.minus(Duration.ofHours(6)));
        CheckDriftStep.Settings instants = settings(log().set("since", "2024-04-01T00:00:00Z"));
        assertThat(instants.from()).isEqualTo(Instant.parse("2024-04-01T00:00:00Z"));
        assertThat(error(log().set("since", "last week"))).startsWith("since: ");
        assertThat(error(log().set("until", "soon"))).startsWith("until: ");
    }

    @Test
    void aWindowIsOnlyReadWithAPredictionLog() {
        CheckDriftStep.Settings s = settings(files().set("since", "not a time").set("until", "24h"));
        assertThat(s.from()).isNull();
        assertThat(s.to()).isNull();
    }

    @Test
    void thePredictionColumnIsTheArgumentElseTheLogsOwn() {
        assertThat(settings(files()).predictionColumn()).isNull();
        assertThat(settings(files().set("predictionColumn", "yhat")).predictionColumn()).isEqualTo("yhat");
        assertThat(settings(log()).predictionColumn()).isEqualTo(PredictionLogReader.PREDICTION);
        assertThat(settings(log().set("predictionColumn", "p")).predictionColumn()).isEqualTo("p");
    }

    @Test
    void performanceIsMeasuredWithLabelsAndNeedsThePredictions() {
        assertThat(settings(files()).measuresPerformance()).isFalse();
        assertThat(settings(files().set("labelColumn", "y").set("predictionColumn", "p")).measuresPerformance()).isTrue();
        assertThat(settings(log().set("labels", "labels.csv")).measuresPerformance()).isTrue();
        assertThat(error(files().set("labelColumn", "y")))
                .isEqualTo("predictionColumn: is required to measure performance: the column holding the model's predictions");
        assertThat(error(files().set("labels", "labels.csv"))).startsWith("predictionColumn: is required");
    }

    @Test
    void methodsThresholdsAndWeightsBecomeTheAnalysisSettings() {
        CheckDriftStep.Settings s = settings(files().set("method", "Jensen-Shannon").set("threshold", 0.2)
                .set("columnMethods", Map.of("x", "KS")).set("columnThresholds", Map.of("x", 0.01))
                .set("columnWeights", Map.of("x", 0.0)).set("columns", List.of("x", "y"))
                .set("excludeColumns", List.of("id")).set("driftShare", 0.3));
        DriftSettings a = s.analysis();
        assertThat(a.methodFor("y", null)).isEqualTo(DriftMethod.JENSEN_SHANNON);
        assertThat(a.methodFor("x", null)).isEqualTo(DriftMethod.KS);
        assertThat(a.thresholdFor("x", DriftMethod.KS)).isEqualTo(0.01);
        assertThat(a.thresholdFor("y", DriftMethod.JENSEN_SHANNON)).isEqualTo(0.2);
        assertThat(a.weightFor("x")).isZero();
        assertThat(a.weightFor("y")).isEqualTo(1.0);
        assertThat(a.columns).containsExactly("x", "y");
        assertThat(a.excludeColumns).containsExactly("id");
        assertThat(a.driftShare).isEqualTo(0.3);
        assertThat(settings(files()).analysis().columns).as("no columns: those both sides share, later").isNull();
    }

    @Test
    void everyBadColumnSettingIsNamedWithItsColumn() {
        String message = error(files().set("columnMethods", Map.of("a", "ks", "b", "nope"))
                .set("columnThresholds", Map.of("c", -0.1)).set("columnWeights", Map.of("d", -1.0)));
        assertThat(message).startsWith("3 arguments are wrong:")
                .contains("columnMethods.b: unknown drift method 'nope'")
                .contains("columnThresholds.c: must be a number >= 0")
                .contains("columnWeights.d: must be a number >= 0")
                .doesNotContain("columnMethods.a");
    }

    @Test
    void theModelsAgeNeedsARegistrationTime() {
        assertThat(settings(files()).registeredAt()).as("no maxModelAge: not needed").isNull();
        assertThat(settings(files().set("registeredAt", "garbage")).registeredAt())
                .as("registeredAt is only read for maxModelAge").isNull();
        CheckDriftStep.Settings given = settings(files().set("maxModelAge", "30d").set("registeredAt", "2024-03-01T00:00:00Z"));
        assertThat(given.registeredAt()).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
        CheckDriftStep.Settings fromModel = settings(Req.of(CheckDriftRequest.class).set("model", "m@1")
                .set("current", "c.csv").set("maxModelAge", "30d"));
        assertThat(fromModel.registeredAt()).as("the registered version's time, later").isNull();
        assertThat(error(files().set("maxModelAge", "30d").set("registeredAt", "March")))
                .startsWith("registeredAt: 'March' is not an ISO-8601 instant");
    }

    @Test
    void argumentProblemsComeBeforeTheRegistryIsOpened() throws Exception {
        Path registry = dir.resolve("no-registry-here");
        Req<CheckDriftRequest> q = Req.of(CheckDriftRequest.class).set("model", "adult@production")
                .set("registry", registry.toString()).set("current", "c.csv").set("driftShare", 2.0);
        assertThatThrownBy(() -> new CheckDriftStep().execute(q.build(), context())).isInstanceOf(InputException.class)
                .hasMessage("driftShare: must be in (0, 1] but is 2.0");
        assertThat(registry).doesNotExist();
        assertThat(Files.list(dir).toList()).isEmpty();
    }
}
