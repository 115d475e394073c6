package io.mlsteps.cli;

import io.mlsteps.contract.result.Criticality;
import io.mlsteps.train.Algorithms;
import io.mlsteps.util.InputException;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a step command offers beyond the step's arguments: command-line conveniences, never a second argument. */
interface StepExtras {
    /** An annotated object with the extra options, or null. */
    Object options();

    /** An exit code when the command does something else instead of running the step (e.g. a listing). */
    default Integer instead() {
        return null;
    }

    /** Adds what the extra options say to the raw arguments. */
    default void contribute(Map<String, Object> raw) {
    }

    /** Nothing extra. */
    final class None implements StepExtras {
        @Override
        public Object options() {
            return null;
        }
    }

    /** {@code mlsteps train --list-algorithms}. */
    final class ListAlgorithms implements StepExtras {
        @Option(names = "--list-algorithms", description = "Print the algorithms and their parameters, then exit.")
        boolean list;

        @Override
        public Object options() {
            return this;
        }

        @Override
        public Integer instead() {
            if (!list) {
                return null;
            }
            Algorithms.describe().forEach(System.out::println);
            return ExitCodes.PASSED;
        }
    }

    /** compareToBaseline's rules as one flag each: {@code --max-drop accuracy=0.01:FAILURE} is one gate with one rule. */
    final class CompareRules implements StepExtras {
        private static final Pattern RULE = Pattern.compile("^(.+)=\\s*([-+0-9.eE]+)\\s*(?::\\s*([A-Za-z]+))?\\s*$");

        @Option(names = "--max-drop", paramLabel = "METRIC=X[:CRIT]", description = "A gate: largest tolerated "
                + "regression, repeatable, e.g. accuracy=0.01:FAILURE or 'accuracy[sex=*]=0.02'.")
        List<String> maxDrop = new ArrayList<>();

        @Option(names = "--max-relative-drop", paramLabel = "METRIC=X[:CRIT]", description = "A gate: largest tolerated "
                + "regression as a fraction of the baseline, e.g. f1_macro=0.02.")
        List<String> maxRelativeDrop = new ArrayList<>();

        @Option(names = "--min-improvement", paramLabel = "METRIC=X[:CRIT]", description = "A gate: required improvement, "
                + "e.g. roc_auc=0.005.")
        List<String> minImprovement = new ArrayList<>();

        @Option(names = "--max-improvement", paramLabel = "METRIC=X[:CRIT]", description = "A gate: largest believable "
                + "improvement (leakage alarm), e.g. accuracy=0.05.")
        List<String> maxImprovement = new ArrayList<>();

        @Override
        public Object options() {
            return this;
        }

        @Override
        public void contribute(Map<String, Object> raw) {
            List<Object> gates = new ArrayList<>();
            maxDrop.forEach(v -> gates.add(rule("maxDrop", "--max-drop", v)));
            maxRelativeDrop.forEach(v -> gates.add(rule("maxRelativeDrop", "--max-relative-drop", v)));
            minImprovement.forEach(v -> gates.add(rule("minImprovement", "--min-improvement", v)));
            maxImprovement.forEach(v -> gates.add(rule("maxImprovement", "--max-improvement", v)));
            if (!gates.isEmpty()) {
                raw.put("qualityGates", gates);
            }
        }

        /** {@code METRIC=X[:CRITICALITY]} as the arguments of a gate with the one rule the flag names. */
        static Map<String, Object> rule(String rule, String flag, String text) {
            Matcher m = RULE.matcher(text);
            if (!m.matches()) {
                throw new InputException(flag + " " + text, "expected METRIC=NUMBER[:CRITICALITY], e.g. accuracy=0.01:FAILURE");
            }
            Map<String, Object> gate = new LinkedHashMap<>();
            gate.put("metric", m.group(1).trim());
            gate.put(rule, m.group(2));
            if (m.group(3) != null) {
                try {
                    gate.put("criticality", Criticality.parse(m.group(3)).name());
                } catch (IllegalArgumentException e) {
                    throw new InputException(flag + " " + text, e.getMessage());
                }
            }
            return gate;
        }
    }
}
