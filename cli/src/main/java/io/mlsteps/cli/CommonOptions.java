package io.mlsteps.cli;

import io.mlsteps.util.InputException;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Options every step command has. */
public class CommonOptions {
    @Option(names = "--request", paramLabel = "FILE",
            description = "Read the step's arguments from a JSON request file; flags given as well override it.")
    Path request;

    @Option(names = "--run-dir", paramLabel = "DIR", defaultValue = ".mlsteps",
            description = "Run folder; the step writes into DIR/<step>/ (default: ${DEFAULT-VALUE}).")
    Path runDir;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write this step's result.json, report.html, junit.xml and charts/ into DIR exactly.")
    Path out;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Resolve relative paths against DIR (default: the current directory).")
    Path workDir;

    @Option(names = "--gate", paramLabel = "GATE",
            description = "A quality gate, repeatable: METRIC>=X, METRIC<=X or METRIC=X (direction known for built-in metrics), "
                    + "optionally followed by :NOTE|UNSTABLE|ERROR|FAILURE (default UNSTABLE). Example: --gate 'accuracy>=0.85:FAILURE'.")
    List<String> gates = new ArrayList<>();

    @Option(names = "--json", description = "Print the result JSON on standard output (the log goes to standard error).")
    boolean json;

    @Option(names = "--quiet", description = "Print only the final status line.")
    boolean quiet;

    @Option(names = "--debug", description = "Print stack traces of internal errors.")
    boolean debug;

    private static final Pattern GATE = Pattern.compile(
            "^\\s*([^\\[<>=:]+?(?:\\[[^\\]]*\\])?)\\s*(>=|<=|=)\\s*([-+0-9.eE]+|NaN)\\s*(?::\\s*([A-Za-z]+))?\\s*$");

    /**
     * The {@code --gate} values as gate arguments ({@code metric}, {@code threshold}, {@code criticality},
     * {@code direction} for {@code >=}/{@code <=}); the contract's binder checks them like a Jenkinsfile's.
     */
    public List<Map<String, Object>> gateArguments() {
        List<Map<String, Object>> result = new ArrayList<>();
        for (String text : gates) {
            Matcher m = GATE.matcher(text);
            if (!m.matches()) {
                throw new InputException("--gate " + text, "expected METRIC>=THRESHOLD[:CRITICALITY], e.g. accuracy>=0.85:FAILURE");
            }
            Map<String, Object> gate = new LinkedHashMap<>();
            gate.put("metric", m.group(1).trim());
            gate.put("threshold", m.group(3));
            if (m.group(4) != null) {
                gate.put("criticality", m.group(4));
            }
            switch (m.group(2)) {
                case ">=" -> gate.put("direction", "HIGHER_IS_BETTER");
                case "<=" -> gate.put("direction", "LOWER_IS_BETTER");
                default -> {
                    // '=': the metric's known direction
                }
            }
            result.add(gate);
        }
        return result;
    }
}
