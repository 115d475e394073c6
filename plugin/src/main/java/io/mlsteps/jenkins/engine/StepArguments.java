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
    public static final List<String> COMMON = List.of("qualityGates", "failOnError", "runDir", "jvmOptions");

    /** Steps that take a {@code registry} URI; the global configuration supplies a default for them. */
    public static final List<String> REGISTRY_STEPS = List.of("compareToBaseline", "registerModel", "deployModel",
            "checkDrift");

    private static final Map<String, List<Argument>> TABLE = new LinkedHashMap<>();

    static {
        // BEGIN GENERATED TABLE (plugin/tools/sync_steps.py)
        step("validateData",
                req("data", Kind.TEXT),
                req("schema", Kind.TEXT),
                opt("format", Kind.TEXT),
                opt("delimiter", Kind.TEXT),
                opt("header", Kind.BOOLEAN),
                opt("missingValues", Kind.LIST),
                opt("anomalyCriticality", Kind.PARAMS),
                opt("writeProfile", Kind.BOOLEAN),
                opt("threads", Kind.INTEGER));
        step("trainModel",
                req("data", Kind.TEXT),
                req("labelColumn", Kind.TEXT),
                opt("task", Kind.TEXT),
                opt("algorithm", Kind.TEXT),
                opt("params", Kind.PARAMS),
                opt("features", Kind.LIST),
                opt("excludeFeatures", Kind.LIST),
                opt("categoricalFeatures", Kind.LIST),
                opt("validationData", Kind.TEXT),
                opt("validationSplit", Kind.NUMBER),
                opt("seed", Kind.INTEGER),
                opt("missingValues", Kind.LIST),
                opt("format", Kind.TEXT),
                opt("modelFile", Kind.TEXT));
        step("evaluateModel",
                opt("model", Kind.TEXT),
                opt("data", Kind.TEXT),
                opt("predictions", Kind.TEXT),
                opt("labelColumn", Kind.TEXT),
                opt("task", Kind.TEXT),
                opt("slices", Kind.LIST),
                opt("bootstrap", Kind.INTEGER),
                opt("confidenceLevel", Kind.NUMBER),
                opt("seed", Kind.INTEGER),
                opt("positiveClass", Kind.TEXT),
                opt("unseenCategories", Kind.TEXT),
                opt("missingValues", Kind.LIST),
                opt("format", Kind.TEXT),
                opt("charts", Kind.BOOLEAN));
        step("compareToBaseline",
                opt("candidate", Kind.TEXT),
                opt("candidateModel", Kind.TEXT),
                opt("data", Kind.TEXT),
                opt("labelColumn", Kind.TEXT),
                opt("task", Kind.TEXT),
                opt("baseline", Kind.TEXT),
                opt("baselineModel", Kind.TEXT),
                opt("modelName", Kind.TEXT),
                opt("registry", Kind.TEXT),
                opt("previousResult", Kind.TEXT),
                opt("anchor", Kind.TEXT),
                opt("onMissingBaseline", Kind.TEXT),
                opt("inconclusiveCriticality", Kind.TEXT),
                opt("confidence", Kind.NUMBER),
                opt("resamples", Kind.INTEGER),
                opt("seed", Kind.INTEGER),
                opt("minRows", Kind.INTEGER),
                opt("reevaluateBaseline", Kind.BOOLEAN),
                opt("override", Kind.TEXT),
                opt("candidateVersion", Kind.TEXT));
        step("registerModel",
                opt("registry", Kind.TEXT),
                req("name", Kind.TEXT),
                req("model", Kind.TEXT),
                opt("artifactName", Kind.TEXT),
                opt("card", Kind.TEXT),
                opt("metrics", Kind.TEXT),
                opt("results", Kind.LIST),
                opt("profile", Kind.TEXT),
                opt("data", Kind.TEXT),
                opt("tags", Kind.PARAMS),
                opt("alias", Kind.TEXT),
                opt("requireGate", Kind.BOOLEAN),
                opt("reason", Kind.TEXT),
                opt("description", Kind.TEXT),
                opt("openLineage", Kind.TEXT));
        step("deployModel",
                opt("action", Kind.TEXT),
                opt("model", Kind.TEXT),
                opt("modelFile", Kind.TEXT),
                opt("name", Kind.TEXT),
                opt("version", Kind.TEXT),
                opt("registry", Kind.TEXT),
                opt("target", Kind.TEXT),
                opt("strategy", Kind.TEXT),
                opt("host", Kind.TEXT),
                opt("port", Kind.INTEGER),
                opt("deployDir", Kind.TEXT),
                opt("alias", Kind.TEXT),
                opt("smokeData", Kind.TEXT),
                opt("smokeRows", Kind.INTEGER),
                opt("tolerance", Kind.NUMBER),
                opt("latencyBudgetMillis", Kind.NUMBER),
                opt("canaryPercent", Kind.NUMBER),
                opt("analysisRequests", Kind.INTEGER),
                opt("analysisTimeoutSeconds", Kind.INTEGER),
                opt("trafficData", Kind.TEXT),
                opt("maxErrorRateIncrease", Kind.NUMBER),
                opt("maxLatencyRatio", Kind.NUMBER),
                opt("latencySlackMillis", Kind.NUMBER),
                opt("startTimeoutSeconds", Kind.INTEGER),
                opt("javaOptions", Kind.LIST),
                opt("predictionLog", Kind.TEXT),
                opt("baseImage", Kind.TEXT),
                opt("image", Kind.TEXT),
                opt("push", Kind.BOOLEAN),
                opt("dockerHost", Kind.TEXT),
                opt("namespace", Kind.TEXT),
                opt("replicas", Kind.INTEGER),
                opt("apply", Kind.BOOLEAN));
        step("checkDrift",
                opt("reference", Kind.TEXT),
                opt("referenceProfile", Kind.TEXT),
                opt("model", Kind.TEXT),
                opt("registry", Kind.TEXT),
                opt("saveReferenceProfile", Kind.TEXT),
                opt("referenceCache", Kind.BOOLEAN),
                opt("current", Kind.TEXT),
                opt("predictionLog", Kind.TEXT),
                opt("since", Kind.TEXT),
                opt("until", Kind.TEXT),
                opt("asOf", Kind.TEXT),
                opt("format", Kind.TEXT),
                opt("missingValues", Kind.LIST),
                opt("columns", Kind.LIST),
                opt("excludeColumns", Kind.LIST),
                opt("method", Kind.TEXT),
                opt("threshold", Kind.NUMBER),
                opt("columnMethods", Kind.PARAMS),
                opt("columnThresholds", Kind.PARAMS),
                opt("columnWeights", Kind.PARAMS),
                opt("driftShare", Kind.NUMBER),
                opt("driftCriticality", Kind.TEXT),
                opt("psiGates", Kind.BOOLEAN),
                opt("psiUnstable", Kind.NUMBER),
                opt("psiFailure", Kind.NUMBER),
                opt("predictionColumn", Kind.TEXT),
                opt("predictionCriticality", Kind.TEXT),
                opt("labelColumn", Kind.TEXT),
                opt("labels", Kind.TEXT),
                opt("referenceMetrics", Kind.TEXT),
                opt("maxDrop", Kind.NUMBER),
                opt("performanceCriticality", Kind.TEXT),
                opt("maxNanRatio", Kind.NUMBER),
                opt("nanCriticality", Kind.TEXT),
                opt("schemaCriticality", Kind.TEXT),
                opt("maxModelAge", Kind.TEXT),
                opt("registeredAt", Kind.TEXT),
                opt("ageCriticality", Kind.TEXT),
                opt("chartColumns", Kind.INTEGER),
                opt("charts", Kind.BOOLEAN));
        // END GENERATED TABLE
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
