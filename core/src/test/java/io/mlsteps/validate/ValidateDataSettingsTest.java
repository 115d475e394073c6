package io.mlsteps.validate;

import io.mlsteps.contract.result.LineageRef;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.steps.ValidateDataRequest;
import io.mlsteps.step.StepContext;
import io.mlsteps.testing.Req;
import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * validateData's arguments are checked before the data is read, all problems in one error; then the step's
 * outputs: the summary, the profile, the lineage of data and schema, the anomaly codes.
 */
class ValidateDataSettingsTest {
    static final String SCHEMA = """
            {"schemaVersion": 1, "kind": "mlsteps-schema", "minRows": 2,
             "columns": [{"name": "id", "type": "INTEGER", "unique": true},
                         {"name": "color", "type": "CATEGORICAL", "domain": ["red", "blue"], "maxMissingRatio": 0.5}]}
            """;

    @TempDir
    Path dir;

    private StepContext context() {
        return new StepContext(dir, dir.resolve("out"), StepLog.silent(), Map.of());
    }

    private ValidateDataStep.Settings settings(Req<ValidateDataRequest> q) {
        return ValidateDataStep.Settings.of(q.build(), context());
    }

    private String error(Req<ValidateDataRequest> q) {
        try {
            settings(q);
        } catch (InputException e) {
            return e.getMessage();
        }
        throw new AssertionError("no input error for " + q.args());
    }

    private Req<ValidateDataRequest> request() throws Exception {
        Files.writeString(dir.resolve("schema.json"), SCHEMA);
        Files.write(dir.resolve("data.csv"), List.of("id,color", "1,red", "2,blue", "3,"));
        return Req.of(ValidateDataRequest.class).set("data", "data.csv").set("schema", "schema.json");
    }

    @Test
    void threeWrongArgumentsAreOneErrorAndTheDataIsNotRead() throws Exception {
        Req<ValidateDataRequest> q = request().set("data", "not-there.csv").set("schema", "no-schema.json")
                .set("threads", 0);
        assertThatThrownBy(() -> new ValidateDataStep().execute(q.build(), context()))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("3 arguments are wrong:")
                .hasMessageContaining("data: file not found: not-there.csv")
                .hasMessageContaining("no-schema.json")
                .hasMessageContaining("threads: is 0; expected 1 or more");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void theProblemsAreListedOnePerLineInTheOrderOfTheArguments() throws Exception {
        String message = error(request().set("data", "nowhere.csv").set("threads", 0)
                .set("anomalyCriticality", Map.of("OUT_OF_RANGE", "LOUD")));
        assertThat(message.lines().toList()).hasSize(4).first().isEqualTo("3 arguments are wrong:");
        assertThat(message.lines().skip(1).toList()).satisfiesExactly(
                l -> assertThat(l).isEqualTo("  data: file not found: nowhere.csv"),
                l -> assertThat(l).startsWith("  anomalyCriticality: OUT_OF_RANGE: "),
                l -> assertThat(l).isEqualTo("  threads: is 0; expected 1 or more"));
    }

    @Test
    void aSingleProblemKeepsItsOwnMessage() throws Exception {
        assertThat(error(request().set("threads", -2))).isEqualTo("threads: is -2; expected 1 or more");
        assertThat(error(request().set("data", "gone.csv"))).isEqualTo("data: file not found: gone.csv");
    }

    @Test
    void aBrokenSchemaIsReportedWithTheOtherProblems() throws Exception {
        Req<ValidateDataRequest> q = request().set("threads", 0);
        Files.writeString(dir.resolve("schema.json"), "{\"columns\": []}");
        String message = error(q);
        assertThat(message).startsWith("2 arguments are wrong:")
                .contains("schema.json: lists no columns")
                .contains("threads: is 0");
    }

    @Test
    void aWrongCriticalityIsNamedWithItsCode() throws Exception {
        String message = error(request().set("anomalyCriticality", Map.of("NOT_A_CODE", "NOTE")));
        assertThat(message).startsWith("anomalyCriticality");
        assertThat(error(request().set("anomalyCriticality", Map.of("OUT_OF_RANGE", "LOUD"))))
                .startsWith("anomalyCriticality").contains("OUT_OF_RANGE");
    }

    @Test
    void theSettingsHoldTheResolvedFilesTheSchemaAndTheThreads() throws Exception {
        ValidateDataStep.Settings s = settings(request().set("threads", 3));
        assertThat(s.data()).isEqualTo(dir.resolve("data.csv"));
        assertThat(s.schemaFile()).isEqualTo(dir.resolve("schema.json"));
        assertThat(s.schema().columns()).extracting(Schema.ColumnSchema::name).containsExactly("id", "color");
        assertThat(s.threads()).isEqualTo(3);
        assertThat(s.engine().isLocal()).isTrue();
        assertThat(settings(request()).threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void theStepSummarisesProfilesAndRecordsItsInputs() throws Exception {
        StepResult r = new ValidateDataStep().execute(request().build(), context());
        assertThat(r.getSummary()).isEqualTo("3 rows, 2 columns, 0 anomalies");
        assertThat(r.getMetrics()).containsEntry("rows", 3.0).containsEntry("missing_ratio[color]", 1.0 / 3)
                .containsEntry("anomalies", 0.0);
        assertThat(dir.resolve("out/profile.json")).isRegularFile();
        assertThat(r.getOutputs()).extracting(o -> o.name()).containsExactly("profile");
        assertThat(r.getLineage()).extracting(LineageRef::kind).containsExactly("dataset", "schema");
        assertThat(r.getLineage().get(0).sha256()).isEqualTo(io.mlsteps.util.Hashing.sha256(dir.resolve("data.csv")));
        assertThat(r.getLineage().get(1).sha256()).isEqualTo(io.mlsteps.util.Hashing.sha256(dir.resolve("schema.json")));
        assertThat(r.getDetails()).containsEntry("rows", 3L);
        assertThat(r.getCharts()).isNotEmpty();
    }

    @Test
    void anomalyCodesAreListedOnceEachAndTheProfileOnlyWhenAsked() throws Exception {
        Req<ValidateDataRequest> q = request().set("writeProfile", false);
        Files.write(dir.resolve("data.csv"), List.of("id,color", "1,green", "1,pink", "2,red"));
        StepResult r = new ValidateDataStep().execute(q.build(), context());
        assertThat(r.getSummary()).isEqualTo("3 rows, 2 columns, 2 anomalies");
        assertThat(r.getDetails().get("anomalyCodes")).asString().isEqualTo("[NOT_UNIQUE, UNSEEN_CATEGORY]");
        assertThat(dir.resolve("out/profile.json")).doesNotExist();
        assertThat(r.getOutputs()).isEmpty();
    }
}
