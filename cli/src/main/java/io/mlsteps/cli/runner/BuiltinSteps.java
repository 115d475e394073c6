package io.mlsteps.cli.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.mlsteps.step.MlStep;
import io.mlsteps.step.StepCatalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Jenkins steps the runner provides, each with the arguments Jenkins' step takes: those the runner applies,
 * those it knows but does not apply (logged as not applied when given), the one a single unnamed argument
 * binds to, and the required ones. The checker refuses any other argument before the build starts, with
 * Jenkins' message ("Invalid parameter "banana", did you mean "unit"?"); {@link PipelineChecker#STEPS} is
 * this table's names.
 */
final class BuiltinSteps {
    private BuiltinSteps() {
    }

    /** One step: what it accepts. {@code sole} is the parameter a single unnamed argument is (null: none). */
    record Spec(String name, List<String> applied, List<String> notApplied, String sole, List<String> required) {
        boolean knows(String argument) {
            return applied.contains(argument) || notApplied.contains(argument);
        }

        List<String> all() {
            List<String> all = new ArrayList<>(applied);
            all.addAll(notApplied);
            return all;
        }
    }

    private static final Map<String, Spec> STEPS = new LinkedHashMap<>();

    private static void step(String name, String sole, List<String> required, List<String> applied,
                             List<String> notApplied) {
        STEPS.put(name, new Spec(name, applied, notApplied, sole, required));
    }

    static {
        step("sh", "script", List.of("script"), List.of("script", "returnStdout", "returnStatus", "label"),
                List.of("encoding"));
        step("echo", "message", List.of("message"), List.of("message"), List.of());
        step("error", "message", List.of("message"), List.of("message"), List.of());
        step("unstable", "message", List.of("message"), List.of("message"), List.of());
        step("dir", "path", List.of("path"), List.of("path"), List.of());
        step("withEnv", "overrides", List.of("overrides"), List.of("overrides"), List.of());
        step("archiveArtifacts", "artifacts", List.of("artifacts"),
                List.of("artifacts", "excludes", "allowEmptyArchive", "onlyIfSuccessful"),
                List.of("fingerprint", "defaultExcludes", "caseSensitive", "followSymlinks"));
        step("junit", "testResults", List.of("testResults"),
                List.of("testResults", "allowEmptyResults", "skipMarkingBuildUnstable"),
                List.of("keepLongStdio", "keepProperties", "keepTestNames", "healthScaleFactor", "testDataPublishers",
                        "skipPublishingChecks", "checksName", "skipOldReports", "stdioRetention"));
        step("readJSON", null, List.of(), List.of("file", "text", "returnPojo"), List.of());
        step("writeJSON", null, List.of("json"), List.of("file", "json", "pretty", "returnText"), List.of());
        step("readFile", "file", List.of("file"), List.of("file", "encoding"), List.of());
        step("writeFile", null, List.of("file", "text"), List.of("file", "text", "encoding"), List.of());
        step("fileExists", "file", List.of("file"), List.of("file"), List.of());
        step("timeout", "time", List.of("time"), List.of("time", "unit"), List.of("activity"));
        step("retry", "count", List.of("count"), List.of("count"), List.of("conditions"));
        step("sleep", "time", List.of("time"), List.of("time", "unit"), List.of());
        step("catchError", null, List.of(), List.of("buildResult", "stageResult", "message", "catchInterruptions"),
                List.of());
        step("warnError", "message", List.of("message"), List.of("message", "catchInterruptions"), List.of());
        step("pwd", null, List.of(), List.of("tmp"), List.of());
        step("deleteDir", null, List.of(), List.of(), List.of());
        step("isUnix", null, List.of(), List.of(), List.of());
        step("checkout", "scm", List.of(), List.of("scm"), List.of("changelog", "poll"));
        step("node", "label", List.of(), List.of("label"), List.of());
        step("stage", "name", List.of("name"), List.of("name"), List.of("concurrency"));
        step("script", null, List.of(), List.of(), List.of());
        // parallel takes branch names as its arguments, echo's Groovy siblings take anything
        step("parallel", null, null, null, null);
        step("println", null, null, null, null);
        step("print", null, null, null, null);
    }

    /** Arguments every ML step takes in Jenkins besides its request: the plugin's own. */
    static final List<String> ML_APPLIED = List.of("failOnError");
    static final List<String> ML_NOT_APPLIED = List.of("runDir", "jvmOptions");

    static Set<String> names() {
        return Collections.unmodifiableSet(STEPS.keySet());
    }

    /** Where ML steps come from: the engine's catalog, or a test's stand-ins. */
    interface StepLookup extends java.util.function.Function<String, Optional<MlStep<?>>> {
        StepLookup CATALOG = StepCatalog::find;
    }

    /** The arguments a step takes, or empty when any are accepted (parallel) or the step is not the runner's. */
    static Optional<Spec> spec(String name, StepLookup mlSteps) {
        Spec builtin = STEPS.get(name);
        if (builtin != null) {
            return builtin.applied() == null ? Optional.empty() : Optional.of(builtin);
        }
        try {
            return mlSteps.apply(name).map(BuiltinSteps::mlSpec);
        } catch (IllegalStateException e) {
            return Optional.empty(); // the step is missing from this build: said when it is called
        }
    }

    private static final ObjectMapper INTROSPECTION = new ObjectMapper();

    /** An ML step's arguments: its request's fields (the same names as in Jenkins) and the plugin's own. */
    private static Spec mlSpec(MlStep<?> step) {
        Set<String> fields = new TreeSet<>();
        var type = INTROSPECTION.constructType(step.requestType());
        for (BeanPropertyDefinition p : INTROSPECTION.getDeserializationConfig().introspect(type).findProperties()) {
            if (p.couldDeserialize()) {
                fields.add(p.getName());
            }
        }
        List<String> applied = new ArrayList<>(fields);
        applied.addAll(ML_APPLIED);
        return new Spec(step.name(), applied, ML_NOT_APPLIED, null, List.of());
    }

    /** The known name closest to a misspelt one (Jenkins' "did you mean"), by edit distance. */
    static String nearest(String name, java.util.Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(name.toLowerCase(java.util.Locale.ROOT), k.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** Logs, once per build and argument, an argument Jenkins knows but the runner does not apply. */
    static void noteNotApplied(PipelineExecutor executor, String step, Map<?, ?> args) {
        Spec spec = spec(step, executor.stepLookup::apply).orElse(null);
        if (spec == null) {
            return;
        }
        for (Object key : args.keySet()) {
            if (spec.notApplied().contains(String.valueOf(key))) {
                executor.noteOnce(step + ": '" + key + "' is not applied by the local runner");
            }
        }
    }
}
