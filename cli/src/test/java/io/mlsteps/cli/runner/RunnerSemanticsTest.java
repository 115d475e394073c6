package io.mlsteps.cli.runner;

import io.mlsteps.util.InputException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.mlsteps.cli.runner.RunnerFixture.pipeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each construct of the supported Jenkinsfile subset and Jenkins' result semantics, with sh/echo only. */
class RunnerSemanticsTest {
    @TempDir
    Path workspace;
    RunnerFixture runner;

    @BeforeEach
    void setUp() {
        runner = new RunnerFixture(workspace);
    }

    @Test
    void stagesRunInOrderWithJenkinsEnvironment() {
        var run = runner.run(pipeline("""
                  stages {
                    stage('One') { steps { echo "one ${env.BUILD_NUMBER} ${JOB_NAME}" } }
                    stage('Two') { steps { sh 'echo two $WORKSPACE' } }
                  }"""));
        assertThat(run.result()).isEqualTo(Result.SUCCESS);
        assertThat(run.log()).contains("one 1 demo").contains("two " + workspace.toAbsolutePath());
        assertThat(run.log().indexOf("one 1")).isLessThan(run.log().indexOf("two "));
        assertThat(run.record().stages).extracting(s -> s.name + ":" + s.result)
                .containsExactly("One:SUCCESS", "Two:SUCCESS");
        assertThat(run.log()).contains("[note] agent any: noted, not enforced");
    }

    @Test
    void environmentAndParametersWithOverrides() {
        String file = pipeline("""
                  parameters {
                    string(name: 'WHO', defaultValue: 'world')
                    booleanParam(name: 'LOUD', defaultValue: false)
                    choice(name: 'SIZE', choices: ['small', 'large'])
                  }
                  environment {
                    GREETING = "hello ${params.WHO}"
                    SHOUT = "${GREETING}!"
                  }
                  stages {
                    stage('Say') {
                      environment { INNER = "${SHOUT} size=${params.SIZE}" }
                      steps {
                        echo "${INNER} loud=${params.LOUD} ${params.LOUD.getClass().simpleName}"
                        sh 'echo "sh sees $GREETING and WHO=$WHO"'
                      }
                    }
                  }""");
        var defaults = runner.run(file);
        assertThat(defaults.log()).contains("hello world! size=small loud=false Boolean").contains("sh sees hello world and WHO=world");
        var overridden = runner.run(file, Map.of("WHO", "penguins", "LOUD", "true", "SIZE", "large"));
        assertThat(overridden.log()).contains("hello penguins! size=large loud=true Boolean");
        assertThat(overridden.record().parameters).containsEntry("WHO", "penguins").containsEntry("LOUD", true);

        assertThatThrownBy(() -> runner.run(file, Map.of("NOPE", "1")))
                .isInstanceOf(InputException.class).hasMessageContaining("NOPE").hasMessageContaining("WHO");
        assertThatThrownBy(() -> runner.run(file, Map.of("LOUD", "maybe")))
                .isInstanceOf(InputException.class).hasMessageContaining("true or false");
        assertThatThrownBy(() -> runner.run(file, Map.of("SIZE", "huge")))
                .isInstanceOf(InputException.class).hasMessageContaining("choices");
    }

    @Test
    void whenConditions() {
        runner.branch = "release/1.0";
        var run = runner.run(pipeline("""
                  environment { MODE = 'nightly' }
                  stages {
                    stage('Branch') { when { branch 'release/*' }
                      steps { echo 'ran-branch' } }
                    stage('OtherBranch') { when { branch 'main' }
                      steps { echo 'ran-other' } }
                    stage('Env') { when { environment name: 'MODE', value: 'nightly' }
                      steps { echo 'ran-env' } }
                    stage('Expr') { when { expression { return 1 + 1 == 3 } }
                      steps { echo 'ran-expr' } }
                    stage('Not') { when { not { branch 'main' } }
                      steps { echo 'ran-not' } }
                    stage('AllOf') { when { allOf { branch 'release/*'; expression { false } } }
                      steps { echo 'ran-allof' } }
                    stage('AnyOf') { when { anyOf { branch 'main'; environment name: 'MODE', value: 'nightly' } }
                      steps { echo 'ran-anyof' } }
                  }"""));
        assertThat(run.log()).contains("ran-branch", "ran-env", "ran-not", "ran-anyof")
                .doesNotContain("ran-other", "ran-expr", "ran-allof");
        assertThat(run.stage("OtherBranch").result).isEqualTo("SKIPPED");
        assertThat(run.stage("Expr").reason).contains("expression");
        assertThat(run.result()).isEqualTo(Result.SUCCESS);
    }

    @Test
    void unstableSticksAndPostConditionsFollowTheResult() {
        var run = runner.run(pipeline("""
                  stages {
                    stage('Shaky') { steps { unstable 'flaky data' } }
                    stage('Fine') { steps { echo 'still runs' } }
                  }
                  post {
                    always { echo 'post-always' }
                    unstable { echo 'post-unstable' }
                    success { echo 'post-success' }
                    failure { echo 'post-failure' }
                    unsuccessful { echo 'post-unsuccessful' }
                    cleanup { echo 'post-cleanup' }
                  }"""));
        assertThat(run.result()).isEqualTo(Result.UNSTABLE);
        assertThat(run.stage("Shaky").result).isEqualTo("UNSTABLE");
        assertThat(run.stage("Shaky").reason).isEqualTo("flaky data");
        assertThat(run.stage("Fine").result).isEqualTo("SUCCESS");
        assertThat(run.log()).contains("still runs", "post-always", "post-unstable", "post-unsuccessful", "post-cleanup")
                .doesNotContain("post-success", "post-failure");
        assertThat(run.log().indexOf("post-always")).isLessThan(run.log().indexOf("post-unstable"));
        assertThat(run.log().indexOf("post-unstable")).isLessThan(run.log().indexOf("post-cleanup"));
        assertThat(run.outcome().result().exitCode()).isEqualTo(1);
    }

    @Test
    void failureSkipsFollowingStagesButRunsPost() {
        var run = runner.run(pipeline("""
                  stages {
                    stage('Ok') { steps { echo 'ok' } }
                    stage('Broken') {
                      steps { sh 'exit 3' }
                      post {
                        failure { echo 'stage-post-failure' }
                        always { echo 'stage-post-always' }
                      }
                    }
                    stage('Later') { steps { echo 'must-not-run' } }
                  }
                  post {
                    failure { echo 'build-post-failure' }
                    always { echo 'build-post-always' }
                  }"""));
        assertThat(run.result()).isEqualTo(Result.FAILURE);
        assertThat(run.stage("Broken").result).isEqualTo("FAILURE");
        assertThat(run.stage("Broken").reason).contains("script returned exit code 3").contains("Jenkinsfile:6");
        assertThat(run.log()).contains("Stage \"Later\" skipped due to earlier failure(s)");
        assertThat(run.stage("Later").result).isEqualTo("SKIPPED");
        assertThat(run.log()).doesNotContain("must-not-run")
                .contains("stage-post-failure", "stage-post-always", "build-post-failure", "build-post-always");
        assertThat(run.log()).containsPattern("Later +SKIPPED +earlier failure").contains("Finished: FAILURE");
        assertThat(run.outcome().result().exitCode()).isEqualTo(2);
    }

    @Test
    void shReturnsStdoutAndStatus() {
        var run = runner.run(pipeline("""
                  stages {
                    stage('S') {
                      steps {
                        script {
                          def out = sh(script: 'echo captured; echo to-log >&2', returnStdout: true).trim()
                          def code = sh(script: 'exit 7', returnStatus: true)
                          echo "out=${out} code=${code}"
                        }
                      }
                    }
                  }"""));
        assertThat(run.result()).isEqualTo(Result.SUCCESS);
        assertThat(run.log()).contains("out=captured code=7").contains("to-log");
    }

    @Test
    void declarativeParallelRunsBranchesAndFailsTheStage() {
        var run = runner.run(pipeline("""
                  stages {
                    stage('Both') {
                      parallel {
                        stage('Left') { steps { sh 'sleep 0.5; echo left-done' } }
                        stage('Right') { steps { error 'right broke' } }
                      }
                    }
                    stage('After') { steps { echo 'after' } }
                  }"""));
        assertThat(run.result()).isEqualTo(Result.FAILURE);
        assertThat(run.log()).contains("[Left] left-done").contains("[Right] ERROR: right broke");
        assertThat(run.stage("Both / Left").result).isEqualTo("SUCCESS");
        assertThat(run.stage("Both / Right").result).isEqualTo("FAILURE");
        assertThat(run.stage("Both").result).isEqualTo("FAILURE");
        assertThat(run.stage("After").result).isEqualTo("SKIPPED");
    }

    @Test
    void scriptedNodeStageAndParallel() {
        var run = runner.run("""
                node {
                  stage('Prepare') { echo 'prepared' }
                  def results = parallel a: { echo 'branch-a'; 'A' }, b: { echo 'branch-b'; 'B' }
                  echo "results=${results.a}${results.b}"
                  stage('Break') { error 'scripted failure' }
                  echo 'not-reached'
                }
                """);
        assertThat(run.result()).isEqualTo(Result.FAILURE);
        assertThat(run.log()).contains("prepared", "[a] branch-a", "[b] branch-b", "results=AB").doesNotContain("not-reached");
        assertThat(run.stage("Prepare").result).isEqualTo("SUCCESS");
        assertThat(run.stage("Break").result).isEqualTo("FAILURE");
        assertThat(run.stage("Break").reason).contains("scripted failure");
    }

    @Test
    void timeoutOptionAndStepKillTheScript() {
        long start = System.nanoTime();
        var run = runner.run(pipeline("""
                  stages {
                    stage('Step') {
                      steps {
                        timeout(time: 1, unit: 'SECONDS') { sh 'sleep 30; echo never' }
                      }
                    }
                  }"""));
        assertThat(run.result()).isEqualTo(Result.ABORTED);
        assertThat(run.stage("Step").result).isEqualTo("ABORTED");
        assertThat(run.stage("Step").reason).contains("Timeout has been exceeded");
        assertThat(run.log()).contains("Timeout set to expire in 1 sec", "Cancelling nested steps due to timeout");
        var whole = runner.run(pipeline("""
                  options { timeout(time: 1, unit: 'SECONDS') }
                  stages {
                    stage('Long') { steps { sh 'sleep 30' } }
                    stage('Next') { steps { echo 'next' } }
                  }"""));
        assertThat(whole.result()).isEqualTo(Result.ABORTED);
        assertThat(whole.log()).contains("Timeout has been exceeded").doesNotContain("\nnext");
        assertThat(whole.outcome().result().exitCode()).isEqualTo(5);
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(20);
    }

    @Test
    void retryRepeatsUntilTheBodySucceeds() {
        var run = runner.run(pipeline("""
                  stages {
                    stage('Flaky') {
                      steps {
                        retry(3) { sh 'n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count; [ $n -ge 3 ]' }
                      }
                    }
                  }"""));
        assertThat(run.result()).isEqualTo(Result.SUCCESS);
        assertThat(run.log()).contains("ERROR: script returned exit code 1", "Retrying");
        var exhausted = runner.run(pipeline("""
                  stages { stage('Never') { steps { retry(count: 2) { error 'always' } } } }"""));
        assertThat(exhausted.result()).isEqualTo(Result.FAILURE);
    }

    @Test
    void dirAndWithEnvScopeTheirBodies() {
        var run = runner.run(pipeline("""
                  stages {
                    stage('S') {
                      steps {
                        dir('sub/folder') {
                          sh 'pwd > where.txt'
                          withEnv(['COLOR=blue', 'SIZE=2']) { sh 'echo "color=$COLOR size=$SIZE"' }
                        }
                        sh 'echo "outside color=${COLOR:-none}"'
                        echo "pwd=${pwd()}"
                      }
                    }
                  }"""));
        assertThat(run.log()).contains("color=blue size=2", "outside color=none", "pwd=" + workspace.toAbsolutePath());
        assertThat(workspace.resolve("sub/folder/where.txt")).exists();
    }

    @Test
    void archiveArtifactsCopiesIntoTheBuildFolder() throws Exception {
        Files.createDirectories(workspace.resolve("models/v1"));
        Files.writeString(workspace.resolve("models/v1/model.bin"), "m");
        Files.writeString(workspace.resolve("top.csv"), "a,b");
        var run = runner.run(pipeline("""
                  stages { stage('A') { steps {
                    archiveArtifacts artifacts: 'models/**, **/*.csv'
                  } } }"""));
        Path archive = run.outcome().buildDir().resolve("archive");
        assertThat(archive.resolve("models/v1/model.bin")).hasContent("m");
        assertThat(archive.resolve("top.csv")).hasContent("a,b");
        assertThat(run.record().artifacts).contains("archive/models/v1/model.bin", "archive/top.csv");
        var empty = runner.run(pipeline("stages { stage('A') { steps { archiveArtifacts 'nothing/*.bin' } } }"));
        assertThat(empty.result()).isEqualTo(Result.FAILURE);
        assertThat(empty.log()).contains("no artifacts found");
        var allowed = runner.run(pipeline(
                "stages { stage('A') { steps { archiveArtifacts artifacts: 'nothing/*.bin', allowEmptyArchive: true } } }"));
        assertThat(allowed.result()).isEqualTo(Result.SUCCESS);
    }

    @Test
    void junitReadsCountsAndFailuresMakeTheBuildUnstable() throws Exception {
        Files.createDirectories(workspace.resolve("reports"));
        Files.writeString(workspace.resolve("reports/a.xml"), """
                <testsuite name="a" tests="3"><testcase name="x"/><testcase name="y"><failure message="no"/></testcase>
                <testcase name="z"><skipped/></testcase></testsuite>""");
        Files.writeString(workspace.resolve("reports/b.xml"), """
                <testsuites><testsuite name="b"><testcase name="w"/></testsuite></testsuites>""");
        var run = runner.run(pipeline("""
                  stages { stage('Test') { steps { script {
                    def t = junit 'reports/*.xml'
                    echo "total=${t.totalCount} failed=${t.failCount} skipped=${t.skipCount} passed=${t.passCount}"
                  } } } }"""));
        assertThat(run.log()).contains("total=4 failed=1 skipped=1 passed=2");
        assertThat(run.result()).isEqualTo(Result.UNSTABLE);
        assertThat(run.record().tests).containsEntry("total", 4).containsEntry("failed", 1);

        Files.writeString(workspace.resolve("reports/broken.xml"), "<testsuite><testcase>");
        var broken = runner.run(pipeline("stages { stage('Test') { steps { junit 'reports/broken.xml' } } }"));
        assertThat(broken.result()).isEqualTo(Result.FAILURE);
        assertThat(broken.log()).contains("malformed XML").contains("broken.xml:1");
    }

    @Test
    void readAndWriteJsonAndFiles() {
        var run = runner.run(pipeline("""
                  stages { stage('J') { steps { script {
                    writeJSON file: 'out/m.json', json: [accuracy: 0.91, classes: ['a', 'b'], name: "model-${BUILD_NUMBER}"]
                    def m = readJSON file: 'out/m.json'
                    def t = readJSON text: '{"k": [1, 2, 3]}'
                    writeFile file: 'note.txt', text: 'hello'
                    echo "acc=${m.accuracy} classes=${m.classes.size()} name=${m.name} k=${t.k[2]} note=${readFile('note.txt')}"
                    echo "exists=${fileExists('out/m.json')} missing=${fileExists('nope.json')}"
                  } } } }"""));
        assertThat(run.log()).contains("acc=0.91 classes=2 name=model-1 k=3 note=hello", "exists=true missing=false");
        var bad = runner.run(pipeline("""
                  stages { stage('J') { steps { readJSON text: '{"k": [1, 2' } } }"""));
        assertThat(bad.result()).isEqualTo(Result.FAILURE);
        assertThat(bad.log()).contains("malformed JSON");
    }

    @Test
    void catchErrorAndWarnErrorSetTheResultsTheySay() {
        var run = runner.run(pipeline("""
                  stages {
                    stage('Caught') { steps {
                      catchError(buildResult: 'SUCCESS', stageResult: 'UNSTABLE') { error 'tolerated' }
                      echo 'after-catch'
                    } }
                    stage('Warned') { steps { warnError('smoke test failed') { sh 'exit 1' } } }
                    stage('Continues') { steps { echo 'continues' } }
                  }"""));
        assertThat(run.stage("Caught").result).isEqualTo("UNSTABLE");
        assertThat(run.stage("Warned").result).isEqualTo("UNSTABLE");
        assertThat(run.log()).contains("after-catch", "continues");
        assertThat(run.result()).isEqualTo(Result.UNSTABLE);
    }

    @Test
    void currentBuildResultOnlyGetsWorse() {
        var run = runner.run(pipeline("""
                  stages { stage('S') { steps { script {
                    echo "before=${currentBuild.result} current=${currentBuild.currentResult} number=${currentBuild.number}"
                    currentBuild.result = 'UNSTABLE'
                    currentBuild.result = 'SUCCESS'
                    echo "after=${currentBuild.result}"
                  } } } }"""));
        assertThat(run.log()).contains("before=null current=SUCCESS number=1", "after=UNSTABLE");
        assertThat(run.result()).isEqualTo(Result.UNSTABLE);
    }

    @Test
    void unsupportedStepIsAnErrorNamingItAndItsLineBeforeAnythingRuns() {
        String file = pipeline("""
                  stages {
                    stage('A') { steps { echo 'x' } }
                    stage('B') {
                      steps {
                        slackSend channel: '#ml', message: 'done'
                      }
                    }
                  }""");
        assertThatThrownBy(() -> runner.run(file))
                .isInstanceOf(JenkinsfileException.class)
                .hasMessageContaining("Jenkinsfile:7:7: 'slackSend' is not a step the local runner provides")
                .hasMessageNotContaining("archiveArtifacts");
        assertThat(workspace.resolve(".mlsteps/builds/1")).doesNotExist();
    }

    @Test
    void unsupportedSyntaxInABlockIsNamed() {
        assertThatThrownBy(() -> runner.run(pipeline("""
                  stages {
                    stage('A') {
                      when { changeset '**/*.csv' }
                      steps { echo 'x' }
                    }
                  }""")))
                .isInstanceOf(JenkinsfileException.class)
                .hasMessageContaining("Jenkinsfile:5:")
                .hasMessageContaining("when { changeset } is not supported by the local runner");
        assertThatThrownBy(() -> runner.run(pipeline("tools { maven 'm3' }\n stages { }")))
                .isInstanceOf(JenkinsfileException.class).hasMessageContaining("tools { } is not supported");
        assertThatThrownBy(() -> runner.run(pipeline("stages { stage('A') { steps { input 'Deploy?' } } }")))
                .isInstanceOf(JenkinsfileException.class).hasMessageContaining("'input'").hasMessageContaining("parameter");
        assertThatThrownBy(() -> runner.run(pipeline("stages { stage('A') { steps { echo 'x' } } }\n post { weird { echo 'y' } }")))
                .isInstanceOf(JenkinsfileException.class)
                .hasMessageContaining("Invalid condition \"weird\" - valid conditions are [always, changed,");
    }

    @Test
    void syntaxErrorNamesTheLine() {
        assertThatThrownBy(() -> runner.run("pipeline {\n  stages {\n    stage('A') { steps { echo 'x } }\n  }\n}\n"))
                .isInstanceOf(JenkinsfileException.class)
                .hasMessageContaining("Jenkinsfile:3")
                .hasMessageContaining("syntax error");
    }

    @Test
    void ownMethodsAndClosuresAreAllowed() {
        var run = runner.run("""
                def greet(String who) { echo "hi ${who}" }
                pipeline {
                  agent none
                  stages { stage('S') { steps { script {
                    greet('penguin')
                    def twice = { x -> x * 2 }
                    echo "twice=${twice(21)}"
                    ['a', 'b'].each { echo "item ${it}" }
                  } } } }
                }
                """);
        assertThat(run.result()).isEqualTo(Result.SUCCESS);
        assertThat(run.log()).contains("hi penguin", "twice=42", "item a", "item b");
    }

    @Test
    void runtimeErrorNamesTheLine() {
        var run = runner.run(pipeline("""
                  stages { stage('S') { steps { script {
                    echo "value ${undefinedVariable}"
                  } } } }"""));
        assertThat(run.result()).isEqualTo(Result.FAILURE);
        assertThat(run.stage("S").reason).contains("undefinedVariable").contains("Jenkinsfile:4");
    }

    @Test
    void buildHistoryNumbersBuildsAndDrivesChangedFixedRegression() {
        String file = pipeline("""
                  parameters { booleanParam(name: 'BREAK', defaultValue: false) }
                  stages { stage('S') { steps { script {
                    echo "last-ok=${env.MLSTEPS_LAST_SUCCESSFUL_BUILD}"
                    if (params.BREAK) { error 'asked to break' }
                  } } } }
                  post {
                    changed { echo 'post-changed' }
                    fixed { echo 'post-fixed' }
                    regression { echo 'post-regression' }
                  }""");
        var first = runner.run(file);
        assertThat(first.record().number).isEqualTo(1);
        // Jenkins: a first build has "changed"
        assertThat(first.log()).contains("last-ok=null", "post-changed");
        var second = runner.run(file, Map.of("BREAK", "true"));
        assertThat(second.record().number).isEqualTo(2);
        assertThat(second.log()).contains("last-ok=1", "post-changed", "post-regression").doesNotContain("post-fixed");
        var third = runner.run(file);
        assertThat(third.log()).contains("last-ok=1", "post-changed", "post-fixed").doesNotContain("post-regression");
        assertThat(new BuildHistory(workspace.resolve(".mlsteps")).lastSuccessful(4, "Jenkinsfile").orElseThrow().number).isEqualTo(3);
        assertThat(third.outcome().buildDir().resolve("log.txt")).content().contains("post-fixed");
    }

    @Test
    void gitCommitAndBranchComeFromGit() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(JenkinsfileRunner.git(workspace, "--version") != null,
                "git is not installed");
        exec("git", "init", "-q", "-b", "feature/x");
        Files.writeString(workspace.resolve("f.txt"), "x");
        exec("git", "add", "f.txt");
        exec("git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "c");
        String head = JenkinsfileRunner.git(workspace, "rev-parse", "HEAD");
        var run = runner.run(pipeline("""
                  stages { stage('S') {
                    when { branch 'feature/*' }
                    steps { echo "commit=${env.GIT_COMMIT} branch=${env.BRANCH_NAME}" }
                  } }"""));
        assertThat(run.log()).contains("commit=" + head + " branch=feature/x");
        assertThat(run.record().gitCommit).isEqualTo(head);
    }

    private void exec(String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(workspace.toFile()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
    }
}
