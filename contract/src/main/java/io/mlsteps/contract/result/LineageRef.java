package io.mlsteps.contract.result;

/**
 * A node of the lineage graph that a step read or wrote.
 *
 * @param kind   {@code dataset}, {@code model}, {@code modelVersion}, {@code evaluation}, {@code deployment}, ...
 * @param role   {@code input} or {@code output}
 * @param id     stable identifier (e.g. {@code adult@3} for a model version, or the dataset path)
 * @param sha256 content hash where the node is a file
 * @param uri    where to find it, if anywhere
 */
public record LineageRef(String kind, String role, String id, String sha256, String uri) {
}
