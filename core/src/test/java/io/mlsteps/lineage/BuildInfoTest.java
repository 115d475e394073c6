package io.mlsteps.lineage;

import io.mlsteps.util.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The build a lineage event points back to, read from the environments of Jenkins, GitHub Actions and GitLab CI. */
class BuildInfoTest {
    @Test
    void jenkinsVariablesNameTheBuild() {
        BuildInfo b = BuildInfo.fromEnv(Map.of("JOB_NAME", "churn/main", "BUILD_NUMBER", "42",
                "BUILD_URL", "https://ci/job/churn/42/", "GIT_COMMIT", "abc", "BRANCH_NAME", "main",
                "BUILD_TAG", "jenkins-churn-main-42"));
        assertThat(b).isEqualTo(new BuildInfo("churn/main", "42", "https://ci/job/churn/42/", "abc", "main", null, null,
                "jenkins-churn-main-42"));
        assertThat(b.nodeId()).isEqualTo("build:https://ci/job/churn/42/");
        assertThat(b.isEmpty()).isFalse();
    }

    @Test
    void gitHubActionsBuildsItsRunUrlFromThreeVariables() {
        BuildInfo b = BuildInfo.fromEnv(Map.of("GITHUB_WORKFLOW", "train", "GITHUB_RUN_NUMBER", "7",
                "GITHUB_SERVER_URL", "https://github.com", "GITHUB_REPOSITORY", "acme/churn", "GITHUB_RUN_ID", "99",
                "GITHUB_SHA", "def", "GITHUB_REF_NAME", "dev", "GITHUB_ACTOR", "ana", "GITHUB_EVENT_NAME", "push"));
        assertThat(b.url()).isEqualTo("https://github.com/acme/churn/actions/runs/99");
        assertThat(b.tag()).as("job-number when the CI has no tag").isEqualTo("train-7");
        assertThat(b.user()).isEqualTo("ana");
        assertThat(b.trigger()).isEqualTo("push");
        assertThat(BuildInfo.fromEnv(Map.of("GITHUB_SERVER_URL", "https://github.com", "GITHUB_RUN_ID", "99")).url())
                .as("no URL from a part of it").isNull();
    }

    @Test
    void gitLabVariablesAndBlankValuesThatCountAsMissing() {
        BuildInfo b = BuildInfo.fromEnv(Map.of("CI_JOB_NAME", "eval", "CI_PIPELINE_IID", "3", "CI_JOB_URL", "",
                "CI_COMMIT_SHA", "123", "CI_COMMIT_REF_NAME", "main", "GITLAB_USER_LOGIN", "bo",
                "CI_PIPELINE_SOURCE", "schedule"));
        assertThat(b.url()).isNull();
        assertThat(b.nodeId()).isEqualTo("build:eval-3");
        assertThat(b.trigger()).isEqualTo("schedule");
    }

    @Test
    void outsideCiThereIsNoBuildAndTheActorIsTheUser() throws Exception {
        BuildInfo none = BuildInfo.fromEnv(Map.of("USER", "ana"));
        assertThat(none.isEmpty()).isTrue();
        assertThat(none.nodeId()).isNull();
        assertThat(BuildInfo.actorFromEnv(Map.of("USER", "ana"))).isEqualTo("user:ana");
        assertThat(BuildInfo.actorFromEnv(Map.of("LOGNAME", "bo"))).isEqualTo("user:bo");
        assertThat(Json.mapper().readTree(Json.toString(none))).as("nothing but what is known is written").isEmpty();
    }

    @Test
    void aBuildWithOnlyACommitIsNamedByIt() {
        BuildInfo b = BuildInfo.fromEnv(Map.of("GIT_COMMIT", "c0ffee"));
        assertThat(b.isEmpty()).isFalse();
        assertThat(b.nodeId()).isEqualTo("build:commit:c0ffee");
    }

    @Test
    void inCiTheActorIsTheBuildAndWhoStartedIt() {
        assertThat(BuildInfo.actorFromEnv(Map.of("BUILD_TAG", "jenkins-x-1", "BUILD_URL", "https://ci/x/1/",
                "BUILD_USER_ID", "ana", "USER", "jenkins"))).isEqualTo("build:jenkins-x-1 https://ci/x/1/ (by ana)");
        // a CI that gives only some variables still names the build with what it gives, never "null"
        assertThat(BuildInfo.actorFromEnv(Map.of("GIT_COMMIT", "c0ffee"))).isEqualTo("build:commit:c0ffee");
        assertThat(BuildInfo.actorFromEnv(Map.of("JOB_NAME", "nightly"))).isEqualTo("build:nightly");
        assertThat(BuildInfo.actorFromEnv(Map.of("BUILD_URL", "https://ci/x/2/"))).isEqualTo("build:https://ci/x/2/");
    }
}
