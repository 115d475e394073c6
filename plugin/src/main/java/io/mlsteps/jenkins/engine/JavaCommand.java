package io.mlsteps.jenkins.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line of the child JVM on the agent:
 * {@code java [options] -jar ENGINE step NAME --request FILE --out DIR --work-dir WORKSPACE}.
 */
public final class JavaCommand {
    private JavaCommand() {
    }

    /**
     * @param java       the java executable (the configured one, else the agent JVM's own)
     * @param jvmOptions options as a user writes them, e.g. {@code -Xmx4g -Dfoo="a b"}; may be null
     * @param engineJar  path of the engine jar on the agent
     * @param step       the step's function name
     * @param request    path of the request JSON on the agent
     * @param stepDir    the step folder the engine writes into
     * @param workDir    the workspace, against which relative paths in the request resolve
     */
    public static List<String> build(String java, String jvmOptions, String engineJar, String step, String request,
                                     String stepDir, String workDir) {
        return build(java, jvmOptions, engineJar, step, request, stepDir, workDir, null);
    }

    /**
     * The same, for a Java whose feature release is known ({@code java.specification.version}; null when not):
     * on Java 24 and newer the engine's JVM also gets {@code --sun-misc-unsafe-memory-access=allow}.
     */
    public static List<String> build(String java, String jvmOptions, String engineJar, String step, String request,
                                     String stepDir, String workDir, String javaVersion) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        List<String> user = splitOptions(jvmOptions);
        cmd.addAll(runtimeOptions(javaVersion, user));
        cmd.addAll(defaultOptions(step, user));
        cmd.addAll(user);
        cmd.add("-jar");
        cmd.add(engineJar);
        cmd.add("step");
        cmd.add(step);
        cmd.add("--request");
        cmd.add(request);
        cmd.add("--out");
        cmd.add(stepDir);
        cmd.add("--work-dir");
        cmd.add(workDir);
        return cmd;
    }

    /**
     * The options the engine's JVM starts with before the user's, by step (the rule of the CLI launcher's
     * {@code bin/jvm-options.sh}): the data-scanning steps are short processes whose CPU goes mostly to start-up
     * and JIT warm-up, so they run with the C1 compiler alone and the serial collector (a third less CPU on a
     * 3M-row file; above about 7M rows the optimising compiler wins again, which the CLI launcher decides from
     * the input size and a user here by {@code -XX:TieredStopAtLevel=4} in the step's options); the others keep
     * the JVM's defaults. A collector the user selects replaces the serial one,
     * since the JVM refuses two; other user options come later on the command line and win.
     */
    public static List<String> defaultOptions(String step, List<String> userOptions) {
        List<String> options = new ArrayList<>();
        if ("validateData".equals(step) || "checkDrift".equals(step)) {
            options.add("-XX:TieredStopAtLevel=1");
            if (userOptions.stream().noneMatch(o -> o.startsWith("-XX:+Use") && o.endsWith("GC"))) {
                options.add("-XX:+UseSerialGC");
            }
        }
        return options;
    }

    /**
     * Options for the Java release itself. The engine's sketch library (DataSketches 6, whose memory layer reads the
     * heap through {@code sun.misc.Unsafe}) runs on Java 25, but from Java 24 on the JVM prints a four-line warning
     * about those methods into every step's log; this option, which Java 17 and 21 would refuse, keeps it out.
     * A user's own {@code --sun-misc-unsafe-memory-access} wins.
     */
    public static List<String> runtimeOptions(String javaVersion, List<String> userOptions) {
        List<String> options = new ArrayList<>();
        if (feature(javaVersion) >= 24
                && userOptions.stream().noneMatch(o -> o.startsWith("--sun-misc-unsafe-memory-access"))) {
            options.add("--sun-misc-unsafe-memory-access=allow");
        }
        return options;
    }

    /** The feature release of {@code java.specification.version} ({@code 1.8} is 8), or 0 when unknown. */
    static int feature(String javaVersion) {
        if (javaVersion == null) {
            return 0;
        }
        String v = javaVersion.startsWith("1.") ? javaVersion.substring(2) : javaVersion;
        int end = 0;
        while (end < v.length() && Character.isDigit(v.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(v.substring(0, end));
    }

    /**
     * Splits JVM options on white space, keeping single- or double-quoted parts together (quotes removed).
     *
     * @throws IllegalArgumentException on an unclosed quote
     */
    public static List<String> splitOptions(String options) {
        List<String> parts = new ArrayList<>();
        if (options == null) {
            return parts;
        }
        StringBuilder current = new StringBuilder();
        boolean inToken = false;
        char quote = 0;
        for (int i = 0; i < options.length(); i++) {
            char c = options.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inToken = true;
            } else if (Character.isWhitespace(c)) {
                if (inToken) {
                    parts.add(current.toString());
                    current.setLength(0);
                    inToken = false;
                }
            } else {
                current.append(c);
                inToken = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("JVM options have an unclosed " + quote + " quote: " + options);
        }
        if (inToken) {
            parts.add(current.toString());
        }
        return parts;
    }

    /**
     * Whether the engine is known to run on this Java feature release: the LTS releases 17, 21 and 25 (the
     * tests run it on 17 and 25). The plugin warns on others instead of failing.
     *
     * @param specificationVersion {@code java.specification.version}, e.g. {@code 21}
     */
    public static boolean isKnownGoodJava(String specificationVersion) {
        return "17".equals(specificationVersion) || "21".equals(specificationVersion)
                || "25".equals(specificationVersion);
    }

    /** The java executable inside a Java home, for the agent's operating system. */
    public static String javaIn(String javaHome, boolean unix) {
        String sep = unix ? "/" : "\\";
        String home = javaHome.endsWith(sep) ? javaHome.substring(0, javaHome.length() - 1) : javaHome;
        return home + sep + "bin" + sep + (unix ? "java" : "java.exe");
    }
}
