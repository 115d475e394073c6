package io.mlsteps.lineage;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A node of the lineage graph.
 *
 * @param id         stable id: {@code dataset:<sha256>}, {@code build:<url>}, {@code model:name@3},
 *                   {@code evaluation:<id>}, {@code comparison:<id>}, {@code deployment:<id>},
 *                   {@code aliasMove:<id>}, {@code alias:name@production}
 * @param kind       {@code dataset}, {@code build}, {@code modelVersion}, {@code evaluation}, {@code comparison},
 *                   {@code deployment}, {@code aliasMove}, {@code alias}, or another event kind
 * @param label      a short text for people
 * @param attributes facts about it (sha256, rows, url, commit, metrics, passed, ...)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record LineageNode(String id, String kind, String label, Map<String, Object> attributes) {
    public LineageNode {
        attributes = attributes == null ? Map.of() : new LinkedHashMap<>(attributes);
    }
}
