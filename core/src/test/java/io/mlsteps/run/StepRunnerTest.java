package io.mlsteps.run;

import io.mlsteps.step.MlStep;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.LineageRef;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.result.StepStatus;
import io.mlsteps.contract.steps.StepRequest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.gate.QualityGate;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The runner every front end uses: gates, the step folder, and OpenLineage run events for any step. */
class StepRunnerTest {
    @TempDir
    Path work;

    /** A test request: not one of the seven, so it names its gates itself. */
    record Request(boolean fail, List<QualityGate> qualityGates) implements StepRequest {
        Request() {
            this(false, List.of());
        }
    }

    /** A step that reads one dataset and reports one metric, or throws when asked to. */
    static class ReadingStep implements MlStep<Request> {
        @Override
        public String name() {
            return "readingStep";
        }

        @Override
        public Class<Request> requestType() {
            return Request.class;
        }

        @Override
        public StepResult execute(Request request, StepContext context) {
            if (request.fail()) {
                throw new IllegalStateException("boom");
            }
            StepResult result = new StepResult(name());
            result.putMetric("accuracy", 0.8);
            result.getLineage().add(new LineageRef("dataset", "input", "data/train.csv", "ab".repeat(32), null));
            return result;
        }
    }

    private StepContext context(Map<String, String> env) {
        return new StepContext(work, Path.of(".mlsteps/readingStep"), StepLog.silent(), env);
    }

    @Test
    void appliesTheGatesAndWritesTheStepFolder() throws Exception {
        Request request = new Request(false, List.of(QualityGate.threshold("accuracy", 0.85, Criticality.FAILURE)));
        StepResult result = new StepRunner().run(new ReadingStep(), request, context(Map.of()));

        assertThat(result.getStatus()).isEqualTo(StepStatus.FAILURE);
        Path dir = work.resolve(".mlsteps/readingStep");
        JsonNode json = Json.mapper().readTree(dir.resolve("result.json").toFile());
        assertThat(json.get("status").asText()).isEqualTo("FAILURE");
        assertThat(json.get("checks").get(0).get("outcome").asText()).isEqualTo("FAILED");
        assertThat(Files.readString(dir.resolve("junit.xml"))).contains("failures=\"1\"").contains("gate:accuracy");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("misses the gate &gt;= 0.85");
        // what a step writes, every reader reads back (the report command, the runner): no derived fields
        assertThat(json.get("checks").get(0).has("gate")).isFalse();
        StepResult back = Json.read(dir.resolve("result.json"), StepResult.class);
        assertThat(back.getChecks()).hasSize(1);
        assertThat(back.getChecks().get(0).isGate()).isTrue();
    }

    @Test
    void theResultRecordsTheEngineThatWroteIt() throws Exception {
        new StepRunner().run(new ReadingStep(), new Request(), context(Map.of()));

        JsonNode json = Json.mapper().readTree(work.resolve(".mlsteps/readingStep/result.json").toFile());
        io.mlsteps.util.EngineVersion engine = io.mlsteps.util.EngineVersion.current();
        assertThat(json.get("engine").get("name").asText()).isEqualTo("mlsteps");
        assertThat(json.get("engine").get("version").asText()).isEqualTo(engine.version()).isNotEqualTo("unknown");
        assertThat(json.get("engine").get("commit").asText()).isEqualTo(engine.commit());
        assertThat(json.get("engine").get("buildDate").asText()).isEqualTo(engine.buildDate());
        // read back, the result keeps the engine that wrote it
        StepResult back = Json.read(work.resolve(".mlsteps/readingStep/result.json"), StepResult.class);
        assertThat(back.getEngine()).isEqualTo(engine.asMap());
    }

    @Test
    void emitsOpenLineageStartAndCompleteWithTheInputDatasetWhenConfigured() throws Exception {
        new StepRunner().run(new ReadingStep(), new Request(), context(Map.of("OPENLINEAGE_URL", "lineage/events.jsonl")));

        List<String> lines = Files.readAllLines(work.resolve("lineage/events.jsonl"));
        assertThat(lines).hasSize(2);
        JsonNode start = Json.mapper().readTree(lines.get(0));
        JsonNode complete = Json.mapper().readTree(lines.get(1));
        assertThat(start.get("eventType").asText()).isEqualTo("START");
        assertThat(complete.get("eventType").asText()).isEqualTo("COMPLETE");
        assertThat(complete.get("run").get("runId").asText()).isEqualTo(start.get("run").get("runId").asText());
        assertThat(complete.get("job").get("name").asText()).isEqualTo("readingStep");
        assertThat(complete.get("inputs").toString()).contains("ab".repeat(32));
    }

    @Test
    void emitsFailWhenTheStepThrowsAndNothingWithoutConfiguration() throws Exception {
        Request failing = new Request(true, List.of());
        assertThatThrownBy(() -> new StepRunner().run(new ReadingStep(), failing,
                context(Map.of("OPENLINEAGE_URL", "events.jsonl")))).hasMessage("boom");
        List<String> lines = Files.readAllLines(work.resolve("events.jsonl"));
        assertThat(lines).hasSize(2);
        assertThat(Json.mapper().readTree(lines.get(1)).get("eventType").asText()).isEqualTo("FAIL");

        new StepRunner().run(new ReadingStep(), new Request(), context(Map.of()));
        try (var files = Files.list(work)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(".mlsteps", "events.jsonl");
        }
    }

    /** A step that emits its own lineage (as registerModel does): the runner adds no run of its own. */
    static class SelfLineageStep extends ReadingStep {
        @Override
        public boolean emitsOwnLineage() {
            return true;
        }
    }

    @Test
    void aStepThatEmitsItsOwnLineageGetsNoRunFromTheRunnerWhateverItsName() throws Exception {
        new StepRunner().run(new SelfLineageStep(), new Request(), context(Map.of("OPENLINEAGE_URL", "own.jsonl")));
        assertThat(work.resolve("own.jsonl")).doesNotExist();
        assertThat(work.resolve(".mlsteps/readingStep/result.json")).exists();
    }
}
