package io.mlsteps.validate;

import io.mlsteps.data.DatasetProfile;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.contract.result.StepStatus;
import io.mlsteps.testing.SharedData;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** The "done when": a schema from adult_train accepts adult_test and catches corrupted copies. */
class AdultValidationTest {
    static Schema schema;
    static Path test;

    @TempDir
    Path tmp;

    @BeforeAll
    static void inferSchema() {
        Path train = SharedData.require("adult/adult_train.csv");
        test = SharedData.require("adult/adult_test.csv");
        DatasetProfile profile = DatasetProfile.compute(train, ReadOptions.defaults(), StepLog.silent());
        schema = Schema.infer(profile, new Schema.InferOptions("income", List.of("ssn", ".*email.*"), List.of(), null));
    }

    static Validation.Outcome validate(Path file) {
        return Validation.run(file, ReadOptions.defaults(), schema, AnomalyPolicy.defaults(), StepLog.silent(), 2);
    }

    static StepStatus status(Validation.Outcome o) {
        return o.checks().stream().map(c -> c.statusEffect()).reduce(StepStatus.SUCCESS, StepStatus::combine);
    }

    @Test
    void inferredSchemaDescribesTheTrainingData() {
        assertThat(schema.columnNames()).hasSize(15).startsWith("age", "workclass");
        assertThat(schema.column("age").type()).isEqualTo(io.mlsteps.data.ColumnType.INTEGER);
        assertThat(schema.column("age").min()).isEqualTo(17.0);
        assertThat(schema.column("age").max()).isEqualTo(90.0);
        assertThat(schema.column("age").maxMissingRatio()).isEqualTo(0.0);
        assertThat(schema.column("workclass").type()).isEqualTo(io.mlsteps.data.ColumnType.CATEGORICAL);
        assertThat(schema.column("workclass").domain()).contains("Private", "State-gov").hasSize(8);
        assertThat(schema.column("workclass").maxMissingRatio()).isBetween(0.0564, 0.1);
        assertThat(schema.label().column()).isEqualTo("income");
        assertThat(schema.label().minClassRatio()).isBetween(0.1, 0.13);
    }

    @Test
    void testSetPassesWithoutFailure() {
        Validation.Outcome o = validate(test);
        assertThat(status(o)).isNotEqualTo(StepStatus.FAILURE);
        assertThat(o.anomalies()).as("anomalies: %s", o.anomalies()).isEmpty();
        assertThat(o.metrics()).containsEntry("rows", 16281.0);
        // fnlwgt has one value above the training maximum: reported but within the rare-value tolerance
        var fnlwgt = o.checks().stream().filter(c -> c.name().equals("OUT_OF_RANGE:fnlwgt")).findFirst().orElseThrow();
        assertThat(fnlwgt.details()).containsEntry("count", 1L);
    }

    @Test
    void droppedColumnIsMissingColumn() throws IOException {
        Path bad = rewrite("dropped.csv", (cells, row) -> dropIndex(cells, 3));
        Validation.Outcome o = validate(bad);
        assertThat(o.has(Anomaly.MISSING_COLUMN, "education")).isTrue();
        assertThat(status(o)).isEqualTo(StepStatus.FAILURE);
        assertThat(o.anomalies()).hasSize(1);
    }

    @Test
    void textInNumericColumnIsTypeMismatch() throws IOException {
        Path bad = rewrite("text.csv", (cells, row) -> {
            if (row % 50 == 7) {
                cells[0] = "forty";
            }
            return cells;
        });
        Validation.Outcome o = validate(bad);
        assertThat(o.has(Anomaly.TYPE_MISMATCH, "age")).isTrue();
        var check = o.anomalies().stream().filter(c -> c.name().equals("TYPE_MISMATCH:age")).findFirst().orElseThrow();
        assertThat(check.details().get("count")).isEqualTo(326L);
        assertThat((List<?>) check.details().get("exampleLines")).first().isEqualTo(9L);
        assertThat(check.message()).contains("'forty'").contains("line");
        assertThat(status(o)).isEqualTo(StepStatus.FAILURE);
    }

    @Test
    void thirtyPercentMissingIsMissingRatioAbove() throws IOException {
        Path bad = rewrite("missing.csv", (cells, row) -> {
            if (row >= 0 && row % 10 < 3) {
                cells[6] = "";
            }
            return cells;
        });
        Validation.Outcome o = validate(bad);
        assertThat(o.has(Anomaly.MISSING_RATIO_ABOVE, "occupation")).isTrue();
        assertThat(o.metrics().get("missing_ratio[occupation]")).isBetween(0.3, 0.36);
        assertThat(o.anomalies()).allMatch(c -> c.name().equals("MISSING_RATIO_ABOVE:occupation"));
    }

    @Test
    void newCategoryFloodIsUnseenCategory() throws IOException {
        Path bad = rewrite("flood.csv", (cells, row) -> {
            if (row >= 0 && row % 5 == 0) {
                cells[1] = "Gig-economy-" + (row % 7);
            }
            return cells;
        });
        Validation.Outcome o = validate(bad);
        assertThat(o.has(Anomaly.UNSEEN_CATEGORY, "workclass")).isTrue();
        assertThat(o.metrics().get("unseen_ratio[workclass]")).isGreaterThan(0.19);
        assertThat(o.anomalies()).allMatch(c -> c.name().equals("UNSEEN_CATEGORY:workclass"));
    }

    /** A copy of adult_test with each record changed; the header is passed with row -1, data rows from 0. */
    private Path rewrite(String name, BiFunction<String[], Integer, String[]> change) throws IOException {
        List<String> lines = Files.readAllLines(test);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            out.add(String.join(",", change.apply(lines.get(i).split(",", -1), i - 1)));
        }
        Path file = tmp.resolve(name);
        Files.write(file, out);
        return file;
    }

    private static String[] dropIndex(String[] cells, int index) {
        List<String> list = new ArrayList<>(Arrays.asList(cells));
        list.remove(index);
        return list.toArray(String[]::new);
    }
}
