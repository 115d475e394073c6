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
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        List<String> user = splitOptions(jvmOptions);
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
     * Whether the engine is known to run on this Java feature release. Its sketch library (DataSketches memory)
     * accepts Java 17 and 21 only, and refuses to start on newer ones; the plugin warns instead of failing,
     * so a newer engine build that lifts the limit needs no plugin change.
     *
     * @param specificationVersion {@code java.specification.version}, e.g. {@code 21}
     */
    public static boolean isKnownGoodJava(String specificationVersion) {
        return "17".equals(specificationVersion) || "21".equals(specificationVersion);
    }

    /** The java executable inside a Java home, for the agent's operating system. */
    public static String javaIn(String javaHome, boolean unix) {
        String sep = unix ? "/" : "\\";
        String home = javaHome.endsWith(sep) ? javaHome.substring(0, javaHome.length() - 1) : javaHome;
        return home + sep + "bin" + sep + (unix ? "java" : "java.exe");
    }
}
