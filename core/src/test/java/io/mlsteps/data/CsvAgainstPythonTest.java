package io.mlsteps.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.testing.PythonOracle;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's CSV reading against Python's csv module, the reference reader for RFC 4180 files: Python writes
 * rows with quoted delimiters, doubled quotes, line breaks inside fields, empty cells and non-ASCII text, and the
 * engine must read back exactly the rows Python reads (with every cell as text: no missing-value marker).
 */
class CsvAgainstPythonTest {
    @TempDir
    Path dir;

    /** Python writes {@code file} with the given dialect from seeded random rows and prints them as JSON. */
    private JsonNode written(Path file, String delimiter, String lineTerminator, int rows) {
        return PythonOracle.json("""
                import csv, json, random
                r = random.Random(11)
                pieces = ["a", "b c", "x,y", "say \\"hi\\"", "line\\nbreak", "", "ünï", "tab\\there", "semi;colon",
                          "  padded", "1.5", "-3", "'single'", "end,", ",start"]
                rows = [["id", "text", "other"]]
                for i in range(%d):
                    rows.append([str(i), "".join(r.choice(pieces) for _ in range(r.randint(1, 3))), r.choice(pieces)])
                with open(%s, "w", newline="", encoding="utf-8") as f:
                    csv.writer(f, delimiter=%s, lineterminator=%s, quoting=csv.QUOTE_MINIMAL).writerows(rows)
                with open(%s, newline="", encoding="utf-8") as f:
                    print(json.dumps(list(csv.reader(f, delimiter=%s))))
                """.formatted(rows, Json.toString(file.toString()), Json.toString(delimiter), Json.toString(lineTerminator),
                Json.toString(file.toString()), Json.toString(delimiter)));
    }

    private static List<List<String>> read(Path file, ReadOptions options) {
        List<List<String>> rows = new ArrayList<>();
        try (RecordReader reader = DataReaders.open(file, options, StepLog.silent())) {
            rows.add(reader.columns());
            String[] values;
            while ((values = reader.next()) != null) {
                List<String> row = new ArrayList<>();
                for (String v : values) {
                    row.add(v == null ? "" : v);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static List<List<String>> rows(JsonNode json) {
        List<List<String>> rows = new ArrayList<>();
        json.forEach(r -> {
            List<String> row = new ArrayList<>();
            r.forEach(v -> row.add(v.asText()));
            rows.add(row);
        });
        return rows;
    }

    /** Cells are trimmed as values are (docs/data.md); Python keeps the spaces, so both sides are compared trimmed. */
    private static List<List<String>> trimmed(List<List<String>> rows) {
        return rows.stream().map(r -> r.stream().map(String::strip).toList()).toList();
    }

    private static ReadOptions verbatim(String format, char delimiter) {
        return ReadOptions.defaults().withFormat(format).withDelimiter(delimiter).withMissingMarkers(Set.of());
    }

    @Test
    void commaSeparatedWithLfLinesReadsAsPythonWroteIt() {
        PythonOracle.assumeModules("csv");
        Path file = dir.resolve("lf.csv");
        List<List<String>> python = rows(written(file, ",", "\n", 400));
        List<List<String>> engine = read(file, verbatim("csv", ','));
        assertThat(trimmed(engine)).hasSize(401).isEqualTo(trimmed(python));
    }

    @Test
    void crlfLinesAndLineBreaksInsideQuotedFields() {
        PythonOracle.assumeModules("csv");
        Path file = dir.resolve("crlf.csv");
        List<List<String>> python = rows(written(file, ",", "\r\n", 300));
        assertThat(python.stream().flatMap(List::stream)).anyMatch(v -> v.contains("\n"));
        assertThat(trimmed(read(file, verbatim("csv", ',')))).isEqualTo(trimmed(python));
    }

    @Test
    void semicolonAndTabDialects() {
        PythonOracle.assumeModules("csv");
        Path semi = dir.resolve("semi.csv");
        List<List<String>> semicolons = rows(written(semi, ";", "\n", 200));
        assertThat(trimmed(read(semi, verbatim("csv", ';')))).as("semicolons").isEqualTo(trimmed(semicolons));
        Path tab = dir.resolve("tab.tsv");
        List<List<String>> tabs = rows(written(tab, "\t", "\n", 200));
        assertThat(trimmed(read(tab, verbatim("tsv", '\t')))).as("tabs").isEqualTo(trimmed(tabs));
    }

    /** The chunked parallel scan (the profile's path) sees the same rows as the record reader, quoted breaks and all. */
    @Test
    void theParallelScanCountsTheRowsPythonReads() {
        PythonOracle.assumeModules("csv");
        Path file = dir.resolve("many.csv");
        List<List<String>> python = rows(written(file, ",", "\n", 5000));
        DatasetProfile profile = DatasetProfile.compute(file, verbatim("csv", ','), StepLog.silent());
        assertThat(profile.rows()).isEqualTo(python.size() - 1);
        assertThat(profile.column("id").present()).isEqualTo(python.size() - 1);
        assertThat(profile.column("other").missing()).as("no marker: no cell is missing").isZero();
        long emptyOther = python.stream().skip(1).filter(r -> r.get(2).isEmpty()).count();
        DatasetProfile blanks = DatasetProfile.compute(file, verbatim("csv", ',').withMissingMarkers(Set.of("")),
                StepLog.silent());
        assertThat(blanks.column("other").missing()).as("the empty marker: the empty cells").isEqualTo(emptyOther);
    }
}
