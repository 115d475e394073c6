package io.mlsteps.lineage;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.CubicCurve2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws a {@link LineageGraph} as a PNG with Java2D, so no Graphviz is needed: nodes in layers from
 * cause (left) to effect (right) by longest path, ordered within a layer by the mean position of their
 * neighbours to keep edges short, one colour per kind, the root outlined.
 */
public final class LineagePng {
    private static final int BOX_W = 210;
    private static final int BOX_H = 46;
    private static final int GAP_X = 70;
    private static final int GAP_Y = 18;
    private static final int MARGIN = 24;
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font KIND = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.BOLD, 12);
    private static final Font EDGE = new Font(Font.SANS_SERIF, Font.PLAIN, 9);

    private LineagePng() {
    }

    static Color colour(String kind) {
        return switch (kind) {
            case "dataset" -> new Color(0xdd, 0xf4, 0xff);
            case "build" -> new Color(0xea, 0xee, 0xf2);
            case "modelVersion" -> new Color(0xfb, 0xef, 0xd5);
            case "evaluation", "comparison" -> new Color(0xda, 0xfb, 0xe1);
            case "deployment" -> new Color(0xfb, 0xe2, 0xf0);
            case "aliasMove", "alias" -> new Color(0xe8, 0xe0, 0xff);
            case "drift" -> new Color(0xff, 0xeb, 0xe9);
            default -> new Color(0xf6, 0xf8, 0xfa);
        };
    }

    /** Writes the graph to {@code file} (PNG) and returns it. */
    public static Path write(LineageGraph g, String title, Path file) {
        Map<String, Integer> layer = layers(g);
        int layers = layer.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        List<List<String>> columns = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            columns.add(new ArrayList<>());
        }
        for (LineageNode n : g.getNodes()) {
            columns.get(layer.get(n.id())).add(n.id());
        }
        order(g, columns);
        int rows = columns.stream().mapToInt(List::size).max().orElse(1);
        int width = MARGIN * 2 + layers * BOX_W + (layers - 1) * GAP_X;
        int height = MARGIN * 2 + 30 + rows * BOX_H + (rows - 1) * GAP_Y;
        Map<String, int[]> pos = new HashMap<>();
        for (int c = 0; c < layers; c++) {
            List<String> col = columns.get(c);
            int colHeight = col.size() * BOX_H + (col.size() - 1) * GAP_Y;
            int top = MARGIN + 30 + (rows * BOX_H + (rows - 1) * GAP_Y - colHeight) / 2;
            for (int r = 0; r < col.size(); r++) {
                pos.put(col.get(r), new int[]{MARGIN + c * (BOX_W + GAP_X), top + r * (BOX_H + GAP_Y)});
            }
        }
        BufferedImage image = new BufferedImage(Math.max(width, 360), height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = image.createGraphics();
        try {
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g2.setColor(Color.WHITE);
            g2.fillRect(0, 0, image.getWidth(), image.getHeight());
            g2.setColor(new Color(0x24, 0x29, 0x2f));
            g2.setFont(TITLE);
            g2.drawString(title, MARGIN, MARGIN + 8);
            Map<String, Integer> arriving = new HashMap<>();
            for (LineageEdge e : g.getEdges()) {
                int[] a = pos.get(e.from());
                int[] b = pos.get(e.to());
                if (a != null && b != null) {
                    // several edges into one node: stack their labels instead of printing them over each other
                    int nth = arriving.merge(e.to(), 1, Integer::sum) - 1;
                    drawEdge(g2, a, b, e.relation(), nth);
                }
            }
            for (LineageNode n : g.getNodes()) {
                drawNode(g2, n, pos.get(n.id()), n.id().equals(g.getRoot()));
            }
        } finally {
            g2.dispose();
        }
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /** Longest-path layering from the sources; a cycle (not expected) is cut after as many rounds as nodes. */
    private static Map<String, Integer> layers(LineageGraph g) {
        Map<String, Integer> layer = new LinkedHashMap<>();
        g.getNodes().forEach(n -> layer.put(n.id(), 0));
        for (int round = 0; round < layer.size(); round++) {
            boolean changed = false;
            for (LineageEdge e : g.getEdges()) {
                Integer from = layer.get(e.from());
                Integer to = layer.get(e.to());
                if (from != null && to != null && to <= from) {
                    layer.put(e.to(), from + 1);
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
        }
        return layer;
    }

    /** Two barycentre sweeps: order each layer by the mean row of its neighbours in the previous one. */
    private static void order(LineageGraph g, List<List<String>> columns) {
        for (int sweep = 0; sweep < 2; sweep++) {
            for (int c = 1; c < columns.size(); c++) {
                List<String> prev = columns.get(c - 1);
                Map<String, Double> bary = new HashMap<>();
                List<String> col = columns.get(c);
                for (int i = 0; i < col.size(); i++) {
                    String id = col.get(i);
                    double sum = 0;
                    int count = 0;
                    for (LineageEdge e : g.incoming(id)) {
                        int idx = prev.indexOf(e.from());
                        if (idx >= 0) {
                            sum += idx;
                            count++;
                        }
                    }
                    bary.put(id, count == 0 ? i : sum / count);
                }
                col.sort(Comparator.comparingDouble(bary::get));
            }
        }
    }

    private static void drawEdge(Graphics2D g2, int[] a, int[] b, String relation, int nth) {
        double x1 = a[0] + BOX_W;
        double y1 = a[1] + BOX_H / 2.0;
        double x2 = b[0];
        double y2 = b[1] + BOX_H / 2.0;
        if (x2 <= x1) { // same or earlier layer: route around the right side
            x2 = b[0] + BOX_W;
        }
        double dx = Math.max(30, Math.abs(x2 - x1) / 2);
        g2.setColor(new Color(0x8c, 0x95, 0x9f));
        g2.setStroke(new BasicStroke(1.3f));
        g2.draw(new CubicCurve2D.Double(x1, y1, x1 + dx, y1, x2 - dx, y2, x2, y2));
        Path2D arrow = new Path2D.Double();
        arrow.moveTo(x2, y2);
        arrow.lineTo(x2 - 8, y2 - 4);
        arrow.lineTo(x2 - 8, y2 + 4);
        arrow.closePath();
        g2.fill(arrow);
        g2.setFont(EDGE);
        g2.setColor(new Color(0x57, 0x60, 0x6a));
        FontMetrics fm = g2.getFontMetrics();
        int w = fm.stringWidth(relation);
        // the label sits just before the arrowhead, where edges fanning out of one node have separated
        g2.drawString(relation, (float) (x2 - w - 12), (float) (y2 - 4 - 11 * nth));
    }

    private static void drawNode(Graphics2D g2, LineageNode n, int[] p, boolean root) {
        RoundRectangle2D box = new RoundRectangle2D.Double(p[0], p[1], BOX_W, BOX_H, 12, 12);
        g2.setColor(colour(n.kind()));
        g2.fill(box);
        g2.setColor(root ? new Color(0x1f, 0x6f, 0xeb) : new Color(0xd0, 0xd7, 0xde));
        g2.setStroke(new BasicStroke(root ? 3f : 1f));
        g2.draw(box);
        g2.setColor(new Color(0x57, 0x60, 0x6a));
        g2.setFont(KIND);
        String kind = n.kind();
        Object passed = n.attributes().get("passed");
        if (passed instanceof Boolean b) {
            kind += b ? "  \u2713 passed" : "  \u2717 failed";
            g2.setColor(b ? new Color(0x1a, 0x7f, 0x37) : new Color(0xcf, 0x22, 0x2e));
        }
        g2.drawString(kind, p[0] + 10, p[1] + 16);
        g2.setColor(new Color(0x24, 0x29, 0x2f));
        g2.setFont(LABEL);
        g2.drawString(fit(g2, n.label(), BOX_W - 20), p[0] + 10, p[1] + 34);
    }

    private static String fit(Graphics2D g2, String text, int width) {
        FontMetrics fm = g2.getFontMetrics();
        if (fm.stringWidth(text) <= width) {
            return text;
        }
        String t = text;
        while (t.length() > 1 && fm.stringWidth(t + "\u2026") > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "\u2026";
    }
}
