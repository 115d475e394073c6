package io.mlsteps.spark;

import io.mlsteps.data.ReadOptions;
import io.mlsteps.engine.DataSource;
import io.mlsteps.engine.EngineChoice;
import io.mlsteps.util.StepLog;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shared set-up of the Spark tests: a local-mode engine on loopback, without UI, with small partitions. */
final class SparkTesting {
    private SparkTesting() {
    }

    /** Settings for tests: small file partitions so that even small files are read in several parts. */
    static Map<String, String> testConf() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.ui.enabled", "false");
        conf.put("spark.sql.shuffle.partitions", "2");
        conf.put("spark.sql.files.maxPartitionBytes", "1048576");
        conf.put("spark.sql.files.openCostInBytes", "0");
        return conf;
    }

    static SparkEngine localEngine() {
        return SparkEngine.start(EngineChoice.of("spark", "local[2]", testConf(), Map.of()), StepLog.silent());
    }

    static DataSource source(Path file) {
        return DataSource.of(file.toString(), "auto", ReadOptions.defaults(), Path.of(""), "data");
    }

    static DataSource source(Path file, String format) {
        return DataSource.of(file.toString(), format, ReadOptions.defaults(), Path.of(""), "data");
    }
}
