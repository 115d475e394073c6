package io.mlsteps.lineage;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Text and Graphviz DOT renderings of a {@link LineageGraph}; JSON is the graph itself ({@code Json.write}). */
public final class LineageFormats {
    private static final int MAX_DEPTH = 12;

    private LineageFormats() {
    }

    /**
     * The walk as indented text: the root, then everything upstream (where it came from) and downstream
     * (what came of it), each line with the relation and the facts that matter.
     */
    public static String text(LineageGraph g) {
        StringBuilder sb = new StringBuilder();
        LineageNode root = g.node(g.getRoot()).orElseThrow();
        sb.append(describe(root)).append('\n');
        sb.append("  upstream (where it came from):\n");
        int before = sb.length();
        walk(g, root.id(), true, 2, new HashSet<>(Set.of(root.id())), sb);
        if (sb.length() == before) {
            sb.append("    (nothing recorded)\n");
        }
        sb.append("  downstream (what came of it):\n");
        before = sb.length();
        walk(g, root.id(), false, 2, new HashSet<>(Set.of(root.id())), sb);
        if (sb.length() == before) {
            sb.append("    (nothing recorded)\n");
        }
        return sb.toString();
    }

    private static void walk(LineageGraph g, String id, boolean up, int depth, Set<String> seen, StringBuilder sb) {
        if (depth > MAX_DEPTH) {
            return;
        }
        List<LineageEdge> edges = up ? g.incoming(id) : g.outgoing(id);
        for (LineageEdge e : edges) {
            String next = up ? e.from() : e.to();
            if (!seen.add(next)) {
                continue;
            }
            LineageNode n = g.node(next).orElse(new LineageNode(next, "unknown", next, Map.of()));
            sb.append("  ".repeat(depth)).append(up ? "<- " : "-> ").append(String.format(Locale.ROOT, "%-10s ", e.relation()))
                    .append(describe(n)).append('\n');
            walk(g, next, up, depth + 1, seen, sb);
        }
    }

    /** One line about a node: kind, label and its key facts. */
    public static String describe(LineageNode n) {
        StringBuilder sb = new StringBuilder();
        sb.append('[').append(n.kind()).append("] ").append(n.label());
        Map<String, Object> a = n.attributes();
        for (String key : List.of("sha256", "rows", "uri", "artifactSha256", "url", "commit", "branch", "user",
                "trigger", "passed", "metrics", "target", "endpoint", "from", "to", "actor", "reason", "at", "createdAt",
                "createdBy")) {
            Object v = a.get(key);
            if (v != null && !(key.equals("actor") && n.kind().equals("evaluation"))) {
                sb.append("  ").append(key).append('=').append(v);
            }
        }
        return sb.toString();
    }

    /** Graphviz DOT, left to right, one colour per node kind, the root drawn bold. */
    public static String dot(LineageGraph g) {
        StringBuilder sb = new StringBuilder("digraph lineage {\n  rankdir=LR;\n")
                .append("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];\n")
                .append("  edge [fontname=\"Helvetica\", fontsize=9, color=\"#57606a\"];\n");
        for (LineageNode n : g.getNodes()) {
            sb.append("  ").append(quote(n.id())).append(" [label=").append(quote(n.kind() + "\n" + n.label()))
                    .append(", fillcolor=").append(quote(hex(LineagePng.colour(n.kind()))));
            if (n.id().equals(g.getRoot())) {
                sb.append(", penwidth=3");
            }
            sb.append("];\n");
        }
        for (LineageEdge e : g.getEdges()) {
            sb.append("  ").append(quote(e.from())).append(" -> ").append(quote(e.to()))
                    .append(" [label=").append(quote(e.relation())).append("];\n");
        }
        return sb.append("}\n").toString();
    }

    private static String hex(java.awt.Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
