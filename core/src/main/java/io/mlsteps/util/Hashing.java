package io.mlsteps.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

/** Content hashes: SHA-256 identifies files everywhere; MD5 only where Jenkins fingerprints require it. */
public final class Hashing {
    private Hashing() {
    }

    public static String sha256(Path file) {
        return digest(file, "SHA-256");
    }

    /**
     * Starts a file's SHA-256 on its own daemon thread, so that a caller about to read the file anyway hashes it
     * beside that read instead of after it. {@code join()} gives the hash (or throws what {@link #sha256} threw).
     */
    public static CompletableFuture<String> sha256Beside(Path file) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(sha256(file));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, "mlsteps-sha256");
        t.setDaemon(true);
        t.start();
        return result;
    }

    public static String md5(Path file) {
        return digest(file, "MD5");
    }

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest("SHA-256").digest(bytes));
    }

    private static String digest(Path file, String algorithm) {
        MessageDigest md = newDigest(algorithm);
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                md.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
