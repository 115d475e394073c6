package io.mlsteps.registry;

import io.mlsteps.util.InputException;

import java.util.regex.Pattern;

/**
 * A parsed reference {@code name}, {@code name@7} or {@code name@alias}, and the rules for names: model
 * names and aliases are plain words (letters, digits, {@code . _ -}, starting with a letter or digit, at
 * most 128 characters), so they can never act as paths, SQL or options.
 *
 * @param name    model name
 * @param version the version number, or null
 * @param alias   the alias, or null ({@code latest} when neither is given)
 */
public record ModelRef(String name, Integer version, String alias) {
    public static final String LATEST = "latest";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,63}");
    private static final Pattern VERSION_LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public static ModelRef parse(String ref) {
        if (ref == null || ref.isBlank()) {
            throw new InputException("model reference", "is empty; expected name, name@VERSION or name@ALIAS");
        }
        String text = ref.trim();
        int at = text.indexOf('@');
        String name = at < 0 ? text : text.substring(0, at);
        checkName(name, "model reference '" + ref + "'");
        if (at < 0) {
            return new ModelRef(name, null, LATEST);
        }
        String selector = text.substring(at + 1);
        if (selector.matches("[0-9]{1,9}")) {
            int version = Integer.parseInt(selector);
            if (version < 1) {
                throw new InputException("model reference '" + ref + "'", "versions start at 1");
            }
            return new ModelRef(name, version, null);
        }
        checkAlias(selector, "model reference '" + ref + "'");
        return new ModelRef(name, null, selector);
    }

    /** Fails unless {@code name} is a valid model name. */
    public static String checkName(String name, String argument) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
            throw new InputException(argument, "invalid model name '" + name + "': use letters, digits, '.', '_'"
                    + " or '-', starting with a letter or digit, at most 128 characters (no '/', '..' or spaces)");
        }
        return name;
    }

    /**
     * Fails unless {@code label} is a valid version label: a registry version number, or a label of a deployed file
     * (letters, digits, {@code . _ -}, starting with a letter or digit, at most 64 characters, no {@code ..}).
     */
    public static String checkVersionLabel(String label, String argument) {
        if (label == null || !VERSION_LABEL.matcher(label).matches() || label.contains("..")) {
            throw new InputException(argument, "invalid version label '" + label + "': use letters, digits, '.', '_' or"
                    + " '-', starting with a letter or digit, at most 64 characters (e.g. 3 or 2024-05-01)");
        }
        return label;
    }

    /** Longest artifact name in UTF-8 bytes: a download's temporary file adds 42 characters within the usual 255. */
    public static final int MAX_ARTIFACT_NAME_BYTES = 200;

    /**
     * Fails unless {@code name} is a plain file name an artifact can be downloaded to: not empty, not {@code .} or
     * {@code ..}, no leading dot (a hidden file), no path separator or control character, at most
     * {@link #MAX_ARTIFACT_NAME_BYTES} bytes.
     */
    public static String checkArtifactName(String name, String argument) {
        String problem = name == null || name.isBlank() ? "is empty"
                : name.startsWith(".") ? "starts with '.' (\".\", \"..\" and hidden files are not artifact names)"
                : name.chars().anyMatch(c -> c == '/' || c == '\\' || Character.isISOControl(c)) ? "contains '/', '\\' or a control character"
                : name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_ARTIFACT_NAME_BYTES
                ? "is " + name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + " bytes long" : null;
        if (problem != null) {
            String shown = name == null ? "" : name.length() > 60 ? name.substring(0, 60) + "..." : name;
            throw new InputException(argument, "artifact name '" + shown + "' " + problem + "; expected a plain file name "
                    + "such as model.tribuo (no '/', '\\' or leading '.', at most " + MAX_ARTIFACT_NAME_BYTES + " bytes)");
        }
        return name;
    }

    /** Fails unless {@code alias} is a valid alias (a word starting with a letter, not a number). */
    public static String checkAlias(String alias, String argument) {
        if (alias == null || !ALIAS.matcher(alias).matches()) {
            throw new InputException(argument, "invalid alias '" + alias + "': use a word of letters, digits, '.',"
                    + " '_' or '-' starting with a letter, at most 64 characters");
        }
        return alias;
    }

    /** Fails unless {@code alias} is an alias a step or a person may move: a valid alias other than {@code latest}. */
    public static String checkMovableAlias(String alias, String argument) {
        checkAlias(alias, argument);
        if (alias.equals(LATEST)) {
            throw new InputException(argument, "'latest' is reserved: it always means the newest version");
        }
        return alias;
    }

    @Override
    public String toString() {
        return version != null ? name + "@" + version : alias == null || alias.equals(LATEST) ? name : name + "@" + alias;
    }
}
