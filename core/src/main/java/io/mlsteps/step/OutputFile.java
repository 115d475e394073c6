package io.mlsteps.step;

/**
 * A file a step produced, identified by content so lineage and fingerprints can refer to it.
 *
 * @param name   role of the file, e.g. {@code model}, {@code schema}, {@code profile}
 * @param path   path relative to the run folder when inside it, else absolute
 * @param sha256 lower-case hex SHA-256 of the content
 * @param bytes  size in bytes
 */
public record OutputFile(String name, String path, String sha256, long bytes) {
}
