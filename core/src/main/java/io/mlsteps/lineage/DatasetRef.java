package io.mlsteps.lineage;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A dataset as lineage knows it: identified by the sha256 of its content, with what is known about it.
 *
 * @param role          {@code training}, {@code validation}, {@code evaluation}, {@code reference}, ...
 * @param sha256        content hash of the file (the identity of the dataset)
 * @param uri           where it was read from (a path or URL), informative only
 * @param rows          number of data rows, or null
 * @param schemaSha256  sha256 of its schema.json, or null
 * @param profileSha256 sha256 of its profile.json, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetRef(String role, String sha256, String uri, Long rows, String schemaSha256,
                         String profileSha256) {

    public static DatasetRef of(String role, String sha256, String uri) {
        return new DatasetRef(role, sha256, uri, null, null, null);
    }

    /** The node id in the lineage graph. */
    public String nodeId() {
        return "dataset:" + sha256;
    }
}
