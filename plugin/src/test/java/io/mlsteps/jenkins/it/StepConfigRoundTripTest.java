package io.mlsteps.jenkins.it;

import io.mlsteps.jenkins.steps.CheckDriftStep;
import io.mlsteps.jenkins.steps.CompareToBaselineStep;
import io.mlsteps.jenkins.steps.DeployModelStep;
import io.mlsteps.jenkins.steps.EvaluateModelStep;
import io.mlsteps.jenkins.steps.MlStep;
import io.mlsteps.jenkins.steps.QualityGate;
import io.mlsteps.jenkins.steps.RegisterModelStep;
import io.mlsteps.jenkins.steps.TrainModelStep;
import io.mlsteps.jenkins.steps.ValidateDataStep;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import java.util.List;

/** Every step survives the Snippet Generator's form: configure, submit, and get the same step back. */
@WithJenkins
class StepConfigRoundTripTest {
    private static <S extends MlStep> S gated(S step) {
        QualityGate gate = new QualityGate("accuracy");
        gate.setThreshold(0.85);
        gate.setCriticality("FAILURE");
        step.setQualityGates(List.of(gate));
        step.setFailOnError(false);
        step.setJvmOptions("-Xmx2g");
        return step;
    }

    private static void roundTrip(JenkinsRule j, MlStep step) throws Exception {
        MlStep after = new StepConfigTester(j).configRoundTrip(step);
        j.assertEqualDataBoundBeans(step, after);
    }

    @Test
    void validateData(JenkinsRule j) throws Exception {
        ValidateDataStep step = gated(new ValidateDataStep("data/adult_test.csv", "schema.json"));
        step.setFormat("csv");
        step.setHeader(true);
        roundTrip(j, step);
    }

    @Test
    void trainModel(JenkinsRule j) throws Exception {
        TrainModelStep step = gated(new TrainModelStep("data/adult_train.csv", "income"));
        step.setAlgorithm("random_forest");
        step.setParams(java.util.Map.of("trees", 100, "max_depth", 8));
        step.setCategoricalFeatures(List.of("season"));
        step.setSeed(42L);
        roundTrip(j, step);
    }

    @Test
    void evaluateModel(JenkinsRule j) throws Exception {
        EvaluateModelStep step = gated(new EvaluateModelStep());
        step.setModel(".mlsteps/trainModel/model.tribuo");
        step.setData("data/adult_test.csv");
        step.setBootstrap(200);
        roundTrip(j, step);
    }

    @Test
    void compareToBaseline(JenkinsRule j) throws Exception {
        CompareToBaselineStep step = gated(new CompareToBaselineStep());
        step.setBaseline("adult@production");
        step.setOnMissingBaseline("UNSTABLE");
        QualityGate drop = new QualityGate("accuracy");
        drop.setMaxDrop(0.01);
        step.setQualityGates(List.of(drop));
        roundTrip(j, step);
    }

    @Test
    void registerModel(JenkinsRule j) throws Exception {
        RegisterModelStep step = gated(new RegisterModelStep("adult", ".mlsteps/trainModel/model.tribuo"));
        step.setAlias("staging");
        step.setRequireGate(true);
        roundTrip(j, step);
    }

    @Test
    void deployModel(JenkinsRule j) throws Exception {
        DeployModelStep step = gated(new DeployModelStep());
        step.setModel("adult@staging");
        step.setTarget("local");
        step.setStrategy("canary");
        step.setCanaryPercent(10.0);
        roundTrip(j, step);
    }

    @Test
    void checkDrift(JenkinsRule j) throws Exception {
        CheckDriftStep step = gated(new CheckDriftStep());
        step.setCurrent("data/today.csv");
        step.setModel("adult@production");
        step.setDriftShare(0.3);
        step.setSince("24h");
        roundTrip(j, step);
    }
}
