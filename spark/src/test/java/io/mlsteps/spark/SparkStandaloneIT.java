package io.mlsteps.spark;

import io.mlsteps.data.DatasetProfile;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.contract.steps.CheckDriftRequest;
import io.mlsteps.testing.Req;
import io.mlsteps.drift.CheckDriftStep;
import io.mlsteps.engine.EngineChoice;
import io.mlsteps.engine.ProfileScan;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.run.StepRunner;
import io.mlsteps.testing.SharedData;
import io.mlsteps.util.StepLog;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The distributed path end to end: a standalone cluster on loopback (a master and two workers, each a JVM of its
 * own, executors started by the workers), the job jar shipped to the executors by {@code spark.jars}, the scan's
 * functions and sinks serialised to them, and partial profiles from both executors merged here. Runs after the job
 * jar is packaged ({@code mvn verify}); skips with the reason where the cluster cannot start.
 */
@Timeout(600)
class SparkStandaloneIT {
    static final Path JOB_JAR = Path.of("target", "mlsteps-spark.jar").toAbsolutePath();
    static final Path SPARK_JARS = Path.of("target", "spark-jars").toAbsolutePath();

    static StandaloneCluster cluster;
    static SparkEngine engine;
    static final Set<String> executorsThatRanTasks = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isRegularFile(JOB_JAR) && Files.isDirectory(SPARK_JARS),
                "skipped: the job jar and Spark's jars are made by mvn package (target/mlsteps-spark.jar, target/spark-jars)");
        Path dir = Files.createTempDirectory("mlsteps-spark-cluster");
        try {
            cluster = StandaloneCluster.start(SPARK_JARS, dir, 2, "1g", 180);
        } catch (IllegalStateException e) {
            assumeTrue(false, "skipped: the standalone cluster could not start: " + e.getMessage());
        }
        Map<String, String> conf = new LinkedHashMap<>(SparkTesting.testConf());
        conf.put("spark.jars", JOB_JAR.toString());
        conf.put("spark.driver.host", "127.0.0.1");
        conf.put("spark.driver.bindAddress", "127.0.0.1");
        conf.put("spark.executor.memory", "640m");
        conf.put("spark.executor.cores", "1");
        conf.put("spark.cores.max", "2");
        conf.put("spark.sql.files.maxPartitionBytes", "524288"); // adult_train: 7 partitions over two executors
        conf.put("spark.locality.wait", "0");
        engine = SparkEngine.start(EngineChoice.of("spark", cluster.masterUrl(), conf, Map.of()), new StepLog(System.out, "cluster", false));
        engine.session().sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                executorsThatRanTasks.add(end.taskInfo().executorId());
            }
        });
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aProfileMadeOnTwoExecutorsEqualsTheEngines() {
        Path file = SharedData.require("adult/adult_train.csv");
        DatasetProfile local = DatasetProfile.compute(file, ReadOptions.defaults(), StepLog.silent(), 2);
        executorsThatRanTasks.clear();
        DatasetProfile spark = engine.scan(SparkTesting.source(file), new ProfileScan(), new StepLog(System.out, "cluster", false));
        SparkProfileTest.assertSameProfile(spark, local, true);
        assertThat(executorsThatRanTasks).as("executors that profiled partitions").hasSizeGreaterThanOrEqualTo(2)
                .doesNotContain("driver");
    }

    @Test
    void checkDriftOnTheClusterGivesTheLocalReport(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        StepResult local = drift(dir, null);
        StepResult spark = drift(dir, cluster.masterUrl());
        assertThat(spark.getStatus()).isEqualTo(local.getStatus());
        SparkStepsTest.assertSameChecks(spark, local);
        local.getMetrics().forEach((k, v) -> assertThat(spark.getMetrics().get(k)).as(k).isCloseTo(v, within(1e-9 * Math.max(1, Math.abs(v)))));
    }

    @Test
    void predictOnTheClusterScoresEveryRowAsTheLocalEngine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        StepLog log = new StepLog(System.out, "train", false);
        new StepRunner().run(new io.mlsteps.train.TrainModelStep(), Req.of(io.mlsteps.contract.steps.TrainModelRequest.class)
                .set("data", SharedData.require("small/penguins.csv").toString()).set("labelColumn", "species").build(),
                new StepContext(dir, dir.resolve("train"), log, Map.of()));
        SparkPredictTest.model = dir.resolve("train/model.tribuo");
        Path data = Files.write(dir.resolve("penguins-with-id.csv"), SparkPredictTest.penguins(0, 100, null));
        SparkPredictTest.run(dir, "local", SparkPredictTest.request(data, null).set("output", dir.resolve("local.csv").toString()));
        executorsThatRanTasks.clear();
        StepResult spark = SparkPredictTest.run(dir, "cluster", SparkPredictTest.request(data, null).set("engine", "spark")
                .set("sparkMaster", cluster.masterUrl()).set("output", dir.resolve("cluster.parquet").toString()));
        assertThat(executorsThatRanTasks).as("executors that scored partitions").hasSizeGreaterThanOrEqualTo(2)
                .doesNotContain("driver");
        assertThat(spark.getMetrics().get("predicted_rows")).isEqualTo(344 * 100.0);
        var session = engine.session();
        Map<String, org.apache.spark.sql.Row> expected = new java.util.HashMap<>();
        session.read().option("header", "true").csv(dir.resolve("local.csv").toString()).collectAsList()
                .forEach(r -> expected.put(r.getAs("id"), r));
        var rows = session.read().parquet(dir.resolve("cluster.parquet").toString()).collectAsList();
        assertThat(rows).hasSize(expected.size());
        for (var r : rows) {
            var e = expected.get(r.<String>getAs("id"));
            assertThat(r.<String>getAs("prediction")).isEqualTo(e.<String>getAs("prediction"));
            for (String c : SparkPredictTest.CLASSES) {
                assertThat(r.<Double>getAs("score:" + c)).isEqualTo(Double.parseDouble(e.getAs("score:" + c)));
            }
        }
    }

    private static StepResult drift(Path dir, String master) throws Exception {
        CheckDriftRequest q = Req.of(CheckDriftRequest.class)
                .set("reference", SharedData.require("adult/adult_train.csv").toString())
                .set("current", SharedData.require("adult/adult_test.csv").toString())
                .set("referenceCache", false).set("charts", false)
                .set("engine", master != null ? "spark" : null).set("sparkMaster", master).build();
        String name = "drift-" + (master == null ? "local" : "cluster");
        return new StepRunner().run(new CheckDriftStep(), q, new StepContext(dir, dir.resolve(name), new StepLog(System.out, name, false), Map.of()));
    }
}
