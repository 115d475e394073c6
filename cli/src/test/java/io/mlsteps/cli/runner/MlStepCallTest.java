package io.mlsteps.cli.runner;

import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.result.Check;
import io.mlsteps.step.MlStep;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.steps.CompareToBaselineRequest;
import io.mlsteps.contract.steps.EvaluateModelRequest;
import io.mlsteps.contract.steps.TrainModelRequest;
import io.mlsteps.contract.result.StepResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static io.mlsteps.cli.runner.RunnerFixture.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How an ML step call behaves in a Jenkinsfile, with a stand-in step under the name trainModel: the named
 * arguments become the typed request, the step writes into the build folder, the returned map carries
 * status, metrics and outputs, and failed checks act on stage and build by their criticality.
 */
class MlStepCallTest {
    @TempDir
    Path workspace;
    RunnerFixture runner;

    /**
     * Stand-in trainModel on the real request: reports {@code params.accuracy} and, with
     * {@code params.checkCriticality}, fails its own check at that criticality.
     */
    static class FakeStep implements MlStep<TrainModelRequest> {
        @Override
        public Class<TrainModelRequest> requestType() {
            return TrainModelRequest.class;
        }

        @Override
        public StepResult execute(TrainModelRequest request, StepContext context) throws Exception {
            double accuracy = ((Number) request.params().get("accuracy")).doubleValue();
            StepResult result = new StepResult("trainModel");
            result.putMetric("accuracy", accuracy);
            result.putMetric("f1[class=Adelie]", accuracy - 0.01);
            Path model = context.stepDir().resolve("model.bin");
            Files.writeString(model, "model of " + request.data() + " in " + context.workDir());
            result.getOutputs().add(context.describeOutput("model", model));
            Object criticality = request.params().get("checkCriticality");
            if (criticality != null) {
                result.addCheck(Check.failed("own", "accuracy", accuracy, ">= 0.9",
                        Criticality.parse(criticality.toString()), "accuracy too low"));
            }
            return result;
        }
    }

    /** Stand-in evaluateModel: writes a result. */
    static class FakeEvaluate implements MlStep<EvaluateModelRequest> {
        @Override
        public Class<EvaluateModelRequest> requestType() {
            return EvaluateModelRequest.class;
        }

        @Override
        public StepResult execute(EvaluateModelRequest request, StepContext context) {
            StepResult result = new StepResult("evaluateModel");
            result.putMetric("accuracy", 0.9);
            return result;
        }
    }

    /** Stand-in compareToBaseline that reports which previous result it was handed. */
    static class FakeCompare implements MlStep<CompareToBaselineRequest> {
        @Override
        public Class<CompareToBaselineRequest> requestType() {
            return CompareToBaselineRequest.class;
        }

        @Override
        public StepResult execute(CompareToBaselineRequest request, StepContext context) {
            StepResult result = new StepResult("compareToBaseline");
            result.getDetails().put("previousResult", String.valueOf(request.previousResult()));
            result.getDetails().put("baseline", String.valueOf(request.baseline()));
            return result;
        }
    }

    @Test
    void lastSuccessfulBuildEvaluationIsHandedToCompare() {
        runner.steps = name -> switch (name) {
            case "evaluateModel" -> Optional.of(new FakeEvaluate());
            case "compareToBaseline" -> Optional.of(new FakeCompare());
            default -> Optional.empty();
        };
        String file = pipeline("""
                  parameters { booleanParam(name: 'BREAK', defaultValue: false) }
                  stages { stage('Gate') { steps { script {
                    evaluateModel(predictions: "p.csv")
                    def c = compareToBaseline(baseline: 'lastSuccessfulBuild')
                    echo "previous=${c.details.previousResult} baseline=${c.details.baseline}"
                    if (params.BREAK) { error 'broken build' }
                  } } } }""");
        var first = runner.run(file);
        assertThat(first.log()).contains("previous=null baseline=null", "no earlier successful build evaluated a model");
        var second = runner.run(file, java.util.Map.of("BREAK", "true"));
        assertThat(second.log()).contains("previous=" + workspace.resolve(".mlsteps/builds/1/evaluateModel"));
        var third = runner.run(file);
        // build 2 failed, so build 1 is still the last successful one
        assertThat(third.log()).contains("previous=" + workspace.resolve(".mlsteps/builds/1/evaluateModel"))
                .contains("the baseline is the evaluation of build #1");
    }

    @BeforeEach
    void setUp() {
        runner = new RunnerFixture(workspace);
        runner.steps = name -> name.equals("trainModel") ? Optional.of(new FakeStep()) : Optional.empty();
    }

    private static String train(String args, String after) {
        return pipeline("""
                  stages {
                    stage('Train') { steps { script {
                      def r = trainModel(data: 'p.csv', labelColumn: 'y', %s)
                      echo "status=${r.status} accuracy=${r.metrics.accuracy} model=${r.outputs.model}"
                    } } }
                    stage('After') { steps { echo '%s' } }
                  }""".formatted(args, after));
    }

    @Test
    void argumentsBecomeTheRequestAndTheResultComesBackAsAMap() throws Exception {
        Files.createDirectories(workspace.resolve("sub"));
        var run = runner.run(pipeline("""
                  stages { stage('Train') { steps { dir('sub') { script {
                    def r = trainModel(data: "penguins-${BUILD_NUMBER}.csv", labelColumn: 'species', params: [accuracy: 0.93],
                        qualityGates: [[metric: 'accuracy', threshold: 0.9, criticality: 'FAILURE']])
                    echo "status=${r.status} passed=${r.passed} accuracy=${r.metrics.accuracy} checks=${r.checks.size()}"
                    echo "model=${r.outputs.model}"
                  } } } } }"""));
        assertThat(run.result()).isEqualTo(Result.SUCCESS);
        Path stepDir = run.outcome().buildDir().resolve("trainModel");
        assertThat(run.log()).contains("status=SUCCESS passed=true accuracy=0.93 checks=1")
                .contains("model=" + stepDir.resolve("model.bin"));
        assertThat(stepDir.resolve("model.bin")).content().contains("penguins-1.csv").contains(workspace.resolve("sub").toString());
        assertThat(stepDir.resolve("result.json")).exists();
        assertThat(stepDir.resolve("junit.xml")).exists();
        var rec = run.record().steps.get(0);
        assertThat(rec.stage).isEqualTo("Train");
        assertThat(rec.dir).isEqualTo("trainModel");
        assertThat(rec.metrics).containsEntry("accuracy", 0.93);
        assertThat(rec.thresholds).containsEntry("accuracy", 0.9);
    }

    @Test
    void aSecondCallGetsItsOwnFolder() {
        var run = runner.run(pipeline("""
                  stages { stage('Train') { steps {
                    trainModel(data: 'p.csv', labelColumn: 'y', params: [accuracy: 0.9])
                    trainModel(data: 'p.csv', labelColumn: 'y', params: [accuracy: 0.8])
                  } } }"""));
        assertThat(run.outcome().buildDir().resolve("trainModel/result.json")).exists();
        assertThat(run.outcome().buildDir().resolve("trainModel-2/result.json")).exists();
        assertThat(run.record().steps).extracting(s -> s.dir).containsExactly("trainModel", "trainModel-2");
    }

    @Test
    void unknownArgumentIsAClearStageFailure() {
        var run = runner.run(train("params: [accuracy: 0.9], lableColumn: 'x'", "after"));
        assertThat(run.result()).isEqualTo(Result.FAILURE);
        assertThat(run.stage("Train").reason).contains("unknown argument 'lableColumn' of trainModel; did you mean "
                + "'labelColumn'?").contains("Jenkinsfile:");
        var text = runner.run(train("params: 'accuracy=0.9'", "after"));
        assertThat(text.stage("Train").reason).contains("argument 'params' is 'accuracy=0.9' (text); in a Jenkinsfile "
                + "write a map such as [name: value]");
        var wrongKind = runner.run(train("params: [accuracy: 0.9], seed: 'often'", "after"));
        assertThat(wrongKind.stage("Train").reason).contains("argument 'seed' is 'often' (String); expected a whole number");
    }

    @Test
    void noteMakesOnlyTheStageUnstable() {
        var run = runner.run(train("params: [accuracy: 0.5, checkCriticality: 'NOTE']", "after"));
        assertThat(run.stage("Train").result).isEqualTo("UNSTABLE");
        assertThat(run.stage("Train").reason).contains("accuracy too low");
        assertThat(run.result()).isEqualTo(Result.SUCCESS);
        assertThat(run.log()).contains("status=UNSTABLE", "after");
    }

    @Test
    void unstableMakesTheBuildUnstableAndGoesOn() {
        var run = runner.run(train("params: [accuracy: 0.5], qualityGates: [[metric: 'accuracy', threshold: 0.9]]", "after"));
        assertThat(run.result()).isEqualTo(Result.UNSTABLE);
        assertThat(run.stage("Train").result).isEqualTo("UNSTABLE");
        assertThat(run.stage("After").result).isEqualTo("SUCCESS");
    }

    @Test
    void failureFailsTheStepStageAndBuild() {
        var run = runner.run(train("params: [accuracy: 0.5, checkCriticality: 'FAILURE'], failOnError: true", "after"));
        assertThat(run.result()).isEqualTo(Result.FAILURE);
        assertThat(run.stage("Train").result).isEqualTo("FAILURE");
        assertThat(run.stage("Train").reason).contains("trainModel: FAILURE - accuracy too low [FAILURE]");
        assertThat(run.stage("After").result).isEqualTo("SKIPPED");
        assertThat(run.log()).doesNotContain("status=");
    }

    @Test
    void errorWithFailOnErrorFalseFailsOnlyTheStageAndReturns() {
        var run = runner.run(train("params: [accuracy: 0.5, checkCriticality: 'ERROR'], failOnError: false", "after"));
        assertThat(run.stage("Train").result).isEqualTo("FAILURE");
        assertThat(run.result()).isEqualTo(Result.SUCCESS);
        assertThat(run.log()).contains("status=FAILURE", "after");
    }

    @Test
    void stepMissingFromTheBuildIsAClearError() {
        runner.steps = name -> {
            throw new IllegalStateException("not here");
        };
        var run = runner.run(train("params: [accuracy: 0.5]", "after"));
        assertThat(run.result()).isEqualTo(Result.FAILURE);
        assertThat(run.stage("Train").reason).contains("trainModel is not available in this build");
    }
}
