package io.mlsteps.engine;

import io.mlsteps.contract.steps.CheckDriftRequest;
import io.mlsteps.contract.steps.ValidateDataRequest;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.drift.CheckDriftStep;
import io.mlsteps.testing.Req;
import io.mlsteps.validate.ValidateDataStep;
import io.mlsteps.util.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a data argument means to a distributed engine: location, format, and the errors for bad ones. */
class DataSourceTest {
    private static DataSource of(String location, String format, Path workDir) {
        return DataSource.of(location, format, ReadOptions.defaults(), workDir, "data");
    }

    @Test
    void formatsFromNamesAndFolders(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.tsv.gz"), "");
        Files.writeString(dir.resolve("b.csv"), "");
        Path parquet = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(parquet.resolve("_SUCCESS"), "");
        Files.writeString(parquet.resolve("part-00000.snappy.parquet"), "");
        assertThat(of("a.tsv.gz", null, dir).format()).isEqualTo("tsv");
        assertThat(of("b.csv", "auto", dir).format()).isEqualTo("csv");
        assertThat(of("logs", null, dir).format()).isEqualTo("parquet");
        assertThat(of("logs", null, dir).location()).isEqualTo(parquet.toAbsolutePath().toString());
        assertThat(of("s3a://bucket/2024-11/events.jsonl", null, dir).format()).isEqualTo("jsonl");
        assertThat(of("s3a://bucket/2024-11/", "PARQUET", dir).format()).isEqualTo("parquet");
        assertThat(of("hdfs:///x/y.parquet", null, dir).location()).isEqualTo("hdfs:///x/y.parquet");
        assertThat(of("sales.events", "table", dir).location()).isEqualTo("sales.events");
        assertThat(of("s3a://b/t", "orc", dir).format()).isEqualTo("orc");
    }

    @Test
    void badArgumentsAreNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> of("nowhere.csv", null, dir)).isInstanceOf(InputException.class)
                .hasMessageContaining("nowhere.csv").hasMessageContaining("file not found");
        assertThatThrownBy(() -> of("x", "Not A Format!", dir)).isInstanceOf(InputException.class)
                .hasMessageContaining("format");
        assertThatThrownBy(() -> of(" ", null, dir)).isInstanceOf(InputException.class).hasMessageContaining("data");
    }

    @Test
    void engineChoicesAndTheirMistakes() {
        assertThat(EngineChoice.of(null, null, null, Map.of()).isLocal()).isTrue();
        assertThat(EngineChoice.of("Spark", null, null, Map.of()).master()).isEqualTo(EngineChoice.DEFAULT_MASTER);
        assertThat(EngineChoice.of("spark", null, Map.of("spark.master", "yarn"), Map.of()).master()).isEqualTo("yarn");
        assertThat(EngineChoice.of("spark", "local[2]", null, Map.of(EngineChoice.MASTER_ENV, "yarn")).master()).isEqualTo("local[2]");
        // Spark Connect is refused up front with what to use instead (docs/spark.md#spark-connect)
        assertThatThrownBy(() -> EngineChoice.of("spark", "sc://h:15002", null, Map.of())).isInstanceOf(InputException.class)
                .hasMessageContaining("sparkMaster").hasMessageContaining("sc://h:15002")
                .hasMessageContaining("Spark Connect").hasMessageContaining("spark://HOST:7077")
                .hasMessageContaining("spark-submit");
        assertThatThrownBy(() -> EngineChoice.of("local", "local[2]", null, Map.of())).isInstanceOf(InputException.class)
                .hasMessageContaining("sparkMaster").hasMessageContaining("engine: 'spark'");
        assertThatThrownBy(() -> EngineChoice.of("spark", "local[0]", null, Map.of())).isInstanceOf(InputException.class)
                .hasMessageContaining("local[0]");
    }

    @Test
    void anEngineNotOnTheClassPathSaysHowToAddIt() {
        assertThatThrownBy(() -> DataEngines.open(EngineChoice.of("spark", null, null, Map.of()), io.mlsteps.util.StepLog.silent()))
                .isInstanceOf(InputException.class).hasMessageContaining("engine").hasMessageContaining("SPARK_HOME")
                .hasMessageContaining("docs/spark.md");
    }

    @Test
    void theStepsTakeTheContractsEngineArguments() {
        ValidateDataRequest validate = Req.of(ValidateDataRequest.class).set("data", "s3a://b/events/").set("schema", "s.json")
                .set("engine", "SPARK").set("sparkMaster", "spark://h:7077").put("sparkConf", "spark.executor.memory", "4g")
                .set("format", "parquet").build();
        EngineChoice choice = EngineChoice.of(validate.engine(), Map.of());
        assertThat(choice.master()).isEqualTo("spark://h:7077");
        assertThat(choice.conf()).containsEntry("spark.executor.memory", "4g");
        // the format is the engine's to resolve: Parquet passes here, not for the local readers
        assertThat(ValidateDataStep.readOptions(validate).format()).isEqualTo("auto");
        ValidateDataRequest local = Req.of(ValidateDataRequest.class).set("data", "x.parquet").set("schema", "s.json")
                .set("format", "parquet").build();
        assertThatThrownBy(() -> ValidateDataStep.readOptions(local)).isInstanceOf(InputException.class)
                .hasMessageContaining("format").hasMessageContaining("needs engine: 'spark'");

        CheckDriftRequest drift = Req.of(CheckDriftRequest.class).set("reference", "a").set("current", "b").build();
        assertThat(EngineChoice.of(drift.engine(), Map.of()).isLocal()).isTrue();
        assertThat(EngineChoice.of(drift.engine(), Map.of(EngineChoice.MASTER_ENV, "yarn")).isLocal()).isTrue();
        CheckDriftRequest misplaced = Req.of(CheckDriftRequest.class).set("reference", "a").set("current", "b")
                .put("sparkConf", "spark.executor.cores", 2).build();
        assertThatThrownBy(() -> EngineChoice.of(misplaced.engine(), Map.of())).isInstanceOf(InputException.class)
                .hasMessageContaining("sparkConf").hasMessageContaining("engine: 'spark'");
        assertThatThrownBy(() -> Req.of(CheckDriftRequest.class).set("reference", "a").set("current", "b")
                .set("engine", "flink").build()).isInstanceOf(InputException.class).hasMessageContaining("engine");
        assertThat(CheckDriftStep.readOptions(drift).format()).isEqualTo("auto");
    }
}
