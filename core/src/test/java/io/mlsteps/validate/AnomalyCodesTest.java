package io.mlsteps.validate;

import io.mlsteps.data.ReadOptions;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each anomaly code, on a clean table changed in exactly one way: that code fires, and only it. */
class AnomalyCodesTest {
    static final String SCHEMA = """
            {"schemaVersion": 1, "kind": "mlsteps-schema", "minRows": 5, "maxDuplicateRatio": 0.0,
             "bannedColumns": [".*email.*", "ssn"],
             "label": {"column": "label", "minClassRatio": 0.2},
             "columns": [
              {"name": "id", "type": "INTEGER", "unique": true},
              {"name": "age", "type": "INTEGER", "maxMissingRatio": 0.0, "min": 0, "max": 100},
              {"name": "score", "type": "DOUBLE", "maxMissingRatio": 0.0},
              {"name": "color", "type": "CATEGORICAL", "maxMissingRatio": 0.25, "domain": ["red", "blue"], "maxUnseenRatio": 0.0},
              {"name": "code", "type": "CATEGORICAL", "pattern": "[A-Z]{2}\\\\d", "allowedValues": ["AB1", "CD2"]},
              {"name": "label", "type": "CATEGORICAL", "domain": ["yes", "no"]}
             ]}
            """;

    @TempDir
    Path tmp;
    Schema schema;
    List<String> header;
    List<String[]> rows;

    @BeforeEach
    void cleanTable() throws IOException {
        Path file = tmp.resolve("schema.json");
        Files.writeString(file, SCHEMA);
        schema = Schema.load(file);
        header = new ArrayList<>(List.of("id", "age", "score", "color", "code", "label"));
        rows = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            rows.add(new String[]{"" + i, "" + (20 + i), "" + i / 10.0, i % 2 == 0 ? "red" : "blue",
                    i % 2 == 0 ? "AB1" : "CD2", i % 3 == 0 ? "yes" : "no"});
        }
    }

    Validation.Outcome run(AnomalyPolicy policy) throws IOException {
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (String[] r : rows) {
            sb.append(String.join(",", r)).append('\n');
        }
        Path data = tmp.resolve("data.csv");
        Files.writeString(data, sb);
        return Validation.run(data, ReadOptions.defaults(), schema, policy, StepLog.silent(), 1);
    }

    Validation.Outcome run() throws IOException {
        return run(AnomalyPolicy.defaults());
    }

    void set(int row, String column, String value) {
        rows.get(row)[header.indexOf(column)] = value;
    }

    void column(String column, Consumer<Integer> each) {
        for (int i = 0; i < rows.size(); i++) {
            each.accept(i);
        }
    }

    void addColumn(String name, String value) {
        header.add(name);
        rows.replaceAll(r -> {
            String[] longer = Arrays.copyOf(r, r.length + 1);
            longer[r.length] = value;
            return longer;
        });
    }

    void dropColumn(String name) {
        int i = header.indexOf(name);
        header.remove(i);
        rows.replaceAll(r -> {
            List<String> l = new ArrayList<>(Arrays.asList(r));
            l.remove(i);
            return l.toArray(String[]::new);
        });
    }

    /** The only failed checks are of this code (on this column, when given); returns the first. */
    Check only(Validation.Outcome o, Anomaly code, String column) {
        String name = column == null ? code.name() : code.name() + ":" + column;
        assertThat(o.anomalies()).as("anomalies").isNotEmpty().allSatisfy(c -> assertThat(c.name()).isEqualTo(name));
        Check c = o.anomalies().get(0);
        assertThat(c.criticality()).isEqualTo(code.defaultCriticality());
        assertThat(c.message()).isNotBlank();
        assertThat(c.details()).containsEntry("code", code.name());
        return c;
    }

    @Test
    void cleanTablePassesEveryCheck() throws IOException {
        Validation.Outcome o = run();
        assertThat(o.anomalies()).isEmpty();
        assertThat(o.checks()).extracting(Check::name).contains("EMPTY_DATASET", "TOO_FEW_ROWS", "DUPLICATE_ROWS",
                "BANNED_COLUMN", "MISSING_COLUMN:age", "TYPE_MISMATCH:age", "OUT_OF_RANGE:age", "UNSEEN_CATEGORY:color",
                "PATTERN_MISMATCH:code", "VALUE_NOT_ALLOWED:code", "NOT_UNIQUE:id", "CONSTANT_COLUMN:color",
                "NAN_OR_INFINITE:score", "MISSING_RATIO_ABOVE:color", "LABEL_IMBALANCE:label");
        assertThat(o.metrics()).containsEntry("anomalies", 0.0).containsEntry("rows", 10.0)
                .containsEntry("missing_ratio[color]", 0.0);
    }

    @Test
    void missingColumn() throws IOException {
        dropColumn("score");
        Check c = only(run(), Anomaly.MISSING_COLUMN, "score");
        assertThat(c.message()).contains("'score' is missing");
    }

    @Test
    void unexpectedColumn() throws IOException {
        addColumn("zip", "12345");
        only(run(), Anomaly.UNEXPECTED_COLUMN, "zip");
    }

    @Test
    void typeMismatchWithCountsRatioAndExampleLines() throws IOException {
        set(3, "age", "thirty");
        set(7, "age", "41.5");
        Check c = only(run(), Anomaly.TYPE_MISMATCH, "age");
        assertThat(c.details()).containsEntry("count", 2L).containsEntry("ratio", 0.2)
                .containsEntry("exampleLines", List.of(5L, 9L));
        assertThat(c.message()).contains("2 values (20.0%)").contains("'thirty'").contains("lines 5, 9");
    }

    @Test
    void missingRatioAbove() throws IOException {
        set(0, "color", "");
        set(1, "color", "NA");
        set(2, "color", "?");
        Validation.Outcome o = run();
        Check c = only(o, Anomaly.MISSING_RATIO_ABOVE, "color");
        assertThat(c.observed()).isEqualTo(0.3);
        assertThat(o.metrics()).containsEntry("missing_ratio[color]", 0.3);
    }

    @Test
    void outOfRange() throws IOException {
        set(4, "age", "150");
        Check c = only(run(), Anomaly.OUT_OF_RANGE, "age");
        assertThat(c.details()).containsEntry("exampleLines", List.of(6L));
        assertThat(c.message()).contains("[0, 100]");
    }

    @Test
    void unseenCategory() throws IOException {
        set(0, "color", "purple");
        Check c = only(run(), Anomaly.UNSEEN_CATEGORY, "color");
        assertThat(c.details()).containsEntry("exampleValues", Map.of("purple", 1L));
    }

    @Test
    void constantColumn() throws IOException {
        column("color", i -> set(i, "color", "red"));
        only(run(), Anomaly.CONSTANT_COLUMN, "color");
    }

    @Test
    void duplicateRows() throws IOException {
        rows.add(rows.get(0).clone());
        rows.get(10)[0] = "11"; // keep ids unique: the rows differ in id... so duplicate all but id is not a duplicate
        rows.add(rows.get(1).clone());
        Validation.Outcome o = run();
        // one exact duplicate (row 2 repeated), which also repeats its id
        assertThat(o.has(Anomaly.DUPLICATE_ROWS)).isTrue();
        assertThat(o.anomalies()).extracting(Check::name).containsExactlyInAnyOrder("DUPLICATE_ROWS", "NOT_UNIQUE:id");
        Check dup = o.anomalies().stream().filter(x -> x.name().equals("DUPLICATE_ROWS")).findFirst().orElseThrow();
        assertThat(dup.details()).containsEntry("count", 1L);
    }

    @Test
    void emptyDataset() throws IOException {
        rows.clear();
        Validation.Outcome o = run();
        only(o, Anomaly.EMPTY_DATASET, null);
        assertThat(o.metrics()).containsEntry("rows", 0.0);
    }

    @Test
    void tooFewRows() throws IOException {
        rows.subList(3, 10).clear();
        only(run(), Anomaly.TOO_FEW_ROWS, null);
    }

    @Test
    void nanOrInfinite() throws IOException {
        set(2, "score", "NaN");
        set(5, "score", "-inf");
        Check c = only(run(), Anomaly.NAN_OR_INFINITE, "score");
        assertThat(c.details()).containsEntry("count", 2L);
    }

    @Test
    void bannedColumn() throws IOException {
        addColumn("Customer_Email", "a@b.c");
        Check c = only(run(), Anomaly.BANNED_COLUMN, "Customer_Email");
        assertThat(c.criticality()).isEqualTo(Criticality.FAILURE);
    }

    @Test
    void labelImbalance() throws IOException {
        column("label", i -> set(i, "label", i == 0 ? "yes" : "no"));
        Check c = only(run(), Anomaly.LABEL_IMBALANCE, "label");
        assertThat(c.observed()).isEqualTo(0.1);
    }

    @Test
    void patternMismatchAndValueNotAllowed() throws IOException {
        set(0, "code", "zz9");
        Validation.Outcome o = run();
        assertThat(o.anomalies()).extracting(Check::name)
                .containsExactlyInAnyOrder("PATTERN_MISMATCH:code", "VALUE_NOT_ALLOWED:code");
        set(0, "code", "EF3");
        assertThat(run().anomalies()).extracting(Check::name).containsExactly("VALUE_NOT_ALLOWED:code");
    }

    @Test
    void notUnique() throws IOException {
        set(5, "id", "1");
        only(run(), Anomaly.NOT_UNIQUE, "id");
    }

    @Test
    void userCriticalityAndOff() throws IOException {
        addColumn("zip", "1");
        set(4, "age", "150");
        Validation.Outcome o = run(AnomalyPolicy.of(Map.of("UNEXPECTED_COLUMN", "note", "OUT_OF_RANGE", "OFF"),
                "anomalyCriticality"));
        assertThat(o.anomalies()).extracting(Check::name).containsExactly("UNEXPECTED_COLUMN:zip");
        assertThat(o.anomalies().get(0).criticality()).isEqualTo(Criticality.NOTE);
        assertThat(o.checks()).noneMatch(c -> c.name().startsWith("OUT_OF_RANGE"));
        assertThatThrownBy(() -> AnomalyPolicy.of(Map.of("NO_SUCH_CODE", "NOTE"), "anomalyCriticality"))
                .isInstanceOf(InputException.class).hasMessageContaining("unknown anomaly code 'NO_SUCH_CODE'");
        assertThatThrownBy(() -> AnomalyPolicy.of(Map.of("TYPE_MISMATCH", "LOUD"), "anomalyCriticality"))
                .isInstanceOf(InputException.class).hasMessageContaining("NOTE, UNSTABLE, ERROR, FAILURE");
    }

    @Test
    void malformedSchemasAreInputErrors() throws IOException {
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"columns\": [{\"name\": \"a\", \"type\": \"WORD\"}]}");
        assertThatThrownBy(() -> Schema.load(bad)).isInstanceOf(InputException.class).hasMessageContaining("WORD");
        Files.writeString(bad, "{\"columns\": [{\"name\": \"a\", \"type\": \"INTEGER\", \"maxMising\": 0.1}]}");
        assertThatThrownBy(() -> Schema.load(bad)).isInstanceOf(InputException.class)
                .hasMessageContaining("unknown field 'maxMising'");
        Files.writeString(bad, "{\"columns\": [{\"name\": \"a\", \"type\": \"int\", \"pattern\": \"[a-\"}]}");
        assertThatThrownBy(() -> Schema.load(bad)).isInstanceOf(InputException.class)
                .hasMessageContaining("pattern is not a valid regular expression");
        Files.writeString(bad, "{\"columns\": [{\"name\": \"a\", \"type\": \"DOUBLE\", \"maxMissingRatio\": 1.5}]}");
        assertThatThrownBy(() -> Schema.load(bad)).isInstanceOf(InputException.class)
                .hasMessageContaining("a.maxMissingRatio is 1.5; expected a ratio between 0 and 1");
    }

    @Test
    void anomalyOutcomesAreFailedChecks() throws IOException {
        set(0, "color", "purple");
        assertThat(run().anomalies()).allMatch(c -> c.outcome() == CheckOutcome.FAILED);
    }
}
