package io.mlsteps.spark;

import io.mlsteps.engine.DataSource;
import io.mlsteps.util.StepLog;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.sql.SparkSession;

/**
 * Tags a scan's Spark jobs with a job group (on the calling thread) and logs how many partitions are done every
 * few seconds while they run, so a long scan on a cluster shows it is moving.
 */
final class ScanProgress implements AutoCloseable {
    private final SparkContext sc;
    private final Thread thread;
    private final TaskTimes times;

    private ScanProgress(SparkContext sc, Thread thread, TaskTimes times) {
        this.sc = sc;
        this.thread = thread;
        this.times = times;
    }

    /**
     * The executor run time of the scan's tasks (what one partition costs), for the log and for estimating a
     * cluster's time (docs/benchmarks.md).
     */
    static final class TaskTimes extends org.apache.spark.scheduler.SparkListener {
        private final String group;
        private final java.util.Set<Integer> stages = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final java.util.concurrent.atomic.AtomicLong tasks = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicLong runMillis = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicLong maxMillis = new java.util.concurrent.atomic.AtomicLong();

        TaskTimes(String group) {
            this.group = group;
        }

        @Override
        public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart start) {
            if (start.properties() != null && group.equals(start.properties().getProperty("spark.jobGroup.id"))) {
                for (Object id : scala.jdk.javaapi.CollectionConverters.asJava(start.stageIds())) {
                    stages.add((Integer) id);
                }
            }
        }

        @Override
        public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
            if (stages.contains(end.stageId()) && end.taskMetrics() != null) {
                long ms = end.taskMetrics().executorRunTime();
                tasks.incrementAndGet();
                runMillis.addAndGet(ms);
                maxMillis.accumulateAndGet(ms, Math::max);
            }
        }
    }

    /** Tasks finished and their total and longest executor run time in ms; zeros without a SparkContext. */
    long[] taskTimes() {
        return times == null ? new long[3] : new long[]{times.tasks.get(), times.runMillis.get(), times.maxMillis.get()};
    }

    static ScanProgress start(SparkSession session, String group, DataSource source, StepLog log, int seconds) {
        SparkContext sc = session.sparkContext();
        sc.setJobGroup(group, "mlsteps: " + source.describe(), true);
        TaskTimes times = new TaskTimes(group);
        sc.addSparkListener(times);
        Thread t = new Thread(() -> report(sc, group, source, log, seconds), "mlsteps-spark-progress");
        t.setDaemon(true);
        t.start();
        return new ScanProgress(sc, t, times);
    }

    private static void report(SparkContext sc, String group, DataSource source, StepLog log, int seconds) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(seconds * 1000L);
                int done = 0;
                int total = 0;
                for (int jobId : sc.statusTracker().getJobIdsForGroup(group)) {
                    scala.Option<SparkJobInfo> job = sc.statusTracker().getJobInfo(jobId);
                    if (job.isEmpty()) {
                        continue;
                    }
                    for (int stageId : job.get().stageIds()) {
                        scala.Option<SparkStageInfo> stage = sc.statusTracker().getStageInfo(stageId);
                        if (stage.isDefined()) {
                            done += stage.get().numCompletedTasks();
                            total += stage.get().numTasks();
                        }
                    }
                }
                if (total > 0) {
                    log.info("spark: %s: %d of %d partitions done", source.describe(), done, total);
                }
            }
        } catch (InterruptedException e) {
            // the scan is over
        } catch (RuntimeException e) {
            // progress is best effort
        }
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
            sc.clearJobGroup();
            sc.removeSparkListener(times);
        }
    }
}
