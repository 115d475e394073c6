package io.mlsteps.util;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Content hashes: SHA-256 identifies files everywhere; MD5 only where Jenkins fingerprints require it.
 *
 * <p>A large file's SHA-256 is computed by the system's {@code openssl} (or {@code sha256sum}) when one is on the
 * PATH: the data commands run on a JVM with the C1 compiler alone, which has no SHA intrinsic (about 8 ms per MB,
 * against about 1 ms for openssl with the CPU's SHA instructions). The value is the same; without a tool, or if
 * it fails or prints anything but a hash, the JDK's digest computes it. {@code -Dmlsteps.sha256.tool=false}
 * turns the tool off.
 */
public final class Hashing {
    /** Files from this size are worth starting a process for (a few milliseconds). */
    static final long TOOL_MIN_BYTES = 4 << 20;
    /** How long a tool may take per MB (plus a second) before the JDK's digest is used instead. */
    private static final long TOOL_MILLIS_PER_MB = 200;
    /** The tool's command line without the file, or null when there is none (looked up once). */
    private static volatile List<String> tool;
    private static volatile boolean toolLookedUp;

    private Hashing() {
    }

    public static String sha256(Path file) {
        if (Files.isRegularFile(file)) {
            try {
                if (Files.size(file) >= TOOL_MIN_BYTES) {
                    String hash = sha256ByTool(file);
                    if (hash != null) {
                        return hash;
                    }
                }
            } catch (IOException e) {
                // the JDK's read below reports it
            }
        }
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

    /**
     * The file's SHA-256 from the system's tool, or null when there is no tool or it did not print a hash
     * (lower-case hex of 64 digits, as {@link #sha256(byte[])} gives).
     */
    static String sha256ByTool(Path file) {
        List<String> command = tool();
        if (command == null) {
            return null;
        }
        try {
            List<String> args = new java.util.ArrayList<>(command);
            args.add(file.toAbsolutePath().toString());
            Process p = new ProcessBuilder(args).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new File(nullDevice()))).start();
            // waited for before its output is read (one line, which the pipe holds), so a tool that hangs is
            // given up on instead of blocking the read
            long limit = 1000 + TOOL_MILLIS_PER_MB * (Files.size(file) >> 20);
            if (!p.waitFor(limit, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return null;
            }
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readNBytes(4096);
            }
            if (p.exitValue() != 0 || out.length < 65 || out[64] != ' ') {
                return null;
            }
            String hash = new String(out, 0, 64, StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
            return hash.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f') ? hash : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String nullDevice() {
        return File.separatorChar == '\\' ? "NUL" : "/dev/null";
    }

    /** {@code openssl dgst -sha256 -r} or {@code sha256sum -b}, whichever the PATH has first in that order; null for none. */
    private static List<String> tool() {
        if (!toolLookedUp) {
            synchronized (Hashing.class) {
                if (!toolLookedUp) {
                    tool = Boolean.parseBoolean(System.getProperty("mlsteps.sha256.tool", "true")) ? findTool() : null;
                    toolLookedUp = true;
                }
            }
        }
        return tool;
    }

    private static List<String> findTool() {
        String path = System.getenv("PATH");
        if (path == null || File.separatorChar == '\\') {
            return null;
        }
        for (String[] candidate : new String[][]{{"openssl", "dgst", "-sha256", "-r"}, {"sha256sum", "-b"}}) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path exe = Path.of(dir, candidate[0]);
                if (Files.isRegularFile(exe) && Files.isExecutable(exe)) {
                    List<String> command = new java.util.ArrayList<>(List.of(candidate));
                    command.set(0, exe.toString());
                    return command;
                }
            }
        }
        return null;
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
