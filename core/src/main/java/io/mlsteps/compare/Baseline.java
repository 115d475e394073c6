package io.mlsteps.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model the candidate is compared with.
 *
 * @param role    {@code baseline} (e.g. production), {@code previous} (the last successful build) or
 *                {@code anchor} (a long-term reference that catches creeping regressions)
 * @param primary whether all rules apply against it (the first of baseline, previous); against the others
 *                only the drop rules ({@code maxDrop}, {@code maxRelativeDrop}) apply
 * @param label   what it is, for people: {@code adult@production (v3)}, a file name
 * @param source  how it was obtained, e.g. {@code registry}, {@code metrics file}, {@code previous build result}
 * @param metrics its metric values as recorded (or as re-evaluated on the candidate's rows)
 * @param paired  paired evidence per metric where both models were scored on the same rows
 * @param notes   sentences about how the baseline was obtained (e.g. why no re-evaluation was possible)
 */
public record Baseline(String role, boolean primary, String label, String source, Map<String, Double> metrics,
                       Map<String, PairedEvidence> paired, List<String> notes) {
    public Baseline {
        metrics = metrics == null ? Map.of() : new LinkedHashMap<>(metrics);
        paired = paired == null ? Map.of() : new LinkedHashMap<>(paired);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public Baseline asPrimary(boolean value) {
        return new Baseline(role, value, label, source, metrics, paired, notes);
    }

    /** This baseline with paired evidence and the metrics re-evaluated on the candidate's rows (which win). */
    public Baseline withPaired(Map<String, PairedEvidence> evidence, Map<String, Double> reevaluated, String note) {
        Map<String, Double> m = new LinkedHashMap<>(metrics);
        m.putAll(reevaluated);
        List<String> n = new ArrayList<>(notes);
        if (note != null) {
            n.add(note);
        }
        return new Baseline(role, primary, label, source, m, evidence, n);
    }

    public Baseline withNote(String note) {
        List<String> n = new ArrayList<>(notes);
        n.add(note);
        return new Baseline(role, primary, label, source, metrics, paired, n);
    }
}
