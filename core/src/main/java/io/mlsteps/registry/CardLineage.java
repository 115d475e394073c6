package io.mlsteps.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.lineage.BuildInfo;
import io.mlsteps.lineage.DatasetRef;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads lineage out of a model card: the datasets it names with their sha256 (the training step's
 * {@code model-card.json} has {@code trainingData: {file, sha256, fileRows, rows}}; other shapes such as
 * {@code data: {path, sha256}}, {@code datasets: [...]} or {@code dataSha256} are read too) and the CI build it
 * was trained in ({@code ci} or {@code build} with Jenkins/GitHub/GitLab variables or {@link BuildInfo} fields).
 */
final class CardLineage {
    private CardLineage() {
    }

    static List<DatasetRef> datasets(JsonNode card) {
        List<DatasetRef> result = new ArrayList<>();
        if (card == null || !card.isObject()) {
            return result;
        }
        if (card.hasNonNull("dataSha256")) {
            result.add(new DatasetRef("training", card.get("dataSha256").asText(), text(card, "dataPath"),
                    card.hasNonNull("dataRows") ? card.get("dataRows").asLong() : null, null, null));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = card.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey().toLowerCase(Locale.ROOT);
            if (!(key.contains("data") || key.contains("training") || key.contains("validation")
                    || key.contains("evaluation"))) {
                continue;
            }
            String role = key.contains("validation") ? "validation" : key.contains("evaluation") || key.contains("test")
                    ? "evaluation" : "training";
            JsonNode value = field.getValue();
            if (value.isArray()) {
                value.forEach(v -> add(result, v, role));
            } else {
                add(result, value, role);
            }
        }
        return result;
    }

    private static void add(List<DatasetRef> result, JsonNode node, String defaultRole) {
        if (!node.isObject()) {
            return;
        }
        String sha = text(node, "sha256");
        if (sha == null || !sha.matches("[0-9a-fA-F]{64}")) {
            // a nested {train: {...}, validation: {...}} block
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getValue().isObject() && f.getValue().hasNonNull("sha256")) {
                    String k = f.getKey().toLowerCase(Locale.ROOT);
                    add(result, f.getValue(), k.contains("valid") ? "validation" : k.contains("test") || k.contains("eval")
                            ? "evaluation" : defaultRole);
                }
            }
            return;
        }
        String role = text(node, "role") != null ? text(node, "role") : defaultRole;
        // trainModel's card: trainingData {file, sha256, bytes, fileRows, rows (used), skipped}
        Long rows = node.hasNonNull("fileRows") ? Long.valueOf(node.get("fileRows").asLong())
                : node.hasNonNull("rows") ? Long.valueOf(node.get("rows").asLong()) : null;
        String uri = firstText(node, "file", "path", "uri");
        result.add(new DatasetRef(role, sha.toLowerCase(Locale.ROOT), uri, rows,
                firstText(node, "schemaSha256", "schema_sha256"), firstText(node, "profileSha256", "profile_sha256")));
    }

    /** The build recorded in the card, or null. */
    static BuildInfo build(JsonNode card) {
        if (card == null) {
            return null;
        }
        for (String key : new String[]{"ci", "build", "environment", "ciEnvironment"}) {
            JsonNode node = card.get(key);
            if (node != null && node.isObject()) {
                Map<String, String> env = new java.util.LinkedHashMap<>();
                node.fields().forEachRemaining(f -> {
                    if (f.getValue().isValueNode()) {
                        env.put(f.getKey(), f.getValue().asText());
                    }
                });
                BuildInfo fromVars = BuildInfo.fromEnv(env);
                if (!fromVars.isEmpty()) {
                    return fromVars;
                }
                BuildInfo direct = new BuildInfo(env.get("job"), env.get("number"), env.get("url"), env.get("commit"),
                        env.get("branch"), env.get("user"), env.get("trigger"), env.get("tag"));
                if (!direct.isEmpty()) {
                    return direct;
                }
            }
        }
        return null;
    }

    private static String firstText(JsonNode node, String... names) {
        for (String n : names) {
            String t = text(node, n);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }
}
