package io.mlsteps.jenkins.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one table of every step's arguments: Jenkinsfile name = request JSON field = CLI flag in kebab case.
 * The step classes, their {@code config.jelly}/help files and the request mapping all follow this table,
 * and a unit test checks that they agree, so aligning a name with the engine is a change in one place.
 */
public final class StepArguments {
    /** How a Jenkinsfile value becomes a JSON value in the request. */
    public enum Kind {
        /** A string, copied as is. */
        TEXT,
        /** A whole number. */
        INTEGER,
        /** A floating-point number. */
        NUMBER,
        /** true/false. */
        BOOLEAN,
        /** A list of strings, e.g. {@code slices: ['sex', 'race']}. */
        LIST,
        /** {@code 'name=value, name=value'} text, sent as a JSON object (numbers and booleans typed). */
        PARAMS
    }

    /**
     * One argument of one step.
     *
     * @param name     Jenkinsfile argument name and request field name
     * @param kind     how its value is sent
     * @param required whether the step's {@code @DataBoundConstructor} takes it
     */
    public record Argument(String name, Kind kind, boolean required) {
    }

    /** Arguments every step has; handled by the plugin itself and not sent as step-specific fields. */
    public static final List<String> COMMON = List.of("qualityGates", "failOnError", "runDir", "javaOptions");

    /** Steps that take a {@code registry} URI; the global configuration supplies a default for them. */
    public static final List<String> REGISTRY_STEPS = List.of("compareToBaseline", "registerModel", "deployModel",
            "checkDrift");

    private static final Map<String, List<Argument>> TABLE = new LinkedHashMap<>();

    static {
        step("validateData",
                req("data", Kind.TEXT),
                opt("schema", Kind.TEXT),
                opt("labelColumn", Kind.TEXT),
                opt("missingValues", Kind.LIST),
                opt("delimiter", Kind.TEXT));
        step("trainModel",
                req("data", Kind.TEXT),
                req("labelColumn", Kind.TEXT),
                opt("algorithm", Kind.TEXT),
                opt("task", Kind.TEXT),
                opt("params", Kind.PARAMS),
                opt("validationData", Kind.TEXT),
                opt("include", Kind.LIST),
                opt("exclude", Kind.LIST),
                opt("seed", Kind.INTEGER));
        step("evaluateModel",
                opt("model", Kind.TEXT),
                opt("data", Kind.TEXT),
                opt("predictions", Kind.TEXT),
                opt("labelColumn", Kind.TEXT),
                opt("slices", Kind.LIST),
                opt("bootstrap", Kind.INTEGER),
                opt("seed", Kind.INTEGER));
        step("compareToBaseline",
                req("baseline", Kind.TEXT),
                opt("candidate", Kind.TEXT),
                opt("model", Kind.TEXT),
                opt("data", Kind.TEXT),
                opt("labelColumn", Kind.TEXT),
                opt("anchor", Kind.TEXT),
                opt("maxDrop", Kind.NUMBER),
                opt("maxRelativeDrop", Kind.NUMBER),
                opt("onMissingBaseline", Kind.TEXT),
                opt("override", Kind.TEXT),
                opt("registry", Kind.TEXT));
        step("registerModel",
                req("name", Kind.TEXT),
                req("model", Kind.TEXT),
                opt("metrics", Kind.TEXT),
                opt("alias", Kind.TEXT),
                opt("tags", Kind.PARAMS),
                opt("requireGate", Kind.BOOLEAN),
                opt("registry", Kind.TEXT));
        step("deployModel",
                req("model", Kind.TEXT),
                opt("target", Kind.TEXT),
                opt("strategy", Kind.TEXT),
                opt("percent", Kind.INTEGER),
                opt("port", Kind.INTEGER),
                opt("image", Kind.TEXT),
                opt("smokeData", Kind.TEXT),
                opt("registry", Kind.TEXT));
        step("checkDrift",
                req("current", Kind.TEXT),
                opt("reference", Kind.TEXT),
                opt("model", Kind.TEXT),
                opt("since", Kind.TEXT),
                opt("driftShare", Kind.NUMBER),
                opt("maxModelAge", Kind.TEXT),
                opt("labelColumn", Kind.TEXT),
                opt("registry", Kind.TEXT));
    }

    private StepArguments() {
    }

    private static void step(String name, Argument... arguments) {
        TABLE.put(name, List.of(arguments));
    }

    private static Argument req(String name, Kind kind) {
        return new Argument(name, kind, true);
    }

    private static Argument opt(String name, Kind kind) {
        return new Argument(name, kind, false);
    }

    /** The seven steps by their Jenkinsfile function name, in pipeline order. */
    public static List<String> steps() {
        return List.copyOf(TABLE.keySet());
    }

    /** The step-specific arguments of a step; an unknown step name is a programming error. */
    public static List<Argument> of(String step) {
        List<Argument> arguments = TABLE.get(step);
        if (arguments == null) {
            throw new IllegalArgumentException("unknown step '" + step + "'; expected one of " + TABLE.keySet());
        }
        return arguments;
    }

    public static Optional<Argument> find(String step, String name) {
        return of(step).stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** The names of the step's required arguments, in constructor order. */
    public static List<String> required(String step) {
        List<String> names = new ArrayList<>();
        for (Argument a : of(step)) {
            if (a.required()) {
                names.add(a.name());
            }
        }
        return Collections.unmodifiableList(names);
    }
}
