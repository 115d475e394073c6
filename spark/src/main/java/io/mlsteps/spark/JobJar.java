package io.mlsteps.spark;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The job jar a cluster's executors need (this module with the engine, {@code mlsteps-spark.jar}): named by
 * {@code MLSTEPS_SPARK_JAR}, else the jar this class was loaded from. Classes loaded from a build folder (unit
 * tests in local mode) have none, and local mode needs none.
 */
public final class JobJar {
    /** The environment variable that names the job jar. */
    public static final String ENV = "MLSTEPS_SPARK_JAR";

    private JobJar() {
    }

    public static Optional<Path> locate() {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank() && Files.isRegularFile(Path.of(env))) {
            return Optional.of(Path.of(env).toAbsolutePath());
        }
        try {
            var source = JobJar.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path p = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jar") ? Optional.of(p) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
