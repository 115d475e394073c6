package io.mlsteps.serve;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One model version the server should load.
 *
 * @param name      the model name in the URL ({@code /v1/models/{name}/predict})
 * @param version   version label (a registry version number, or a label of the user's choice)
 * @param path      the model file ({@code model.tribuo})
 * @param sha256    the artifact's content hash, if known (shown in {@code /v1/models})
 * @param lineageId the lineage node of this version, e.g. {@code adult@3}
 * @param role      {@code primary} (answers) or {@code candidate} (canary or shadow)
 * @param mode      for a candidate: {@code canary} (answers {@code percent} of requests) or {@code shadow}
 * @param percent   for a canary candidate: share of requests it answers, 0..100
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelSpec(String name, String version, String path, String sha256, String lineageId,
                        String role, String mode, Double percent) {

    public static ModelSpec primary(String name, String version, String path) {
        return new ModelSpec(name, version, path, null, null, "primary", null, null);
    }

    public ModelSpec asCandidate(String newMode, double newPercent) {
        return new ModelSpec(name, version, path, sha256, lineageId, "candidate", newMode, newPercent);
    }

    public ModelSpec withHash(String hash, String lineage) {
        return new ModelSpec(name, version, path, hash, lineage, role, mode, percent);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isCandidate() {
        return "candidate".equals(role);
    }
}
