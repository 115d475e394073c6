package io.mlsteps.jenkins.steps;

import io.mlsteps.contract.steps.Steps;
import io.mlsteps.jenkins.engine.EngineRequest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The generated step classes behave as Jenkins needs them: one descriptor per step of the contract, the
 * Snippet Generator's text fields for lists and maps, the gates and the front end's own arguments, and views that
 * are escape-by-default and free of inline scripts (CSP). That every argument has its property, field and help is
 * {@code FrontEndsTest}'s.
 */
class StepViewsTest {
    static final List<Class<? extends MlStep>> STEPS = List.of(ValidateDataStep.class, TrainModelStep.class,
            EvaluateModelStep.class, CompareToBaselineStep.class, RegisterModelStep.class, DeployModelStep.class,
            CheckDriftStep.class, PredictStep.class);

    @Test
    void oneStepClassPerStepOfTheContract() throws Exception {
        for (Class<? extends MlStep> type : STEPS) {
            Class<?> descriptor = Class.forName(type.getName() + "$DescriptorImpl");
            assertThat(descriptor.isAnnotationPresent(hudson.Extension.class)).isTrue();
            MlStep.MlStepDescriptor instance = (MlStep.MlStepDescriptor) descriptor.getDeclaredConstructor().newInstance();
            assertThat(instance.getFunctionName()).isEqualTo(type.getField("FUNCTION_NAME").get(null));
            assertThat(instance.getDisplayName()).isEqualTo(Steps.info(instance.getFunctionName()).title());
            assertThat(instance.getRequiredContext()).hasSize(6);
        }
        assertThat(STEPS.stream().map(t -> {
            try {
                return (String) t.getField("FUNCTION_NAME").get(null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        })).containsExactlyElementsOf(Steps.names());
    }

    @Test
    void listsAndMapsTakeTheFormsTextAndShowItBack() {
        TrainModelStep train = new TrainModelStep("train.csv", "income");
        TrainModelStep.DescriptorImpl descriptor = new TrainModelStep.DescriptorImpl();
        assertThat(descriptor.textFields()).contains("params", "features", "categoricalFeatures", "missingValues",
                "columnNames").doesNotContain("data", "seed");
        train.setFromText("params", "trees=50, loss=log, deep=true");
        train.setFromText("categoricalFeatures", "season, weekday");
        assertThat(train.getParams()).containsExactly(Map.entry("trees", 50L), Map.entry("loss", "log"),
                Map.entry("deep", true));
        assertThat(train.getCategoricalFeatures()).containsExactly("season", "weekday");
        assertThat(descriptor.formText(train.getParams())).isEqualTo("trees=50, loss=log, deep=true");
        assertThat(descriptor.formText(train.getCategoricalFeatures())).isEqualTo("season, weekday");
        assertThat(descriptor.formText(null)).isEmpty();
        assertThatThrownBy(() -> train.setFromText("params", "trees")).hasMessageContaining("name=value");
        assertThatThrownBy(() -> train.setFromText("data", "x")).hasMessageContaining("no list or map argument 'data'");
    }

    @Test
    void aStepBuildsItsRequestThroughTheContract() {
        TrainModelStep train = new TrainModelStep("data/adult_train.csv", "income");
        train.setParams(Map.of("trees", 50));
        train.setExcludeFeatures(List.of("fnlwgt"));
        train.setSeed(7L);
        train.setAlgorithm("  ");
        QualityGate gate = new QualityGate("accuracy");
        gate.setThreshold(0.85);
        gate.setCriticality("failure");
        train.setQualityGates(List.of(gate));
        Map<String, Object> arguments = train.requestArguments();
        assertThat(arguments).containsEntry("data", "data/adult_train.csv").containsEntry("seed", 7L)
                .doesNotContainKey("algorithm").containsEntry("excludeFeatures", List.of("fnlwgt"))
                .containsEntry("header", true);
        String json = EngineRequest.toJson("trainModel", arguments, null);
        assertThat(json).contains("\"trees\": 50", "\"criticality\": \"FAILURE\"").doesNotContain("algorithm")
                .as("the default is left to the engine").doesNotContain("header");
        assertThat(train.isFailOnError()).isTrue();
        assertThat(train.isHeader()).isTrue();
        train.setHeader(false);
        assertThat(EngineRequest.toJson("trainModel", train.requestArguments(), null)).contains("\"header\": false");
        train.setRunDir(" ");
        assertThat(train.getRunDir()).isEqualTo(".mlsteps");
    }

    @Test
    void relativeBoundsBelongToCompareToBaseline() {
        QualityGate drop = new QualityGate("accuracy");
        drop.setMaxDrop(0.01);
        drop.setCriticality("FAILURE");
        CompareToBaselineStep compare = new CompareToBaselineStep();
        compare.setBaseline("adult@production");
        compare.setQualityGates(List.of(drop));
        String json = EngineRequest.toJson("compareToBaseline", compare.requestArguments(), null);
        assertThat(json).contains("\"maxDrop\": 0.01", "\"baseline\": \"adult@production\"").doesNotContain("threshold");

        EvaluateModelStep evaluate = new EvaluateModelStep();
        evaluate.setPredictions("p.csv");
        evaluate.setQualityGates(List.of(drop));
        assertThatThrownBy(() -> EngineRequest.toJson("evaluateModel", evaluate.requestArguments(), null))
                .hasMessageContaining("only compareToBaseline has a baseline");
        QualityGate none = new QualityGate("accuracy");
        evaluate.setQualityGates(List.of(none));
        assertThatThrownBy(() -> EngineRequest.toJson("evaluateModel", evaluate.requestArguments(), null))
                .hasMessageContaining("qualityGates[0].threshold' is required");
    }

    @Test
    void badGateCriticalityIsReportedWithItsPath() {
        DeployModelStep deploy = new DeployModelStep();
        deploy.setModel("adult@staging");
        QualityGate gate = new QualityGate("latency_p99_ms");
        gate.setThreshold(250.0);
        gate.setCriticality("BLOCKER");
        deploy.setQualityGates(List.of(gate));
        assertThatThrownBy(() -> EngineRequest.toJson("deployModel", deploy.requestArguments(), null))
                .hasMessage("deployModel: argument 'qualityGates[0].criticality' is 'BLOCKER' (String); expected one of "
                        + "NOTE, UNSTABLE, ERROR, FAILURE");
    }

    @Test
    void everyChoiceHasItsSelectList() throws Exception {
        for (Class<? extends MlStep> type : STEPS) {
            String step = (String) type.getField("FUNCTION_NAME").get(null);
            Class<?> descriptor = Class.forName(type.getName() + "$DescriptorImpl");
            for (var arg : Steps.spec(step).args()) {
                if (arg.kind() == io.mlsteps.contract.bind.ArgKind.CHOICE) {
                    String fill = "doFill" + Character.toUpperCase(arg.name().charAt(0)) + arg.name().substring(1) + "Items";
                    assertThat(descriptor.getMethod(fill).getReturnType()).as(step + "." + fill)
                            .isEqualTo(hudson.util.ListBoxModel.class);
                }
            }
        }
        assertThat(QualityGate.DescriptorImpl.class.getMethod("doFillCriticalityItems")).isNotNull();
        assertThat(QualityGate.DescriptorImpl.class.getMethod("doFillDirectionItems")).isNotNull();
    }

    @Test
    void jellyViewsEscapeByDefaultAndHaveNoInlineScripts() throws IOException {
        List<Path> views = new java.util.ArrayList<>();
        for (Path root : List.of(io.mlsteps.jenkins.Fixtures.pluginDir().resolve("src/main/resources"),
                Path.of(TrainModelStep.class.getProtectionDomain().getCodeSource().getLocation().getPath()))) {
            try (Stream<Path> files = Files.walk(root)) {
                views.addAll(files.filter(p -> p.toString().endsWith(".jelly")).toList());
            }
        }
        assertThat(views).hasSizeGreaterThan(15);
        for (Path view : views) {
            String text = Files.readString(view);
            assertThat(text).as(view.toString()).startsWith("<?jelly escape-by-default='true'?>");
            assertThat(text.toLowerCase(java.util.Locale.ROOT)).as(view.toString())
                    .doesNotContain("<script", "onclick=", "onload=", "javascript:");
        }
    }
}
