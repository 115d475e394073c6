package io.mlsteps.jenkins;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test fixtures: result.json files shaped as the engine's StepResult writes them. */
public final class Fixtures {
    private Fixtures() {
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
