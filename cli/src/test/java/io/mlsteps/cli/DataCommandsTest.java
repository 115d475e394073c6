package io.mlsteps.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.testing.SharedData;
import io.mlsteps.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The profile, infer-schema and validate commands end to end: exit codes, files written, messages. */
@Timeout(120)
class DataCommandsTest {
    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    static synchronized Run mlsteps(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Main.execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void inferSchemaThenValidateAdult() throws IOException {
        Path train = SharedData.require("adult/adult_train.csv");
        Path test = SharedData.require("adult/adult_test.csv");
        Path schema = tmp.resolve("schema.json");
        Run infer = mlsteps("infer-schema", train.toString(), "-o", schema.toString(), "--label", "income", "--ban", "ssn");
        assertThat(infer.exit()).as(infer.err()).isZero();
        assertThat(Json.mapper().readTree(schema.toFile()).path("columns")).hasSize(15);

        Path runDir = tmp.resolve("run");
        Run ok = mlsteps("validate", "--schema", schema.toString(), test.toString(), "--run-dir", runDir.toString());
        assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
        Path step = runDir.resolve("validateData");
        JsonNode result = Json.mapper().readTree(step.resolve("result.json").toFile());
        assertThat(result.path("status").asText()).isEqualTo("SUCCESS");
        assertThat(result.path("metrics").path("rows").asDouble()).isEqualTo(16281.0);
        assertThat(result.path("metrics").has("missing_ratio[workclass]")).isTrue();
        String junit = Files.readString(step.resolve("junit.xml"));
        assertThat(junit).contains("name=\"MISSING_COLUMN:age\"").doesNotContain("<failure");
        assertThat(step.resolve("report.html")).exists();
        assertThat(step.resolve("profile.json")).exists();
        assertThat(step.resolve("charts/missing-ratio.png")).exists();
        assertThat(step.resolve("charts/histogram-age.png")).exists();
        assertThat(step.resolve("charts/categories-workclass.png")).exists();

        // a copy without the 'education' column fails the build (MISSING_COLUMN has FAILURE criticality)
        List<String> lines = Files.readAllLines(test);
        Path dropped = tmp.resolve("dropped.csv");
        Files.write(dropped, lines.stream().map(l -> {
            List<String> cells = new java.util.ArrayList<>(Arrays.asList(l.split(",", -1)));
            cells.remove(3);
            return String.join(",", cells);
        }).toList());
        Run bad = mlsteps("validate", "--schema", schema.toString(), dropped.toString(), "--out", tmp.resolve("bad").toString());
        assertThat(bad.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(Files.readString(tmp.resolve("bad/junit.xml"))).contains("<failure type=\"FAILURE\"")
                .contains("MISSING_COLUMN:education");
        // the user can lower it: now unstable
        Run lowered = mlsteps("validate", "--schema", schema.toString(), dropped.toString(), "--out",
                tmp.resolve("low").toString(), "--criticality", "MISSING_COLUMN=UNSTABLE");
        assertThat(lowered.exit()).isEqualTo(ExitCodes.UNSTABLE);
        // and the same through the request file the plugin uses
        Path request = tmp.resolve("request.json");
        Files.writeString(request, Json.toString(java.util.Map.of("data", dropped.toString(), "schema", schema.toString(),
                "anomalyCriticality", java.util.Map.of("MISSING_COLUMN", "NOTE"))));
        Run byName = mlsteps("step", "validateData", "--request", request.toString(), "--out", tmp.resolve("req").toString());
        assertThat(byName.exit()).isEqualTo(ExitCodes.UNSTABLE);
    }

    @Test
    void profileWritesProfileAndReport() throws IOException {
        Path data = tmp.resolve("d.csv");
        Files.writeString(data, "a,b,when\n1,x,2024-01-01\n2,y,2024-01-02\n3,,2024-01-03\n");
        Run run = mlsteps("profile", data.toString(), "--out", tmp.resolve("p").toString());
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode profile = Json.mapper().readTree(tmp.resolve("p/profile.json").toFile());
        assertThat(profile.path("rows").asLong()).isEqualTo(3);
        assertThat(profile.path("columns").get(2).path("type").asText()).isEqualTo("TIMESTAMP");
        assertThat(profile.path("columns").get(0).path("sketches").path("kll").asText()).isNotEmpty();
        assertThat(tmp.resolve("p/result.json")).exists();
        assertThat(tmp.resolve("p/report.html")).exists();
        // infer-schema accepts the stored profile instead of the data
        Run infer = mlsteps("infer-schema", tmp.resolve("p/profile.json").toString(), "-o", tmp.resolve("s.json").toString());
        assertThat(infer.exit()).as(infer.err()).isZero();
        assertThat(Files.readString(tmp.resolve("s.json"))).contains("\"TIMESTAMP\"");
    }

    // ---- bad input: exit 3 and file:line:column with what was expected ------------------------------------

    Run profileOf(String name, byte[] content) throws IOException {
        Path f = tmp.resolve(name);
        Files.write(f, content);
        return mlsteps("profile", f.toString(), "--out", tmp.resolve("out-" + name).toString(), "--threads", "2");
    }

    void assertInputError(Run run, String expectedStart, String... contains) {
        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(run.err()).startsWith("mlsteps: error: " + expectedStart).doesNotContain("Exception").doesNotContain("\tat ");
        for (String c : contains) {
            assertThat(run.err()).contains(c);
        }
    }

    @Test
    void raggedRow() throws IOException {
        Run r = profileOf("r.csv", "a,b\n1,2\n3\n".getBytes(StandardCharsets.UTF_8));
        assertInputError(r, tmp.resolve("r.csv") + ":3:2: expected 2 fields but found 1");
    }

    @Test
    void unclosedQuote() throws IOException {
        Run r = profileOf("q.csv", "a,b\n1,\"2\n3,4\n".getBytes(StandardCharsets.UTF_8));
        assertInputError(r, tmp.resolve("q.csv") + ":2:3: unclosed quote", "expected a closing quote");
    }

    @Test
    void invalidUtf8() throws IOException {
        byte[] b = "a,b\n1,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        Run r = profileOf("u.csv", b);
        assertInputError(r, tmp.resolve("u.csv") + ":2:2: invalid UTF-8", "expected UTF-8 text");
    }

    @Test
    void emptyFile() throws IOException {
        Run r = profileOf("e.csv", new byte[0]);
        assertInputError(r, tmp.resolve("e.csv") + ":1:1: file is empty", "expected a header line");
    }

    @Test
    void headerOnly() throws IOException {
        Run r = profileOf("h.csv", "a,b\n".getBytes(StandardCharsets.UTF_8));
        assertInputError(r, tmp.resolve("h.csv") + ":2:1: the file has a header line but no data rows",
                "expected at least one record");
    }

    @Test
    void oneMegabyteField() throws IOException {
        Run r = profileOf("big.csv", ("a,b\n1,2\n3," + "y".repeat(1 << 20) + "\n").getBytes(StandardCharsets.UTF_8));
        assertInputError(r, tmp.resolve("big.csv") + ":3:2: field of 1048576 characters is longer than the limit");
    }

    @Test
    void truncatedGzip() throws IOException {
        StringBuilder sb = new StringBuilder("a,b\n");
        for (int i = 0; i < 100_000; i++) {
            sb.append(i).append(',').append(i % 13).append('\n');
        }
        var bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] gz = bytes.toByteArray();
        Run r = profileOf("t.csv.gz", Arrays.copyOf(gz, gz.length - 100));
        assertInputError(r, tmp.resolve("t.csv.gz") + ":", "truncated or corrupt gzip data", "expected a complete gzip file");
    }

    @Test
    void missingArgumentsAndFiles() {
        assertInputError(mlsteps("validate", tmp.resolve("x.csv").toString(), "--run-dir", tmp.toString()), "--schema: is required");
        // both files missing: one error naming both, before anything is read
        assertInputError(mlsteps("validate", "--schema", tmp.resolve("none.json").toString(), tmp.resolve("x.csv").toString(),
                "--run-dir", tmp.toString()), "2 arguments are wrong:\n  data: file not found", "none.json: file not found");
        assertInputError(mlsteps("validate", "--schema", "s.json", "--run-dir", tmp.toString()), "--data: is required");
        assertInputError(mlsteps("profile", tmp.resolve("nope.csv").toString()), tmp.resolve("nope.csv") + ": file not found");
        assertThat(mlsteps("validate", "--help").exit()).isZero();
    }
}
