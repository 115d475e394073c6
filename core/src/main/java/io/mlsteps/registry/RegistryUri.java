package io.mlsteps.registry;

import io.mlsteps.util.InputException;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A parsed registry location: which store, its JDBC URL, and where blobs live.
 *
 * @param store   SQLite (a folder) or PostgreSQL
 * @param jdbcUrl the URL handed to the JDBC driver (without our own {@code blobs} parameter)
 * @param blobDir the folder of content-addressed blobs
 * @param shown   the location for messages, with any password removed
 */
public record RegistryUri(Store store, String jdbcUrl, Path blobDir, String shown) {
    public static final String ENV_REGISTRY = "MLSTEPS_REGISTRY";
    public static final String ENV_BLOBS = "MLSTEPS_REGISTRY_BLOBS";
    static final String DB_FILE = "registry.db";
    static final String BLOB_FOLDER = "blobs";

    public enum Store { SQLITE, POSTGRESQL }

    /** Parses a registry URI; null means {@code MLSTEPS_REGISTRY} in {@code env}, else {@code ~/.mlsteps/registry}. */
    public static RegistryUri parse(String uri, Map<String, String> env) {
        return parse(uri, env, null);
    }

    /** Like {@link #parse(String, Map)}, with relative folders resolved against {@code baseDir} (null: the current folder). */
    public static RegistryUri parse(String uri, Map<String, String> env, Path baseDir) {
        String value = uri;
        if (value == null || value.isBlank()) {
            value = env.get(ENV_REGISTRY);
        }
        if (value == null || value.isBlank()) {
            value = Path.of(System.getProperty("user.home"), ".mlsteps", "registry").toString();
        }
        value = value.trim();
        if (value.startsWith("jdbc:postgresql:") || value.startsWith("postgresql:")) {
            return postgres(value.startsWith("jdbc:") ? value : "jdbc:" + value, env);
        }
        if (value.startsWith("jdbc:")) {
            throw new InputException("registry", "unsupported registry URI '" + value
                    + "'; expected a folder, file:/folder or jdbc:postgresql://host/db");
        }
        Path folder;
        if (value.startsWith("file:")) {
            try {
                folder = Path.of(URI.create(value.startsWith("file://") || value.startsWith("file:/") ? value
                        : "file:" + Path.of(value.substring(5)).toAbsolutePath().toUri().getPath()));
            } catch (IllegalArgumentException e) {
                throw new InputException("registry", "malformed file URI '" + value + "': " + e.getMessage());
            }
        } else {
            folder = Path.of(value);
        }
        if (!folder.isAbsolute() && baseDir != null) {
            folder = baseDir.resolve(folder);
        }
        folder = folder.toAbsolutePath().normalize();
        return new RegistryUri(Store.SQLITE, "jdbc:sqlite:" + folder.resolve(DB_FILE), folder.resolve(BLOB_FOLDER),
                folder.toString());
    }

    private static RegistryUri postgres(String url, Map<String, String> env) {
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        List<String> kept = new ArrayList<>();
        String blobs = null;
        List<String> shownParams = new ArrayList<>();
        if (q >= 0) {
            for (String param : url.substring(q + 1).split("&")) {
                if (param.isEmpty()) {
                    continue;
                }
                int eq = param.indexOf('=');
                String key = eq < 0 ? param : param.substring(0, eq);
                String val = eq < 0 ? "" : URLDecoder.decode(param.substring(eq + 1), StandardCharsets.UTF_8);
                if (key.equals("blobs")) {
                    blobs = val;
                } else {
                    kept.add(param);
                    if (!key.equalsIgnoreCase("password")) {
                        shownParams.add(param);
                    }
                }
            }
        }
        if (blobs == null) {
            blobs = env.get(ENV_BLOBS);
        }
        if (blobs == null || blobs.isBlank()) {
            blobs = Path.of(System.getProperty("user.home"), ".mlsteps", "blobs").toString();
        }
        String jdbc = kept.isEmpty() ? base : base + "?" + String.join("&", kept);
        String shownBase = base.replaceAll("//[^/@]*:[^/@]*@", "//");
        String shown = shownParams.isEmpty() ? shownBase : shownBase + "?" + String.join("&", shownParams);
        return new RegistryUri(Store.POSTGRESQL, jdbc, Path.of(blobs).toAbsolutePath().normalize(), shown);
    }
}
