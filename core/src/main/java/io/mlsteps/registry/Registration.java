package io.mlsteps.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.lineage.BuildInfo;
import io.mlsteps.lineage.DatasetRef;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to register as a new version: the artifact file (any format) and what is known about it. Build it
 * with the fluent setters; only {@link #name} and {@link #artifact} are required.
 */
public final class Registration {
    String name;
    Path artifact;
    String artifactName;
    JsonNode card;
    Path profile;
    String description;
    String actor;
    BuildInfo build;
    final Map<String, Double> metrics = new LinkedHashMap<>();
    final Map<String, String> tags = new LinkedHashMap<>();
    final List<DatasetRef> datasets = new ArrayList<>();

    public static Registration of(String name, Path artifact) {
        Registration r = new Registration();
        r.name = name;
        r.artifact = artifact;
        return r;
    }

    /** The name the artifact is stored and downloaded under; defaults to the file's own name. */
    public Registration artifactName(String value) {
        this.artifactName = value;
        return this;
    }

    /** The model card (e.g. the training step's {@code model-card.json}); its training data hash becomes lineage. */
    public Registration card(JsonNode value) {
        this.card = value;
        return this;
    }

    /** The training data profile ({@code profile.json}), stored as a blob so drift checks can use it later. */
    public Registration profile(Path value) {
        this.profile = value;
        return this;
    }

    public Registration description(String value) {
        this.description = value;
        return this;
    }

    /** Who registers; defaults to {@link BuildInfo#actorFromEnv} of the process environment. */
    public Registration actor(String value) {
        this.actor = value;
        return this;
    }

    public Registration build(BuildInfo value) {
        this.build = value;
        return this;
    }

    public Registration metrics(Map<String, Double> values) {
        if (values != null) {
            metrics.putAll(values);
        }
        return this;
    }

    public Registration tags(Map<String, String> values) {
        if (values != null) {
            tags.putAll(values);
        }
        return this;
    }

    public Registration tag(String key, String value) {
        tags.put(key, value);
        return this;
    }

    /** A dataset the model was trained or evaluated on; datasets named in the card are added automatically. */
    public Registration dataset(DatasetRef value) {
        datasets.add(value);
        return this;
    }

    public String name() {
        return name;
    }

    public Path artifact() {
        return artifact;
    }
}
