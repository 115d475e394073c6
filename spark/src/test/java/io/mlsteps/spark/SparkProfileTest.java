package io.mlsteps.spark;

import io.mlsteps.data.ColumnProfile;
import io.mlsteps.data.DatasetProfile;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.engine.ProfileScan;
import io.mlsteps.testing.SharedData;
import io.mlsteps.util.StepLog;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A profile computed on Spark (local[2], several partitions per file) equals the single-process engine's on the
 * same data: counts, missing, kinds, types, min, max, categories exactly; mean and standard deviation to rounding;
 * quantiles and distinct counts within the sketches' stated error.
 */
class SparkProfileTest extends LocalSparkTest {

    @Test
    void adultCsvProfileEqualsTheEngines() {
        Path file = SharedData.require("adult/adult_train.csv");
        DatasetProfile local = DatasetProfile.compute(file, ReadOptions.defaults(), StepLog.silent(), 2);
        DatasetProfile spark = engine.scan(SparkTesting.source(file), new ProfileScan(), StepLog.silent());
        assertSameProfile(spark, local, true);
    }

    @Test
    void bikeSharingWithDatesEqualsTheEngines() {
        Path file = SharedData.require("drift/bike_sharing_hour.csv");
        DatasetProfile local = DatasetProfile.compute(file, ReadOptions.defaults(), StepLog.silent(), 2);
        DatasetProfile spark = engine.scan(SparkTesting.source(file), new ProfileScan(), StepLog.silent());
        assertSameProfile(spark, local, true);
    }

    @Test
    void parquetAndJsonLinesCopiesProfileAsTheCsv(@TempDir Path dir) {
        Path file = SharedData.require("adult/adult_train.csv");
        DatasetProfile local = DatasetProfile.compute(file, ReadOptions.defaults(), StepLog.silent(), 2);
        Dataset<Row> typed = engine.session().read().option("header", "true").option("inferSchema", "true").csv(file.toString());
        typed.repartition(3).write().parquet(dir.resolve("adult.parquet").toString());
        typed.repartition(3).write().json(dir.resolve("adult-json").toString());

        DatasetProfile parquet = engine.scan(SparkTesting.source(dir.resolve("adult.parquet")), new ProfileScan(), StepLog.silent());
        assertSameProfile(parquet, local, false);
        DatasetProfile json = engine.scan(SparkTesting.source(dir.resolve("adult-json"), "jsonl"), new ProfileScan(), StepLog.silent());
        assertSameProfile(json, local, false);
    }

    @Test
    void partsUnderTheCategoryCapThatExceedItTogetherGiveTheEnginesProfile(@TempDir Path dir) throws java.io.IOException {
        // 6,000 distinct numbers in parts of about 1,500: each part counts them exactly, the whole has too many
        StringBuilder csv = new StringBuilder("id,kind,score\n");
        for (int i = 0; i < 6000; i++) {
            csv.append(i * 7 % 6000).append(',').append(i % 3 == 0 ? "a" : "b").append(',').append(i % 97 / 4.0).append('\n');
        }
        Path file = java.nio.file.Files.writeString(dir.resolve("ids.csv"), csv);
        DatasetProfile local = DatasetProfile.compute(file, ReadOptions.defaults(), StepLog.silent(), 1);
        engine.session().conf().set("spark.sql.files.maxPartitionBytes", "16384");
        try {
            DatasetProfile spark = engine.scan(SparkTesting.source(file), new ProfileScan(), StepLog.silent());
            assertThat(local.column("id").frequentValuesTracked()).isFalse();
            assertSameProfile(spark, local, true);
        } finally {
            engine.session().conf().set("spark.sql.files.maxPartitionBytes", SparkTesting.testConf().get("spark.sql.files.maxPartitionBytes"));
        }
    }

    @Test
    void nonAsciiRowsMarkersWithBlanksAndQuotedCellsProfileAsTheEngine(@TempDir Path dir) throws java.io.IOException {
        // rows with non-ASCII text go to the sinks as Strings, the others as bytes: both must give the engine's profile
        StringBuilder csv = new StringBuilder("city,score,note\n");
        String[] cities = {"Zürich", "Oslo", "São Paulo", "Rome", " NA ", "?", "\"Paris, FR\"", "\"\""};
        for (int i = 0; i < 4000; i++) {
            csv.append(cities[i % cities.length]).append(',').append(i % 11 == 0 ? "NA" : String.valueOf(i % 50 - 7.25))
                    .append(',').append(i % 13 == 0 ? "" : "n" + (i % 5)).append('\n');
        }
        Path file = java.nio.file.Files.writeString(dir.resolve("cities.csv"), csv);
        DatasetProfile local = DatasetProfile.compute(file, ReadOptions.defaults(), StepLog.silent(), 1);
        engine.session().conf().set("spark.sql.files.maxPartitionBytes", "16384");
        try {
            DatasetProfile spark = engine.scan(SparkTesting.source(file), new ProfileScan(), StepLog.silent());
            assertThat(local.column("city").categoryCounts()).containsKeys("Zürich", "São Paulo", "Paris, FR");
            assertSameProfile(spark, local, true);
        } finally {
            engine.session().conf().set("spark.sql.files.maxPartitionBytes", SparkTesting.testConf().get("spark.sql.files.maxPartitionBytes"));
        }
    }

    @Test
    void splitsOwnEveryLineOnceWhateverTheirEdges(@TempDir Path dir) throws java.io.IOException {
        // a folder of files whose lines end differently, cut into splits of 512 bytes: every record is read once
        Path folder = java.nio.file.Files.createDirectories(dir.resolve("parts"));
        StringBuilder a = new StringBuilder("\uFEFFid,city,score\r\n");
        StringBuilder b = new StringBuilder("id,city,score\n");
        for (int i = 0; i < 300; i++) {
            a.append(i).append(',').append(i % 7 == 0 ? "\"Paris, FR\"" : "Oslo").append(',').append(i % 13 - 2.5).append("\r\n");
            b.append(1000 + i).append(',').append(i % 5 == 0 ? "Zürich" : "Rome").append(',').append(i % 3 == 0 ? "NA" : i);
            b.append(i % 50 == 0 ? "\n\n" : "\n");
        }
        java.nio.file.Files.writeString(folder.resolve("a.csv"), a);
        java.nio.file.Files.writeString(folder.resolve("b.csv"), b.substring(0, b.length() - 1)); // no final line feed
        java.nio.file.Files.writeString(folder.resolve("empty.csv"), "");
        Path gz = folder.resolve("c.csv.gz");
        try (var out = new java.io.OutputStreamWriter(new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(gz)),
                java.nio.charset.StandardCharsets.UTF_8)) {
            out.write(b.toString().replace("1000", "2000"));
        }
        ProfileScan scan = new ProfileScan();
        DatasetProfile local = null;
        for (String name : new String[]{"a.csv", "b.csv", "c.csv.gz"}) {
            DatasetProfile part = DatasetProfile.compute(folder.resolve(name), ReadOptions.defaults(), StepLog.silent(), 1);
            local = local == null ? part : scan.merge(local, part);
        }
        engine.session().conf().set("spark.sql.files.maxPartitionBytes", "512");
        try {
            DatasetProfile spark = engine.scan(SparkTesting.source(folder, "csv"), scan, StepLog.silent());
            assertThat(spark.rows()).isEqualTo(900);
            assertSameProfile(spark, local, true);
        } finally {
            engine.session().conf().set("spark.sql.files.maxPartitionBytes", SparkTesting.testConf().get("spark.sql.files.maxPartitionBytes"));
        }
    }

    /** {@code sameRows}: the same rows in the same text, so duplicate rows must agree too. */
    static void assertSameProfile(DatasetProfile spark, DatasetProfile local, boolean sameRows) {
        assertThat(spark.rows()).isEqualTo(local.rows());
        assertThat(spark.columnNames()).containsExactlyInAnyOrderElementsOf(local.columnNames());
        if (sameRows) {
            assertThat((double) spark.duplicateRows()).isCloseTo(local.duplicateRows(), within(0.01 * local.rows() + 1));
        }
        for (ColumnProfile l : local.columns()) {
            ColumnProfile s = spark.column(l.name());
            String what = "column " + l.name();
            assertThat(s.type()).as(what).isEqualTo(l.type());
            assertThat(s.count()).as(what).isEqualTo(l.count());
            assertThat(s.missing()).as(what).isEqualTo(l.missing());
            assertThat(s.kindCounts()).as(what).isEqualTo(l.kindCounts());
            assertThat(s.numericCount()).as(what).isEqualTo(l.numericCount());
            if (l.numericCount() > 0) {
                assertThat(s.min()).as(what).isEqualTo(l.min());
                assertThat(s.max()).as(what).isEqualTo(l.max());
                assertThat(s.mean()).as(what).isCloseTo(l.mean(), within(1e-9 * Math.max(1, Math.abs(l.mean()))));
                if (l.numericCount() > 1) {
                    assertThat(s.stddev()).as(what).isCloseTo(l.stddev(), within(1e-9 * Math.max(1, l.stddev())));
                }
                for (double q : new double[]{0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99}) {
                    // the rank of Spark's quantile in the engine's distribution is q within both sketches' rank error
                    double rank = l.cdf(s.quantile(q));
                    double lower = l.cdf(Math.nextDown(s.quantile(q)));
                    double bound = s.rankError() + l.rankError();
                    assertThat(rank).as(what + " q" + q).isGreaterThanOrEqualTo(q - bound);
                    assertThat(lower).as(what + " q" + q).isLessThanOrEqualTo(q + bound);
                }
            }
            assertThat(s.categoriesExact()).as(what).isEqualTo(l.categoriesExact());
            assertThat(s.frequentValuesTracked()).as(what).isEqualTo(l.frequentValuesTracked());
            if (l.categoriesExact()) {
                assertThat(s.categoryCounts()).as(what).isEqualTo(l.categoryCounts());
                assertThat(s.distinctEstimate()).as(what).isEqualTo(l.distinctEstimate());
            } else {
                // HLL: about 1.6 % relative standard error; 3 sigma
                assertThat(s.distinctEstimate()).as(what).isCloseTo(l.distinctEstimate(), within(0.05 * l.distinctEstimate()));
            }
            assertThat(s.minLength()).as(what).isEqualTo(l.minLength());
            assertThat(s.maxLength()).as(what).isEqualTo(l.maxLength());
        }
    }
}
