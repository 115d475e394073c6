package io.mlsteps.bench;

import io.mlsteps.data.ColumnProfile;
import io.mlsteps.data.DatasetProfile;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.util.StepLog;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Profiles one file the way {@code mlsteps profile} does and prints one JSON line: rows, wall seconds, the
 * process's CPU seconds, and per-column facts that show the work was done. {@code bench/profile.sh} runs it
 * beside pandas and measures peak RSS from outside.
 *
 * <p>Usage: {@code ProfileBench FILE [THREADS]}.
 */
public final class ProfileBench {
    private ProfileBench() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: ProfileBench FILE [THREADS]");
            System.exit(3);
        }
        Path file = Path.of(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        long start = System.nanoTime();
        DatasetProfile profile = DatasetProfile.compute(file, ReadOptions.defaults(), StepLog.silent(), threads);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        StringBuilder cols = new StringBuilder();
        for (ColumnProfile c : profile.columns()) {
            cols.append(cols.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT,
                    "\"%s\": {\"type\": \"%s\", \"distinct\": %.0f, \"mean\": %s}", c.name(), c.type(),
                    c.distinctEstimate(), Double.isNaN(c.mean()) ? "null" : String.format(Locale.ROOT, "%.4f", c.mean())));
        }
        System.out.printf(Locale.ROOT, "{\"tool\": \"mlsteps\", \"rows\": %d, \"seconds\": %.3f, \"cpuSeconds\": %.3f, "
                        + "\"threads\": %d, \"heapMaxMb\": %d, \"columns\": {%s}}%n", profile.rows(), seconds, cpu, threads,
                Runtime.getRuntime().maxMemory() >> 20, cols);
    }
}
