package io.mlsteps.spark;

import io.mlsteps.data.DatasetProfile;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.steps.CheckDriftRequest;
import io.mlsteps.contract.steps.ValidateDataRequest;
import io.mlsteps.drift.CheckDriftStep;
import io.mlsteps.step.StepContext;
import io.mlsteps.run.StepRunner;
import io.mlsteps.testing.Req;
import io.mlsteps.testing.SharedData;
import io.mlsteps.util.StepLog;
import io.mlsteps.validate.Schema;
import io.mlsteps.validate.ValidateDataStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * validateData and checkDrift with {@code engine: 'spark'} (local[2], files read in several partitions) give the
 * report the single-process engine gives: the same checks with the same outcomes, counts, example lines and
 * values, the same metrics. The steps reuse the test class's session.
 */
class SparkStepsTest extends LocalSparkTest {

    @Test
    void validateDataOnSparkGivesTheLocalChecksAndLines(@TempDir Path dir) throws Exception {
        Path train = SharedData.require("adult/adult_train.csv");
        Schema.infer(DatasetProfile.compute(train, ReadOptions.defaults(), StepLog.silent(), 2), Schema.InferOptions.defaults())
                .save(dir.resolve("schema.json"));
        // anomalies in both partitions of the file: text in a number column, out of range, a new category
        List<String> lines = new ArrayList<>(Files.readAllLines(SharedData.require("adult/adult_test.csv")));
        lines.set(9, lines.get(9).replaceFirst("^\\d+,", "forty,"));
        lines.set(15_000, lines.get(15_000).replaceFirst("^\\d+,", "150,"));
        lines.set(15_001, lines.get(15_001).replaceFirst(",Private,", ",Astronaut,"));
        Path data = Files.write(dir.resolve("fresh.csv"), lines);

        StepResult local = validate(dir, data, null);
        StepResult spark = validate(dir, data, "spark");
        assertThat(spark.getStatus()).isEqualTo(local.getStatus());
        assertSameChecks(spark, local);
        Check typeMismatch = find(spark, "TYPE_MISMATCH:age");
        assertThat(typeMismatch.details().get("exampleLines")).isEqualTo(List.of(10L));
        assertThat(find(spark, "OUT_OF_RANGE:age").details().get("exampleLines")).isEqualTo(List.of(15_001L));
        assertThat(spark.getMetrics()).containsOnlyKeys(local.getMetrics().keySet());
        local.getMetrics().forEach((k, v) -> assertThat(spark.getMetrics().get(k)).as(k).isCloseTo(v, within(1e-12)));
    }

    @Test
    void checkDriftOnSparkGivesTheLocalReport(@TempDir Path dir) throws Exception {
        StepResult local = drift(dir, null, "adult/adult_train.csv", "adult/adult_test.csv");
        StepResult spark = drift(dir, "spark", "adult/adult_train.csv", "adult/adult_test.csv");
        assertThat(spark.getStatus()).isEqualTo(local.getStatus());
        assertSameChecks(spark, local);
        assertThat(spark.getMetrics()).containsOnlyKeys(local.getMetrics().keySet());
        local.getMetrics().forEach((k, v) -> assertThat(spark.getMetrics().get(k)).as(k).isCloseTo(v, within(1e-9 * Math.max(1, Math.abs(v)))));
    }

    @Test
    void performanceDriftWithLabelsOnSparkEqualsTheLocalOne(@TempDir Path dir) throws Exception {
        // a column of predictions beside the label: right for 4 rows of 5 in the reference, 3 of 5 in the current data
        Path reference = withPredictions(dir.resolve("ref.csv"), "adult/adult_train.csv", 5);
        Path current = withPredictions(dir.resolve("cur.csv"), "adult/adult_test.csv", 2);
        StepResult local = drift(dir, null, reference.toString(), current.toString(), "income", "prediction");
        StepResult spark = drift(dir, "spark", reference.toString(), current.toString(), "income", "prediction");
        assertThat(local.getMetrics()).containsKey("accuracy");
        assertThat(spark.getMetrics().get("accuracy")).isEqualTo(local.getMetrics().get("accuracy"));
        assertSameChecks(spark, local);
    }

    private static Path withPredictions(Path out, String data, int wrongEvery) throws IOException {
        List<String> lines = Files.readAllLines(SharedData.require(data));
        List<String> result = new ArrayList<>(List.of(lines.get(0) + ",prediction"));
        for (int i = 1; i < lines.size(); i++) {
            String label = lines.get(i).substring(lines.get(i).lastIndexOf(',') + 1);
            result.add(lines.get(i) + "," + (i % wrongEvery == 0 ? (label.startsWith("<") ? ">50K" : "<=50K") : label));
        }
        return Files.write(out, result);
    }

    private static StepResult validate(Path dir, Path data, String engineName) throws Exception {
        ValidateDataRequest q = Req.of(ValidateDataRequest.class).set("data", data.toString())
                .set("schema", dir.resolve("schema.json").toString()).set("engine", engineName)
                .set("sparkMaster", engineName != null ? "local[2]" : null).build();
        return new StepRunner().run(new ValidateDataStep(), q, context(dir, "validate-" + engineName));
    }

    private static StepResult drift(Path dir, String engineName, String reference, String current) throws Exception {
        return drift(dir, engineName, SharedData.require(reference).toString(), SharedData.require(current).toString(), null, null);
    }

    private static StepResult drift(Path dir, String engineName, String reference, String current, String label,
                                    String prediction) throws Exception {
        CheckDriftRequest q = Req.of(CheckDriftRequest.class).set("reference", reference).set("current", current)
                .set("referenceCache", false).set("charts", false).set("labelColumn", label)
                .set("predictionColumn", prediction).set("engine", engineName)
                .set("sparkMaster", engineName != null ? "local[2]" : null).build();
        return new StepRunner().run(new CheckDriftStep(), q, context(dir, "drift-" + engineName + System.nanoTime()));
    }

    private static StepContext context(Path dir, String name) {
        return new StepContext(dir, dir.resolve(name), new StepLog(System.out, name, false), Map.of());
    }

    static Check find(StepResult r, String name) {
        return r.getChecks().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + r.getChecks().stream().map(Check::name).toList()));
    }

    static void assertSameChecks(StepResult spark, StepResult local) {
        assertThat(spark.getChecks().stream().map(Check::name).toList())
                .containsExactlyInAnyOrderElementsOf(local.getChecks().stream().map(Check::name).toList());
        for (Check l : local.getChecks()) {
            Check s = find(spark, l.name());
            assertThat(s.outcome()).as(l.name()).isEqualTo(l.outcome());
            if (l.observed() instanceof Number n) {
                // a distinct count is an HLL estimate once a column has many values: equal within its error
                double tolerance = l.name().startsWith("CONSTANT_COLUMN:") ? 0.05 : 1e-9;
                assertThat(((Number) s.observed()).doubleValue()).as(l.name())
                        .isCloseTo(n.doubleValue(), within(tolerance * Math.max(1, Math.abs(n.doubleValue()))));
            } else {
                assertThat(s.observed()).as(l.name()).isEqualTo(l.observed());
            }
            assertThat(s.details().get("exampleLines")).as(l.name()).isEqualTo(l.details().get("exampleLines"));
            assertThat(s.details().get("exampleValues")).as(l.name()).isEqualTo(l.details().get("exampleValues"));
        }
    }
}
