package io.mlsteps.jenkins.steps;

import io.mlsteps.jenkins.engine.EngineRequest;
import io.mlsteps.jenkins.engine.StepArguments;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The step classes, their Snippet Generator forms and help files agree with the argument table, and every
 * Jelly view is escape-by-default and free of inline scripts (CSP).
 */
class StepViewsTest {
    static final List<Class<? extends MlStep>> STEPS = List.of(ValidateDataStep.class, TrainModelStep.class,
            EvaluateModelStep.class, CompareToBaselineStep.class, RegisterModelStep.class, DeployModelStep.class,
            CheckDriftStep.class);

    private static String functionName(Class<? extends MlStep> type) throws ReflectiveOperationException {
        return (String) type.getField("FUNCTION_NAME").get(null);
    }

    private static String resource(Class<?> type, String file) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + "/" + file)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void oneStepClassPerStepOfTheTable() throws Exception {
        List<String> names = new ArrayList<>();
        for (Class<? extends MlStep> type : STEPS) {
            names.add(functionName(type));
            Class<?> descriptor = Class.forName(type.getName() + "$DescriptorImpl");
            assertThat(descriptor.isAnnotationPresent(hudson.Extension.class)).isTrue();
            MlStep.MlStepDescriptor instance = (MlStep.MlStepDescriptor) descriptor.getDeclaredConstructor().newInstance();
            assertThat(instance.getFunctionName()).isEqualTo(functionName(type)).matches("[a-z][A-Za-z0-9_]*");
            assertThat(instance.getDisplayName()).isNotBlank();
            assertThat(instance.getRequiredContext()).hasSize(6);
        }
        assertThat(names).containsExactlyElementsOf(StepArguments.steps());
    }

    @Test
    void constructorTakesTheRequiredArgumentsAndSettersTheOthers() throws Exception {
        for (Class<? extends MlStep> type : STEPS) {
            String step = functionName(type);
            Constructor<?> constructor = Arrays.stream(type.getConstructors())
                    .filter(c -> c.isAnnotationPresent(DataBoundConstructor.class)).findFirst().orElseThrow();
            Parameter[] parameters = constructor.getParameters();
            assertThat(parameters).as(step + " constructor").hasSameSizeAs(StepArguments.required(step));
            if (parameters.length > 0 && parameters[0].isNamePresent()) {
                assertThat(Arrays.stream(parameters).map(Parameter::getName).toList())
                        .as(step + " constructor").containsExactlyElementsOf(StepArguments.required(step));
            }
            for (StepArguments.Argument argument : StepArguments.of(step)) {
                String suffix = Character.toUpperCase(argument.name().charAt(0)) + argument.name().substring(1);
                assertThat(type.getMethod("get" + suffix)).as(step + "." + argument.name() + " getter").isNotNull();
                if (!argument.required()) {
                    Method setter = Arrays.stream(type.getMethods()).filter(m -> m.getName().equals("set" + suffix))
                            .findFirst().orElseThrow(() -> new AssertionError(step + " has no setter for " + argument.name()));
                    assertThat(setter.isAnnotationPresent(DataBoundSetter.class)).as(setter.toString()).isTrue();
                }
            }
        }
    }

    @Test
    void everyFieldHasAFormEntryAndHelp() throws Exception {
        for (Class<? extends MlStep> type : STEPS) {
            String step = functionName(type);
            String config = resource(type, "config.jelly");
            assertThat(config).as(type.getSimpleName() + "/config.jelly").isNotNull();
            assertThat(resource(type, "help.html")).as(step + " help.html").isNotNull();
            for (StepArguments.Argument argument : StepArguments.of(step)) {
                if (argument.kind() != StepArguments.Kind.LIST) {
                    assertThat(config).as(step + " form").contains("field=\"" + argument.name() + "\"");
                }
                assertThat(resource(type, "help-" + argument.name() + ".html")).as(step + " help-" + argument.name()).isNotNull();
            }
            for (String common : StepArguments.COMMON) {
                assertThat(config).contains("field=\"" + common + "\"");
                assertThat(resource(type, "help-" + common + ".html")).as(step + " help-" + common).isNotNull();
            }
        }
        assertThat(resource(QualityGate.class, "config.jelly")).contains("field=\"metric\"", "field=\"threshold\"",
                "field=\"criticality\"", "field=\"direction\"");
    }

    @Test
    void jellyViewsEscapeByDefaultAndHaveNoInlineScripts() throws IOException {
        Path resources = io.mlsteps.jenkins.Fixtures.pluginDir().resolve("src/main/resources");
        List<Path> views;
        try (Stream<Path> files = Files.walk(resources)) {
            views = files.filter(p -> p.toString().endsWith(".jelly")).toList();
        }
        assertThat(views).hasSizeGreaterThan(10);
        for (Path view : views) {
            String text = Files.readString(view);
            assertThat(text).as(view.toString()).startsWith("<?jelly escape-by-default='true'?>");
            assertThat(text.toLowerCase(java.util.Locale.ROOT)).as(view.toString())
                    .doesNotContain("<script", "onclick=", "onload=", "javascript:");
        }
    }

    @Test
    void aStepBuildsItsRequestThroughTheTable() throws Exception {
        TrainModelStep train = new TrainModelStep("data/adult_train.csv", "income");
        train.setParams("trees=50");
        train.setExcludeFeatures(List.of("fnlwgt"));
        train.setSeed(7);
        train.setAlgorithm("  ");
        QualityGate gate = new QualityGate("accuracy", 0.85);
        gate.setCriticality("failure");
        train.setQualityGates(List.of(gate));
        Map<String, Object> arguments = train.arguments();
        assertThat(arguments).containsEntry("data", "data/adult_train.csv").containsEntry("seed", 7)
                .containsEntry("algorithm", null).containsEntry("excludeFeatures", List.of("fnlwgt"));
        String json = EngineRequest.toJson("trainModel", arguments, train.gateSpecs(), null);
        assertThat(json).contains("\"trees\" : 50", "\"criticality\" : \"FAILURE\"").doesNotContain("algorithm");
        assertThat(train.isFailOnError()).isTrue();
        train.setRunDir(" ");
        assertThat(train.getRunDir()).isEqualTo(".mlsteps");
    }

    @Test
    void relativeBoundsBelongToCompareToBaseline() throws Exception {
        QualityGate drop = new QualityGate("accuracy");
        drop.setMaxDrop(0.01);
        drop.setCriticality("FAILURE");
        CompareToBaselineStep compare = new CompareToBaselineStep();
        compare.setBaseline("adult@production");
        compare.setQualityGates(List.of(drop));
        String json = EngineRequest.toJson("compareToBaseline", compare.arguments(), compare.gateSpecs(), null);
        assertThat(json).contains("\"maxDrop\" : 0.01", "\"baseline\" : \"adult@production\"").doesNotContain("threshold");

        EvaluateModelStep evaluate = new EvaluateModelStep();
        evaluate.setPredictions("p.csv");
        evaluate.setQualityGates(List.of(drop));
        assertThatThrownBy(() -> EngineRequest.toJson("evaluateModel", evaluate.arguments(), evaluate.gateSpecs(), null))
                .hasMessageContaining("quality gate on 'accuracy' needs a 'threshold'");
        QualityGate both = new QualityGate("accuracy", 0.8);
        both.setMaxRelativeDrop(0.02);
        evaluate.setQualityGates(List.of(both));
        assertThatThrownBy(() -> EngineRequest.toJson("evaluateModel", evaluate.arguments(), evaluate.gateSpecs(), null))
                .hasMessageContaining("use them in compareToBaseline");
    }

    @Test
    void badGateCriticalityIsReportedWithItsMetric() {
        DeployModelStep deploy = new DeployModelStep();
        deploy.setModel("adult@staging");
        QualityGate gate = new QualityGate("p95_latency_ms", 250);
        gate.setCriticality("BLOCKER");
        deploy.setQualityGates(List.of(gate));
        assertThatThrownBy(deploy::gateSpecs).hasMessageContaining("quality gate on 'p95_latency_ms': unknown criticality 'BLOCKER'");
    }
}
