package io.mlsteps.compare;

import io.mlsteps.contract.gate.QualityGate;
import io.mlsteps.contract.steps.CompareToBaselineRequest;
import io.mlsteps.contract.gate.QualityGateEvaluator;
import io.mlsteps.step.StepContext;
import io.mlsteps.util.Progress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.mlsteps.compare.CompareToBaselineStep.*;

/**
 * compareToBaseline's paired statistics: for each baseline, the gated metrics (and their slices) compared on the
 * rows both models predicted.
 */
final class PairedComparison {
    private PairedComparison() {
    }


    /** Each baseline with the paired evidence of the gated metrics where both models' predictions are known. */
    static List<Baseline> withEvidence(List<Resolved> resolved, Candidate cand, List<QualityGate> gates,
                                               Map<String, Double> candMetrics, StepContext ctx) {
        CompareToBaselineRequest req = cand.req();
        PairedBootstrap bootstrap = new PairedBootstrap(req.resamples(), req.seed(), req.confidence());
        List<Baseline> baselines = new ArrayList<>();
        for (Resolved r : resolved) {
            Baseline b = r.baseline();
            if (r.predictions() != null && cand.predictions() != null) {
                b = paired(b, cand.predictions(), r.predictions(), cand.data(), gates, candMetrics, bootstrap, ctx);
            }
            baselines.add(b);
            for (String note : b.notes()) {
                ctx.log().info("%s: %s", b.role(), note);
            }
        }
        return baselines;
    }

    private static Baseline paired(Baseline b, PredictionSet cand, PredictionSet base, EvaluationData data,
                            List<QualityGate> gates, Map<String, Double> candMetrics, PairedBootstrap bootstrap,
                            StepContext ctx) {
        PredictionSet candShared = base.size() == cand.size() ? cand : cand.select(base.rows());
        if (!PredictionSet.REGRESSION.equals(cand.task()) != !PredictionSet.REGRESSION.equals(base.task())) {
            return b.withNote("its task (" + base.task() + ") differs from the candidate's (" + cand.task() + ")");
        }
        PairedMetrics pm = new PairedMetrics(candShared, base, data);
        Set<String> names = new LinkedHashSet<>();
        for (QualityGate g : gates) {
            for (String n : QualityGateEvaluator.matchingMetrics(g.metric(), candMetrics)) {
                if (pm.computable(n)) {
                    names.add(n);
                }
            }
        }
        if (names.isEmpty()) {
            return b;
        }
        List<String> list = List.copyOf(names);
        Map<String, PairedBootstrap.Result> boot;
        try (Progress progress = ctx.log().progress("resamples (" + b.role() + ")", bootstrap.resamples())) {
            Object lock = new Object();
            boot = bootstrap.runAll(candShared.size(), pm.metricsOf(true, list), pm.metricsOf(false, list), list,
                    () -> {
                        synchronized (lock) {
                            progress.add(1);
                        }
                    });
        }
        // slices get their own bootstrap on the slice's rows so rows and McNemar refer to the slice
        Map<String, PairedEvidence> evidence = new LinkedHashMap<>();
        Map<String, Double> reevaluated = new LinkedHashMap<>();
        for (String n : list) {
            PairedBootstrap.Result r = boot.get(n);
            evidence.put(n, new PairedEvidence(pm.rows(n), r, pm.accuracyType(n) ? pm.mcnemar(n) : null));
            reevaluated.put(n, r.baseline());
        }
        return b.withPaired(evidence, reevaluated, "paired bootstrap of " + list.size() + " metric(s): "
                + bootstrap.resamples() + " resamples, seed " + bootstrap.seed() + ", " + candShared.size() + " rows");
    }

    /** {@code accuracy[sex=*]} over a data column becomes one name per value of the column among the rows. */
    static List<String> sliceMetricNames(List<QualityGate> gates, PredictionSet cand, EvaluationData data) {
        List<String> out = new ArrayList<>();
        if (data == null) {
            return out;
        }
        for (QualityGate g : gates) {
            String m = g.metric();
            int open = m.indexOf('[');
            if (open <= 0 || !m.endsWith("]")) {
                continue;
            }
            String q = m.substring(open + 1, m.length() - 1);
            int eq = q.indexOf('=');
            if (eq <= 0 || !data.hasColumn(q.substring(0, eq))) {
                continue;
            }
            String col = q.substring(0, eq);
            String valuePattern = q.substring(eq + 1);
            Set<String> values = new java.util.TreeSet<>();
            for (int r : cand.rows()) {
                String v = data.value(r, col);
                if (v != null) {
                    values.add(v);
                }
            }
            for (String v : values) {
                String name = m.substring(0, open) + "[" + col + "=" + v + "]";
                if (valuePattern.equals("*") || valuePattern.equals(v)) {
                    out.add(name);
                }
            }
        }
        return out;
    }

}
