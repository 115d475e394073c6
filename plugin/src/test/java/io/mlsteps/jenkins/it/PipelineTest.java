package io.mlsteps.jenkins.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.FilePath;
import hudson.model.Label;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import io.mlsteps.jenkins.results.MlJobAction;
import io.mlsteps.jenkins.results.MlRunAction;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.graphanalysis.DepthFirstScanner;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The steps in real Pipelines on an agent: results, stage marks, the build page and the trends. */
@WithJenkins
class PipelineTest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    /** A tiny binary predictions file (3 of 4 right: accuracy 0.75). */
    private static final String PREDICTIONS = "row,y_true,y_pred,score:yes,score:no\n"
            + "0,yes,yes,0.9,0.1\n1,no,no,0.2,0.8\n2,yes,no,0.4,0.6\n3,no,no,0.3,0.7\n";

    @Test
    void failingUnstableGateMarksTheStageAndTheBuildUnstable(JenkinsRule j) throws Exception {
        DumbSlave agent = j.createOnlineSlave();
        WorkflowJob p = j.createProject(WorkflowJob.class, "gate");
        p.setDefinition(new CpsFlowDefinition("""
                node('%s') {
                  writeFile file: 'predictions.csv', text: '''%s'''
                  stage('Evaluate') {
                    def r = evaluateModel(predictions: 'predictions.csv',
                        qualityGates: [[metric: 'accuracy', threshold: 0.9, criticality: 'UNSTABLE']])
                    echo "status=${r.status} passed=${r.passed} accuracy=${r.metrics.accuracy}"
                  }
                }
                """.formatted(agent.getNodeName(), PREDICTIONS), true));
        WorkflowRun run = j.assertBuildStatus(Result.UNSTABLE, p.scheduleBuild2(0));
        j.assertLogContains("status=UNSTABLE passed=false accuracy=0.75", run);
        FlowNode warned = new DepthFirstScanner().allNodes(run.getExecution()).stream()
                .filter(n -> n.getPersistentAction(WarningAction.class) != null).findFirst().orElseThrow();
        assertThat(warned.getPersistentAction(WarningAction.class).getResult()).isEqualTo(Result.UNSTABLE);
        assertThat(warned.getPersistentAction(WarningAction.class).getMessage()).contains("accuracy");

        MlRunAction action = run.getAction(MlRunAction.class);
        assertThat(action.getRecords()).hasSize(1);
        assertThat(action.getRecords().get(0).getStageResult()).isEqualTo("UNSTABLE");

        JenkinsRule.WebClient web = j.createWebClient();
        HtmlPage build = web.getPage(run);
        // the summary mirrors the verdict card: the step's sentence and the check that decided it
        assertThat(build.asNormalizedText()).contains("evaluateModel", "accuracy", "Decided by",
                action.getRecords().get(0).getSummary(), "FAILED gate:accuracy [UNSTABLE]: accuracy = 0.75",
                "0 gate(s) passed");
        HtmlPage page = web.getPage(run, "mlsteps/");
        assertThat(page.asNormalizedText()).contains("gate:accuracy", "Lineage");
        assertThat(p.getAction(MlJobAction.class)).isNotNull();
        web.goTo(p.getUrl() + "mlsteps-trends/trend/0/png", "image/png");
    }

    @Test
    void failureGateFailsTheBuildUnlessFailOnErrorIsFalse(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "failure");
        p.setDefinition(new CpsFlowDefinition("""
                node {
                  writeFile file: 'predictions.csv', text: '''%s'''
                  stage('Kept') {
                    def r = evaluateModel(predictions: 'predictions.csv', failOnError: false,
                        qualityGates: [[metric: 'accuracy', threshold: 0.9, criticality: 'ERROR']])
                    echo "kept going: ${r.status}"
                  }
                  stage('Thrown') {
                    evaluateModel(predictions: 'predictions.csv',
                        qualityGates: [[metric: 'accuracy', threshold: 0.9, criticality: 'FAILURE']])
                  }
                }
                """.formatted(PREDICTIONS), true));
        WorkflowRun run = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogContains("kept going: FAILURE", run);
        j.assertLogContains("evaluateModel: FAILURE", run);
    }

    @Test
    void missingArgumentFailsBeforeAnyJvmStarts(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "bad");
        p.setDefinition(new CpsFlowDefinition("node { trainModel(data: 'x.csv', labelColumn: '') }", true));
        WorkflowRun run = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogContains("trainModel: argument 'labelColumn' is required", run);
    }

    /**
     * samples/Jenkinsfile as a job whose workspace is a checkout of the repository (it reads samples/data/...), on
     * an agent with a label (the built-in node has no executors), its model server on free ports and stopped after.
     */
    @Test
    void sampleJenkinsfileRunsOnAnAgent(JenkinsRule j) throws Exception {
        Path samples = Path.of("..", "samples");
        assumeTrue(Files.isRegularFile(samples.resolve("Jenkinsfile")), "samples/Jenkinsfile is not in this checkout");
        j.jenkins.setNumExecutors(0);
        DumbSlave agent = j.createOnlineSlave(Label.get("mlsteps"));
        WorkflowJob p = j.createProject(WorkflowJob.class, "sample");
        FilePath workspace = agent.getWorkspaceFor(p);
        new FilePath(samples.toFile()).copyRecursiveTo(workspace.child("samples"));
        int port = freePortPair();
        String jenkinsfile = Files.readString(samples.resolve("Jenkinsfile"), StandardCharsets.UTF_8);
        String onTheAgent = jenkinsfile.replace("agent any", "agent { label 'mlsteps' }")
                .replace("defaultValue: '18080'", "defaultValue: '" + port + "'");
        assertThat(onTheAgent).as("the sample still says agent any and port 18080")
                .contains("label 'mlsteps'", "defaultValue: '" + port + "'");
        p.setDefinition(new CpsFlowDefinition(onTheAgent, true));
        try {
            WorkflowRun run = j.waitForCompletion(p.scheduleBuild2(0).waitForStart());
            assertThat(run.getResult()).isIn(Result.SUCCESS, Result.UNSTABLE);
            assertThat(run.getAction(MlRunAction.class).getRecords()).extracting(r -> r.getStep())
                    .contains("validateData", "trainModel", "evaluateModel", "compareToBaseline", "registerModel",
                            "deployModel");
            j.assertLogContains("\"label\":\"Gentoo\"", run);
        } finally {
            stopModelServers(workspace);
        }
    }

    /** A port whose next port is free too (blue/green deploys on port and port + 1). */
    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = first.getLocalPort();
                if (port < 65535) {
                    try (ServerSocket second = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
                        return port;
                    } catch (IOException taken) {
                        // try another pair
                    }
                }
            }
        }
        throw new IOException("no two consecutive free ports on the loopback interface");
    }

    /** Kills the local model servers the sample's deployModel left running (their pids are in local.json). */
    private static void stopModelServers(FilePath workspace) throws Exception {
        Path deployments = Path.of(workspace.getRemote(), ".mlsteps", "deployments");
        if (!Files.isDirectory(deployments)) {
            return;
        }
        List<Path> states;
        try (Stream<Path> files = Files.walk(deployments)) {
            states = files.filter(f -> f.getFileName().toString().equals("local.json")).toList();
        }
        ObjectMapper json = new ObjectMapper();
        for (Path state : states) {
            for (JsonNode pid : json.readTree(state.toFile()).findValues("pid")) {
                ProcessHandle.of(pid.asLong()).ifPresent(ProcessHandle::destroy);
            }
        }
    }
}
