package io.mlsteps.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.mlsteps.step.MlStep;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.implement;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The CLI's side of the package rules in {@code docs/architecture.md} (the engine's are core's
 * {@code ArchitectureTest}, the plugin's {@code PluginArchitectureTest}): a front end runs steps through the runner
 * and the contract, and Jenkins' types stay in the plugin.
 */
class CliArchitectureTest {
    private static JavaClasses cli;

    @BeforeAll
    static void importCli() {
        cli = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.mlsteps.cli");
    }

    @Test
    void noJenkinsTypeInTheCli() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("hudson..", "jenkins..", "org.jenkinsci..",
                "org.kohsuke..").check(cli);
    }

    @Test
    void theCliRunsStepsThroughTheRunnerNeverByTheirClasses() {
        noClasses().should().dependOnClassesThat(implement(MlStep.class))
                .because("steps are found by StepCatalog and run by StepRunner, the same for every front end")
                .check(cli);
    }
}
