package io.mlsteps.jenkins.it;

import hudson.model.Result;
import io.mlsteps.jenkins.results.MlRunAction;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A step survives a real controller restart: the engine, launched as a durable task, goes on running while Jenkins
 * restarts; the resumed step picks up its exit code and result.json, and the log holds its output once.
 */
class RestartTest {
    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    private static final String PREDICTIONS = "row,y_true,y_pred,score:yes,score:no\\n"
            + "0,yes,yes,0.9,0.1\\n1,no,no,0.2,0.8\\n2,yes,no,0.4,0.6\\n3,no,no,0.3,0.7\\n";

    @Test
    void anEvaluationGoesOnThroughARestart() throws Throwable {
        sessions.then(j -> {
            WorkflowJob p = j.createProject(WorkflowJob.class, "p");
            // -Xint keeps the engine busy for many seconds: long enough to restart Jenkins under it
            p.setDefinition(new CpsFlowDefinition("""
                    node {
                      writeFile file: 'predictions.csv', text: '%s'
                      def r = evaluateModel(predictions: 'predictions.csv', jvmOptions: '-Xint', bootstrap: 2000,
                          qualityGates: [[metric: 'accuracy', threshold: 0.9, criticality: 'UNSTABLE']])
                      echo "after restart: ${r.status}"
                    }
                    """.formatted(PREDICTIONS), true));
            WorkflowRun run = p.scheduleBuild2(0).waitForStart();
            j.waitForMessage("mlsteps: evaluateModel (request:", run);
        });
        sessions.then(j -> {
            WorkflowRun run = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            j.assertBuildStatus(Result.UNSTABLE, j.waitForCompletion(run));
            j.assertLogContains("after restart: UNSTABLE", run);
            String log = JenkinsRule.getLog(run);
            assertThat(log.split("misses the gate", -1)).as("the engine's output once").hasSize(2);
            assertThat(run.getAction(MlRunAction.class).getRecords()).hasSize(1);
        });
    }
}
