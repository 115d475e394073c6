package hudson.model;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Core's Computer, reduced to its remoting thread pool; modelled as a cached pool of daemon threads. */
public abstract class Computer {
    public static final ExecutorService threadPoolForRemoting = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "Computer.threadPoolForRemoting");
        thread.setDaemon(true);
        return thread;
    });
}
