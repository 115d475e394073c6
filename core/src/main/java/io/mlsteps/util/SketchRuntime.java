package io.mlsteps.util;

/**
 * Lets the sketch library run on Java 25. DataSketches 6 (the last release for Java 17; 7 and later need Java 21, 24
 * or 25 to compile against) keeps its memory layer in datasketches-memory 3.0.2, whose first use checks
 * {@code java.version} and refuses anything but 8, 11, 17 and 21, although everything the engine uses (sketches on
 * the heap, serialised to and read from byte arrays) works the same on Java 25: the engine's tests run profile,
 * train and drift on Java 17 and 25 and compare the results. The check runs once, when the library's
 * {@code ResourceImpl} class is initialised; {@link #allowNewerJava()} initialises it while {@code java.version}
 * names a release it accepts, then restores the real value. Off-heap memory, which those releases do not support,
 * is never used. The JVM prints a warning about the library's {@code sun.misc.Unsafe} calls on Java 24 and newer
 * unless started with {@code --sun-misc-unsafe-memory-access=allow} (the Jenkins plugin passes it).
 */
public final class SketchRuntime {
    static final String CHECKED_CLASS = "org.apache.datasketches.memory.internal.ResourceImpl";
    /** The newest release the library's check accepts. */
    static final int NEWEST_ACCEPTED = 21;

    private SketchRuntime() {
    }

    /** Call once before any sketch is made (the engine's entry points do), on the main thread. */
    public static synchronized void allowNewerJava() {
        if (Runtime.version().feature() <= NEWEST_ACCEPTED) {
            return;
        }
        String real = System.getProperty("java.version");
        System.setProperty("java.version", Integer.toString(NEWEST_ACCEPTED));
        try {
            Class.forName(CHECKED_CLASS, true, SketchRuntime.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            // a DataSketches without the memory layer needs nothing
        } finally {
            System.setProperty("java.version", real);
        }
    }
}
