package io.mlsteps.lineage;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A lineage graph around one node (the {@link #root}): nodes and directed edges from cause to effect.
 * Walk it with {@link #upstream} (where did this come from) and {@link #downstream} (what came of it).
 */
public final class LineageGraph {
    public static final int SCHEMA_VERSION = 1;

    private String root;
    private Map<String, String> engine;
    private final Map<String, LineageNode> nodes = new LinkedHashMap<>();
    private final Set<LineageEdge> edges = new LinkedHashSet<>();

    public LineageGraph() {
    }

    public LineageGraph(String root) {
        this.root = root;
    }

    public int getSchemaVersion() {
        return SCHEMA_VERSION;
    }

    public void setSchemaVersion(int ignored) {
        // fixed
    }

    public String getRoot() {
        return root;
    }

    public void setRoot(String root) {
        this.root = root;
    }

    /** The engine that wrote this graph to a file ({@code lineage.json}, {@code mlsteps lineage --format json}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public Map<String, String> getEngine() {
        return engine;
    }

    public void setEngine(Map<String, String> engine) {
        this.engine = engine;
    }

    public List<LineageNode> getNodes() {
        return List.copyOf(nodes.values());
    }

    public void setNodes(List<LineageNode> values) {
        nodes.clear();
        values.forEach(this::add);
    }

    public List<LineageEdge> getEdges() {
        return List.copyOf(edges);
    }

    public void setEdges(List<LineageEdge> values) {
        edges.clear();
        edges.addAll(values);
    }

    /** Adds a node; a node already present keeps its place and gains the new attributes. */
    public LineageGraph add(LineageNode node) {
        LineageNode old = nodes.get(node.id());
        if (old == null) {
            nodes.put(node.id(), node);
        } else {
            Map<String, Object> merged = new LinkedHashMap<>(old.attributes());
            node.attributes().forEach(merged::putIfAbsent);
            nodes.put(node.id(), new LineageNode(old.id(), old.kind(),
                    old.label() != null ? old.label() : node.label(), merged));
        }
        return this;
    }

    public LineageGraph link(String from, String to, String relation) {
        if (from != null && to != null && !from.equals(to)) {
            edges.add(new LineageEdge(from, to, relation));
        }
        return this;
    }

    public Optional<LineageNode> node(String id) {
        return Optional.ofNullable(nodes.get(id));
    }

    /** Nodes of a kind, in insertion order. */
    public List<LineageNode> nodes(String kind) {
        return nodes.values().stream().filter(n -> n.kind().equals(kind)).toList();
    }

    /** Every node {@code id} descends from, nearest first. */
    public List<LineageNode> upstream(String id) {
        return walk(id, true);
    }

    /** Every node that descends from {@code id}, nearest first. */
    public List<LineageNode> downstream(String id) {
        return walk(id, false);
    }

    @JsonIgnore
    public List<LineageEdge> incoming(String id) {
        return edges.stream().filter(e -> e.to().equals(id)).toList();
    }

    @JsonIgnore
    public List<LineageEdge> outgoing(String id) {
        return edges.stream().filter(e -> e.from().equals(id)).toList();
    }

    private List<LineageNode> walk(String start, boolean up) {
        List<LineageNode> result = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        queue.add(start);
        seen.add(start);
        while (!queue.isEmpty()) {
            String id = queue.poll();
            for (LineageEdge e : edges) {
                String next = up ? (e.to().equals(id) ? e.from() : null) : (e.from().equals(id) ? e.to() : null);
                if (next != null && seen.add(next)) {
                    queue.add(next);
                    LineageNode n = nodes.get(next);
                    if (n != null) {
                        result.add(n);
                    }
                }
            }
        }
        return result;
    }
}
