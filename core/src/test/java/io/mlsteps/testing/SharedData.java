package io.mlsteps.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the public datasets in {@code ../shared/datasets} (beside the checkout). Where they are absent,
 * as on a user's laptop, tests that need them are skipped with the reason.
 */
public final class SharedData {
    private SharedData() {
    }

    /** The datasets folder, or empty when it cannot be found. */
    public static java.util.Optional<Path> root() {
        String env = System.getenv("MLSTEPS_SHARED_DATASETS");
        if (env != null && Files.isDirectory(Path.of(env))) {
            return java.util.Optional.of(Path.of(env));
        }
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 5 && dir != null; i++, dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared").resolve("datasets");
            if (Files.isDirectory(candidate)) {
                return java.util.Optional.of(candidate);
            }
        }
        return java.util.Optional.empty();
    }

    /** A dataset file such as {@code adult/adult_train.csv}; skips the test when it is not there. */
    public static Path require(String relative) {
        Path root = root().orElse(null);
        Assumptions.assumeTrue(root != null,
                "skipped: ../shared/datasets not found beside the checkout (set MLSTEPS_SHARED_DATASETS)");
        Path file = root.resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(file), "skipped: dataset " + file + " not found");
        return file;
    }
}
