package io.mlsteps.registry;

import io.mlsteps.util.OrderedMaps;
import io.mlsteps.lineage.BuildInfo;
import io.mlsteps.lineage.DatasetRef;
import io.mlsteps.lineage.LineageGraph;
import io.mlsteps.lineage.LineageNode;
import io.mlsteps.util.InputException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the lineage graph from the registry's records. From a model version: upstream its datasets and
 * the build that produced it; downstream its evaluations, comparisons (and the baselines they used),
 * deployments, drift checks and batch predictions (with the datasets they read and wrote), alias moves and the
 * aliases pointing at it. From a dataset ({@code sha256:<hex>}): every
 * version that used it, each with its own graph.
 */
final class RegistryLineage {
    /** The role of a dataset an event wrote rather than read. */
    private static final String OUTPUT = "output";
    private final JdbcRegistry registry;

    RegistryLineage(JdbcRegistry registry) {
        this.registry = registry;
    }

    LineageGraph graph(String ref) {
        String text = ref == null ? "" : ref.trim();
        if (text.startsWith("sha256:") || text.startsWith("dataset:")) {
            String sha = text.substring(text.indexOf(':') + 1).toLowerCase(Locale.ROOT);
            if (!sha.matches("[0-9a-f]{64}")) {
                throw new InputException("reference '" + ref + "'", "expected sha256:<64 hex digits>");
            }
            LineageGraph g = new LineageGraph("dataset:" + sha);
            g.add(new LineageNode("dataset:" + sha, "dataset", "dataset " + sha.substring(0, 12), Map.of("sha256", sha)));
            List<ModelVersion> users = registry.versionsUsingDataset(sha);
            if (users.isEmpty()) {
                throw new InputException("reference '" + ref + "'", "no model version in the registry used a dataset"
                        + " with this sha256");
            }
            users.forEach(v -> addVersion(g, v, true));
            return g;
        }
        ModelVersion v = registry.resolve(text);
        LineageGraph g = new LineageGraph(v.lineageId());
        addVersion(g, v, true);
        return g;
    }

    private void addVersion(LineageGraph g, ModelVersion v, boolean withBaselines) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("name", v.name());
        attrs.put("version", v.version());
        attrs.put("artifactSha256", v.artifactSha256());
        attrs.put("artifactName", v.artifactName());
        attrs.put("createdAt", v.createdAt().toString());
        attrs.put("createdBy", v.createdBy());
        if (v.profileSha256() != null) {
            attrs.put("profileSha256", v.profileSha256());
        }
        if (!v.metrics().isEmpty()) {
            attrs.put("metrics", v.metrics());
        }
        if (v.card() != null && v.card().hasNonNull("algorithm")) {
            attrs.put("algorithm", v.card().get("algorithm").asText());
        }
        g.add(new LineageNode(v.lineageId(), "modelVersion", v.ref(), attrs));

        String buildId = addBuild(g, v.build());
        if (buildId != null) {
            g.link(buildId, v.lineageId(), "produced");
        }
        for (DatasetRef ds : v.datasets()) {
            addDataset(g, ds);
            g.link(ds.nodeId(), buildId != null ? buildId : v.lineageId(), ds.role() == null ? "input" : ds.role());
        }
        for (LineageEvent e : registry.events(v.name(), v.version(), null)) {
            addEvent(g, e);
            g.link(v.lineageId(), e.nodeId(), relation(e.kind()));
            for (String related : e.related()) {
                if (related.equals(e.ref())) {
                    continue; // a comparison may list its own candidate among the versions involved
                }
                registry.find(related).ifPresent(base -> {
                    if (withBaselines) {
                        addVersionNode(g, base);
                    }
                    g.link(base.lineageId(), e.nodeId(), "baseline");
                });
            }
        }
        // comparisons of later candidates that used this version as their baseline
        for (LineageEvent e : registry.eventsRelatedTo(v.ref())) {
            if (e.ref().equals(v.ref())) {
                continue;
            }
            addEvent(g, e);
            g.link(v.lineageId(), e.nodeId(), "baseline");
            registry.find(e.ref()).ifPresent(candidate -> {
                addVersionNode(g, candidate);
                g.link(candidate.lineageId(), e.nodeId(), relation(e.kind()));
            });
        }
        for (AliasEvent a : registry.aliasHistory(v.name(), null)) {
            boolean concerns = (a.toVersion() != null && a.toVersion() == v.version())
                    || (a.fromVersion() != null && a.fromVersion() == v.version());
            if (!concerns) {
                continue;
            }
            String id = "aliasMove:" + a.id();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("alias", a.alias());
            m.put("from", a.fromVersion());
            m.put("to", a.toVersion());
            m.put("actor", a.actor());
            m.put("reason", a.reason());
            m.put("at", a.at().toString());
            m.put("gateChecked", a.gateChecked());
            String label = a.toVersion() == null ? a.alias() + ": " + a.fromVersion() + " removed"
                    : a.fromVersion() == null ? a.alias() + " set to " + a.toVersion()
                    : a.alias() + ": " + a.fromVersion() + " -> " + a.toVersion();
            g.add(new LineageNode(id, "aliasMove", label, m));
            if (a.toVersion() != null && a.toVersion() == v.version()) {
                g.link(v.lineageId(), id, "promoted");
            } else {
                g.link(v.lineageId(), id, "demoted");
            }
        }
        for (String alias : v.aliases()) {
            String id = "alias:" + v.name() + "@" + alias;
            g.add(new LineageNode(id, "alias", v.name() + "@" + alias, OrderedMaps.of("alias", alias, "version", v.version())));
            g.link(v.lineageId(), id, "aliasedAs");
        }
    }

    private static void addVersionNode(LineageGraph g, ModelVersion v) {
        g.add(new LineageNode(v.lineageId(), "modelVersion", v.ref(), OrderedMaps.of("name", v.name(), "version", v.version(),
                "artifactSha256", v.artifactSha256())));
    }

    private static String relation(String kind) {
        return switch (kind) {
            case LineageEvent.EVALUATION -> "evaluated";
            case LineageEvent.COMPARISON -> "compared";
            case LineageEvent.DEPLOYMENT -> "deployed";
            case LineageEvent.DRIFT -> "monitored";
            case LineageEvent.PREDICTION -> "predicted";
            default -> kind;
        };
    }

    private static void addDataset(LineageGraph g, DatasetRef ds) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("sha256", ds.sha256());
        if (ds.uri() != null) {
            attrs.put("uri", ds.uri());
        }
        if (ds.rows() != null) {
            attrs.put("rows", ds.rows());
        }
        if (ds.schemaSha256() != null) {
            attrs.put("schemaSha256", ds.schemaSha256());
        }
        if (ds.profileSha256() != null) {
            attrs.put("profileSha256", ds.profileSha256());
        }
        String label = (ds.uri() != null ? fileName(ds.uri()) + " " : "dataset ") + ds.sha256().substring(0, 12);
        g.add(new LineageNode(ds.nodeId(), "dataset", label, attrs));
    }

    private static String fileName(String uri) {
        int slash = Math.max(uri.lastIndexOf('/'), uri.lastIndexOf('\\'));
        return slash >= 0 ? uri.substring(slash + 1) : uri;
    }

    private static String addBuild(LineageGraph g, BuildInfo b) {
        if (b == null || b.isEmpty() || b.nodeId() == null) {
            return null;
        }
        Map<String, Object> attrs = new LinkedHashMap<>(io.mlsteps.util.Json.mapper().convertValue(b,
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { }));
        String label = b.job() != null ? b.job() + (b.number() != null ? " #" + b.number() : "")
                : b.tag() != null ? b.tag() : "commit " + b.commit();
        g.add(new LineageNode(b.nodeId(), "build", label, attrs));
        return b.nodeId();
    }

    private static void addEvent(LineageGraph g, LineageEvent e) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("model", e.ref());
        if (e.passed() != null) {
            attrs.put("passed", e.passed());
        }
        attrs.put("at", e.at().toString());
        attrs.put("actor", e.actor());
        if (!e.metrics().isEmpty()) {
            attrs.put("metrics", e.metrics());
        }
        attrs.putAll(e.attributes());
        String verdict = e.passed() == null ? "" : e.passed() ? " passed" : " failed";
        g.add(new LineageNode(e.nodeId(), e.kind(), e.kind() + " #" + e.id() + verdict, attrs));
        String buildId = addBuild(g, e.build());
        if (buildId != null) {
            g.link(buildId, e.nodeId(), "ran");
        }
        for (DatasetRef ds : e.datasets()) {
            addDataset(g, ds);
            if (OUTPUT.equals(ds.role())) {
                g.link(e.nodeId(), ds.nodeId(), OUTPUT); // what the event wrote, e.g. a prediction's predictions
            } else {
                g.link(ds.nodeId(), e.nodeId(), ds.role() == null ? "input" : ds.role());
            }
        }
    }
}
