package io.mlsteps.util;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad JSON is an input error at its file, line and column, with a message a user reads; writing is atomic. */
class JsonErrorsTest {
    @TempDir
    Path dir;

    /** A request-like type for the unknown-field message. */
    record Point(int x, int y) {
    }

    @Test
    void malformedJsonNamesFileLineAndColumn() throws Exception {
        Path file = Files.writeString(dir.resolve("request.json"), "{\n  \"data\": \"train.csv\",\n  oops\n}\n");
        assertThatThrownBy(() -> Json.readTree(file)).isInstanceOf(InputException.class)
                .satisfies(e -> {
                    InputException input = (InputException) e;
                    assertThat(input.source()).isEqualTo(file.toString());
                    assertThat(input.line()).isEqualTo(3);
                    assertThat(input.column()).isGreaterThan(0);
                    assertThat(input.problem()).startsWith("malformed JSON: ");
                    assertThat(input.getMessage()).startsWith(file + ":3:");
                });
        assertThatThrownBy(() -> Json.read(file, JsonNode.class)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(file + ":3:").hasMessageNotContaining("[Source");
    }

    @Test
    void aMissingFileSaysSo() {
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> Json.readTree(missing)).hasMessage(missing + ": file not found");
        assertThatThrownBy(() -> Json.read(missing, Point.class)).hasMessage(missing + ": file not found");
    }

    @Test
    void aRequestMustBeAnObject() throws Exception {
        Path array = Files.writeString(dir.resolve("array.json"), "[1, 2]");
        assertThatThrownBy(() -> Json.readObject(array)).isInstanceOf(InputException.class)
                .hasMessage(array + ": expected a JSON object of arguments, e.g. {\"data\": \"train.csv\"}");
        Path object = Files.writeString(dir.resolve("object.json"), "{\"b\": 1, \"a\": [true, null]}");
        Map<String, Object> read = Json.readObject(object);
        assertThat(read.keySet()).as("in the file's order").containsExactly("b", "a");
        assertThat(read.get("a")).isEqualTo(java.util.Arrays.asList(true, null));
    }

    @Test
    void anUnknownFieldNamesItAndTheKnownOnes() throws Exception {
        Path file = Files.writeString(dir.resolve("point.json"), "{\"x\": 1, \"z\": 2}");
        assertThatThrownBy(() -> Json.read(file, Point.class)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(file + ":1:").hasMessageEndingWith("unknown field 'z'; expected one of [x, y]");
    }

    @Test
    void aWrongTypeHidesJavaClassNames() {
        assertThatThrownBy(() -> Json.convert(Map.of("x", "one", "y", 2), Point.class, "point"))
                .isInstanceOf(InputException.class).hasMessageStartingWith("point: ")
                .hasMessageNotContaining("java.lang").hasMessageNotContaining("(class ");
    }

    @Test
    void aBadJsonLineIsLocatedAtItsLine() {
        assertThat(Json.readLine("log.jsonl", 1, "{\"a\": 1}").get("a").asInt()).isEqualTo(1);
        assertThatThrownBy(() -> Json.readLine("log.jsonl", 42, "{\"a\": }")).isInstanceOf(InputException.class)
                .hasMessageStartingWith("log.jsonl:42:").hasMessageContaining("invalid JSON: ");
    }

    @Test
    void writingCreatesTheFolderAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("a/b/result.json");
        Json.write(file, Map.of("k", List.of(1, 2)));
        Json.write(file, Map.of("k", List.of(3)));
        assertThat(Json.readTree(file).get("k").get(0).asInt()).isEqualTo(3);
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("result.json");
        }
    }

    @Test
    void inputErrorsNameWhatTheyKnow() {
        assertThat(new InputException(null, "no place").getMessage()).isEqualTo("no place");
        assertThat(new InputException("f.csv", 3, -1, "bad").getMessage()).isEqualTo("f.csv:3: bad");
        assertThat(new InputException("f.csv", -1, 7, "bad").getMessage()).as("a column without a line is not shown")
                .isEqualTo("f.csv: bad");
        assertThat(new InputException("--label", "is required").getMessage()).isEqualTo("--label: is required");
    }
}
