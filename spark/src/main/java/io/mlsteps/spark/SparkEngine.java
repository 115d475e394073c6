package io.mlsteps.spark;

import io.mlsteps.data.RowSink;
import io.mlsteps.engine.DataEngine;
import io.mlsteps.engine.DataSource;
import io.mlsteps.engine.EngineChoice;
import io.mlsteps.engine.PartialScan;
import io.mlsteps.engine.ScoreJob;
import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code spark} engine: one Spark session per step run. A scan reads the source with Spark, runs the step's
 * {@link PartialScan} in every partition (the engine's own sinks and sketches, on the executors), brings each
 * partition's sink back in its serialised form and merges them here, in partition order.
 */
public final class SparkEngine implements DataEngine {
    /** Spark setting: seconds to wait for the first executor of a cluster before the step gives up. */
    public static final String EXECUTOR_WAIT = "spark.mlsteps.executorWaitSeconds";
    static final int DEFAULT_EXECUTOR_WAIT_SECONDS = 120;
    /** Seconds between two progress lines of a scan. */
    static final int PROGRESS_SECONDS = 10;

    private static final AtomicLong SCANS = new AtomicLong();

    private final SparkSession session;
    private final EngineChoice choice;
    /** Whether this engine started the session (and stops it when closed). */
    private final boolean owned;

    private SparkEngine(SparkSession session, EngineChoice choice, boolean owned) {
        this.session = session;
        this.choice = choice;
        this.owned = owned;
    }

    /** The session this engine runs on (batch scoring and tests use it directly). */
    public SparkSession session() {
        return session;
    }

    /** Starts a session on the chosen master; an unreachable master or one without executors is an input error. */
    public static SparkEngine start(EngineChoice choice, StepLog log) {
        SparkEngine running = running(choice);
        if (running != null) {
            log.info("spark %s: the session of this process on %s (its settings stay as they were)", running.session.version(),
                    choice.master());
            return running;
        }
        MasterProbe.check(choice.master());
        long started = System.nanoTime();
        SparkSession session = classic(choice);
        SparkEngine engine = new SparkEngine(session, choice, true);
        try {
            engine.awaitExecutor();
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        log.info("spark %s session on %s in %.1fs", session.version(), choice.master(), (System.nanoTime() - started) / 1e9);
        return engine;
    }

    /**
     * The session already running in this process on the same master (the local Jenkinsfile runner's earlier
     * stage, a test class's session), reused without being stopped at the end of the step: Spark allows one
     * context per process, and starting one costs seconds.
     */
    private static SparkEngine running(EngineChoice choice) {
        scala.Option<SparkSession> active = SparkSession.getDefaultSession();
        if (active.isEmpty()) {
            return null;
        }
        SparkContext sc = active.get().sparkContext();
        return !sc.isStopped() && sc.master().equals(choice.master()) ? new SparkEngine(active.get(), choice, false) : null;
    }

    private static SparkSession classic(EngineChoice choice) {
        SparkConf conf = new SparkConf(false).setAppName("mlsteps").setMaster(choice.master());
        conf.set("spark.ui.enabled", "false"); // a step is short; nobody looks at its UI, and it would take a port
        conf.set("spark.ui.showConsoleProgress", "false"); // the step logs its own progress
        conf.set("spark.sql.session.timeZone", "UTC");
        if (choice.master().startsWith("local")) {
            // nothing outside this process talks to a local-mode driver
            conf.set("spark.driver.host", "127.0.0.1");
            conf.set("spark.driver.bindAddress", "127.0.0.1");
        } else {
            JobJar.locate().ifPresent(jar -> conf.set("spark.jars", jar.toString()));
        }
        choice.conf().forEach(conf::set);
        if (!choice.master().startsWith("local") && choice.conf().containsKey("spark.jars")) {
            JobJar.locate().ifPresent(jar -> conf.set("spark.jars", choice.conf().get("spark.jars") + "," + jar));
        }
        InputErrorLogFilter.install();
        try {
            return SparkSession.builder().config(conf).getOrCreate();
        } catch (RuntimeException e) {
            throw new InputException("sparkMaster", "cannot start a Spark session on " + choice.master() + ": "
                    + SparkErrors.message(e));
        }
    }

    /** Waits for the first executor of a cluster: a master without free workers would otherwise hang the step. */
    private void awaitExecutor() {
        if (choice.master().startsWith("local")
                || Boolean.parseBoolean(choice.conf().getOrDefault("spark.dynamicAllocation.enabled", "false"))) {
            return;
        }
        SparkContext sc = session.sparkContext();
        int seconds = Integer.parseInt(choice.conf().getOrDefault(EXECUTOR_WAIT, String.valueOf(DEFAULT_EXECUTOR_WAIT_SECONDS)));
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (sc.statusTracker().getExecutorInfos().length < 2) { // the driver is listed too
            if (sc.isStopped()) {
                throw new InputException("sparkMaster", "the Spark master " + choice.master() + " gave up on this application "
                        + "(see the spark: lines above); expected a master that accepts applications from this agent");
            }
            if (System.nanoTime() > deadline) {
                throw new InputException("sparkMaster", "no executor of " + choice.master() + " registered within " + seconds
                        + " s; expected a cluster with free cores and memory for spark.executor.memory (or raise "
                        + EXECUTOR_WAIT + ")");
            }
            sleep(200);
        }
    }

    @Override
    public String describe() {
        return "spark " + session.version() + " (" + choice.master() + ")";
    }

    @Override
    public <S extends RowSink> S scan(DataSource source, PartialScan<S> scan, StepLog log) {
        long started = System.nanoTime();
        // CSV/TSV files: Spark cuts them into lines, the engine's byte scanner parses them
        CsvSplits splits = csvSplits(source);
        Dataset<Row> data = splits != null ? null : SparkSources.read(session, source);
        List<String> columns = splits != null ? splits.columns() : Arrays.asList(data.columns());
        String group = "mlsteps-scan-" + SCANS.incrementAndGet();
        byte[] all;
        int partitions;
        long[] tasks;
        try (ScanProgress progress = ScanProgress.start(session, group, source, log, PROGRESS_SECONDS)) {
            Parts.Merger<S> merger = new Parts.Merger<>(scan);
            if (splits != null) {
                JavaRDD<byte[]> parts = splits.scan(scan);
                partitions = parts.getNumPartitions();
                all = partitions == 0 ? null : parts.treeReduce(merger, partitions > 256 ? 3 : 2);
            } else {
                JavaRDD<byte[]> parts = allText(data)
                        // text cells as bytes from Spark's internal rows: no String per cell
                        ? data.queryExecution().toRdd().toJavaRDD()
                            .mapPartitionsWithIndex(new TextPartitionScan<>(scan, columns, source.options()), true)
                        : data.mapPartitions(new PartitionScan<>(scan, columns, RowText.of(data.schema(), source.options())),
                                Encoders.BINARY()).toJavaRDD();
                partitions = parts.getNumPartitions();
                // parts merge pairwise on the executors, a tree of depth 2 or 3: the driver receives a few parts only
                all = partitions == 0 ? null : parts.treeReduce(merger, partitions > 256 ? 3 : 2);
            }
            tasks = progress.taskTimes();
        } catch (Exception e) { // Spark's AnalysisException and SparkException are checked, thrown undeclared
            throw SparkErrors.toInput(e, source);
        }
        long scanned = System.nanoTime();
        Parts.BadRecord bad = all == null ? null : Parts.bad(all);
        if (bad != null) {
            throw bad.locate(Parts.rows(all), splits == null ? 0 : splits.splitBytes());
        }
        S merged = all == null ? scan.newSink(columns)
                // the split scan counts a file's lines, header and empty lines included: they start at line 1
                : scan.relocate(scan.decode(Parts.sink(all)), Parts.lines(Parts.rows(all), splits != null ? 1 : firstLine(source)));
        log.info("spark: %s read in %d partitions in %.1fs; partition work %.2fs on average, %.2fs at most "
                        + "(executor run time); the merged parts (%,d bytes) read here in %.2fs", source.describe(),
                partitions, (scanned - started) / 1e9, tasks[0] == 0 ? 0 : tasks[1] / 1e3 / tasks[0], tasks[2] / 1e3,
                all == null ? 0 : all.length, (System.nanoTime() - scanned) / 1e9);
        return merged;
    }

    @Override
    public ScoreJob.Result score(ScoreJob job, StepLog log) {
        return BatchScoring.score(this, job, log);
    }

    private CsvSplits csvSplits(DataSource source) {
        try {
            return CsvSplits.of(session, source).orElse(null);
        } catch (RuntimeException e) {
            throw SparkErrors.toInput(e, source);
        }
    }

    /** Whether every column is text (CSV, TSV and JSON Lines are read so). */
    private static boolean allText(Dataset<Row> data) {
        for (org.apache.spark.sql.types.StructField f : data.schema().fields()) {
            if (!(f.dataType() instanceof org.apache.spark.sql.types.StringType)) {
                return false;
            }
        }
        return true;
    }

    /** The line of a file the first row stands on: 2 below a CSV header, else 1 (a row number). */
    private static long firstLine(DataSource source) {
        boolean text = source.format().equals("csv") || source.format().equals("tsv");
        return text && source.options().header() ? 2 : 1;
    }

    @Override
    public void close() {
        if (!owned) {
            return;
        }
        try {
            session.stop();
        } catch (RuntimeException e) {
            // stopping is best effort: the step's verdict is already made
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
