package io.mlsteps.registry;

import io.mlsteps.util.InputException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Content-addressed files: {@code <dir>/sha256/ab/abcdef...}. A blob is written to {@code tmp/}, flushed to
 * disk and moved into place atomically, so a blob under its name is always complete; the registry records
 * a version only after its blobs are in place, so a crash can leave an orphan blob (removed by {@code gc})
 * but never a version whose blob is missing. Reads verify the sha256.
 */
final class BlobStore {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private final Path dir;

    BlobStore(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** A stored blob: its sha256 and size. */
    record Blob(String sha256, long size) {
    }

    /** Stores a file's content; returns its sha256 and size. Storing the same content twice is a no-op. */
    Blob put(Path source) {
        Path tmpDir = dir.resolve("tmp");
        try {
            Files.createDirectories(tmpDir);
            Path tmp = tmpDir.resolve(UUID.randomUUID() + ".part");
            MessageDigest md = sha256();
            long size;
            try (InputStream in = new DigestInputStream(Files.newInputStream(source), md);
                 FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                size = in.transferTo(out);
                out.flush();
                channel.force(true);
            } catch (NoSuchFileException e) {
                Files.deleteIfExists(tmp);
                throw new InputException(source.toString(), "file not found");
            }
            String sha = HexFormat.of().formatHex(md.digest());
            Path target = path(sha);
            Files.createDirectories(target.getParent());
            if (Files.isRegularFile(target) && Files.size(target) == size && check(sha) == null) {
                // already stored: refresh its time so a concurrent gc (which spares young blobs) keeps it
                Files.setLastModifiedTime(target, java.nio.file.attribute.FileTime.from(Instant.now()));
                Files.delete(tmp);
            } else {
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return new Blob(sha, size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + source + " in " + dir, e);
        }
    }

    /** Copies a blob to {@code target}, verifying its sha256; a mismatch or a missing blob is an error. */
    Path copyTo(String sha256, Path target) {
        Path source = existing(sha256);
        try {
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path tmp = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".part");
            MessageDigest md = sha256();
            try (InputStream in = new DigestInputStream(Files.newInputStream(source), md);
                 OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW)) {
                in.transferTo(out);
            }
            String actual = HexFormat.of().formatHex(md.digest());
            if (!actual.equals(sha256)) {
                Files.deleteIfExists(tmp);
                throw tampered(sha256, actual);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy blob " + sha256 + " to " + target, e);
        }
    }

    /** Reads a small blob fully, verified. */
    byte[] read(String sha256) {
        try {
            byte[] bytes = Files.readAllBytes(existing(sha256));
            String actual = HexFormat.of().formatHex(sha256().digest(bytes));
            if (!actual.equals(sha256)) {
                throw tampered(sha256, actual);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + sha256, e);
        }
    }

    /** Recomputes a blob's hash; returns null when it is intact, else what is wrong. */
    String check(String sha256) {
        Path p = path(sha256);
        if (!Files.isRegularFile(p)) {
            return "blob " + sha256 + " is missing (" + p + ")";
        }
        String actual = io.mlsteps.util.Hashing.sha256(p);
        return actual.equals(sha256) ? null : "blob " + sha256 + " was changed on disk (its content hashes to " + actual + ")";
    }

    boolean exists(String sha256) {
        return Files.isRegularFile(path(sha256));
    }

    Path path(String sha256) {
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a sha256: " + sha256);
        }
        return dir.resolve("sha256").resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    /** All stored blob ids, for gc. */
    List<String> list() {
        Path root = dir.resolve("sha256");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root, 2)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> SHA256.matcher(n).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    /** Temporary files of interrupted writes older than {@code minAge}. */
    List<Path> staleTemporaries(Duration minAge) {
        Path tmpDir = dir.resolve("tmp");
        if (!Files.isDirectory(tmpDir)) {
            return List.of();
        }
        List<Path> result = new ArrayList<>();
        try (Stream<Path> files = Files.list(tmpDir)) {
            for (Path p : files.toList()) {
                if (olderThan(p, minAge)) {
                    result.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + tmpDir, e);
        }
        return result;
    }

    static boolean olderThan(Path p, Duration minAge) {
        try {
            return Files.getLastModifiedTime(p).toInstant().isBefore(Instant.now().minus(minAge));
        } catch (IOException e) {
            return false;
        }
    }

    private Path existing(String sha256) {
        Path p = path(sha256);
        if (!Files.isRegularFile(p)) {
            throw new BlobIntegrityException(p.toString(), "blob " + sha256 + " is missing from the registry's blob store");
        }
        return p;
    }

    private BlobIntegrityException tampered(String expected, String actual) {
        return new BlobIntegrityException(path(expected).toString(), "sha256 mismatch: expected " + expected
                + " but the stored content hashes to " + actual + "; the blob was changed or damaged on disk and is refused");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
