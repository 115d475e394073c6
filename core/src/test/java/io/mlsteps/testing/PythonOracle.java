package io.mlsteps.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.util.Json;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs a reference computation in Debian's {@code /usr/bin/python3} with scikit-learn, scipy and pandas
 * (the {@code python3} on PATH may be another interpreter without them). Where the oracle is absent the
 * test is skipped with the reason; CI installs it.
 */
public final class PythonOracle {
    public static final Path PYTHON = Path.of("/usr/bin/python3");

    private PythonOracle() {
    }

    /** Skips the calling test unless /usr/bin/python3 can import all the given modules. */
    public static void assumeModules(String... modules) {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "skipped: /usr/bin/python3 not found (oracle)");
        String script = "import " + String.join(", ", modules);
        Result r = exec(script, 120);
        Assumptions.assumeTrue(r.exitCode == 0, "skipped: oracle modules " + String.join(", ", modules)
                + " not importable by /usr/bin/python3 (install python3-sklearn python3-scipy python3-pandas)");
    }

    /** Runs a script that prints one JSON document on standard output and returns it parsed. */
    public static JsonNode json(String script) {
        Result r = exec(script, 600);
        if (r.exitCode != 0) {
            throw new AssertionError("oracle script failed (exit " + r.exitCode + "):\n" + r.stderr + "\nscript:\n" + script);
        }
        try {
            return Json.mapper().readTree(r.stdout);
        } catch (IOException e) {
            throw new AssertionError("oracle printed no JSON: " + r.stdout + "\n" + r.stderr, e);
        }
    }

    public record Result(int exitCode, String stdout, String stderr) {
    }

    public static Result exec(String script, int timeoutSeconds) {
        try {
            Path file = Files.createTempFile("oracle", ".py");
            Files.writeString(file, script, StandardCharsets.UTF_8);
            Path out = Files.createTempFile("oracle", ".out");
            Path err = Files.createTempFile("oracle", ".err");
            Process p = new ProcessBuilder(PYTHON.toString(), file.toString())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("oracle timed out after " + timeoutSeconds + "s");
            }
            Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            Files.deleteIfExists(file);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return r;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + PYTHON, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
