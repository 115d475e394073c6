package io.mlsteps.util;

import java.util.Locale;

/**
 * Progress of long work: every few seconds a log line with the count and the rate; on a terminal a
 * bar redrawn in place instead (CI logs get plain lines, which stay readable when captured).
 */
public class Progress implements AutoCloseable {
    private static final long LOG_EVERY_NANOS = 5_000_000_000L;
    private static final long BAR_EVERY_NANOS = 200_000_000L;

    private final StepLog log;
    private final String what;
    private final long total;
    private final long start = System.nanoTime();
    private long last = start;
    private long count;
    private boolean drewBar;

    Progress(StepLog log, String what, long total) {
        this.log = log;
        this.what = what;
        this.total = total;
    }

    /** Records {@code n} more units; cheap enough to call per row. */
    public void add(long n) {
        count += n;
        if ((count & 0x3FF) != 0 && n == 1) {
            return;
        }
        long now = System.nanoTime();
        long every = log.isTerminal() ? BAR_EVERY_NANOS : LOG_EVERY_NANOS;
        if (now - last >= every) {
            last = now;
            report(now, false);
        }
    }

    public long count() {
        return count;
    }

    private void report(long now, boolean done) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        double rate = count / seconds;
        if (log.isTerminal()) {
            StringBuilder bar = new StringBuilder("\r[");
            int width = 30;
            int filled = total > 0 ? (int) Math.min(width, width * count / total) : (int) ((count / 1000) % width);
            for (int i = 0; i < width; i++) {
                bar.append(i < filled ? '#' : '.');
            }
            bar.append(String.format(Locale.ROOT, "] %,d %s  %,.0f/s", count, what, rate));
            log.stream().print(bar);
            log.stream().flush();
            drewBar = true;
            if (done) {
                log.stream().println();
            }
        } else {
            log.info(String.format(Locale.ROOT, "%s %,d %s (%,.0f/s, %.1fs)", done ? "done:" : "progress:",
                    count, what, rate, seconds));
        }
    }

    @Override
    public void close() {
        if (drewBar || (System.nanoTime() - start) > LOG_EVERY_NANOS) {
            report(System.nanoTime(), true);
        }
    }
}
