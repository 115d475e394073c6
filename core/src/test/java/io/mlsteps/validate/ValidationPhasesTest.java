package io.mlsteps.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.testing.PythonOracle;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * How validation judges what its pass found, phase by phase: the dataset-wide checks, the data's columns against
 * the schema, each column's constraints and their tolerances, the label's balance; what is left out on empty data;
 * the order of checks and metrics; the ratios against pandas.
 */
class ValidationPhasesTest {
    @TempDir
    Path dir;

    private Validation.Outcome validate(String schemaJson, String... lines) throws Exception {
        Files.writeString(dir.resolve("schema.json"), schemaJson);
        Files.write(dir.resolve("data.csv"), List.of(lines));
        return Validation.run(dir.resolve("data.csv"), ReadOptions.defaults(), Schema.load(dir.resolve("schema.json")),
                AnomalyPolicy.defaults(), StepLog.silent(), 1);
    }

    private static String schema(String top, String columns) {
        return "{\"schemaVersion\": 1, \"kind\": \"mlsteps-schema\"" + (top.isEmpty() ? "" : ", " + top)
                + ", \"columns\": [" + columns + "]}";
    }

    private static Check check(Validation.Outcome o, String name) {
        return o.checks().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + o.checks()));
    }

    @Test
    void emptyDataIsOneAnomalyAndNoColumnIsJudgedOnNoRows() throws Exception {
        Validation.Outcome o = validate(schema("\"minRows\": 10, \"maxDuplicateRatio\": 0",
                "{\"name\": \"x\", \"type\": \"INTEGER\", \"min\": 0, \"max\": 1, \"maxMissingRatio\": 0}"), "x");
        assertThat(o.checks()).extracting(Check::name).containsExactly("EMPTY_DATASET", "MISSING_COLUMN:x");
        assertThat(check(o, "EMPTY_DATASET").message()).isEqualTo("The data has no rows.");
        assertThat(o.metrics()).containsExactly(Map.entry("rows", 0.0), Map.entry("anomalies", 1.0));
        assertThat(o.has(Anomaly.TOO_FEW_ROWS)).as("empty is said once").isFalse();
    }

    @Test
    void checksAndMetricsKeepTheirOrderFromDatasetToColumnsToLabel() throws Exception {
        Validation.Outcome o = validate(schema("\"minRows\": 2, \"maxDuplicateRatio\": 0.5, "
                        + "\"label\": {\"column\": \"y\", \"minClassRatio\": 0.1}",
                "{\"name\": \"x\", \"type\": \"DOUBLE\", \"min\": 0, \"max\": 10, \"maxMissingRatio\": 0.5},"
                        + "{\"name\": \"y\", \"type\": \"CATEGORICAL\", \"domain\": [\"a\", \"b\"]}"),
                "x,y", "1,a", "2,b", "3,a", "4,b");
        assertThat(o.checks()).extracting(Check::name).containsExactly("EMPTY_DATASET", "TOO_FEW_ROWS",
                "DUPLICATE_ROWS", "MISSING_COLUMN:x", "MISSING_RATIO_ABOVE:x", "TYPE_MISMATCH:x", "NAN_OR_INFINITE:x",
                "OUT_OF_RANGE:x", "CONSTANT_COLUMN:x", "MISSING_COLUMN:y", "UNSEEN_CATEGORY:y", "CONSTANT_COLUMN:y",
                "LABEL_IMBALANCE:y");
        assertThat(o.metrics().keySet()).containsExactly("rows", "duplicate_ratio", "missing_ratio[x]",
                "type_mismatch_ratio[x]", "out_of_range_ratio[x]", "missing_ratio[y]", "unseen_ratio[y]",
                "min_class_ratio[y]", "anomalies");
        assertThat(o.anomalies()).isEmpty();
        assertThat(o.checks()).allSatisfy(c -> assertThat(c.details()).containsKey("code"));
    }

    @Test
    void anOptionalColumnMayBeMissingARequiredOneMayNot() throws Exception {
        Validation.Outcome o = validate(schema("",
                "{\"name\": \"a\", \"type\": \"INTEGER\"},"
                        + "{\"name\": \"opt\", \"type\": \"INTEGER\", \"required\": false},"
                        + "{\"name\": \"req\", \"type\": \"INTEGER\", \"required\": true}"),
                "a", "1", "2");
        Check optional = check(o, "MISSING_COLUMN:opt");
        assertThat(optional.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(optional.observed()).isEqualTo("absent");
        assertThat(optional.message()).isEqualTo("Column 'opt' is missing from the data (optional).");
        Check required = check(o, "MISSING_COLUMN:req");
        assertThat(required.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(required.message()).isEqualTo("Column 'req' is missing from the data; the schema requires it.");
        assertThat(o.metrics()).doesNotContainKeys("missing_ratio[opt]", "missing_ratio[req]");
    }

    @Test
    void unexpectedColumnsMayBeAllowedAndNoBannedColumnIsAPassedCheck() throws Exception {
        Validation.Outcome o = validate(schema("\"allowUnexpectedColumns\": true, \"bannedColumns\": [\"ssn\"]",
                "{\"name\": \"a\", \"type\": \"INTEGER\"}"), "a,extra", "1,x", "2,y");
        Check extra = check(o, "UNEXPECTED_COLUMN:extra");
        assertThat(extra.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(extra.message()).isEqualTo("Column 'extra' is not in the schema (allowed by allowUnexpectedColumns).");
        Check banned = check(o, "BANNED_COLUMN");
        assertThat(banned.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(banned.message()).isEqualTo("No banned column (ssn) is present.");
    }

    @Test
    void valuesWithinTheToleranceAreNamedButPass() throws Exception {
        List<String> lines = new ArrayList<>(List.of("x,c"));
        for (int i = 0; i < 98; i++) {
            lines.add((i % 10) + "," + (i % 2 == 0 ? "red" : "blue"));
        }
        lines.add("50,red");
        lines.add("3,green");
        Validation.Outcome o = validate(schema("", "{\"name\": \"x\", \"type\": \"INTEGER\", \"min\": 0, \"max\": 9, "
                        + "\"maxOutOfRangeRatio\": 0.02},"
                        + "{\"name\": \"c\", \"type\": \"CATEGORICAL\", \"domain\": [\"red\", \"blue\"], \"maxUnseenRatio\": 0.01}"),
                lines.toArray(String[]::new));
        Check range = check(o, "OUT_OF_RANGE:x");
        assertThat(range.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(range.expected()).isEqualTo("<= 0.02");
        assertThat(range.message()).isEqualTo("Column 'x' stays within [0, 9] except 1 values within the tolerance of 2.0%.");
        Check unseen = check(o, "UNSEEN_CATEGORY:c");
        assertThat(unseen.outcome()).as("1 of 100 is the tolerance, not above it").isEqualTo(CheckOutcome.PASSED);
        assertThat(unseen.message()).isEqualTo("Column 'c' stays within its domain except 1 rare new values within the "
                + "tolerance of 1.0%.");
        assertThat(o.metrics()).containsEntry("out_of_range_ratio[x]", 0.01).containsEntry("unseen_ratio[c]", 0.01);
    }

    @Test
    void beyondTheToleranceTheFindingNamesExampleValuesAndLines() throws Exception {
        Validation.Outcome o = validate(schema("", "{\"name\": \"x\", \"type\": \"DOUBLE\", \"min\": 0, \"max\": 1}"),
                "x", "0.5", "1.5", "0.25", "-2", "7e3");
        Check range = check(o, "OUT_OF_RANGE:x");
        assertThat(range.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(range.message()).isEqualTo("Column 'x' has 3 values (60.0%) outside [0, 1] (observed -2 to 7000), "
                + "e.g. '1.5', '-2', '7e3' at lines 3, 5, 6.");
        assertThat(range.details()).containsEntry("count", 3L).containsEntry("exampleLines", List.of(3L, 5L, 6L));
    }

    @Test
    void nanAllowedByTheSchemaPasses() throws Exception {
        String column = "{\"name\": \"x\", \"type\": \"DOUBLE\", \"allowNanOrInfinite\": %s}";
        Validation.Outcome allowed = validate(schema("", column.formatted("true")), "x", "1", "NaN", "Infinity", "2");
        Check c = check(allowed, "NAN_OR_INFINITE:x");
        assertThat(c.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(c.message()).isEqualTo("Column 'x' has no NaN or infinite value beyond what the schema allows.");
        Validation.Outcome forbidden = validate(schema("", column.formatted("false")), "x", "1", "NaN", "Infinity", "2");
        assertThat(check(forbidden, "NAN_OR_INFINITE:x").outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(check(forbidden, "NAN_OR_INFINITE:x").message()).startsWith("Column 'x' has 2 NaN or infinite values");
    }

    @Test
    void aColumnOfOnlyMissingValuesIsConstantAndSaysSo() throws Exception {
        Validation.Outcome o = validate(schema("", "{\"name\": \"a\", \"type\": \"INTEGER\"},"
                + "{\"name\": \"empty\", \"type\": \"CATEGORICAL\"}"), "a,empty", "1,", "2,", "3,");
        Check c = check(o, "CONSTANT_COLUMN:empty");
        assertThat(c.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(c.message()).isEqualTo("Column 'empty' is constant (all values missing).");
        assertThat(check(o, "CONSTANT_COLUMN:a").message()).isEqualTo("Column 'a' varies (3 distinct values).");
        assertThat(o.metrics()).containsEntry("missing_ratio[empty]", 1.0);
    }

    @Test
    void oneRowIsNeverConstantAndAllowConstantSkipsTheCheck() throws Exception {
        Validation.Outcome single = validate(schema("", "{\"name\": \"a\", \"type\": \"INTEGER\"}"), "a", "7");
        assertThat(single.checks()).noneMatch(c -> c.name().startsWith("CONSTANT_COLUMN"));
        Validation.Outcome allowed = validate(schema("", "{\"name\": \"a\", \"type\": \"INTEGER\", \"allowConstant\": true}"),
                "a", "7", "7", "7");
        assertThat(allowed.checks()).noneMatch(c -> c.name().startsWith("CONSTANT_COLUMN"));
        assertThat(allowed.anomalies()).isEmpty();
    }

    @Test
    void uniqueValuesPassAndRepeatsAreCounted() throws Exception {
        Validation.Outcome o = validate(schema("", "{\"name\": \"id\", \"type\": \"INTEGER\", \"unique\": true}"),
                "id", "1", "2", "3", "", "");
        Check c = check(o, "NOT_UNIQUE:id");
        assertThat(c.outcome()).as("missing cells do not repeat").isEqualTo(CheckOutcome.PASSED);
        assertThat(c.message()).isEqualTo("All present values of column 'id' are unique.");
        Validation.Outcome repeated = validate(schema("", "{\"name\": \"id\", \"type\": \"INTEGER\", \"unique\": true}"),
                "id", "1", "2", "1", "1");
        assertThat(check(repeated, "NOT_UNIQUE:id").message())
                .isEqualTo("Column 'id' repeats values: 2 present values repeat an earlier one.");
    }

    @Test
    void aClassOfTheDomainNeverSeenIsTheRarestWithShareZero() throws Exception {
        Validation.Outcome o = validate(schema("\"label\": {\"column\": \"y\", \"minClassRatio\": 0.05}",
                "{\"name\": \"y\", \"type\": \"CATEGORICAL\", \"domain\": [\"a\", \"b\", \"c\"]}"),
                "y", "a", "b", "a", "b");
        Check c = check(o, "LABEL_IMBALANCE:y");
        assertThat(c.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(c.observed()).isEqualTo(0.0);
        assertThat(c.message()).isEqualTo("The rarest class of 'y' is 'c' with 0.0% of the rows, below the 5.0% required.");
        @SuppressWarnings("unchecked")
        Map<String, Long> counts = (Map<String, Long>) c.details().get("classCounts");
        assertThat(counts).containsExactly(Map.entry("a", 2L), Map.entry("b", 2L), Map.entry("c", 0L));
    }

    @Test
    void aSingleClassLabelIsBalancedAgainstItself() throws Exception {
        Validation.Outcome o = validate(schema("\"label\": {\"column\": \"y\", \"minClassRatio\": 0.5}",
                "{\"name\": \"y\", \"type\": \"CATEGORICAL\", \"allowConstant\": true}"), "y", "a", "a", "a");
        assertThat(check(o, "LABEL_IMBALANCE:y").outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(o.metrics()).containsEntry("min_class_ratio[y]", 1.0);
    }

    @Test
    void aLabelWithoutValuesIsNotJudged() throws Exception {
        Validation.Outcome o = validate(schema("\"label\": {\"column\": \"y\", \"minClassRatio\": 0.5}",
                "{\"name\": \"x\", \"type\": \"INTEGER\"}, {\"name\": \"y\", \"type\": \"CATEGORICAL\"}"),
                "x,y", "1,", "2,");
        assertThat(o.checks()).noneMatch(c -> c.name().startsWith("LABEL_IMBALANCE"));
        assertThat(o.metrics()).doesNotContainKey("min_class_ratio[y]");
    }

    @Test
    void tinyRatiosKeepTheirMagnitudeInSentences() {
        assertThat(Validation.pct(0.0004)).isEqualTo("0.040%");
        assertThat(Validation.pct(0.25)).isEqualTo("25.0%");
        assertThat(Validation.pct(0)).isEqualTo("0.0%");
        assertThat(Validation.num(3.0)).isEqualTo("3");
        assertThat(Validation.num(0.1234567)).isEqualTo("0.123457");
        assertThat(Validation.num(null)).isEqualTo("-");
        assertThat(Validation.num(Double.NaN)).isEqualTo("-");
        assertThat(Validation.fmt(1234567)).isEqualTo("1,234,567");
        assertThat(Validation.ratio(3, 0)).isZero();
    }

    @Test
    void checksNameTheMetricTheirObservedValueIs() {
        assertThat(Validation.metric(Anomaly.MISSING_RATIO_ABOVE, "x")).isEqualTo("missing_ratio[x]");
        assertThat(Validation.metric(Anomaly.TOO_FEW_ROWS, null)).isEqualTo("rows");
        assertThat(Validation.metric(Anomaly.LABEL_IMBALANCE, "y")).isEqualTo("min_class_ratio[y]");
        assertThat(Validation.metric(Anomaly.NOT_UNIQUE, "id")).as("a count, not a metric").isNull();
    }

    /** missing_ratio per column and duplicate_ratio are pandas' isna().mean() and duplicated().mean(). */
    @Test
    void ratiosMatchPandas() throws Exception {
        PythonOracle.assumeModules("pandas");
        Random rnd = new Random(3);
        List<String> lines = new ArrayList<>(List.of("a,b,c"));
        for (int i = 0; i < 2000; i++) {
            String a = rnd.nextDouble() < 0.1 ? "" : String.valueOf(rnd.nextInt(5));
            String b = rnd.nextDouble() < 0.3 ? "NA" : "v" + rnd.nextInt(4);
            String c = rnd.nextDouble() < 0.01 ? "" : String.format(Locale.ROOT, "%.1f", rnd.nextInt(3) / 2.0);
            lines.add(a + "," + b + "," + c);
        }
        Validation.Outcome o = validate(schema("\"maxDuplicateRatio\": 1",
                "{\"name\": \"a\", \"type\": \"INTEGER\"}, {\"name\": \"b\", \"type\": \"CATEGORICAL\"},"
                        + "{\"name\": \"c\", \"type\": \"DOUBLE\"}"), lines.toArray(String[]::new));
        JsonNode pandas = PythonOracle.json("""
                import json, pandas as pd
                d = pd.read_csv(%s, keep_default_na=False, na_values=["", "NA", "?", "null"], dtype=str)
                out = {"missing_ratio[" + c + "]": float(d[c].isna().mean()) for c in d.columns}
                out["duplicate_ratio"] = float(d.duplicated().mean())
                print(json.dumps(out))
                """.formatted(Json.toString(dir.resolve("data.csv").toString())));
        pandas.fields().forEachRemaining(e -> assertThat(o.metrics().get(e.getKey())).as(e.getKey())
                .isCloseTo(e.getValue().asDouble(), within(1e-12)));
        assertThat(o.metrics().get("duplicate_ratio")).isGreaterThan(0.5);
    }
}
