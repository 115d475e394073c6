package io.mlsteps.lineage;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The rules of the OpenLineage spec's RunEvent schema (spec/OpenLineage.json: RunEvent, Run, Job, Dataset, BaseFacet)
 * checked on an event as JSON: what a consumer such as Marquez relies on. Written from the spec's text, so a test
 * can say which rule an event breaks.
 */
final class OpenLineageSpec {
    private static final Set<String> EVENT_TYPES = Set.of("START", "COMPLETE", "ABORT", "FAIL", "OTHER");

    private OpenLineageSpec() {
    }

    /** The rules {@code event} breaks, each as a JSON path and what is wrong; empty when it is a valid RunEvent. */
    static List<String> violations(JsonNode event) {
        List<String> problems = new ArrayList<>();
        require(event, "", List.of("run", "job", "eventTime", "producer"), problems);
        if (event.has("eventType") && !EVENT_TYPES.contains(event.get("eventType").asText())) {
            problems.add("eventType: '" + event.get("eventType").asText() + "' is not one of " + EVENT_TYPES);
        }
        dateTime(event.path("eventTime"), "eventTime", problems);
        uri(event.path("producer"), "producer", problems);
        JsonNode run = event.path("run");
        require(run, "run", List.of("runId"), problems);
        if (run.has("runId")) {
            try {
                UUID.fromString(run.get("runId").asText());
            } catch (IllegalArgumentException e) {
                problems.add("run.runId: '" + run.get("runId").asText() + "' is not a UUID");
            }
        }
        facets(run.path("facets"), "run.facets", problems);
        JsonNode job = event.path("job");
        require(job, "job", List.of("namespace", "name"), problems);
        facets(job.path("facets"), "job.facets", problems);
        datasets(event.path("inputs"), "inputs", "inputFacets", problems);
        datasets(event.path("outputs"), "outputs", "outputFacets", problems);
        return problems;
    }

    private static void datasets(JsonNode list, String path, String ownFacets, List<String> problems) {
        if (list.isMissingNode() || list.isNull()) {
            return;
        }
        if (!list.isArray()) {
            problems.add(path + ": not an array");
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode dataset = list.get(i);
            require(dataset, path + "[" + i + "]", List.of("namespace", "name"), problems);
            facets(dataset.path("facets"), path + "[" + i + "].facets", problems);
            facets(dataset.path(ownFacets), path + "[" + i + "]." + ownFacets, problems);
        }
    }

    /** Every facet is a BaseFacet: an object with the URIs _producer and _schemaURL. */
    private static void facets(JsonNode facets, String path, List<String> problems) {
        if (facets.isMissingNode() || facets.isNull()) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = facets.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> facet = fields.next();
            String at = path + "." + facet.getKey();
            if (!facet.getValue().isObject()) {
                problems.add(at + ": not an object");
                continue;
            }
            require(facet.getValue(), at, List.of("_producer", "_schemaURL"), problems);
            uri(facet.getValue().path("_producer"), at + "._producer", problems);
            uri(facet.getValue().path("_schemaURL"), at + "._schemaURL", problems);
        }
    }

    private static void require(JsonNode node, String path, List<String> names, List<String> problems) {
        for (String name : names) {
            JsonNode value = node.path(name);
            if (value.isMissingNode() || value.isNull() || (value.isTextual() && value.asText().isEmpty())) {
                problems.add((path.isEmpty() ? "" : path + ".") + name + ": required");
            }
        }
    }

    private static void dateTime(JsonNode value, String path, List<String> problems) {
        if (value.isTextual()) {
            try {
                OffsetDateTime.parse(value.asText());
            } catch (RuntimeException e) {
                problems.add(path + ": '" + value.asText() + "' is not an RFC 3339 date-time");
            }
        }
    }

    private static void uri(JsonNode value, String path, List<String> problems) {
        if (value.isTextual()) {
            try {
                if (!URI.create(value.asText()).isAbsolute()) {
                    problems.add(path + ": '" + value.asText() + "' is not an absolute URI");
                }
            } catch (IllegalArgumentException e) {
                problems.add(path + ": '" + value.asText() + "' is not a URI");
            }
        }
    }
}
