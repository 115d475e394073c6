package io.mlsteps.cli.runner;

import io.mlsteps.cli.Main;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.mlsteps.cli.runner.RunnerFixture.pipeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What Jenkins' declarative validation (ModelParser, ModelValidatorImpl) refuses before running, the runner
 * refuses too, before anything runs, with the file, line and column and Jenkins' message; what the runner
 * itself lacks is refused by name. One error names one problem.
 */
class JenkinsValidationTest {
    @TempDir
    Path workspace;
    RunnerFixture runner;

    @BeforeEach
    void setUp() {
        runner = new RunnerFixture(workspace);
    }

    /** Asserts the Jenkinsfile is refused at line:column with the message, and that no build was made. */
    private void refused(String jenkinsfile, String location, String message) {
        assertThatThrownBy(() -> runner.run(jenkinsfile))
                .isInstanceOf(JenkinsfileException.class)
                .hasMessageEndingWith("Jenkinsfile:" + location + ": " + message);
        assertThat(workspace.resolve(".mlsteps/builds/1")).doesNotExist();
    }

    @Test
    void agentIsRequired() {
        refused("""
                pipeline {
                  stages {
                    stage('A') {
                      steps { echo 'x' }
                    }
                  }
                }
                """, "1:1", "Missing required section \"agent\"");
    }

    @Test
    void stagesAreRequiredAndMayNotBeEmpty() {
        refused(pipeline("  environment { A = 'a' }"), "1:1", "Missing required section \"stages\"");
        refused(pipeline("  stages {\n  }"), "3:3", "No stages specified");
    }

    @Test
    void stageNamesAreUniqueAmongSiblings() {
        refused(pipeline("""
                  stages {
                    stage('Train') {
                      steps { echo 'one' }
                    }
                    stage('Train') {
                      steps { echo 'two' }
                    }
                  }"""), "7:3", "Duplicate stage name: \"Train\"");
    }

    @Test
    void stepsAndParallelMayNotBeEmpty() {
        refused(pipeline("""
                  stages {
                    stage('A') {
                      steps {
                      }
                    }
                  }"""), "5:5", "No steps specified for branch");
        refused(pipeline("""
                  stages {
                    stage('A') {
                      parallel {
                      }
                    }
                  }"""), "4:3", "Expected one of \"steps\", \"stages\", or \"parallel\" for stage \"A\"");
    }

    @Test
    void aStageHasOneStepsBlockAndNotStepsBesideParallel() {
        refused(pipeline("""
                  stages {
                    stage('A') {
                      steps { echo 'one' }
                      steps { echo 'two' }
                    }
                  }"""), "6:5", "Multiple occurrences of the steps section");
        refused(pipeline("""
                  stages {
                    stage('A') {
                      steps { echo 'one' }
                      parallel {
                        stage('B') {
                          steps { echo 'b' }
                        }
                      }
                    }
                  }"""), "4:3", "Only one of \"matrix\", \"parallel\", \"stages\", or \"steps\" allowed for stage \"A\"");
    }

    @Test
    void parallelInsideParallelIsRefused() {
        refused(pipeline("""
                  stages {
                    stage('A') {
                      parallel {
                        stage('B') {
                          parallel {
                            stage('C') {
                              steps { echo 'c' }
                            }
                          }
                        }
                      }
                    }
                  }"""), "7:9", "\"matrix\" or \"parallel\" cannot be nested inside another \"matrix\" or \"parallel\".");
    }

    @Test
    void postConditionsAreKnownAndGivenOnce() {
        refused(pipeline("""
                  stages {
                    stage('A') {
                      steps { echo 'a' }
                    }
                  }
                  post {
                    always { echo 'one' }
                    always { echo 'two' }
                  }"""), "10:3", "Duplicate build condition name: \"always\"");
        refused(pipeline("""
                  stages {
                    stage('A') {
                      steps { echo 'a' }
                    }
                  }
                  post {
                  }"""), "8:1", "post can not be empty");
    }

    @Test
    void whenMayNotBeEmpty() {
        refused(pipeline("""
                  stages {
                    stage('A') {
                      when {
                      }
                      steps { echo 'a' }
                    }
                  }"""), "5:5", "Empty when closure, remove the property or add some content.");
    }

    @Test
    void unknownStepArgumentsAreRefusedWithTheNearestKnownOne() {
        refused(pipeline("""
                  stages {
                    stage('A') {
                      steps {
                        timeout(banana: 1) { echo 'a' }
                      }
                    }
                  }"""), "6:15", "Invalid parameter \"banana\", did you mean \"unit\"?");
        refused(pipeline("""
                  stages {
                    stage('A') {
                      steps {
                        script {
                          sh(scirpt: 'echo x', returnStdout: true)
                        }
                      }
                    }
                  }"""), "7:12", "Invalid parameter \"scirpt\", did you mean \"script\"?");
        refused(pipeline("""
                  stages {
                    stage('A') {
                      steps {
                        timeout(unit: 'SECONDS') { echo 'a' }
                      }
                    }
                  }"""), "6:7", "Missing required parameter: \"time\"");
    }

    @Test
    void literalArgumentsHaveTheTypeJenkinsDeclares() {
        refused(pipeline("""
                  stages {
                    stage('A') {
                      steps {
                        timeout(time: 'soon') { echo 'a' }
                      }
                    }
                  }"""), "6:21", "Expecting \"int\" for parameter \"time\" but got \"soon\" of type class java.lang.String instead");
        refused(pipeline("""
                  parameters {
                    booleanParam(name: 1234, defaultValue: true)
                  }
                  stages {
                    stage('A') {
                      steps { echo 'a' }
                    }
                  }"""), "4:22", "Expecting \"class java.lang.String\" for parameter \"name\" but got \"1234\" of type "
                + "class java.lang.Integer instead");
        refused(pipeline("""
                  stages {
                    stage('A') {
                      steps {
                        sleep time: 1, unit: 'seconds'
                      }
                    }
                  }"""), "6:28", "Expecting \"class java.util.concurrent.TimeUnit\" for parameter \"unit\" but got "
                + "\"seconds\" of type class java.lang.String instead");
    }

    @Test
    void anUnquotedDollarValueIsNamed() {
        refused(pipeline("""
                  environment {
                    NUMBER = ${env.BUILD_NUMBER}
                  }
                  stages {
                    stage('A') {
                      steps { echo 'a' }
                    }
                  }"""), "4:12", "${env.BUILD_NUMBER} cannot be used as a value directly. "
                + "Did you mean \"${env.BUILD_NUMBER}\"? (add quotes)");
    }

    @Test
    void agentTypesAreJenkinsOnes() {
        refused(pipeline("""
                  stages {
                    stage('A') {
                      agent { banana 'x' }
                      steps { echo 'a' }
                    }
                  }"""), "5:13", "Invalid agent type \"banana\" specified. Must be one of [any, docker, dockerfile, label, none, node]");
        var labelled = runner.run(pipeline("""
                  stages {
                    stage('A') {
                      agent { label 'gpu' }
                      steps { echo 'on this machine' }
                    }
                  }"""));
        assertThat(labelled.log()).contains("[note] stage 'A' agent custom agent block: noted, not enforced");
    }

    @Test
    void aStageInsideStepsIsRefused() {
        refused(pipeline("""
                  stages {
                    stage('A') {
                      steps {
                        stage('B') { echo 'b' }
                      }
                    }
                  }"""), "6:7", "Invalid step \"stage\" used - not allowed in this context - "
                + "The stage step cannot be used in Declarative Pipelines");
    }

    @Test
    void groovyCodeBelongsInScriptBlocks() {
        refused(pipeline("""
                  stages {
                    stage('A') {
                      steps {
                        def x = 1
                      }
                    }
                  }"""), "6:7", "Expected a step");
        refused(pipeline("""
                  stages {
                    stage('A') {
                      steps {
                        currentBuild.toString()
                      }
                    }
                  }"""), "6:7", "Method calls on objects not allowed outside \"script\" blocks.");
    }

    @Test
    void twoSectionsOnOneLineAreOneChainedCall() {
        refused(pipeline("""
                  stages {
                    stage('A') {
                      when { branch 'main' } steps { echo 'a' }
                    }
                  }"""), "5:5", "Expected a symbol: 'when ... steps ...' on one line is a single chained call; "
                + "put each on its own line");
    }

    @Test
    void environmentValuesAreQuotedOrFunctionCalls() {
        refused(pipeline("""
                  environment {
                    A = params.X
                  }
                  stages {
                    stage('A') {
                      steps { echo 'a' }
                    }
                  }"""), "4:7", "Environment variable values must either be single quoted, double quoted, or function calls.");
        refused(pipeline("""
                  environment {
                    A = 'a'
                    A = 'b'
                  }
                  stages {
                    stage('A') {
                      steps { echo 'a' }
                    }
                  }"""), "5:3", "Duplicate environment variable name: \"A\"");
    }

    @Test
    void stageOptionsAreTheOnesJenkinsAllowsInAStage() {
        refused(pipeline("""
                  stages {
                    stage('A') {
                      options { skipStagesAfterUnstable() }
                      steps { echo 'a' }
                    }
                  }"""), "5:15", "Invalid option type \"skipStagesAfterUnstable\". Valid option types: "
                + "[timeout, retry, timestamps, skipDefaultCheckout, ansiColor, checkoutToSubdirectory]");
    }

    @Test
    void whatTheRunnerLacksIsRefusedByName() {
        refused(pipeline("""
                  stages {
                    stage('A') {
                      steps {
                        script {
                          docker.image('python:3').inside { sh 'python --version' }
                        }
                      }
                    }
                  }"""), "7:9", "the global variable 'docker' is not supported by the local runner "
                + "(the Docker Pipeline plugin's global; run the container with sh 'docker run ...')");
        refused("@Library('shared') _\n" + pipeline("""
                  stages {
                    stage('A') {
                      steps { echo 'a' }
                    }
                  }"""), "1:1", "@Library is not supported by the local runner "
                + "(a local run has no shared libraries; define the functions in the Jenkinsfile)");
        refused(pipeline("""
                  agent { docker { image 'python:3' } }
                  stages {
                    stage('A') {
                      steps { echo 'a' }
                    }
                  }""").replace("  agent any\n", ""), "2:9", "agent { docker } is not supported by the local runner "
                + "(its steps would run inside a container; run the pipeline in that image, or use agent any)");
        refused(pipeline("""
                  stages {
                    stage('A') {
                      steps { slackSend channel: '#ml' }
                    }
                  }"""), "5:13", "'slackSend' is not a step the local runner provides");
        refused(pipeline("""
                  stages {
                    stage('A') {
                      steps { ecoh 'typo' }
                    }
                  }"""), "5:13", "'ecoh' is not a step the local runner provides; did you mean 'echo'?");
    }

    @Test
    void nonCpsMethodsRun() {
        var run = runner.run("""
                @NonCPS
                def sorted(list) { list.sort() }
                """ + pipeline("""
                  stages {
                    stage('A') {
                      steps {
                        echo "sorted=${sorted([3, 1, 2])}"
                      }
                    }
                  }"""));
        assertThat(run.result()).isEqualTo(Result.SUCCESS);
        assertThat(run.log()).contains("sorted=[1, 2, 3]");
    }

    @Test
    void anArgumentJenkinsKnowsButTheRunnerDoesNotApplyIsLogged() throws Exception {
        Files.writeString(workspace.resolve("model.bin"), "m");
        var run = runner.run(pipeline("""
                  stages {
                    stage('A') {
                      steps {
                        archiveArtifacts artifacts: 'model.bin', fingerprint: true
                        timeout(time: 1, activity: true) { echo 'in time' }
                      }
                    }
                  }"""));
        assertThat(run.result()).isEqualTo(Result.SUCCESS);
        assertThat(run.log()).contains("[note] archiveArtifacts: 'fingerprint' is not applied by the local runner",
                "[note] timeout: 'activity' is not applied by the local runner");
        assertThat(run.record().notes).contains("archiveArtifacts: 'fingerprint' is not applied by the local runner");
    }

    @Test
    void oneErrorNamesOneProblemBriefly() {
        String file = pipeline("""
                  stages {
                    stage('A') {
                      steps { slackSend channel: '#ml' }
                    }
                    stage('A') {
                      steps { mail to: 'x' }
                    }
                  }""");
        assertThatThrownBy(() -> runner.run(file))
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200)
                        .contains("Duplicate stage name: \"A\"").doesNotContain("slackSend", "mail"));
    }

    @Test
    void theCommandLineExitsWith3AndPrintsTheLocation() throws Exception {
        Path file = workspace.resolve("Jenkinsfile");
        Files.writeString(file, pipeline("""
                  stages {
                    stage('A') {
                      steps {
                        timeout(banana: 1) { echo 'a' }
                      }
                    }
                  }"""));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.execute(new String[] {"run", file.toString(), "--workspace", workspace.toString(), "--no-report"});
        } finally {
            System.setErr(originalErr);
        }
        assertThat(code).isEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(file + ":6:15: Invalid parameter \"banana\", did you mean \"unit\"?");
    }
}
