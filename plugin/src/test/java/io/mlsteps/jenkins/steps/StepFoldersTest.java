package io.mlsteps.jenkins.steps;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The step folder layout the plugin shares with the local runner: builds/N/step, then step-2, ... */
class StepFoldersTest {
    @Test
    void aStepsFolderIsInItsBuildAndLaterCallsAreNumbered() {
        assertThat(StepFolders.relative(7, "trainModel", 1)).isEqualTo("builds/7/trainModel");
        assertThat(StepFolders.relative(7, "trainModel", 2)).isEqualTo("builds/7/trainModel-2");
        assertThat(StepFolders.relative(12, "evaluateModel", 3)).isEqualTo("builds/12/evaluateModel-3");
    }
}
