package io.mlsteps.cli.runner;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to run a Jenkinsfile locally.
 *
 * @param jenkinsfile the file
 * @param workspace   the folder steps run in (WORKSPACE), as Jenkins' checkout of the repository
 * @param runDir      the run folder holding {@code builds/}, default {@code <workspace>/.mlsteps}
 * @param jobName     JOB_NAME, default the workspace folder's name
 * @param branch      BRANCH_NAME, default the git branch of the workspace (or none)
 * @param parameters  {@code -p name=value} overrides of declared parameters
 * @param writeReport whether to write the history report after the build
 */
public record RunSettings(Path jenkinsfile, Path workspace, Path runDir, String jobName, String branch,
                          Map<String, String> parameters, boolean writeReport) {

    public String jenkinsfileName() {
        Path name = jenkinsfile.getFileName();
        return name == null ? jenkinsfile.toString() : name.toString();
    }
}
