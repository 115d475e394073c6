// Runs one mlsteps command line several times in one JVM and prints each run's wall time: what a later run would
// cost in a process that stays warm between runs (a daemon), which bench/drift.sh reports beside the real,
// per-run processes. Started as a single-file program on the engine jar's class path:
//   java -cp mlsteps.jar bench/scripts/WarmRuns.java RUNS COMMAND ARGS...
// The command's standard output is discarded; each run prints "warm-run N EXIT SECONDS" on standard error.
public class WarmRuns {
    public static void main(String[] a) throws Exception {
        int runs = Integer.parseInt(a[0]);
        String[] line = java.util.Arrays.copyOfRange(a, 1, a.length);
        java.io.PrintStream out = System.out;
        for (int i = 1; i <= runs; i++) {
            System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            long started = System.nanoTime();
            int exit = io.mlsteps.cli.Main.execute(line);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.setOut(out);
            System.err.printf(java.util.Locale.ROOT, "warm-run %d %d %.3f%n", i, exit, seconds);
        }
    }
}
