package io.mlsteps.cli.runner;

import io.mlsteps.contract.bind.ArgSpec;
import io.mlsteps.contract.bind.RecordSpec;
import io.mlsteps.contract.steps.Steps;
import io.mlsteps.step.MlStep;
import io.mlsteps.run.StepCatalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

    /**
     * One step: what it accepts. {@code sole} is the parameter a single unnamed argument is (null: none);
     * {@code types} the Java type Jenkins' step declares for an argument, for Jenkins' literal type check.
     */
    record Spec(String name, List<String> applied, List<String> notApplied, String sole, List<String> required,
                Map<String, Class<?>> types) {
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

    /**
     * Declares a step from "name:type" words (s String, i int, b boolean, u TimeUnit, o anything); the first
     * required argument is the one a single unnamed argument binds to when {@code soleIsFirst}.
     */
    private static void step(String name, boolean soleIsFirst, String required, String optional, String notApplied) {
        Map<String, Class<?>> types = new LinkedHashMap<>();
        List<String> requiredNames = names(required, types);
        List<String> applied = new ArrayList<>(requiredNames);
        applied.addAll(names(optional, types));
        String sole = soleIsFirst ? applied.get(0) : null;
        STEPS.put(name, new Spec(name, applied, names(notApplied, types), sole, requiredNames, types));
    }

    private static List<String> names(String words, Map<String, Class<?>> types) {
        List<String> names = new ArrayList<>();
        for (String word : words.split(" ")) {
            if (word.isEmpty()) {
                continue;
            }
            String[] parts = word.split(":");
            names.add(parts[0]);
            types.put(parts[0], switch (parts[1]) {
                case "s" -> String.class;
                case "i" -> int.class;
                case "b" -> boolean.class;
                case "u" -> java.util.concurrent.TimeUnit.class;
                default -> Object.class;
            });
        }
        return names;
    }

    static {
        step("sh", true, "script:s", "returnStdout:b returnStatus:b label:s", "encoding:s");
        step("echo", true, "message:s", "", "");
        step("error", true, "message:s", "", "");
        step("unstable", true, "message:s", "", "");
        step("dir", true, "path:s", "", "");
        step("withEnv", true, "overrides:o", "", "");
        step("archiveArtifacts", true, "artifacts:s", "excludes:s allowEmptyArchive:b onlyIfSuccessful:b",
                "fingerprint:b defaultExcludes:b caseSensitive:b followSymlinks:b");
        step("junit", true, "testResults:s", "allowEmptyResults:b skipMarkingBuildUnstable:b",
                "keepLongStdio:b keepProperties:b keepTestNames:b healthScaleFactor:o testDataPublishers:o "
                        + "skipPublishingChecks:b checksName:s skipOldReports:b stdioRetention:s");
        step("readJSON", false, "", "file:s text:s returnPojo:b", "");
        step("writeJSON", false, "json:o", "file:s pretty:i returnText:b", "");
        step("readFile", true, "file:s", "encoding:s", "");
        step("writeFile", false, "file:s text:s", "encoding:s", "");
        step("fileExists", true, "file:s", "", "");
        step("timeout", true, "time:i", "unit:u", "activity:b");
        step("retry", true, "count:i", "", "conditions:o");
        step("sleep", true, "time:i", "unit:u", "");
        step("catchError", false, "", "buildResult:s stageResult:s message:s catchInterruptions:b", "");
        step("warnError", true, "message:s", "catchInterruptions:b", "");
        step("pwd", false, "", "tmp:b", "");
        step("deleteDir", false, "", "", "");
        step("isUnix", false, "", "", "");
        step("checkout", true, "scm:o", "", "changelog:b poll:b");
        step("node", true, "", "label:s", "");
        step("stage", true, "name:s", "", "concurrency:i");
        step("script", false, "", "", "");
        // parallel takes branch names as its arguments, echo's Groovy siblings take anything
        STEPS.put("parallel", new Spec("parallel", null, null, null, null, null));
        STEPS.put("println", new Spec("println", null, null, null, null, null));
        STEPS.put("print", new Spec("print", null, null, null, null, null));
    }

    /** Of the arguments a pipeline front end handles itself ({@link Steps#execution()}), those the runner applies. */
    static final List<String> ML_APPLIED = List.of("failOnError");

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

    /**
     * An ML step's arguments, as the contract declares them and the plugin's step class takes them: its request's
     * (the required ones in Jenkins' constructor), then the front end's own ({@code failOnError} applied; the others
     * known but not applied), each with the type Jenkins checks a literal against. The runner calls ML steps with
     * named arguments only: none takes a single unnamed one.
     */
    private static Spec mlSpec(MlStep<?> step) {
        List<String> applied = new ArrayList<>();
        List<String> notApplied = new ArrayList<>();
        List<String> required = new ArrayList<>();
        Map<String, Class<?>> types = new LinkedHashMap<>();
        for (ArgSpec arg : RecordSpec.of(step.requestType()).args()) {
            applied.add(arg.name());
            if (arg.required()) {
                required.add(arg.name());
            }
            types.put(arg.name(), arg.pipelineType());
        }
        for (ArgSpec arg : Steps.execution().args()) {
            (ML_APPLIED.contains(arg.name()) ? applied : notApplied).add(arg.name());
            types.put(arg.name(), arg.pipelineType());
        }
        return new Spec(step.name(), applied, notApplied, null, required, types);
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
