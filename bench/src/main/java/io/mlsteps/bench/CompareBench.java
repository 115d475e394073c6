package io.mlsteps.bench;

import io.mlsteps.compare.PairedBootstrap;
import io.mlsteps.compare.PairedMetrics;
import io.mlsteps.compare.PredictionSet;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paired bootstrap of {@code compareToBaseline} on two predictions files (accuracy and ROC AUC, as the
 * step computes them), printing one JSON line: rows, resamples, wall seconds and the intervals.
 * {@code bench/compare.sh} runs it beside a numpy/scikit-learn loop doing the same.
 *
 * <p>Usage: {@code CompareBench CANDIDATE.csv BASELINE.csv [RESAMPLES]}.
 */
public final class CompareBench {
    private CompareBench() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: CompareBench CANDIDATE.csv BASELINE.csv [RESAMPLES]");
            System.exit(3);
        }
        int resamples = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        long start = System.nanoTime();
        PredictionSet cand = PredictionSet.read(Path.of(args[0]), null);
        PredictionSet base = PredictionSet.read(Path.of(args[1]), null).select(cand.rows());
        PairedMetrics pm = new PairedMetrics(cand, base, null);
        List<String> metrics = List.of("accuracy", "roc_auc");
        Map<String, PairedBootstrap.Result> r = new PairedBootstrap(resamples, 42, 0.95)
                .runAll(cand.size(), pm.metricsOf(true, metrics), pm.metricsOf(false, metrics), metrics, null);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "{\"tool\": \"mlsteps\", \"rows\": %d, \"resamples\": %d, \"seconds\": %.3f, "
                        + "\"accuracy\": [%.5f, %.5f], \"roc_auc\": [%.5f, %.5f]}%n", cand.size(), resamples, seconds,
                r.get("accuracy").deltaInterval().lower(), r.get("accuracy").deltaInterval().upper(),
                r.get("roc_auc").deltaInterval().lower(), r.get("roc_auc").deltaInterval().upper());
    }
}
