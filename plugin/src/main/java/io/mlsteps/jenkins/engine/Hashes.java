package io.mlsteps.jenkins.engine;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Content hashes the plugin needs: SHA-256 names the cached engine jar on an agent (so a new plugin version
 * installs a new jar and builds never see half a file), and MD5 keys Jenkins fingerprints, which accept
 * nothing else.
 */
public final class Hashes {
    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-f]{32}");

    private Hashes() {
    }

    public static String sha256(InputStream in) throws IOException {
        return digest("SHA-256", in);
    }

    public static String md5(InputStream in) throws IOException {
        return digest("MD5", in);
    }

    private static String digest(String algorithm, InputStream in) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by every Java runtime", e);
        }
        byte[] buffer = new byte[65536];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Normalises an MD5 hex string as Jenkins' fingerprint map wants it (32 lower-case hex digits).
     *
     * @throws IllegalArgumentException for anything else, e.g. a SHA-256 passed by mistake
     */
    public static String requireMd5(String hex) {
        String value = hex == null ? "" : hex.trim().toLowerCase(Locale.ROOT);
        if (!MD5_HEX.matcher(value).matches()) {
            throw new IllegalArgumentException("a fingerprint needs an MD5 of 32 hex digits, got '" + hex + "'");
        }
        return value;
    }

    /** The file name of the engine jar cached on an agent, derived from its content hash. */
    public static String engineJarName(String sha256) {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("engine jar hash must be 64 lower-case hex digits, got '" + sha256 + "'");
        }
        return "mlsteps-engine-" + sha256.substring(0, 20) + ".jar";
    }
}
