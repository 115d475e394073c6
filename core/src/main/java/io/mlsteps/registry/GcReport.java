package io.mlsteps.registry;

import java.util.List;

/**
 * What {@code gc} did: blobs no version refers to (left by interrupted registrations) and stale temporary
 * files, removed when older than the minimum age so that a registration in progress is never touched.
 *
 * @param removed       sha256 (or temp file names) removed, or that would be removed in a dry run
 * @param bytesFreed    their total size
 * @param referenced    number of blobs kept because a version refers to them
 * @param tooYoung      orphans kept because they are younger than the minimum age
 * @param dryRun        whether nothing was actually deleted
 */
public record GcReport(List<String> removed, long bytesFreed, int referenced, int tooYoung, boolean dryRun) {
}
