package io.mlsteps.registry;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.lineage.BuildInfo;
import io.mlsteps.lineage.DatasetRef;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One immutable version of a registered model. Everything but {@link #aliases()} is fixed at registration.
 *
 * @param name           model name
 * @param version        1, 2, 3, ... per model, without gaps
 * @param artifactSha256 sha256 of the artifact file (its blob id)
 * @param artifactName   the artifact's original file name (e.g. {@code model.tribuo}, {@code model.onnx})
 * @param artifactSize   artifact size in bytes
 * @param createdAt      registration time
 * @param createdBy      who registered it (see {@link BuildInfo#actorFromEnv})
 * @param description    free text, may be null
 * @param metrics        metrics at registration (from metrics.json or an evaluate result.json)
 * @param tags           free key/value labels
 * @param card           the model card JSON (e.g. the training step's model-card.json), or null
 * @param profileSha256  sha256 of the training data profile blob, or null
 * @param datasets       the datasets it was trained (and evaluated) on
 * @param build          the build that registered it, or null outside CI
 * @param aliases        aliases currently pointing at this version
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelVersion(String name, int version, String artifactSha256, String artifactName, long artifactSize,
                           Instant createdAt, String createdBy, String description, Map<String, Double> metrics,
                           Map<String, String> tags, JsonNode card, String profileSha256,
                           List<DatasetRef> datasets, BuildInfo build, List<String> aliases) {

    /** {@code name@version}: the reference that always means this version. */
    public String ref() {
        return name + "@" + version;
    }

    /** The id of this version's node in the lineage graph ({@code model:name@version}). */
    public String lineageId() {
        return "model:" + ref();
    }

    @JsonIgnore
    public boolean hasProfile() {
        return profileSha256 != null;
    }
}
