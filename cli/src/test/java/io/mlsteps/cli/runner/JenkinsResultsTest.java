package io.mlsteps.cli.runner;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static io.mlsteps.cli.runner.RunnerFixture.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The result rules Jenkins applies and a local run must apply the same way, each with a small Jenkinsfile
 * and the result and log lines Jenkins gives for it (read from pipeline-model-definition's ModelInterpreter,
 * BuildCondition and its condition classes, and workflow-basic-steps' CatchErrorStep, SleepStep, TimeoutStep,
 * RetryStep).
 */
class JenkinsResultsTest {
    @TempDir
    Path workspace;
    RunnerFixture runner;

    @BeforeEach
    void setUp() {
        runner = new RunnerFixture(workspace);
    }

    private static int at(RunnerFixture.Run run, String text) {
        int i = run.log().indexOf(text);
        assertThat(i).as("'%s' in the log:%n%s", text, run.log()).isGreaterThanOrEqualTo(0);
        return i;
    }

    /** BuildCondition ordinals: always, changed, ..., success, unsuccessful, unstable, failure, ..., cleanup; each judged when reached. */
    @Test
    void postConditionsRunInJenkinsOrderEachJudgedWhenItsTurnComes() {
        var run = runner.run(pipeline("""
                  stages {
                    stage('S') {
                      steps { unstable 'flaky' }
                    }
                  }
                  post {
                    cleanup { echo 'post-cleanup' }
                    failure { echo 'post-failure' }
                    unstable {
                      echo "post-unstable sees ${currentBuild.result}"
                      script { currentBuild.result = 'FAILURE' }
                    }
                    success { echo 'post-success' }
                    always { echo 'post-always' }
                  }"""));
        assertThat(at(run, "post-always")).isLessThan(at(run, "post-unstable sees UNSTABLE"));
        assertThat(at(run, "post-unstable")).isLessThan(at(run, "post-failure"));
        assertThat(at(run, "post-failure")).isLessThan(at(run, "post-cleanup"));
        assertThat(run.log()).doesNotContain("post-success");
        assertThat(run.result()).isEqualTo(Result.FAILURE);
    }

    /** Changed: "If there's no previous build, we're inherently changed." */
    @Test
    void changedRunsOnTheFirstBuildAndThenOnlyWhenTheResultChanges() {
        String file = pipeline("""
                  stages {
                    stage('S') {
                      steps { echo 'work' }
                    }
                  }
                  post {
                    changed { echo 'post-changed' }
                    fixed { echo 'post-fixed' }
                    regression { echo 'post-regression' }
                  }""");
        assertThat(runner.run(file).log()).contains("post-changed").doesNotContain("post-fixed", "post-regression");
        assertThat(runner.run(file).log()).doesNotContain("post-changed", "post-fixed", "post-regression");
    }

    /** getCombinedResult: a stage's post judges the build result combined with the stage's own warnings. */
    @Test
    void stagePostJudgesTheBuildResultCombinedWithTheStagesWarnings() {
        var run = runner.run(pipeline("""
                  stages {
                    stage('Shaky') {
                      steps { unstable 'flaky' }
                    }
                    stage('Fine') {
                      steps { echo 'fine' }
                      post {
                        success { echo 'fine-post-success' }
                        unstable { echo 'fine-post-unstable' }
                      }
                    }
                    stage('Caught') {
                      steps {
                        catchError(buildResult: 'UNSTABLE', stageResult: 'FAILURE') { error 'tolerated' }
                      }
                      post {
                        unstable { echo 'caught-post-unstable' }
                        failure { echo 'caught-post-failure' }
                      }
                    }
                  }
                  post {
                    unstable { echo 'build-post-unstable' }
                    failure { echo 'build-post-failure' }
                  }"""));
        // Fine has no warning of its own, but the build is UNSTABLE: its post sees UNSTABLE
        assertThat(run.log()).contains("fine-post-unstable").doesNotContain("fine-post-success");
        // Caught's own warning is FAILURE: its post sees FAILURE, the build's post sees the build's UNSTABLE
        assertThat(run.log()).contains("caught-post-failure", "build-post-unstable")
                .doesNotContain("caught-post-unstable", "build-post-failure");
        assertThat(run.stage("Caught").result).isEqualTo("FAILURE");
        assertThat(run.stage("Fine").result).isEqualTo("SUCCESS");
        assertThat(run.result()).isEqualTo(Result.UNSTABLE);
    }

    /** ModelInterpreter skips for firstError (a propagated error), never for the build result alone. */
    @Test
    void laterStagesRunWhenTheBuildIsFailureButNoErrorPropagated() {
        var run = runner.run(pipeline("""
                  stages {
                    stage('Caught') {
                      steps {
                        catchError(buildResult: 'FAILURE') { error 'tolerated' }
                      }
                    }
                    stage('Set') {
                      steps {
                        script { currentBuild.result = 'FAILURE' }
                      }
                    }
                    stage('Later') {
                      steps { echo 'later-runs' }
                    }
                  }"""));
        assertThat(run.log()).contains("ERROR: tolerated", "Setting overall build result to FAILURE", "later-runs");
        assertThat(run.stage("Later").result).isEqualTo("SUCCESS");
        assertThat(run.result()).isEqualTo(Result.FAILURE);
    }

    /** CatchErrorStep: buildResult defaults to FAILURE, stageResult to SUCCESS. */
    @Test
    void catchErrorDefaultsLeaveTheStageSuccessful() {
        var run = runner.run(pipeline("""
                  stages {
                    stage('Caught') {
                      steps {
                        catchError { sh 'exit 4' }
                        echo 'goes-on'
                      }
                      post {
                        success { echo 'caught-post-success' }
                        failure { echo 'caught-post-failure' }
                      }
                    }
                  }"""));
        assertThat(run.stage("Caught").result).isEqualTo("SUCCESS");
        // the stage's post judges the build (FAILURE) combined with the stage: failure
        assertThat(run.log()).contains("ERROR: script returned exit code 4", "goes-on", "caught-post-failure")
                .doesNotContain("caught-post-success");
        assertThat(run.result()).isEqualTo(Result.FAILURE);
    }

    /** Each parallel branch carries its own error: a failing branch skips nothing in its sibling. */
    @Test
    void aFailingBranchDoesNotSkipTheNestedStagesOfItsSibling() {
        var run = runner.run(pipeline("""
                  stages {
                    stage('Both') {
                      parallel {
                        stage('Left') {
                          steps { error 'left broke' }
                        }
                        stage('Right') {
                          stages {
                            stage('R1') {
                              steps { sleep time: 300, unit: 'MILLISECONDS' }
                            }
                            stage('R2') {
                              steps { echo 'r2-runs' }
                            }
                          }
                        }
                      }
                    }
                    stage('After') {
                      steps { echo 'after' }
                    }
                  }"""));
        assertThat(run.log()).contains("r2-runs", "Stage \"After\" skipped due to earlier failure(s)");
        assertThat(run.stage("Both / Right / R2").result).isEqualTo("SUCCESS");
        assertThat(run.stage("Both / Left").result).isEqualTo("FAILURE");
        assertThat(run.stage("Both").result).isEqualTo("FAILURE");
        assertThat(run.stage("After").result).isEqualTo("SKIPPED");
        assertThat(run.result()).isEqualTo(Result.FAILURE);
    }

    /** Inside a branch, an error skips the rest of that branch's stages. */
    @Test
    void anErrorInsideABranchSkipsTheRestOfThatBranch() {
        var run = runner.run(pipeline("""
                  stages {
                    stage('Group') {
                      stages {
                        stage('G1') {
                          steps { error 'g1 broke' }
                        }
                        stage('G2') {
                          steps { echo 'g2-must-not-run' }
                        }
                      }
                      post {
                        failure { echo 'group-post-failure' }
                      }
                    }
                  }"""));
        assertThat(run.log()).contains("group-post-failure", "Stage \"G2\" skipped due to earlier failure(s)")
                .doesNotContain("g2-must-not-run");
        assertThat(run.stage("Group / G2").result).isEqualTo("SKIPPED");
    }

    /** currentBuild.result = 'ABORTED' is a result like the others: post { aborted } runs, exit code 5. */
    @Test
    void abortedSetByTheScriptRunsPostAborted() {
        var run = runner.run(pipeline("""
                  stages {
                    stage('Stop') {
                      steps {
                        script { currentBuild.result = 'ABORTED' }
                      }
                    }
                    stage('Next') {
                      steps { echo 'next-runs' }
                    }
                  }
                  post {
                    aborted { echo 'post-aborted' }
                    failure { echo 'post-failure' }
                  }"""));
        assertThat(run.result()).isEqualTo(Result.ABORTED);
        assertThat(run.log()).contains("next-runs", "post-aborted").doesNotContain("post-failure")
                .contains("Finished: ABORTED");
        assertThat(run.outcome().result().exitCode()).isEqualTo(5);
    }

    /** TimeoutStep: the body is cancelled, the build ends ABORTED, post (stage and build) still runs. */
    @Test
    void aTimeoutAbortsAndPostStillRuns() {
        long start = System.nanoTime();
        var run = runner.run(pipeline("""
                  stages {
                    stage('Long') {
                      steps {
                        timeout(time: 1, unit: 'SECONDS') { sh 'sleep 30; echo never' }
                      }
                      post {
                        aborted { echo 'stage-post-aborted' }
                      }
                    }
                    stage('Next') {
                      steps { echo 'next-must-not-run' }
                    }
                  }
                  post {
                    aborted { sh 'echo build-post-aborted-sh-runs' }
                    always { echo 'post-always' }
                  }"""));
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(20);
        assertThat(run.result()).isEqualTo(Result.ABORTED);
        assertThat(run.stage("Long").result).isEqualTo("ABORTED");
        assertThat(run.stage("Next").result).isEqualTo("SKIPPED");
        assertThat(run.log()).contains("Timeout set to expire in 1 sec", "Cancelling nested steps due to timeout",
                "Timeout has been exceeded", "stage-post-aborted", "build-post-aborted-sh-runs", "post-always")
                .doesNotContain("never", "next-must-not-run");
    }

    /** A timeout's own interruption, once past it, is an error an enclosing retry retries (TimeoutStepExecution). */
    @Test
    void retryRetriesATimedOutBodyButNotAnInterruptionFromOutside() {
        var inside = runner.run(pipeline("""
                  stages {
                    stage('S') {
                      steps {
                        retry(2) {
                          timeout(time: 300, unit: 'MILLISECONDS') { sleep 5 }
                        }
                      }
                    }
                  }"""));
        assertThat(inside.log()).contains("Retrying");
        assertThat(inside.result()).isEqualTo(Result.ABORTED);
        var outside = runner.run(pipeline("""
                  stages {
                    stage('S') {
                      steps {
                        timeout(time: 300, unit: 'MILLISECONDS') {
                          retry(3) { sleep 5 }
                        }
                      }
                    }
                  }"""));
        assertThat(outside.log()).doesNotContain("Retrying");
        assertThat(outside.result()).isEqualTo(Result.ABORTED);
    }

    /** failFast: the first failure stops the other branches, which end ABORTED ("Failed in branch X"). */
    @Test
    void failFastAbortsTheOtherBranchesAndTheirPostRuns() {
        long start = System.nanoTime();
        var run = runner.run(pipeline("""
                  stages {
                    stage('Both') {
                      failFast true
                      parallel {
                        stage('Slow') {
                          steps { sh 'sleep 30; echo slow-done' }
                          post {
                            aborted { echo 'slow-post-aborted' }
                          }
                        }
                        stage('Broken') {
                          steps { error 'broken' }
                        }
                      }
                    }
                  }"""));
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(20);
        assertThat(run.log()).contains("Failed in branch Broken", "slow-post-aborted").doesNotContain("slow-done");
        assertThat(run.stage("Both / Slow").result).isEqualTo("ABORTED");
        assertThat(run.stage("Both / Broken").result).isEqualTo("FAILURE");
        assertThat(run.result()).isEqualTo(Result.FAILURE);
    }

    /** options { parallelsAlwaysFailFast() } is failFast for every parallel of the pipeline. */
    @Test
    void parallelsAlwaysFailFastAppliesToEveryParallel() {
        long start = System.nanoTime();
        var run = runner.run(pipeline("""
                  options { parallelsAlwaysFailFast() }
                  stages {
                    stage('Both') {
                      parallel {
                        stage('Slow') {
                          steps { sh 'sleep 30; echo slow-done' }
                        }
                        stage('Broken') {
                          steps { error 'broken' }
                        }
                      }
                    }
                  }"""));
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(20);
        assertThat(run.log()).contains("Failed in branch Broken").doesNotContain("slow-done");
        assertThat(run.stage("Both / Slow").result).isEqualTo("ABORTED");
    }

    /** SleepStep: seconds by default, or unit:; Groovy's own sleep (milliseconds) never answers. */
    @Test
    void sleepIsTheStepInSeconds() {
        long start = System.nanoTime();
        var run = runner.run(pipeline("""
                  stages {
                    stage('S') {
                      steps {
                        sleep 1
                        sleep time: 250, unit: 'MILLISECONDS'
                        script {
                          [1].each { sleep 1 }
                        }
                      }
                    }
                  }"""));
        assertThat((System.nanoTime() - start) / 1e9).isGreaterThanOrEqualTo(2.25);
        assertThat(run.log()).contains("Sleeping for 1 sec", "Sleeping for 0.25 sec");
        assertThat(run.result()).isEqualTo(Result.SUCCESS);
    }

    /** options { retry(n) } at the pipeline level retries the stages and the pipeline's post. */
    @Test
    void pipelineRetryRetriesTheWholePipeline() {
        var run = runner.run(pipeline("""
                  options { retry(2) }
                  stages {
                    stage('Flaky') {
                      steps {
                        sh 'n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count; [ $n -ge 2 ]'
                      }
                    }
                  }
                  post {
                    always { echo 'post-ran' }
                  }"""));
        assertThat(run.result()).isEqualTo(Result.SUCCESS);
        assertThat(run.log()).contains("ERROR: script returned exit code 1", "Retrying");
        assertThat(run.log().split("post-ran", -1)).hasSize(3);
    }

    /** skipStagesAfterUnstable is checked when each stage starts, inside parallel branches too. */
    @Test
    void skipStagesAfterUnstableAppliesInsideParallelBranches() {
        var run = runner.run(pipeline("""
                  options { skipStagesAfterUnstable() }
                  stages {
                    stage('Both') {
                      parallel {
                        stage('Shaky') {
                          steps { unstable 'flaky' }
                        }
                        stage('Long') {
                          stages {
                            stage('L1') {
                              steps { sleep time: 500, unit: 'MILLISECONDS' }
                            }
                            stage('L2') {
                              steps { echo 'l2-must-not-run' }
                            }
                          }
                        }
                      }
                    }
                    stage('After') {
                      steps { echo 'after-must-not-run' }
                    }
                  }"""));
        assertThat(run.log()).doesNotContain("l2-must-not-run", "after-must-not-run")
                .contains("Stage \"L2\" skipped due to earlier stage(s) marking the build as unstable");
        assertThat(run.stage("Both / Long / L2").result).isEqualTo("SKIPPED");
        assertThat(run.result()).isEqualTo(Result.UNSTABLE);
    }

    /** BranchConditional: GLOB (Ant, ignoring case) by default, REGEXP and EQUALS by comparator. */
    @Test
    void branchConditionHonoursItsComparator() {
        runner.branch = "release-1.2";
        var run = runner.run(pipeline("""
                  stages {
                    stage('Regexp') {
                      when { branch pattern: 'release-\\\\d+\\\\.\\\\d+', comparator: 'REGEXP' }
                      steps { echo 'regexp-runs' }
                    }
                    stage('RegexpIsWholeName') {
                      when { branch pattern: 'release', comparator: 'REGEXP' }
                      steps { echo 'partial-must-not-run' }
                    }
                    stage('GlobIgnoresCase') {
                      when { branch 'RELEASE-*' }
                      steps { echo 'glob-runs' }
                    }
                    stage('Equals') {
                      when { branch pattern: 'release-1.*', comparator: 'EQUALS' }
                      steps { echo 'equals-must-not-run' }
                    }
                  }"""));
        assertThat(run.log()).contains("regexp-runs", "glob-runs").doesNotContain("partial-must-not-run", "equals-must-not-run");
        assertThat(run.log()).contains("Stage \"Equals\" skipped due to when conditional");
    }

    /** EnvironmentConditional: ignoreCase compares ignoring case. */
    @Test
    void environmentConditionHonoursIgnoreCase() {
        var run = runner.run(pipeline("""
                  environment { MODE = 'nightly' }
                  stages {
                    stage('IgnoringCase') {
                      when { environment name: 'MODE', value: 'NIGHTLY', ignoreCase: true }
                      steps { echo 'ignoring-case-runs' }
                    }
                    stage('Exact') {
                      when { environment name: 'MODE', value: 'NIGHTLY' }
                      steps { echo 'exact-must-not-run' }
                    }
                  }"""));
        assertThat(run.log()).contains("ignoring-case-runs").doesNotContain("exact-must-not-run");
    }

    /** When conditions are made when evaluated (WhenEvaluator), so their arguments see the pipeline's environment. */
    @Test
    void whenArgumentsSeeTheEnvironmentOfTheirStage() {
        runner.branch = "main";
        var run = runner.run(pipeline("""
                  environment {
                    DEPLOY = 'yes'
                    TARGET = 'release-*'
                  }
                  stages {
                    stage('Equals') {
                      when { equals expected: 'yes', actual: env.DEPLOY }
                      steps { echo 'equals-runs' }
                    }
                    stage('GString') {
                      when { equals expected: '2', actual: "${1 + 1}" }
                      steps { echo 'gstring-equals-runs' }
                    }
                    stage('NotEqual') {
                      when { allOf { equals expected: 'no', actual: env.DEPLOY } }
                      steps { echo 'not-equal-must-not-run' }
                    }
                    stage('Branch') {
                      when { branch "${env.TARGET}" }
                      steps { echo 'branch-must-not-run' }
                    }
                    stage('Null') {
                      when { branch null }
                      steps { echo 'null-must-not-run' }
                    }
                  }"""));
        assertThat(run.result()).as(run.log()).isEqualTo(Result.SUCCESS);
        assertThat(run.log()).contains("equals-runs", "gstring-equals-runs")
                .doesNotContain("branch-must-not-run", "null-must-not-run", "not-equal-must-not-run");
    }

    /** Options and parameters may use the pipeline's environment, as in Jenkins. */
    @Test
    void optionsAndParametersSeeThePipelinesEnvironment() {
        var run = runner.run(pipeline("""
                  environment {
                    UNIT = 'SECONDS'
                    FLAG = 'verbose'
                  }
                  options { timeout(time: 30, unit: "${UNIT}") }
                  parameters { booleanParam(name: "${FLAG}", defaultValue: true) }
                  stages {
                    stage('S') {
                      options { timeout(time: 20, unit: "${UNIT}") }
                      steps { echo "verbose=${params.verbose}" }
                    }
                  }"""));
        assertThat(run.result()).as(run.log()).isEqualTo(Result.SUCCESS);
        assertThat(run.log()).contains("Timeout set to expire in 30 sec", "Timeout set to expire in 20 sec", "verbose=true");
    }

    /** Environment values resolve each other lazily (forward references), undefined names are null. */
    @Test
    void environmentResolvesForwardReferencesAndUndefinedNamesAsJenkinsDoes() {
        var run = runner.run(pipeline("""
                  environment {
                    FIRST = "${SECOND}-first"
                    SECOND = 'second'
                    VIA_ENV = "${env.SECOND}-via-env"
                    UNDEFINED = "${NO_SUCH_NAME}-x"
                    EXTENDED = "${PATH}:/opt/extra"
                  }
                  stages {
                    stage('S') {
                      environment { INNER = "${FIRST}+${LATER}"
                                    LATER = 'later' }
                      steps {
                        echo "first=${FIRST} via=${VIA_ENV} undefined=${UNDEFINED} inner=${INNER}"
                        sh 'echo "path-extended=$EXTENDED"'
                      }
                    }
                  }"""));
        assertThat(run.result()).as(run.log()).isEqualTo(Result.SUCCESS);
        assertThat(run.log()).contains("first=second-first via=second-via-env undefined=null-x inner=second-first+later")
                .contains("path-extended=" + System.getenv("PATH") + ":/opt/extra");
    }

    @Test
    void environmentValuesReferringToEachOtherInACircleAreAnError() {
        var run = runner.run(pipeline("""
                  environment {
                    A = "${B}"
                    B = "${A}"
                  }
                  stages {
                    stage('S') {
                      steps { echo 'must-not-run' }
                    }
                  }"""));
        assertThat(run.result()).isEqualTo(Result.FAILURE);
        assertThat(run.log()).contains("A -> B -> A refer to each other in a circle").doesNotContain("must-not-run");
    }

    /** STAGE_NAME is the innermost stage; the pipeline's post runs in "Declarative: Post Actions". */
    @Test
    void stageNameIsSet() {
        var run = runner.run(pipeline("""
                  stages {
                    stage('Outer') {
                      stages {
                        stage('Inner') {
                          steps {
                            echo "echo-in ${STAGE_NAME}"
                            sh 'echo "sh-in $STAGE_NAME"'
                          }
                        }
                      }
                    }
                  }
                  post {
                    always { echo "post-in ${env.STAGE_NAME}" }
                  }"""));
        assertThat(run.log()).contains("echo-in Inner", "sh-in Inner", "post-in Declarative: Post Actions");
    }

    /** Parameters are overridable and the result of a step failure is Jenkins': unchanged by later stages. */
    @Test
    void unstableStaysAndExitCodesFollowTheResult() {
        var run = runner.run(pipeline("""
                  parameters { booleanParam(name: 'BREAK', defaultValue: false) }
                  stages {
                    stage('S') {
                      steps {
                        script {
                          if (params.BREAK) { error 'asked to break' }
                        }
                      }
                    }
                  }"""), Map.of("BREAK", "true"));
        assertThat(run.result().exitCode()).isEqualTo(2);
        assertThat(run.log()).contains("ERROR: asked to break").contains("Finished: FAILURE");
    }
}
