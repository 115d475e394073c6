package io.mlsteps.lineage;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * The CI build that produced something: read from the environment of Jenkins, GitHub Actions or GitLab CI,
 * so that a model version, an evaluation or a deployment points back to the build and commit.
 *
 * @param job     job or workflow name
 * @param number  build or run number
 * @param url     link to the build page
 * @param commit  source commit
 * @param branch  source branch
 * @param user    who started it, where the CI says so
 * @param trigger why it started (push, schedule, manual, ...), where the CI says so
 * @param tag     Jenkins' BUILD_TAG or an equivalent unique label
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BuildInfo(String job, String number, String url, String commit, String branch, String user,
                        String trigger, String tag) {

    /** The build described by CI environment variables; all fields null outside CI. */
    public static BuildInfo fromEnv(Map<String, String> env) {
        String job = first(env, "JOB_NAME", "CI_JOB_NAME", "GITHUB_WORKFLOW");
        String number = first(env, "BUILD_NUMBER", "CI_PIPELINE_IID", "GITHUB_RUN_NUMBER");
        String url = first(env, "BUILD_URL", "CI_JOB_URL");
        if (url == null && env.get("GITHUB_SERVER_URL") != null && env.get("GITHUB_REPOSITORY") != null
                && env.get("GITHUB_RUN_ID") != null) {
            url = env.get("GITHUB_SERVER_URL") + "/" + env.get("GITHUB_REPOSITORY") + "/actions/runs/"
                    + env.get("GITHUB_RUN_ID");
        }
        String commit = first(env, "GIT_COMMIT", "CI_COMMIT_SHA", "GITHUB_SHA");
        String branch = first(env, "BRANCH_NAME", "GIT_BRANCH", "CI_COMMIT_REF_NAME", "GITHUB_REF_NAME");
        String user = first(env, "BUILD_USER_ID", "CHANGE_AUTHOR", "GITLAB_USER_LOGIN", "GITHUB_ACTOR");
        String trigger = first(env, "BUILD_CAUSE", "CI_PIPELINE_SOURCE", "GITHUB_EVENT_NAME");
        String tag = first(env, "BUILD_TAG");
        if (tag == null && job != null && number != null) {
            tag = job + "-" + number;
        }
        return new BuildInfo(job, number, url, commit, branch, user, trigger, tag);
    }

    /** True when no CI variable was found. */
    @JsonIgnore
    public boolean isEmpty() {
        return job == null && number == null && url == null && commit == null && tag == null;
    }

    /** A stable node id for the lineage graph, or null outside CI. */
    @JsonIgnore
    public String nodeId() {
        if (url != null) {
            return "build:" + url;
        }
        if (tag != null) {
            return "build:" + tag;
        }
        return commit == null ? null : "build:commit:" + commit;
    }

    /**
     * Who acts, for audit events: the build ({@code build:<BUILD_TAG> <BUILD_URL>}) when running in CI,
     * otherwise the user ({@code user:<USER>}).
     */
    public static String actorFromEnv(Map<String, String> env) {
        BuildInfo build = fromEnv(env);
        if (!build.isEmpty()) {
            return "build:" + build.label() + (build.user() != null ? " (by " + build.user() + ")" : "");
        }
        String user = first(env, "USER", "USERNAME", "LOGNAME");
        return "user:" + (user != null ? user : System.getProperty("user.name", "unknown"));
    }

    /** The build as a person names it: its tag, else job#number, else its commit; then its URL when known. */
    private String label() {
        String name = tag != null ? tag : job != null ? job + (number != null ? "#" + number : "")
                : commit != null ? "commit:" + commit : null;
        return name == null ? url : url == null ? name : name + " " + url;
    }

    private static String first(Map<String, String> env, String... names) {
        for (String name : names) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
