package io.mlsteps.jenkins;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import hudson.FilePath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.verb.POST;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Rules over the compiled plugin that Jenkins' own reviews apply (warnings-ng's PluginArchitectureTest). */
class PluginArchitectureTest {
    private static JavaClasses plugin;

    @BeforeAll
    static void importPlugin() {
        plugin = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.mlsteps.jenkins");
    }

    /** A method calls checkPermission or hasPermission (of Jenkins, an item, any AccessControlled). */
    private static final ArchCondition<JavaMethod> CHECK_A_PERMISSION = new ArchCondition<>("check a permission") {
        @Override
        public void check(JavaMethod method, ConditionEvents events) {
            boolean checks = method.getMethodCallsFromSelf().stream()
                    .anyMatch(call -> call.getName().equals("checkPermission") || call.getName().equals("hasPermission"))
                    || method.getMethodCallsFromSelf().stream().anyMatch(call -> call.getTargetOwner().equals(method.getOwner())
                    && call.getTarget().resolveMember().map(m -> m instanceof JavaMethod callee
                    && callee.getMethodCallsFromSelf().stream().anyMatch(c -> c.getName().equals("hasPermission")
                    || c.getName().equals("checkPermission"))).orElse(false));
            events.add(new SimpleConditionEvent(method, checks, method.getFullName() + (checks ? " checks" : " does not check")
                    + " a permission"));
        }
    };

    @Test
    void formFillAndCheckMethodsThatTakeInputArePostAndCheckAPermission() {
        methods().that().haveNameMatching("do(Fill|Check).*").and().doNotHaveRawParameterTypes(new Class<?>[0])
                .should().beAnnotatedWith(POST.class).andShould(CHECK_A_PERMISSION)
                .allowEmptyShould(false).check(plugin);
    }

    @Test
    void filesTheEngineWroteAreReadAsUtf8NotInTheAgentsDefaultCharset() {
        noClasses().should().callMethod(FilePath.class, "readToString")
                .because("FilePath.readToString() decodes with the agent's default charset; use AgentFiles.readUtf8")
                .check(plugin);
    }
}
