package io.mlsteps.contract.steps;

import io.mlsteps.contract.Arg;

/**
 * Arguments a pipeline front end (the Jenkins plugin, the local runner) handles itself; they are not part of the
 * step's request. The CLI has its own options for the same ({@code --run-dir}, the exit code).
 */
public record ExecutionArgs(
        @Arg(doc = "when `false`, a failed `ERROR` or `FAILURE` check does not fail the step: the stage is marked "
                + "failed, `FAILURE` still marks the build, and the step returns its result map", defaultValue = "true")
        boolean failOnError,
        @Arg(doc = "the run folder in the workspace; the step writes into `RUNDIR/<step>/` (Jenkins)",
                defaultValue = ".mlsteps")
        String runDir,
        @Arg(doc = "options of the engine's JVM for this step, e.g. `-Xmx8g`; replaces the global default (Jenkins)")
        String jvmOptions) {
}
