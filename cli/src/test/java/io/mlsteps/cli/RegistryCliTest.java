package io.mlsteps.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.util.Hashing;
import io.mlsteps.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry commands end to end: register, alias (gated), history, list, show, download, lineage, gc, verify. */
class RegistryCliTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    Run mlsteps(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            List<String> all = new ArrayList<>(List.of(args));
            return new Run(Main.execute(all.toArray(String[]::new)), out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    String reg() {
        return dir.resolve("registry").toString();
    }

    @Test
    void registerAliasHistoryLineageDownloadAndGc() throws Exception {
        Path data = Files.writeString(dir.resolve("train.csv"), "age,label\n30,yes\n40,no\n");
        Path model1 = Files.writeString(dir.resolve("model-1.onnx"), "first model");
        Path model2 = Files.writeString(dir.resolve("model-2.onnx"), "second model");
        Files.writeString(dir.resolve("metrics.json"), "{\"accuracy\": 0.81, \"roc_auc\": 0.88}");
        Files.writeString(dir.resolve("eval.json"), "{\"schemaVersion\":1,\"step\":\"evaluateModel\",\"status\":\"SUCCESS\","
                + "\"checks\":[],\"metrics\":{\"accuracy\":0.86}}");
        String runDir = dir.resolve(".mlsteps").toString();

        Run r1 = mlsteps("register", model1.toString(), "--name", "adult", "--registry", reg(), "--metrics",
                dir.resolve("metrics.json").toString(), "--data", data.toString(), "--tag", "team=risk", "--run-dir", runDir);
        assertThat(r1.code()).as(r1.out() + r1.err()).isZero();
        assertThat(r1.out()).contains("registered adult@1");
        Run r2 = mlsteps("register", model2.toString(), "--name", "adult", "--registry", reg(), "--metrics",
                dir.resolve("eval.json").toString(), "--data", data.toString(), "--alias", "staging", "--require-gate",
                "--run-dir", runDir);
        assertThat(r2.code()).as(r2.out() + r2.err()).isZero();
        JsonNode result = Json.mapper().readTree(dir.resolve(".mlsteps/registerModel/result.json").toFile());
        assertThat(result.get("details").get("ref").asText()).isEqualTo("adult@2");

        Run refused = mlsteps("registry", "alias", "adult", "production", "1", "--require-gate", "--registry", reg());
        assertThat(refused.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(refused.err()).contains("adult@1").contains("no evaluation or comparison");
        Run moved = mlsteps("registry", "alias", "adult", "production", "staging", "--require-gate", "--reason",
                "passed evaluation", "--actor", "user:release-manager", "--registry", reg());
        assertThat(moved.code()).as(moved.err()).isZero();
        assertThat(moved.out()).contains("adult@production: (none) -> adult@2 by user:release-manager - passed evaluation");

        Run history = mlsteps("registry", "history", "adult", "--registry", reg(), "--json");
        JsonNode events = Json.mapper().readTree(history.out());
        assertThat(events).hasSize(2);
        assertThat(events.get(1).get("alias").asText()).isEqualTo("production");
        assertThat(events.get(1).get("toVersion").asInt()).isEqualTo(2);
        assertThat(events.get(1).get("reason").asText()).isEqualTo("passed evaluation");

        assertThat(mlsteps("registry", "list", "--registry", reg()).out()).contains("adult").contains("production->2");
        assertThat(mlsteps("registry", "list", "adult", "--registry", reg()).out()).contains("accuracy=0.81");
        JsonNode shown = Json.mapper().readTree(mlsteps("registry", "show", "adult@production", "--json", "--registry", reg()).out());
        assertThat(shown.get("version").asInt()).isEqualTo(2);
        assertThat(shown.get("gatePassed").asBoolean()).isTrue();
        assertThat(shown.get("metrics").get("accuracy").asDouble()).isEqualTo(0.86);

        Run download = mlsteps("registry", "download", "adult@production", "-o", dir.resolve("out.onnx").toString(),
                "--registry", reg());
        assertThat(download.code()).isZero();
        assertThat(Files.readString(dir.resolve("out.onnx"))).isEqualTo("second model");

        String sha = Hashing.sha256(data);
        Run text = mlsteps("lineage", "adult@production", "--registry", reg());
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("[modelVersion] adult@2").contains("sha256=" + sha).contains("aliasedAs");
        JsonNode graph = Json.mapper().readTree(mlsteps("lineage", "adult@production", "-f", "json", "--registry", reg()).out());
        assertThat(graph.get("root").asText()).isEqualTo("model:adult@2");
        assertThat(mlsteps("lineage", "adult@2", "-f", "dot", "--registry", reg()).out()).startsWith("digraph lineage");
        Path png = dir.resolve("lineage.png");
        assertThat(mlsteps("lineage", "adult@production", "-f", "png", "-o", png.toString(), "--registry", reg()).code()).isZero();
        assertThat(ImageIO.read(png.toFile()).getHeight()).isGreaterThan(100);
        String ol = mlsteps("lineage", "adult@production", "-f", "openlineage", "--registry", reg()).out();
        List<JsonNode> runEvents = new ArrayList<>();
        for (String line : ol.split("\n")) {
            runEvents.add(Json.mapper().readTree(line));
        }
        assertThat(runEvents).anySatisfy(e -> {
            assertThat(e.get("job").get("name").asText()).isEqualTo("registerModel");
            assertThat(e.get("inputs").get(0).get("facets").get("version").get("datasetVersion").asText()).isEqualTo(sha);
            assertThat(e.get("eventType").asText()).isEqualTo("COMPLETE");
        });
        Run fromData = mlsteps("lineage", "sha256:" + sha, "--registry", reg());
        assertThat(fromData.out()).contains("adult@1").contains("adult@2");

        Run gc = mlsteps("registry", "gc", "--min-age", "0", "--registry", reg());
        assertThat(gc.code()).isZero();
        assertThat(gc.out()).contains("removed 0 orphan");
        assertThat(mlsteps("registry", "verify", "--registry", reg()).code()).isZero();

        // tamper with the production artifact: verify reports it, download refuses it
        try (Stream<Path> blobs = Files.walk(dir.resolve("registry/blobs/sha256"))) {
            Path blob = blobs.filter(p -> p.getFileName().toString().equals(Hashing.sha256(model2))).findFirst().orElseThrow();
            Files.writeString(blob, "evil model");
        }
        assertThat(mlsteps("registry", "verify", "--registry", reg()).code()).isEqualTo(ExitCodes.FAILURE);
        Run bad = mlsteps("registry", "download", "adult@production", "-o", dir.resolve("x.onnx").toString(), "--registry", reg());
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(bad.err()).contains("sha256 mismatch");
        assertThat(dir.resolve("x.onnx")).doesNotExist();
    }

    @Test
    void inputErrorsExitThreeWithALocatedMessage() throws Exception {
        Run unknown = mlsteps("registry", "show", "nosuch@2", "--registry", reg());
        assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(unknown.err()).contains("no model named 'nosuch'");
        Run age = mlsteps("registry", "gc", "--min-age", "soon", "--registry", reg());
        assertThat(age.code()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(age.err()).contains("--min-age soon");
        Run format = mlsteps("lineage", "x", "-f", "svg", "--registry", reg());
        assertThat(format.code()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        Run name = mlsteps("register", "--name", "../x", dir.resolve("nothing").toString(), "--registry", reg(),
                "--run-dir", dir.resolve(".mlsteps").toString());
        assertThat(name.code()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(name.err()).contains("invalid model name");
        Path artifact = Files.writeString(dir.resolve("artifact.bin"), "bytes");
        for (String bad : List.of(".", "x".repeat(10_000))) {
            Run artifactName = mlsteps("register", "--name", "adult", artifact.toString(), "--artifact-name", bad,
                    "--registry", reg(), "--run-dir", dir.resolve(".mlsteps").toString());
            assertThat(artifactName.code()).as(artifactName.err()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
            assertThat(artifactName.err()).contains("artifact name").contains("expected a plain file name");
        }
        Run badUri = mlsteps("registry", "list", "--registry", "jdbc:mysql://x/y");
        assertThat(badUri.code()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(badUri.err()).contains("unsupported registry URI");
    }
}
