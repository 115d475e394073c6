package io.mlsteps.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mlsteps.lineage.BuildInfo;
import io.mlsteps.lineage.DatasetRef;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Something a step did with a model version that lineage must remember: an evaluation, a comparison with a
 * baseline, a deployment, a drift check, or any other kind. Evaluations and comparisons with
 * {@code passed = true} are what {@code requireGate} looks for before an alias may move.
 *
 * @param id         assigned by the registry (0 before recording)
 * @param kind       {@link #EVALUATION}, {@link #COMPARISON}, {@link #DEPLOYMENT}, {@link #DRIFT}, {@link #PREDICTION},
 *                   or any other word
 * @param name       model name
 * @param version    model version
 * @param passed     whether its checks passed; null when the event has no verdict
 * @param at         when (the registry fills it in when null)
 * @param actor      who (the registry fills it in from the environment when null)
 * @param build      the build it happened in, or null
 * @param datasets   datasets it read (e.g. the evaluation data), and those it wrote (role {@code output})
 * @param related    other model versions involved, as references (e.g. the baseline {@code adult@2})
 * @param metrics    metrics it produced
 * @param attributes anything else worth keeping (target, endpoint, result path, status)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record LineageEvent(long id, String kind, String name, int version, Boolean passed, Instant at,
                           String actor, BuildInfo build, List<DatasetRef> datasets, List<String> related,
                           Map<String, Double> metrics, Map<String, Object> attributes) {
    public static final String EVALUATION = "evaluation";
    public static final String COMPARISON = "comparison";
    public static final String DEPLOYMENT = "deployment";
    public static final String DRIFT = "drift";
    /** A batch prediction: its datasets are the inputs (role {@code input}) and the predictions (role {@code output}). */
    public static final String PREDICTION = "prediction";

    /**
     * The event kind a step's verdict is recorded as (evaluation, comparison, drift), or null for other steps
     * (e.g. trainModel's validation metrics), whose metrics are stored but whose verdict is no gate evidence.
     */
    public static String kindOfStep(String step) {
        if (step == null) {
            return null;
        }
        return switch (step) {
            case "evaluateModel" -> EVALUATION;
            case "compareToBaseline" -> COMPARISON;
            case "checkDrift" -> DRIFT;
            default -> null;
        };
    }

    public LineageEvent {
        datasets = datasets == null ? List.of() : List.copyOf(datasets);
        related = related == null ? List.of() : List.copyOf(related);
        metrics = metrics == null ? Map.of() : new LinkedHashMap<>(metrics);
        attributes = attributes == null ? Map.of() : new LinkedHashMap<>(attributes);
    }

    /** A new event of this kind about a version (by reference {@code name@version}); fill in the rest with the withers. */
    public static LineageEvent of(String kind, ModelVersion version, Boolean passed) {
        return new LineageEvent(0, kind, version.name(), version.version(), passed, null, null, null, null, null,
                null, null);
    }

    public LineageEvent withBuild(BuildInfo b) {
        return new LineageEvent(id, kind, name, version, passed, at, actor, b, datasets, related, metrics, attributes);
    }

    public LineageEvent withActor(String a) {
        return new LineageEvent(id, kind, name, version, passed, at, a, build, datasets, related, metrics, attributes);
    }

    public LineageEvent withDatasets(List<DatasetRef> d) {
        return new LineageEvent(id, kind, name, version, passed, at, actor, build, d, related, metrics, attributes);
    }

    public LineageEvent withRelated(List<String> r) {
        return new LineageEvent(id, kind, name, version, passed, at, actor, build, datasets, r, metrics, attributes);
    }

    public LineageEvent withMetrics(Map<String, Double> m) {
        return new LineageEvent(id, kind, name, version, passed, at, actor, build, datasets, related, m, attributes);
    }

    public LineageEvent withAttributes(Map<String, Object> a) {
        return new LineageEvent(id, kind, name, version, passed, at, actor, build, datasets, related, metrics, a);
    }

    /** {@code name@version} of the version this event is about. */
    public String ref() {
        return name + "@" + version;
    }

    /** The node id in the lineage graph. */
    public String nodeId() {
        return kind + ":" + id;
    }
}
