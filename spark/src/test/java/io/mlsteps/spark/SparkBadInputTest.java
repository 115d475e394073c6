package io.mlsteps.spark;

import io.mlsteps.data.DatasetProfile;
import io.mlsteps.engine.DataSource;
import io.mlsteps.engine.EngineChoice;
import io.mlsteps.engine.ProfileScan;
import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad input on Spark is a located input error (exit 3), never a stack trace or a hang: a path that does not exist,
 * a table that does not exist, a corrupt Parquet file, files of one folder with different columns (CSV headers,
 * Parquet schemas), a ragged CSV row, a bad master URL, an unreachable master.
 */
class SparkBadInputTest extends LocalSparkTest {

    private static DatasetProfile profile(DataSource source) {
        return engine.scan(source, new ProfileScan(), StepLog.silent());
    }

    @Test
    void aMissingPathIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> SparkTesting.source(dir.resolve("nowhere.csv")))
                .isInstanceOf(InputException.class).hasMessageContaining("nowhere.csv").hasMessageContaining("file not found");
        DataSource remote = new DataSource("file://" + dir.resolve("gone/part.parquet"), "parquet",
                io.mlsteps.data.ReadOptions.defaults());
        assertThatThrownBy(() -> profile(remote)).isInstanceOf(InputException.class)
                .hasMessageContaining("gone/part.parquet").hasMessageContaining("file not found");
    }

    /**
     * Spark's own "Aborting task" line with the stack trace of a step's input error is dropped (the step reports the
     * error once, located); its other errors are logged. Checked on the logging configuration the session runs with.
     */
    @Test
    void sparksLinesAboutTheStepsInputErrorAreDropped() {
        assertThat(engine.session()).isNotNull();
        var utils = (org.apache.logging.log4j.core.Logger) org.apache.logging.log4j.LogManager.getLogger(
                "org.apache.spark.util.Utils");
        var level = org.apache.logging.log4j.Level.ERROR;
        Throwable inTask = new org.apache.spark.SparkException("Job aborted due to stage failure",
                new RuntimeException(new InputException("data.csv:41:3", "expected a number")));
        assertThat(utils.isEnabled(level, null, (Object) "Aborting task", inTask)).isFalse();
        assertThat(utils.isEnabled(level, null, (Object) "Aborting task",
                new org.apache.spark.TaskKilledException("stage cancelled"))).isFalse();
        assertThat(utils.isEnabled(level, null, (Object) "Aborting task", new IllegalStateException("disk full"))).isTrue();
        assertThat(utils.isEnabled(level, null, (Object) "Uncaught exception", (Throwable) null)).isTrue();
        assertThat(InputErrorLogFilter.carriesInputError(new InputException("x", "y"))).isTrue();
        assertThat(InputErrorLogFilter.carriesInputError(new RuntimeException("no cause"))).isFalse();
    }

    @Test
    void anUnknownTableIsNamed() {
        DataSource table = DataSource.of("sales.no_such_table", "table", io.mlsteps.data.ReadOptions.defaults(), Path.of(""), "data");
        assertThatThrownBy(() -> profile(table)).isInstanceOf(InputException.class)
                .hasMessageContaining("sales.no_such_table").hasMessageContaining("no such table");
    }

    @Test
    void aCorruptParquetFileIsNamed(@TempDir Path dir) throws IOException {
        Path folder = writeParquet(dir.resolve("logs"), "a INT, b STRING", "1, 'x'", "2, 'y'");
        Path good = Files.list(folder).filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
        byte[] bytes = Files.readAllBytes(good);
        Path corrupt = folder.resolve("part-99999-corrupt.parquet");
        Files.write(corrupt, java.util.Arrays.copyOf(bytes, bytes.length / 2)); // cut short: no footer
        assertThatThrownBy(() -> profile(SparkTesting.source(folder, "parquet"))).isInstanceOf(InputException.class)
                .hasMessageContaining("part-99999-corrupt.parquet").hasMessageContaining("Parquet");
    }

    @Test
    void parquetFilesWithDifferentColumnsInOneFolderAreAnError(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("mixed");
        writeParquet(folder.resolve("m1"), "a INT, b STRING", "1, 'x'");
        writeParquet(folder.resolve("m2"), "a INT, c DOUBLE", "2, 2.5");
        Path flat = Files.createDirectories(dir.resolve("flat"));
        int i = 0;
        for (Path sub : new Path[]{folder.resolve("m1"), folder.resolve("m2")}) {
            for (Path p : Files.list(sub).filter(p -> p.toString().endsWith(".parquet")).toList()) {
                Files.copy(p, flat.resolve("part-" + i++ + ".parquet"));
            }
        }
        assertThatThrownBy(() -> profile(SparkTesting.source(flat, "parquet"))).isInstanceOf(InputException.class)
                .hasMessageContaining(flat.toString()).hasMessageContaining("do not share one schema");
    }

    @Test
    void csvFilesWithDifferentHeadersInOneFolderAreAnError(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("csvs"));
        Files.writeString(folder.resolve("a.csv"), "x,y\n1,2\n");
        Files.writeString(folder.resolve("b.csv"), "x,z\n3,4\n");
        assertThatThrownBy(() -> profile(SparkTesting.source(folder))).isInstanceOf(InputException.class)
                .hasMessageContaining("b.csv").hasMessageContaining("header differs");
    }

    @Test
    void aRaggedCsvRowIsNamed(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("ragged.csv"), "x,y\n1,2\n3\n");
        // the engine's own reader parses the records on the executors: the local message, with the file's line
        assertThatThrownBy(() -> profile(SparkTesting.source(file))).isInstanceOf(InputException.class)
                .hasMessageContaining("ragged.csv:3:").hasMessageContaining("expected 2 fields but found 1");
    }

    @Test
    void aQuotedLineBreakAcrossASplitsEdgeIsAnErrorAtItsLineNeverAShorterValue(@TempDir Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("id,note,v\n");
        for (int i = 0; i < 200; i++) {
            csv.append(i).append(",plain,").append(i).append('\n');
        }
        int recordStart = csv.length();
        csv.append("200,\"two\nlines\",5\n"); // line 202 and 203
        for (int i = 201; i < 400; i++) {
            csv.append(i).append(",plain,").append(i).append('\n');
        }
        Path file = Files.writeString(dir.resolve("multiline.csv"), csv);
        // a split edge inside the quoted field: the record's first line ends the first split
        engine.session().conf().set("spark.sql.files.maxPartitionBytes", String.valueOf(recordStart + 4));
        try {
            assertThatThrownBy(() -> profile(SparkTesting.source(file))).isInstanceOf(InputException.class)
                    .hasMessageContaining("multiline.csv:202:");
        } finally {
            engine.session().conf().set("spark.sql.files.maxPartitionBytes", SparkTesting.testConf().get("spark.sql.files.maxPartitionBytes"));
        }
    }

    @Test
    void aBadMasterUrlIsNamed() {
        assertThatThrownBy(() -> EngineChoice.of("spark", "spark:/host", Map.of(), Map.of()))
                .isInstanceOf(InputException.class).hasMessageContaining("sparkMaster").hasMessageContaining("spark:/host");
        assertThatThrownBy(() -> EngineChoice.of("flink", null, Map.of(), Map.of()))
                .isInstanceOf(InputException.class).hasMessageContaining("engine");
        assertThatThrownBy(() -> EngineChoice.of("spark", "local[2]", Map.of("executor.memory", "1g"), Map.of()))
                .isInstanceOf(InputException.class).hasMessageContaining("sparkConf");
        assertThat(EngineChoice.of("spark", null, Map.of(), Map.of("MLSTEPS_SPARK_MASTER", "yarn")).master()).isEqualTo("yarn");
        for (String ok : new String[]{"local", "local[4]", "local[*]", "spark://a:7077,b:7077", "yarn", "k8s://https://k:6443"}) {
            assertThat(EngineChoice.of("spark", ok, Map.of(), Map.of()).master()).isEqualTo(ok);
        }
    }

    @Test
    void anUnreachableMasterFailsFastNamingIt() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        long started = System.nanoTime();
        String master = "spark://127.0.0.1:" + port;
        assertThatThrownBy(() -> MasterProbe.check(master)).isInstanceOf(InputException.class)
                .hasMessageContaining(master).hasMessageContaining("cannot reach");
        assertThat((System.nanoTime() - started) / 1e9).isLessThan(MasterProbe.CONNECT_TIMEOUT_MILLIS / 1000.0 + 1);
    }

    /** Writes rows (SQL VALUES) with the given schema as Parquet into a new folder. */
    private static Path writeParquet(Path folder, String schema, String... rows) {
        Dataset<Row> d = engine.session().sql("SELECT * FROM VALUES (" + String.join("), (", rows) + ") AS t("
                + schema.replaceAll(" (INT|STRING|DOUBLE)", "") + ")");
        StringBuilder casts = new StringBuilder();
        for (String col : schema.split(", ")) {
            String[] nt = col.split(" ");
            casts.append(casts.length() == 0 ? "" : ", ").append("CAST(").append(nt[0]).append(" AS ").append(nt[1]).append(") AS ").append(nt[0]);
        }
        d.selectExpr(casts.toString().split(", (?=CAST)")).coalesce(1).write().parquet(folder.toString());
        return folder;
    }
}
