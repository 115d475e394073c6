package io.mlsteps.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.registry.ModelRef;
import io.mlsteps.util.InputException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * What the admin endpoints accept, checked before anything changes: every field known, every value one of the
 * allowed ones, typed as documented. A wrong value is an {@link InputException} naming the field and what it
 * allows (the server answers 400); nothing is guessed, so {@code "Candidate"} never becomes a primary and
 * {@code "shadw"} never becomes a canary. Model specs from a configuration file pass the same checks at start.
 */
final class AdminInput {
    static final List<String> ROLES = List.of("primary", "candidate");
    static final List<String> MODES = List.of("canary", "shadow");
    static final List<String> LOAD_FIELDS = List.of("name", "version", "path", "sha256", "lineageId", "role", "mode",
            "percent");
    static final List<String> TRAFFIC_FIELDS = List.of("mode", "percent");

    private AdminInput() {
    }

    /** A traffic change: the new mode and percent, null where the body leaves them as they are. */
    record Traffic(ModelRoute.Mode mode, Double percent) {
    }

    /** The body of {@code POST /admin/models}. */
    static ModelSpec load(JsonNode body) {
        object(body, LOAD_FIELDS);
        String role = text(body, "role", false);
        ModelSpec spec = new ModelSpec(text(body, "name", true), text(body, "version", true), text(body, "path", true),
                text(body, "sha256", false), text(body, "lineageId", false), role == null ? "primary" : role,
                text(body, "mode", false), number(body, "percent"));
        return check(spec);
    }

    /** The body of {@code POST /admin/models/{name}/traffic}. */
    static Traffic traffic(JsonNode body) {
        object(body, TRAFFIC_FIELDS);
        String mode = text(body, "mode", false);
        Double percent = number(body, "percent");
        return new Traffic(mode == null ? null : mode(mode), percent == null ? null : percent(percent));
    }

    /** Checks a spec whatever its source (a request, a configuration file); returns it. */
    static ModelSpec check(ModelSpec spec) {
        ModelRef.checkName(spec.name(), "name");
        ModelRef.checkVersionLabel(spec.version(), "version");
        if (spec.path() == null || spec.path().isBlank()) {
            throw new InputException("path", "is required: the model file to load");
        }
        if (spec.sha256() != null && !spec.sha256().matches("[0-9a-f]{64}")) {
            throw new InputException("sha256", "expected 64 lowercase hex digits, got '" + spec.sha256() + "'");
        }
        String role = spec.role() == null ? "primary" : spec.role();
        if (!ROLES.contains(role)) {
            throw new InputException("role", "'" + role + "' is not a role; expected one of " + String.join(", ", ROLES));
        }
        if (role.equals("primary") && (spec.mode() != null || spec.percent() != null)) {
            throw new InputException(spec.mode() != null ? "mode" : "percent", "applies to a candidate only "
                    + "(role 'candidate'); a primary answers every request it is not routed away from");
        }
        if (spec.mode() != null) {
            mode(spec.mode());
        }
        if (spec.percent() != null) {
            percent(spec.percent());
        }
        return spec;
    }

    static ModelRoute.Mode mode(String mode) {
        if (!MODES.contains(mode)) {
            throw new InputException("mode", "'" + mode + "' is not a mode; expected one of " + String.join(", ", MODES));
        }
        return ModelRoute.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
    }

    static double percent(double percent) {
        if (!(percent >= 0 && percent <= 100)) {
            throw new InputException("percent", "must be a number from 0 to 100, got " + percent);
        }
        return percent;
    }

    private static void object(JsonNode body, List<String> fields) {
        if (body == null || !body.isObject()) {
            throw new InputException("body", "expected a JSON object with the fields " + String.join(", ", fields));
        }
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!fields.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new InputException(unknown.get(0), "unknown field" + (unknown.size() > 1 ? "s " + unknown : "")
                    + "; expected only " + String.join(", ", fields));
        }
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode node = body.get(field);
        if (node == null) {
            if (required) {
                throw new InputException(field, "is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            throw new InputException(field, "expected a string, got " + node);
        }
        return node.asText();
    }

    /** A JSON number, or null when the field is absent; {@code null}, text and other types are refused. */
    private static Double number(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null) {
            return null;
        }
        if (!node.isNumber()) {
            throw new InputException(field, "expected a number from 0 to 100, got " + node);
        }
        return node.asDouble();
    }
}
