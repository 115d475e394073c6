package io.mlsteps.compare;

import io.mlsteps.util.Numbers;
import io.mlsteps.contract.result.ResultTable;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.util.StepLog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The comparison table: in the result (report, build page), in the log, and as the per-gate map of details. */
final class ComparisonReport {
    static final List<String> COLUMNS = List.of("metric", "rule", "against", "baseline", "candidate", "delta",
            "interval", "bound", "p (McNemar)", "outcome");

    private ComparisonReport() {
    }

    static List<List<Object>> rows(List<GateOutcome> outcomes) {
        List<List<Object>> rows = new ArrayList<>();
        for (GateOutcome o : outcomes) {
            Object p = o.evidence().get("mcnemarExactP");
            List<Object> row = new ArrayList<>();
            row.add(o.metric());
            row.add(o.rule().argument());
            row.add(o.role() == null ? "-" : o.baselineLabel());
            row.add(num(o.baseline()));
            row.add(num(o.candidate()));
            row.add(o.delta() == null ? "-" : ComparisonRules.signed(o.delta()));
            row.add(o.interval() == null ? "-" : pct(o) + " " + o.interval());
            row.add(o.bound() == null ? "-" : o.bound());
            row.add(p == null ? "-" : String.format(Locale.ROOT, "%.3g", (Double) p));
            row.add(o.outcome() + (o.outcome() == io.mlsteps.contract.result.CheckOutcome.PASSED ? "" : " (" + o.criticality() + ")"));
            rows.add(row);
        }
        return rows;
    }

    static void addTable(StepResult result, List<GateOutcome> outcomes) {
        result.getTables().add(new ResultTable("comparison", "Candidate vs baseline", COLUMNS, rows(outcomes)));
    }

    /** Prints the table with aligned columns, so a console log reads like the report. */
    static void log(StepLog log, List<GateOutcome> outcomes) {
        List<List<Object>> rows = rows(outcomes);
        int[] width = new int[COLUMNS.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = COLUMNS.get(c).length();
            for (List<Object> r : rows) {
                width[c] = Math.max(width[c], String.valueOf(r.get(c)).length());
            }
        }
        log.info(line(COLUMNS.stream().map(x -> (Object) x).toList(), width));
        for (List<Object> r : rows) {
            log.info(line(r, width));
        }
    }

    private static String line(List<Object> cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String s = String.valueOf(cells.get(c));
            sb.append(s).append(" ".repeat(Math.max(0, width[c] - s.length()))).append(c + 1 < cells.size() ? "  " : "");
        }
        return sb.toString().stripTrailing();
    }

    /** One gate outcome as a plain map (what the Jenkins step returns to the Jenkinsfile). */
    static Map<String, Object> toMap(GateOutcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("check", o.checkName());
        m.put("metric", o.metric());
        m.put("rule", o.rule().argument());
        m.put("against", o.role());
        m.put("baselineLabel", o.baselineLabel());
        m.put("baseline", finite(o.baseline()));
        m.put("candidate", finite(o.candidate()));
        m.put("delta", finite(o.delta()));
        if (o.interval() != null) {
            m.put("lower", finite(o.interval().lower()));
            m.put("upper", finite(o.interval().upper()));
        }
        m.put("bound", o.bound());
        m.put("outcome", o.outcome().name());
        m.put("criticality", o.criticality() == null ? null : o.criticality().name());
        m.put("message", o.message());
        m.putAll(o.evidence());
        m.values().removeIf(java.util.Objects::isNull);
        return m;
    }

    private static Double finite(Double v) {
        return v == null || v.isNaN() || v.isInfinite() ? null : v;
    }

    private static String num(Double v) {
        return v == null ? "-" : Numbers.format(v);
    }

    private static String pct(GateOutcome o) {
        Object c = o.evidence().get("confidence");
        return c instanceof Double d ? Numbers.percent(d) : "";
    }
}
