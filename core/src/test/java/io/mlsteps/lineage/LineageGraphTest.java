package io.mlsteps.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.util.Json;
import io.openlineage.client.OpenLineage;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lineage graph of a model version: walking it up and down, its text and DOT renderings, its JSON round trip,
 * and its export as OpenLineage events (valid by the spec's rules, the same run ids every time).
 */
class LineageGraphTest {
    private static final String TRAIN_SHA = "aa".repeat(32);
    private static final String EVAL_SHA = "bb".repeat(32);

    /** train.csv -> adult@3 -> evaluation -> deployment; a build made the model; an alias points at it. */
    private static LineageGraph graph() {
        LineageGraph g = new LineageGraph("model:adult@3");
        g.add(new LineageNode("dataset:" + TRAIN_SHA, "dataset", "train.csv",
                Map.of("sha256", TRAIN_SHA, "uri", "data/train.csv", "rows", 1000)));
        g.add(new LineageNode("build:https://ci/job/1/", "build", "churn #1", Map.of("commit", "abc")));
        g.add(new LineageNode("model:adult@3", "modelVersion", "adult@3", attributes("name", "adult", "version", 3,
                "createdAt", "2026-01-02T03:04:05Z")));
        g.add(new LineageNode("dataset:" + EVAL_SHA, "dataset", "test.csv", Map.of("sha256", EVAL_SHA)));
        g.add(new LineageNode("evaluation:7", "evaluation", "evaluation #7", attributes("passed", true,
                "at", "2026-01-02T04:00:00Z")));
        g.add(new LineageNode("deployment:9", "deployment", "deployment #9", attributes("target", "local",
                "at", "2026-01-02T05:00:00Z")));
        g.add(new LineageNode("alias:adult@production", "alias", "production", Map.of()));
        g.link("dataset:" + TRAIN_SHA, "model:adult@3", "trained");
        g.link("build:https://ci/job/1/", "model:adult@3", "built");
        g.link("model:adult@3", "evaluation:7", "evaluated");
        g.link("dataset:" + EVAL_SHA, "evaluation:7", "on");
        g.link("model:adult@3", "deployment:9", "deployed");
        g.link("alias:adult@production", "model:adult@3", "points at");
        return g;
    }

    private static Map<String, Object> attributes(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    @Test
    void upstreamAndDownstreamWalkNearestFirst() {
        LineageGraph g = graph();
        assertThat(g.upstream("model:adult@3")).extracting(LineageNode::id)
                .containsExactly("dataset:" + TRAIN_SHA, "build:https://ci/job/1/", "alias:adult@production");
        assertThat(g.downstream("model:adult@3")).extracting(LineageNode::id)
                .containsExactly("evaluation:7", "deployment:9");
        assertThat(g.upstream("evaluation:7")).extracting(LineageNode::id).containsExactly("model:adult@3",
                "dataset:" + EVAL_SHA, "dataset:" + TRAIN_SHA, "build:https://ci/job/1/", "alias:adult@production");
        assertThat(g.downstream("deployment:9")).isEmpty();
        assertThat(g.nodes("dataset")).hasSize(2);
    }

    @Test
    void aCycleIsWalkedOnceAndASelfLinkIsIgnored() {
        LineageGraph g = new LineageGraph("a");
        g.add(new LineageNode("a", "x", "a", null)).add(new LineageNode("b", "x", "b", null));
        g.link("a", "b", "r").link("b", "a", "r").link("a", "a", "self").link(null, "a", "none");
        assertThat(g.getEdges()).hasSize(2);
        assertThat(g.downstream("a")).extracting(LineageNode::id).containsExactly("b");
        assertThat(g.upstream("a")).extracting(LineageNode::id).containsExactly("b");
    }

    @Test
    void addingANodeTwiceKeepsItsPlaceAndMergesAttributes() {
        LineageGraph g = new LineageGraph("m");
        g.add(new LineageNode("m", "modelVersion", null, Map.of("sha256", "1")));
        g.add(new LineageNode("other", "dataset", "d", Map.of()));
        g.add(new LineageNode("m", "modelVersion", "m@1", Map.of("sha256", "2", "rows", 5)));
        assertThat(g.getNodes()).extracting(LineageNode::id).containsExactly("m", "other");
        LineageNode m = g.node("m").orElseThrow();
        assertThat(m.label()).as("the first label that is known").isEqualTo("m@1");
        assertThat(m.attributes()).as("the first value of an attribute wins").containsEntry("sha256", "1")
                .containsEntry("rows", 5);
    }

    @Test
    void theTextNamesTheRootThenWhereItCameFromThenWhatCameOfIt() {
        String text = LineageFormats.text(graph());
        // each direction keeps its direction: the evaluation's own data is not "what came of" the model
        assertThat(text.lines().toList()).containsExactly(
                "[modelVersion] adult@3  createdAt=2026-01-02T03:04:05Z",
                "  upstream (where it came from):",
                "    <- trained    [dataset] train.csv  sha256=" + TRAIN_SHA + "  rows=1000  uri=data/train.csv",
                "    <- built      [build] churn #1  commit=abc",
                "    <- points at  [alias] production",
                "  downstream (what came of it):",
                "    -> evaluated  [evaluation] evaluation #7  passed=true  at=2026-01-02T04:00:00Z",
                "    -> deployed   [deployment] deployment #9  target=local  at=2026-01-02T05:00:00Z");
        String lonely = LineageFormats.text(new LineageGraph("x").add(new LineageNode("x", "modelVersion", "x@1", null)));
        assertThat(lonely).isEqualTo("""
                [modelVersion] x@1
                  upstream (where it came from):
                    (nothing recorded)
                  downstream (what came of it):
                    (nothing recorded)
                """);
    }

    @Test
    void theDotFileQuotesLabelsAndDrawsTheRootBold() {
        LineageGraph g = new LineageGraph("m");
        g.add(new LineageNode("m", "modelVersion", "say \"hi\"", null));
        g.add(new LineageNode("d", "dataset", "a\\b", null));
        g.link("d", "m", "trained");
        String dot = LineageFormats.dot(g);
        assertThat(dot).startsWith("digraph lineage {\n  rankdir=LR;\n").endsWith("}\n");
        assertThat(dot).contains("\"m\" [label=\"modelVersion\\nsay \\\"hi\\\"\"").contains("penwidth=3")
                .contains("\"d\" [label=\"dataset\\na\\\\b\"").contains("\"d\" -> \"m\" [label=\"trained\"];");
        assertThat(dot.lines().filter(l -> l.contains("penwidth=3")).count()).isEqualTo(1);
    }

    @Test
    void theGraphSurvivesAJsonRoundTrip() throws Exception {
        LineageGraph g = graph();
        LineageGraph back = Json.mapper().readValue(Json.toString(g), LineageGraph.class);
        assertThat(back.getRoot()).isEqualTo("model:adult@3");
        assertThat(back.getNodes()).extracting(LineageNode::id).isEqualTo(g.getNodes().stream().map(LineageNode::id).toList());
        assertThat(back.getEdges()).isEqualTo(g.getEdges());
        assertThat(back.downstream("model:adult@3")).extracting(LineageNode::id).containsExactly("evaluation:7",
                "deployment:9");
        assertThat(Json.mapper().readTree(Json.toString(g)).get("schemaVersion").asInt())
                .isEqualTo(LineageGraph.SCHEMA_VERSION);
    }

    @Test
    void theExportIsOneCompletedRunPerModelVersionAndEventSkippingDatasetsBuildsAndAliases() throws Exception {
        List<OpenLineage.RunEvent> events = OpenLineageExport.events(graph(), "registry", "jobs");
        assertThat(events).extracting(e -> e.getJob().getName())
                .containsExactly("registerModel", "evaluation", "deployment");
        for (OpenLineage.RunEvent e : events) {
            JsonNode json = Json.mapper().readTree(io.openlineage.client.OpenLineageClientUtils.toJson(e));
            assertThat(OpenLineageSpec.violations(json)).as(json.toString()).isEmpty();
            assertThat(e.getEventType()).isEqualTo(OpenLineage.RunEvent.EventType.COMPLETE);
        }
        OpenLineage.RunEvent register = events.get(0);
        assertThat(register.getInputs()).extracting(OpenLineage.Dataset::getName).containsExactly("data/train.csv");
        assertThat(register.getInputs().get(0).getNamespace()).isEqualTo("jobs");
        assertThat(register.getOutputs()).extracting(OpenLineage.Dataset::getName).containsExactly("adult");
        assertThat(register.getOutputs().get(0).getNamespace()).isEqualTo("registry");
        assertThat(register.getOutputs().get(0).getFacets().getVersion().getDatasetVersion()).isEqualTo("3");
        assertThat(register.getEventTime().toInstant()).hasToString("2026-01-02T03:04:05Z");
        OpenLineage.RunEvent evaluation = events.get(1);
        assertThat(evaluation.getInputs()).extracting(OpenLineage.Dataset::getName)
                .containsExactly("adult", "sha256:" + EVAL_SHA);
        assertThat(evaluation.getInputs().get(1).getFacets().getVersion().getDatasetVersion()).isEqualTo(EVAL_SHA);
        assertThat(evaluation.getRun().getFacets().getAdditionalProperties().get("mlsteps")
                .getAdditionalProperties()).containsEntry("node", "evaluation:7").containsEntry("passed", true);
    }

    @Test
    void exportingTwiceGivesTheSameRunsAndAnotherRegistryOtherRuns() {
        List<String> first = OpenLineageExport.events(graph(), "registry", "jobs").stream()
                .map(e -> e.getRun().getRunId().toString()).toList();
        List<String> again = OpenLineageExport.events(graph(), "registry", "jobs").stream()
                .map(e -> e.getRun().getRunId().toString()).toList();
        List<String> elsewhere = OpenLineageExport.events(graph(), "other-registry", "jobs").stream()
                .map(e -> e.getRun().getRunId().toString()).toList();
        assertThat(again).isEqualTo(first);
        assertThat(first).doesNotHaveDuplicates();
        assertThat(elsewhere).doesNotContainAnyElementsOf(first);
    }

    @Test
    void theJsonLinesExportIsOneEventALine() throws Exception {
        String lines = OpenLineageExport.jsonLines(graph(), "registry");
        assertThat(lines).endsWith("\n");
        List<String> each = lines.lines().toList();
        assertThat(each).hasSize(3);
        for (String line : each) {
            assertThat(OpenLineageSpec.violations(Json.mapper().readTree(line))).isEmpty();
        }
    }
}
