package io.mlsteps.util;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.LineageRef;
import io.mlsteps.contract.result.StepResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The one JSON mapper of the engine, and reading/writing helpers that turn bad JSON into located errors. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .addMixIn(StepResult.class, StepResultJson.class)
            .addMixIn(Check.class, CheckJson.class)
            .addMixIn(LineageRef.class, LineageRefJson.class)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {
    }

    /** result.json's fields in the order they are written (the contract's types carry no JSON annotations). */
    @JsonPropertyOrder({"schemaVersion", "step", "status", "passed", "summary", "startedAt", "durationMillis", "engine",
            "checks", "metrics", "outputs", "charts", "lineage", "tables", "details"})
    // status and passed are derived from the checks: written, and on reading recomputed rather than set
    @JsonIgnoreProperties(value = {"status", "passed"}, allowGetters = true)
    private abstract static class StepResultJson {
    }

    /**
     * A check leaves out what it does not have (no metric, no details). {@code isGate()} is derived from the
     * name: not a field of result.json, so that every reader (report, plugin, runner) reads what a step writes.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonIgnoreProperties("gate")
    private abstract static class CheckJson {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    private abstract static class LineageRefJson {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Reads a JSON file into a type; malformed or mismatching JSON becomes an {@link InputException}. */
    public static <T> T read(Path file, Class<T> type) {
        try {
            return MAPPER.readValue(file.toFile(), type);
        } catch (JsonProcessingException e) {
            throw located(file, e);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new InputException(file.toString(), "file not found");
        } catch (IOException e) {
            throw new InputException(file.toString(), "cannot read: " + e.getMessage());
        }
    }

    /**
     * Reads a JSON file as a tree: malformed JSON becomes an {@link InputException} at its line and column
     * ("malformed JSON: ..."), a missing or unreadable file one that says so.
     */
    public static JsonNode readTree(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            throw new InputException(file.toString(), loc == null ? -1 : loc.getLineNr(),
                    loc == null ? -1 : loc.getColumnNr(), "malformed JSON: " + e.getOriginalMessage());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new InputException(file.toString(), "file not found");
        } catch (IOException e) {
            throw new InputException(file.toString(), "cannot read: " + e.getMessage());
        }
    }

    /** Reads a JSON file that must hold one object (a request), as plain maps, lists and values. */
    public static java.util.Map<String, Object> readObject(Path file) {
        JsonNode node = read(file, JsonNode.class);
        if (node == null || !node.isObject()) {
            throw new InputException(file.toString(), "expected a JSON object of arguments, e.g. {\"data\": \"train.csv\"}");
        }
        return MAPPER.convertValue(node, new com.fasterxml.jackson.core.type.TypeReference<java.util.LinkedHashMap<String, Object>>() {
        });
    }

    /** Parses one line of a JSON Lines file; malformed JSON becomes an {@link InputException} at that line and column. */
    public static JsonNode readLine(String source, long line, String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InputException(source, line, e.getLocation() == null ? -1 : e.getLocation().getColumnNr(),
                    "invalid JSON: " + e.getOriginalMessage());
        }
    }

    /** Converts a loosely typed value (a map from a Jenkinsfile, say) into a request type with clear errors. */
    public static <T> T convert(Object value, Class<T> type, String what) {
        try {
            return MAPPER.convertValue(value, type);
        } catch (IllegalArgumentException e) {
            Throwable cause = e.getCause() instanceof JsonProcessingException ? e.getCause() : e;
            throw new InputException(what, cleanMessage(cause));
        }
    }

    /** Writes a value as indented JSON, atomically (temp file + move) so readers never see half a file. */
    public static void write(Path file, Object value) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            MAPPER.writeValue(tmp.toFile(), value);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file, e);
        }
    }

    public static String toString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InputException located(Path file, JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        int line = loc == null ? -1 : loc.getLineNr();
        int column = loc == null ? -1 : loc.getColumnNr();
        return new InputException(file.toString(), line, column, cleanMessage(e));
    }

    /** Jackson's message without its source dump and class names a user does not need. */
    static String cleanMessage(Throwable e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "'; expected one of "
                    + u.getKnownPropertyIds();
        }
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        m = m.replaceAll("\\(class [a-zA-Z0-9_.$]+\\)", "").replaceAll("`[a-z][a-zA-Z0-9_.$]*\\.([A-Z][A-Za-z0-9_$]*)`", "$1");
        int at = m.indexOf("\n at [Source");
        return (at >= 0 ? m.substring(0, at) : m).trim();
    }
}
