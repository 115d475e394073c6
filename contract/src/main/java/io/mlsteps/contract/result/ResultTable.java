package io.mlsteps.contract.result;

import java.util.ArrayList;
import java.util.List;

/**
 * A titled table a step wants shown in its report and on the build page (per-column profile, confusion
 * matrix, drift table, comparison table). Cells are strings or numbers.
 */
public record ResultTable(String id, String title, List<String> columns, List<List<Object>> rows) {
    public ResultTable {
        columns = List.copyOf(columns);
        rows = rows.stream().map(r -> (List<Object>) new ArrayList<>(r)).toList();
    }
}
