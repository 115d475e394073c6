package io.mlsteps.registry;

import io.mlsteps.step.StepRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Arguments of {@code registerModel}. In a Jenkinsfile:
 * <pre>registerModel name: 'adult', model: '.mlsteps/trainModel/model.tribuo',
 *     metrics: '.mlsteps/evaluateModel/result.json', alias: 'staging', requireGate: true</pre>
 */
public class RegisterModelRequest extends StepRequest {
    private String registry;
    private String name;
    private String model;
    private String artifactName;
    private String card;
    private String metrics;
    private List<String> results = new ArrayList<>();
    private String profile;
    private String data;
    private Map<String, String> tags = new LinkedHashMap<>();
    private String alias;
    private boolean requireGate;
    private String reason;
    private String description;
    private String openLineage;

    /** Registry URI: a folder, {@code file:...} or {@code jdbc:postgresql://...}; default {@code MLSTEPS_REGISTRY} or {@code ~/.mlsteps/registry}. */
    public String getRegistry() {
        return registry;
    }

    public void setRegistry(String registry) {
        this.registry = registry;
    }

    /** Model name (letters, digits, {@code . _ -}). Required. */
    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    /** The artifact file to register: a Tribuo model, ONNX, a pickle, a jar, anything. Required. */
    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }

    /** File name to store and download the artifact under; default the file's own name. */
    public String getArtifactName() {
        return artifactName;
    }

    public void setArtifactName(String artifactName) {
        this.artifactName = artifactName;
    }

    /** Model card JSON; default {@code model-card.json} beside the model when it exists. */
    public String getCard() {
        return card;
    }

    public void setCard(String card) {
        this.card = card;
    }

    /** A metrics.json (flat or with a {@code metrics} object) or a step's result.json (evaluateModel, compareToBaseline). */
    public String getMetrics() {
        return metrics;
    }

    public void setMetrics(String metrics) {
        this.metrics = metrics;
    }

    /** More step result.json files (evaluateModel, compareToBaseline) whose verdicts are recorded as gate evidence. */
    public List<String> getResults() {
        return results;
    }

    public void setResults(List<String> results) {
        this.results = results == null ? new ArrayList<>() : new ArrayList<>(results);
    }

    /** Training data profile; default {@code training-profile.json} beside the model when it exists. */
    public String getProfile() {
        return profile;
    }

    public void setProfile(String profile) {
        this.profile = profile;
    }

    /** The training data file, hashed for lineage when the card does not name it (models trained elsewhere). */
    public String getData() {
        return data;
    }

    public void setData(String data) {
        this.data = data;
    }

    public Map<String, String> getTags() {
        return tags;
    }

    public void setTags(Map<String, String> tags) {
        this.tags = tags == null ? new LinkedHashMap<>() : new LinkedHashMap<>(tags);
    }

    /** Alias to point at the new version, e.g. {@code staging}. */
    public String getAlias() {
        return alias;
    }

    public void setAlias(String alias) {
        this.alias = alias;
    }

    /** Move the alias only if the version's latest evaluation/comparison passed. */
    public boolean isRequireGate() {
        return requireGate;
    }

    public void setRequireGate(boolean requireGate) {
        this.requireGate = requireGate;
    }

    /** Why the alias moves, kept in the audit trail. */
    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    /** Where to send OpenLineage RunEvents: a file (JSON lines) or an http(s) URL; default {@code OPENLINEAGE_URL}, else none. */
    public String getOpenLineage() {
        return openLineage;
    }

    public void setOpenLineage(String openLineage) {
        this.openLineage = openLineage;
    }
}
