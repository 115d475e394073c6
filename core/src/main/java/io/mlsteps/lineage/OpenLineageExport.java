package io.mlsteps.lineage;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Exports a stored lineage graph as OpenLineage RunEvents (one JSON object a line), so tools such as Marquez
 * can import history recorded before they were connected: each model version becomes a completed run of the
 * job {@code registerModel} reading its datasets and writing the model (a dataset in the registry's namespace,
 * versioned by its version number); each evaluation, comparison, deployment or alias move becomes a completed
 * run of a job of that kind reading the model version(s) it involved. Run ids are derived from the node ids,
 * so exporting twice yields the same runs.
 */
public final class OpenLineageExport {
    private OpenLineageExport() {
    }

    public static List<OpenLineage.RunEvent> events(LineageGraph g, String registryNamespace, String jobNamespace) {
        OpenLineage ol = new OpenLineage(OpenLineageEmitter.PRODUCER);
        List<OpenLineage.RunEvent> events = new ArrayList<>();
        for (LineageNode n : g.getNodes()) {
            if (n.kind().equals("dataset") || n.kind().equals("build") || n.kind().equals("alias")) {
                continue;
            }
            List<OpenLineage.InputDataset> inputs = new ArrayList<>();
            List<OpenLineage.OutputDataset> outputs = new ArrayList<>();
            String job;
            if (n.kind().equals("modelVersion")) {
                job = "registerModel";
                for (LineageNode up : g.upstream(n.id())) {
                    if (up.kind().equals("dataset")) {
                        String sha = String.valueOf(up.attributes().get("sha256"));
                        Object uri = up.attributes().get("uri");
                        inputs.add(ol.newInputDatasetBuilder().namespace(jobNamespace)
                                .name(uri != null ? uri.toString() : "sha256:" + sha)
                                .facets(ol.newDatasetFacetsBuilder().version(ol.newDatasetVersionDatasetFacet(sha)).build())
                                .build());
                    }
                }
                outputs.add(ol.newOutputDatasetBuilder().namespace(registryNamespace)
                        .name(String.valueOf(n.attributes().get("name")))
                        .facets(ol.newDatasetFacetsBuilder().version(ol.newDatasetVersionDatasetFacet(
                                String.valueOf(n.attributes().get("version")))).build())
                        .build());
            } else {
                job = n.kind();
                for (LineageEdge e : g.incoming(n.id())) {
                    g.node(e.from()).filter(m -> m.kind().equals("modelVersion")).ifPresent(m ->
                            inputs.add(ol.newInputDatasetBuilder().namespace(registryNamespace)
                                    .name(String.valueOf(m.attributes().get("name")))
                                    .facets(ol.newDatasetFacetsBuilder().version(ol.newDatasetVersionDatasetFacet(
                                            String.valueOf(m.attributes().get("version")))).build())
                                    .build()));
                    g.node(e.from()).filter(m -> m.kind().equals("dataset")).ifPresent(m ->
                            inputs.add(ol.newInputDatasetBuilder().namespace(jobNamespace)
                                    .name(m.attributes().get("uri") != null ? m.attributes().get("uri").toString()
                                            : "sha256:" + m.attributes().get("sha256"))
                                    .facets(ol.newDatasetFacetsBuilder().version(ol.newDatasetVersionDatasetFacet(
                                            String.valueOf(m.attributes().get("sha256")))).build())
                                    .build()));
                }
            }
            Object at = n.attributes().containsKey("createdAt") ? n.attributes().get("createdAt") : n.attributes().get("at");
            ZonedDateTime time = at == null ? ZonedDateTime.now(ZoneOffset.UTC)
                    : Instant.parse(at.toString()).atZone(ZoneOffset.UTC);
            OpenLineage.DefaultRunFacet facet = new OpenLineage.DefaultRunFacet(OpenLineageEmitter.PRODUCER);
            facet.getAdditionalProperties().put("node", n.id());
            facet.getAdditionalProperties().putAll(n.attributes());
            UUID runId = UUID.nameUUIDFromBytes((registryNamespace + "|" + n.id()).getBytes(StandardCharsets.UTF_8));
            events.add(ol.newRunEventBuilder()
                    .eventType(OpenLineage.RunEvent.EventType.COMPLETE)
                    .eventTime(time)
                    .run(ol.newRun(runId, ol.newRunFacetsBuilder().put("mlsteps", facet).build()))
                    .job(ol.newJobBuilder().namespace(jobNamespace).name(job).build())
                    .inputs(inputs)
                    .outputs(outputs)
                    .build());
        }
        return events;
    }

    /** The events as JSON lines, in the graph's node order. */
    public static String jsonLines(LineageGraph g, String registryNamespace) {
        StringBuilder sb = new StringBuilder();
        String ns = System.getenv().getOrDefault(OpenLineageEmitter.ENV_NAMESPACE, "mlsteps");
        for (OpenLineage.RunEvent e : events(g, registryNamespace, ns)) {
            sb.append(OpenLineageClientUtils.toJson(e).replace("\n", "")).append('\n');
        }
        return sb.toString();
    }

}
