package io.mlsteps.jenkins.trend;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Picks the metrics worth keeping and showing: those a gate names (exactly, or through a slice wildcard such
 * as {@code accuracy[sex=*]}), then the headline metrics (no qualifier), then comparison deltas and baselines,
 * then the rest, up to a limit. The order is stable so pages and trends do not shuffle between builds.
 */
public final class KeyMetrics {
    private KeyMetrics() {
    }

    public static List<String> select(Map<String, Double> metrics, Collection<String> gated, int max) {
        Set<String> chosen = new LinkedHashSet<>();
        for (String gate : gated) {
            Pattern pattern = wildcard(gate);
            for (String name : metrics.keySet()) {
                if (pattern.matcher(name).matches()) {
                    chosen.add(name);
                }
            }
        }
        for (String name : metrics.keySet()) {
            if (!name.contains("[")) {
                chosen.add(name);
            }
        }
        for (String name : metrics.keySet()) {
            if (name.startsWith("delta[") || name.startsWith("baseline[")) {
                chosen.add(name);
            }
        }
        chosen.addAll(metrics.keySet());
        List<String> result = new ArrayList<>(chosen);
        return result.subList(0, Math.min(max, result.size()));
    }

    /** A gate's metric name as a pattern: {@code *} inside brackets matches any qualifier value. */
    static Pattern wildcard(String gateMetric) {
        StringBuilder regex = new StringBuilder();
        for (String part : gateMetric.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append("[^\\]]*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    /** Whether a metric is a headline metric (no bracketed qualifier). */
    public static boolean isHeadline(String metric) {
        return !metric.contains("[");
    }
}
