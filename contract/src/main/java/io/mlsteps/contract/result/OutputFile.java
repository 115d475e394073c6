package io.mlsteps.contract.result;

/**
 * A file a step produced, identified by content so lineage and fingerprints can refer to it.
 *
 * @param name   role of the file, e.g. {@code model}, {@code schema}, {@code profile}
 * @param path   path relative to the step folder when inside it, else to the workspace, else absolute
 * @param sha256 lower-case hex SHA-256 of the content
 * @param bytes  size in bytes
 */
public record OutputFile(String name, String path, String sha256, long bytes) {
}
