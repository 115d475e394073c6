package jenkins.util;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/** Signature of core's jenkins.util.Timer; modelled as a lazily created pool of daemon threads, as the real one. */
public class Timer {
    static ScheduledExecutorService executorService;

    public static synchronized ScheduledExecutorService get() {
        if (executorService == null) {
            executorService = new ScheduledThreadPoolExecutor(10, r -> {
                Thread t = new Thread(r, "jenkins.util.Timer");
                t.setDaemon(true);
                return t;
            });
        }
        return executorService;
    }
}
