package io.mlsteps.drift;

import io.mlsteps.data.ReadOptions;
import io.mlsteps.util.Hashing;
import io.mlsteps.util.StepLog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Profiles of reference data kept between runs, so that a scheduled check against an unchanged reference file does
 * not profile it again. An entry is found by a key made of what the profile depends on: each data file's path,
 * size, modification time (to the nanosecond where the file system keeps it) and file identity, the read options,
 * the profile format and the engine build; a file that changed in any of these is a miss and is profiled again
 * (the rule make and git use to decide that a file is unchanged). Files modified in the last
 * {@link #SETTLE_MILLIS} before they are profiled are not cached, as a same-size rewrite within the file system's
 * time resolution would not change the key.
 * <p>
 * The cache never fails a run: an unreadable entry is removed and the data profiled; a failed write is logged.
 * It keeps the {@link #MAX_ENTRIES} most recently used entries.
 */
final class ReferenceProfileCache {
    /** Entries kept; a run uses one per reference, so this covers many monitoring jobs sharing a workspace. */
    static final int MAX_ENTRIES = 16;
    /** A file modified less than this before it is profiled is not cached (see {@link #profile}). */
    static final long SETTLE_MILLIS = 2_000;
    private static final String SUFFIX = ".drift-profile.json";

    private final Path dir;
    private final StepLog log;

    ReferenceProfileCache(Path dir, StepLog log) {
        this.dir = dir;
        this.log = log;
    }

    /** The reference's profile: from the cache when its files are unchanged, else profiled and stored. */
    DriftProfile profile(Path reference, ReadOptions options) {
        List<Path> files = DriftProfile.dataFiles(reference);
        String key = key(files, options);
        Path entry = key == null ? null : dir.resolve(key + SUFFIX);
        if (entry != null && Files.isRegularFile(entry)) {
            try {
                DriftProfile cached = DriftProfile.load(entry);
                touch(entry);
                log.info("reference profile from the cache (%s unchanged since it was profiled); the reference data is not re-read",
                        files.size() == 1 ? reference : files.size() + " files of " + reference);
                return cached;
            } catch (RuntimeException e) {
                log.warn(String.format("cached reference profile %s is unreadable (%s); profiling the data again", entry,
                        e.getMessage()));
                deleteQuietly(entry);
            }
        }
        log.info("profiling reference data %s", reference);
        long started = System.currentTimeMillis();
        DriftProfile profile = DriftProfile.of(reference, options, log);
        // Not stored when a file changed while it was read, nor when it changed just before: a rewrite of the same
        // size within the file system's time resolution would keep the key (git's "racily clean" entries).
        if (entry != null && key.equals(key(files, options)) && settledBefore(files, started - SETTLE_MILLIS)) {
            store(profile, entry);
        }
        return profile;
    }

    private static boolean settledBefore(List<Path> files, long millis) {
        try {
            for (Path f : files) {
                if (Files.getLastModifiedTime(f).toMillis() >= millis) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The cache key; null when a file cannot be described (then nothing is cached). */
    static String key(List<Path> files, ReadOptions options) {
        // The options spelled out field by field: a record's toString shows its set of markers in an order that
        // changes from one JVM to the next, and the key must not.
        StringBuilder k = new StringBuilder(DriftProfile.FORMAT).append(" v").append(DriftProfile.FORMAT_VERSION)
                .append('\n').append(engineBuild()).append('\n').append(options.format()).append('\t')
                .append(options.delimiter()).append('\t').append(options.header()).append('\t')
                .append(options.columnNames()).append('\t')
                .append(new java.util.TreeSet<>(options.missingMarkers())).append('\t').append(options.maxFieldChars())
                .append('\n');
        try {
            for (Path f : files) {
                Path real = f.toRealPath();
                BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
                k.append(real).append('\t').append(a.size()).append('\t')
                        .append(a.lastModifiedTime().to(TimeUnit.NANOSECONDS)).append('\t').append(a.fileKey()).append('\n');
            }
        } catch (IOException e) {
            return null;
        }
        return Hashing.sha256(k.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The engine's jar (path, size, time), so that a new build — whose profiles may differ — does not reuse the
     * entries of an old one; empty when running from class folders (tests, the IDE).
     */
    private static String engineBuild() {
        try {
            Path code = Path.of(ReferenceProfileCache.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(code)) {
                return code + "\t" + Files.size(code) + "\t" + Files.getLastModifiedTime(code).toMillis();
            }
        } catch (Exception e) {
            // no code source to describe: entries are then keyed by the data alone
        }
        return "";
    }

    private void store(DriftProfile profile, Path entry) {
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            // a file of its own per writer: two builds may store the same reference at once
            tmp = Files.createTempFile(dir, "entry", ".tmp");
            profile.save(tmp);
            try {
                Files.move(tmp, entry, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, entry, StandardCopyOption.REPLACE_EXISTING);
            }
            evict();
        } catch (IOException | RuntimeException e) {
            log.warn(String.format("could not keep the reference profile in the cache %s: %s", dir, e.getMessage()));
            if (tmp != null) {
                deleteQuietly(tmp);
            }
        }
    }

    /** Removes the least recently used entries beyond {@link #MAX_ENTRIES}. */
    private void evict() throws IOException {
        List<Path> entries;
        try (var stream = Files.list(dir)) {
            entries = stream.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .sorted(Comparator.comparing(ReferenceProfileCache::lastUse).reversed()).toList();
        }
        for (Path old : entries.subList(Math.min(MAX_ENTRIES, entries.size()), entries.size())) {
            deleteQuietly(old);
        }
    }

    private static FileTime lastUse(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static void touch(Path entry) {
        try {
            Files.setLastModifiedTime(entry, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // only the eviction order suffers
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // left for the next eviction
        }
    }
}
