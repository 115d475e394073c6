package io.mlsteps.jenkins.trend;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The lineage of one build as columns read left to right: data → model → evaluation → deployment. Nodes are
 * de-duplicated by kind, id and hash, so a dataset read by three steps appears once.
 */
public final class LineageView {
    public static final List<String> COLUMNS = List.of("Data", "Model", "Evaluation", "Deployment", "Other");

    private LineageView() {
    }

    /** The column a lineage kind belongs to. */
    public static String columnOf(String kind) {
        String k = kind == null ? "" : kind.toLowerCase(Locale.ROOT);
        if (k.contains("dataset") || k.contains("data") || k.contains("profile") || k.contains("schema")) {
            return "Data";
        }
        if (k.contains("deploy") || k.contains("endpoint")) {
            return "Deployment";
        }
        if (k.contains("evaluation") || k.contains("comparison") || k.contains("metrics") || k.contains("drift")) {
            return "Evaluation";
        }
        if (k.contains("model")) {
            return "Model";
        }
        return "Other";
    }

    /** Groups the nodes of the given records; columns without nodes are left out. */
    public static Map<String, List<StepRecord.LineageNode>> columns(List<StepRecord> records) {
        Map<String, List<StepRecord.LineageNode>> columns = new LinkedHashMap<>();
        for (String column : COLUMNS) {
            columns.put(column, new ArrayList<>());
        }
        Set<String> seen = new LinkedHashSet<>();
        for (StepRecord record : records) {
            for (StepRecord.LineageNode node : record.getLineage()) {
                String key = node.getKind() + "|" + node.getId() + "|" + node.getSha256();
                if (seen.add(key)) {
                    columns.get(columnOf(node.getKind())).add(node);
                }
            }
        }
        columns.values().removeIf(List::isEmpty);
        return columns;
    }
}
