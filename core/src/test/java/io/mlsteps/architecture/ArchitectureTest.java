package io.mlsteps.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The package rules {@code docs/architecture.md} draws ("Packages of core"), held on the engine's compiled classes;
 * and each rule shown to fail on {@code io.mlsteps.archfixture}, a small package under src/test broken on purpose.
 */
class ArchitectureTest {
    private static final String ENGINE = "io.mlsteps";
    private static final String FIXTURE = "io.mlsteps.archfixture";
    private static JavaClasses engine;
    private static JavaClasses fixture;

    @BeforeAll
    static void importClasses() {
        engine = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ENGINE);
        fixture = new ClassFileImporter().importPackages(FIXTURE);
    }

    @Test
    void noCycleBetweenPackages() {
        EngineRules.noCycles(ENGINE).check(engine);
    }

    @Test
    void dependenciesPointOneWayFromRunToStepsToModelMetricsDataToUtil() {
        EngineRules.layers(ENGINE, false).check(engine);
    }

    @Test
    void stepsAreReachedOnlyThroughTheContract() {
        EngineRules.stepsOnlyThroughTheContract(ENGINE).check(engine);
    }

    @Test
    void stepsOpenTheRegistryInTheirWorkspace() {
        EngineRules.stepsOpenTheRegistryInTheirWorkspace().check(engine);
    }

    @Test
    void noFrontEndTypeInTheEngine() {
        EngineRules.noFrontEndTypes(ENGINE).check(engine);
    }

    @Test
    void noJenkinsTypeInTheEngine() {
        EngineRules.noJenkinsTypes(ENGINE).check(engine);
    }

    /** Every package of core is in one layer of the diagram: a new package must be placed, not forgotten. */
    @Test
    void everyEnginePackageIsPlacedInALayer() {
        Set<String> placed = new TreeSet<>(List.of(EngineRules.RUN, EngineRules.STEP_CONTRACT, EngineRules.UTIL));
        placed.addAll(Arrays.asList(EngineRules.STEPS));
        placed.addAll(Arrays.asList(EngineRules.FOUNDATIONS));
        Set<String> present = new TreeSet<>();
        engine.stream().map(c -> c.getPackageName())
                .filter(p -> p.startsWith(ENGINE + ".") && !p.startsWith(ENGINE + ".contract"))
                .map(p -> p.substring(ENGINE.length() + 1).split("\\.")[0]).forEach(present::add);
        assertThat(placed).isEqualTo(present);
    }

    /** The contract module depends on nothing but the JDK. */
    @Test
    void theContractDependsOnNothingButTheJdk() {
        classes().that().resideInAPackage(ENGINE + ".contract..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", ENGINE + ".contract..")
                .check(engine);
    }

    @Test
    void theCycleRuleFailsOnADeliberateCycle() {
        assertFails(EngineRules.noCycles(FIXTURE), "Cycle detected", "model", "metrics");
        // the fixture's cycle is the only thing the cycle rule finds there
        assertThatThrownBy(() -> EngineRules.noCycles(FIXTURE).check(fixture))
                .hasMessageNotContaining("util").hasMessageNotContaining("train");
    }

    @Test
    void theLayerRuleFailsOnAnArrowBackUp() {
        assertFails(EngineRules.layers(FIXTURE, true), "FixtureUtil", "FixtureRunner");
    }

    @Test
    void theStepRuleFailsWhenAStepIsNamedOutsideItsPackage() {
        assertFails(EngineRules.stepsOnlyThroughTheContract(FIXTURE), "FixtureEvaluation", "FixtureTrainStep");
    }

    @Test
    void theFrontEndRuleFailsWhenTheEngineImportsAFrontEnd() {
        assertFails(EngineRules.noFrontEndTypes(FIXTURE), "FixtureReader", "FixtureCommand");
    }

    private static void assertFails(ArchRule rule, String... named) {
        assertThatThrownBy(() -> rule.check(fixture)).isInstanceOf(AssertionError.class)
                .hasMessageContainingAll(named);
    }
}
