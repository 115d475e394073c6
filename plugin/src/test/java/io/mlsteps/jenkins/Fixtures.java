package io.mlsteps.jenkins;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test fixtures: result.json files shaped as the engine's StepResult writes them. */
public final class Fixtures {
    private Fixtures() {
    }

    /**
     * The plugin's folder: the check build passes it; the real build runs its tests in it.
     */
    public static java.nio.file.Path pluginDir() {
        String configured = System.getProperty("mlsteps.plugin.dir", "");
        if (!configured.isBlank()) {
            return java.nio.file.Path.of(configured);
        }
        return java.nio.file.Files.isDirectory(java.nio.file.Path.of("src/main/resources"))
                ? java.nio.file.Path.of(".") : java.nio.file.Path.of("../..");
    }

    /**
     * The Javas that run the engine in tests, as an agent's would: mlsteps.engine.javas (executables separated by the
     * path separator; bin/test passes the build's own first, then a JDK 25), else mlsteps.engine.java, else this
     * JVM's.
     */
    public static java.util.List<String> engineJavas() {
        String configured = System.getProperty("mlsteps.engine.javas", "");
        if (configured.isBlank()) {
            configured = System.getProperty("mlsteps.engine.java", "");
        }
        if (configured.isBlank()) {
            return java.util.List.of(io.mlsteps.jenkins.engine.JavaCommand.javaIn(System.getProperty("java.home"),
                    java.io.File.separatorChar == '/'));
        }
        return java.util.List.of(configured.split(java.io.File.pathSeparator));
    }

    public static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A minimal result with one check; criticality and outcome as given. */
    public static String result(String step, String status, String criticality, String outcome) {
        return """
                {"schemaVersion":1,"step":"%s","status":"%s","passed":%s,
                 "checks":[{"name":"gate:accuracy","metric":"accuracy","observed":0.8,"expected":">= 0.85",
                            "criticality":"%s","outcome":"%s","message":"accuracy 0.8 is below 0.85"}],
                 "metrics":{"accuracy":0.8}}
                """.formatted(step, status, outcome.equals("PASSED"), criticality, outcome);
    }
}
