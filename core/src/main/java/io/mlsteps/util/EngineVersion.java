package io.mlsteps.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The version of the engine that is running: the build's version, the commit it was built from and when it was
 * built, read from {@code engine-version.properties}, which the build writes (Maven resource filtering). Results,
 * model cards, lineage and {@code mlsteps --version} record it, so that every output names the engine that made it.
 *
 * @param version   the project version, e.g. {@code 0.1.0} or {@code 0.2.0-SNAPSHOT}
 * @param commit    the full git commit id, or {@link #UNKNOWN} for a build outside a git checkout (or anything else
 *                  that is not a commit id)
 * @param buildDate when the engine was built (ISO-8601, UTC), or {@link #UNKNOWN}
 */
public record EngineVersion(String version, String commit, String buildDate) {
    /** The value of a field the build could not fill in. */
    public static final String UNKNOWN = "unknown";
    static final String RESOURCE = "engine-version.properties";

    private static final EngineVersion CURRENT = read(EngineVersion.class.getResourceAsStream(RESOURCE));

    /** The running engine's version. */
    public static EngineVersion current() {
        return CURRENT;
    }

    /** Parses the build's properties; a missing file or a field the build left unset reads as {@link #UNKNOWN}. */
    static EngineVersion read(InputStream in) {
        Properties p = new Properties();
        if (in != null) {
            try (in) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
        }
        String commit = value(p, "commit");
        return new EngineVersion(value(p, "version"), commit.matches("[0-9a-f]{7,64}") ? commit : UNKNOWN,
                value(p, "buildDate"));
    }

    /** A value, or UNKNOWN when absent, blank or still the placeholder of an unfiltered resource. */
    private static String value(Properties p, String key) {
        String v = p.getProperty(key, "").strip();
        return v.isEmpty() || v.startsWith("${") ? UNKNOWN : v;
    }

    /** The first 10 characters of the commit (what {@code git log --abbrev=10} shows), or UNKNOWN. */
    public String shortCommit() {
        return commit.equals(UNKNOWN) ? UNKNOWN : commit.substring(0, Math.min(10, commit.length()));
    }

    /** One line for people: {@code 0.1.0 (commit 2522790582, built 2026-12-06T03:11:53Z)}. */
    public String describe() {
        return version + " (commit " + shortCommit() + ", built " + buildDate + ")";
    }

    /** The fields by name, as results and model cards record them ({@code name} is always {@code mlsteps}). */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("name", "mlsteps");
        map.put("version", version);
        map.put("commit", commit);
        map.put("buildDate", buildDate);
        return map;
    }
}
