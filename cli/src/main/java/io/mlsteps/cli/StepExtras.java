package io.mlsteps.cli;

import io.mlsteps.contract.bind.ArgSpec;
import io.mlsteps.contract.bind.RecordSpec;
import io.mlsteps.contract.gate.GateRule;
import io.mlsteps.contract.gate.QualityGate;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.train.Algorithms;
import io.mlsteps.util.InputException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
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

    /** Adds options built from the contract to the command (for extras that are not an annotated object). */
    default void attach(CommandSpec command) {
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

    /**
     * compareToBaseline's relative gate rules as one flag each, derived from the contract's {@link GateRule}s:
     * {@code --max-drop accuracy=0.01:FAILURE} is one gate with one rule ({@code --max-relative-drop},
     * {@code --min-improvement}, {@code --max-improvement} alike).
     */
    final class CompareRules implements StepExtras {
        private static final Pattern RULE = Pattern.compile("^(.+)=\\s*([-+0-9.eE]+)\\s*(?::\\s*([A-Za-z]+))?\\s*$");
        private final Map<GateRule, OptionSpec> flags = new LinkedHashMap<>();

        @Override
        public Object options() {
            return null;
        }

        @Override
        public void attach(CommandSpec command) {
            for (GateRule rule : GateRule.values()) {
                if (rule.relative()) {
                    OptionSpec option = OptionSpec.builder(flag(rule)).type(List.class).auxiliaryTypes(String.class)
                            .paramLabel("METRIC=X[:CRIT]").description("A gate with one rule: " + ContractOptions.plain(
                                    RecordSpec.of(QualityGate.class).arg(rule.argument()).orElseThrow().doc())
                                    .replaceFirst("^compareToBaseline: ", "") + "; repeatable, e.g. accuracy=0.01:FAILURE.")
                            .build();
                    command.addOption(option);
                    flags.put(rule, option);
                }
            }
        }

        @Override
        public void contribute(Map<String, Object> raw) {
            List<Object> gates = new ArrayList<>();
            flags.forEach((rule, option) -> {
                List<?> values = option.getValue();
                if (values != null) {
                    values.forEach(v -> gates.add(rule(rule, v.toString())));
                }
            });
            if (!gates.isEmpty()) {
                raw.put("qualityGates", gates);
            }
        }

        private static String flag(GateRule rule) {
            return "--" + ArgSpec.kebab(rule.argument());
        }

        /** {@code METRIC=X[:CRITICALITY]} as the arguments of a gate with the one rule the flag names. */
        static Map<String, Object> rule(GateRule rule, String text) {
            Matcher m = RULE.matcher(text);
            if (!m.matches()) {
                throw new InputException(flag(rule) + " " + text, "expected METRIC=NUMBER[:CRITICALITY], e.g. accuracy=0.01:FAILURE");
            }
            Map<String, Object> gate = new LinkedHashMap<>();
            gate.put("metric", m.group(1).trim());
            gate.put(rule.argument(), m.group(2));
            if (m.group(3) != null) {
                try {
                    gate.put("criticality", Criticality.parse(m.group(3)).name());
                } catch (IllegalArgumentException e) {
                    throw new InputException(flag(rule) + " " + text, e.getMessage());
                }
            }
            return gate;
        }
    }
}
