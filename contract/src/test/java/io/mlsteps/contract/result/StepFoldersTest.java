package io.mlsteps.contract.result;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StepFoldersTest {
    @TempDir
    Path build;

    @Test
    void laterCallsOfAStepInABuildGetNumberedFolders() {
        assertThat(StepFolders.name("evaluateModel", 1)).isEqualTo("evaluateModel");
        assertThat(StepFolders.name("evaluateModel", 2)).isEqualTo("evaluateModel-2");
        assertThat(StepFolders.name("evaluateModel", 12)).isEqualTo("evaluateModel-12");
        assertThat(StepFolders.build(7)).isEqualTo("builds/7");
        assertThatThrownBy(() -> StepFolders.name("evaluateModel", 0)).hasMessageContaining("from 1");
    }

    @Test
    void theLatestCallIsTheHighestNumberedFolderThatExists() throws Exception {
        assertThat(StepFolders.latest(build, "evaluateModel")).isEqualTo(build.resolve("evaluateModel"));
        Files.createDirectories(build.resolve("evaluateModel"));
        assertThat(StepFolders.latest(build, "evaluateModel")).isEqualTo(build.resolve("evaluateModel"));
        Files.createDirectories(build.resolve("evaluateModel-2"));
        Files.createDirectories(build.resolve("evaluateModel-3"));
        Files.createDirectories(build.resolve("trainModel-4"));
        assertThat(StepFolders.latest(build, "evaluateModel")).isEqualTo(build.resolve("evaluateModel-3"));
        assertThat(StepFolders.latest(build, "trainModel")).isEqualTo(build.resolve("trainModel"));
    }
}
