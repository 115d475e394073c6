package io.mlsteps.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.Architectures;
import io.mlsteps.registry.Registry;
import io.mlsteps.step.MlStep;

import java.util.Arrays;
import java.util.Map;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The engine's package rules, the ones {@code docs/architecture.md} draws, over any root package: the engine's
 * ({@code io.mlsteps}) or the deliberately broken fixture's ({@code io.mlsteps.archfixture}), so each rule is seen to
 * fail where it is broken.
 */
final class EngineRules {
    static final String RUN = "run";
    /** The step packages; {@code explain} holds evaluateModel's explanation phase (it writes into the step's folder). */
    static final String[] STEPS = {"validate", "train", "evaluate", "explain", "compare", "registry", "deploy", "drift", "predict",
        "serve"};
    static final String STEP_CONTRACT = "step";
    /** {@code engine}: where a pass over the data runs (the SPI of distributed engines), beside {@code data}. */
    static final String[] FOUNDATIONS = {"model", "metrics", "data", "engine", "lineage", "report", "chart"};
    static final String UTIL = "util";

    private EngineRules() {
    }

    /** No two packages import each other, directly or around a loop. */
    static ArchRule noCycles(String root) {
        return slices().matching(root + ".(*)..").namingSlices("$1").should().beFreeOfCycles()
                .as("no cycle between the packages of " + root);
    }

    /** front ends → run → steps → step contract → model/metrics/data → util: no arrow runs back up. */
    static ArchRule layers(String root, boolean optional) {
        return Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers()
                .withOptionalLayers(optional)
                .layer("run").definedBy(packages(root, RUN))
                .layer("steps").definedBy(packages(root, STEPS))
                .layer("step contract").definedBy(packages(root, STEP_CONTRACT))
                .layer("model, metrics, data").definedBy(packages(root, FOUNDATIONS))
                .layer("util").definedBy(packages(root, UTIL))
                .whereLayer("run").mayNotBeAccessedByAnyLayer()
                .whereLayer("steps").mayOnlyBeAccessedByLayers("run")
                .whereLayer("step contract").mayOnlyBeAccessedByLayers("run", "steps")
                .whereLayer("model, metrics, data").mayOnlyBeAccessedByLayers("run", "steps")
                .whereLayer("util").mayOnlyBeAccessedByLayers("run", "steps", "step contract", "model, metrics, data")
                .as("front ends -> run -> steps -> step contract -> model/metrics/data -> util in " + root);
    }

    /** A step's class is named only in its own package: everyone else reaches it through the contract. */
    static ArchRule stepsOnlyThroughTheContract(String root) {
        return classes().that().implement(MlStep.class).and().resideInAPackage(root + "..")
                .should(new ArchCondition<>("be named only by classes of their own package") {
                    @Override
                    public void check(JavaClass step, ConditionEvents events) {
                        for (Dependency d : step.getDirectDependenciesToSelf()) {
                            JavaClass origin = d.getOriginClass();
                            if (!origin.getPackageName().equals(step.getPackageName())) {
                                events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                            }
                        }
                    }
                }).allowEmptyShould(true)
                .as("steps are reached only through the contract in " + root);
    }

    /** A step opens the registry relative to its workspace; {@code Registry.open} is for front ends. */
    static ArchRule stepsOpenTheRegistryInTheirWorkspace() {
        return noClasses().that().resideInAnyPackage(packages("io.mlsteps", STEPS)).and().doNotBelongToAnyOf(Registry.class)
                .should().callMethod(Registry.class, "open", String.class)
                .orShould().callMethod(Registry.class, "open", String.class, Map.class)
                .because("a relative registry path must resolve against the workspace (Registry.forStep), "
                        + "not the process' folder");
    }

    /** The engine knows no front end: no picocli, no Groovy, no CLI or plugin class. */
    static ArchRule noFrontEndTypes(String root) {
        return noClasses().that().resideInAPackage(root + "..")
                .should().dependOnClassesThat().resideInAnyPackage("picocli..", "groovy..", "org.codehaus.groovy..",
                        "org.apache.groovy..", root + ".cli..", root + ".jenkins..")
                .as("no front-end type in the engine " + root);
    }

    /** Jenkins' types belong to the plugin alone. */
    static ArchRule noJenkinsTypes(String root) {
        return noClasses().that().resideInAPackage(root + "..")
                .should().dependOnClassesThat().resideInAnyPackage("hudson..", "jenkins..", "org.jenkinsci..",
                        "org.kohsuke..")
                .as("no Jenkins type outside the plugin, in " + root);
    }

    private static String[] packages(String root, String... names) {
        return Arrays.stream(names).map(n -> root + "." + n + "..").toArray(String[]::new);
    }
}
