package io.mlsteps.serve;

import io.mlsteps.model.Predictor;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A model version in memory: its spec, its predictor and the feature names requests are checked against. */
public final class LoadedModel {
    private final ModelSpec spec;
    private final Predictor predictor;
    private final Set<String> features;
    private final Set<String> ignored;
    private final Instant loadedAt = Instant.now();

    public LoadedModel(ModelSpec spec, Predictor predictor) {
        this.spec = spec;
        this.predictor = predictor;
        this.features = Set.copyOf(predictor.featureNames());
        this.ignored = Set.copyOf(predictor.ignoredColumns());
    }

    public ModelSpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    public String version() {
        return spec.version();
    }

    public Predictor predictor() {
        return predictor;
    }

    public Set<String> features() {
        return features;
    }

    /** Columns the model does not use on purpose (label, excluded ones): accepted in requests and ignored. */
    public Set<String> ignoredColumns() {
        return ignored;
    }

    public List<String> featureNames() {
        return predictor.featureNames();
    }

    /** What {@code /v1/models} shows of this version; the model file's path only to an authorized caller. */
    Map<String, Object> describe(boolean withSource) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", spec.version());
        m.put("task", predictor.task());
        if (spec.sha256() != null) {
            m.put("sha256", spec.sha256());
        }
        m.put("lineageId", spec.lineageId() != null ? spec.lineageId() : spec.name() + "@" + spec.version());
        if (withSource) {
            m.put("source", spec.path());
        }
        m.put("loadedAt", loadedAt.toString());
        m.put("features", predictor.featureNames());
        if (!predictor.labels().isEmpty()) {
            m.put("labels", predictor.labels());
        }
        return m;
    }
}
