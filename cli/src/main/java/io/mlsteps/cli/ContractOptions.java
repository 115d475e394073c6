package io.mlsteps.cli;

import io.mlsteps.contract.bind.ArgKind;
import io.mlsteps.contract.bind.ArgSpec;
import io.mlsteps.contract.bind.RecordSpec;
import io.mlsteps.contract.bind.Values;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CLI options of a contract record, one per argument, built from its declaration (picocli's programmatic
 * model): {@code --kebab-case} or the declared spelling, the placeholder, the meaning with the default, negatable
 * booleans ({@code --charts}/{@code --no-charts}), repeatable lists and {@code NAME=VALUE} maps, and the one
 * positional parameter a step may take. {@link #values()} reads what was given back as raw arguments for the
 * binder, so the CLI parses nothing itself.
 */
final class ContractOptions {
    private final Map<ArgSpec, List<picocli.CommandLine.Model.ArgSpec>> options = new LinkedHashMap<>();

    /** Adds an option for every argument of {@code spec} but those named in {@code skip}. */
    ContractOptions(CommandSpec command, RecordSpec<?> spec, List<String> skip) {
        for (ArgSpec arg : spec.args()) {
            if (skip.contains(arg.name())) {
                continue;
            }
            List<picocli.CommandLine.Model.ArgSpec> specs = new ArrayList<>();
            OptionSpec option = option(arg);
            command.addOption(option);
            specs.add(option);
            if (arg.positional()) {
                PositionalParamSpec positional = PositionalParamSpec.builder().index("0").arity("0..1")
                        .paramLabel(arg.label()).type(String.class)
                        .description("The same as " + arg.cliNames().get(0) + ".").build();
                command.addPositional(positional);
                specs.add(positional);
            }
            options.put(arg, specs);
        }
    }

    /** Adds an option for each argument of {@code spec} named in {@code only}, in the record's order. */
    static ContractOptions only(CommandSpec command, RecordSpec<?> spec, List<String> only) {
        List<String> unknown = only.stream().filter(name -> spec.arg(name).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("not arguments of " + spec.type().getSimpleName() + ": " + unknown);
        }
        return new ContractOptions(command, spec, spec.names().stream().filter(name -> !only.contains(name)).toList());
    }

    private static OptionSpec option(ArgSpec arg) {
        List<String> names = arg.cliNames();
        OptionSpec.Builder b = OptionSpec.builder(names.get(0), names.subList(1, names.size()).toArray(String[]::new))
                .description(description(arg));
        switch (arg.kind()) {
            case BOOLEAN -> b.type(Boolean.class).negatable(true).arity("0");
            case LIST, MAP, RECORDS -> b.type(List.class).auxiliaryTypes(String.class).paramLabel(arg.label()).arity("1");
            default -> b.type(String.class).paramLabel(arg.label());
        }
        return b.build();
    }

    /** The argument's meaning, its default and its values, as one help line. */
    static String description(ArgSpec arg) {
        StringBuilder sb = new StringBuilder(capitalise(plain(arg.doc())));
        if (!arg.unit().isEmpty()) {
            sb.append(" (").append(arg.unit()).append(')');
        }
        if (arg.kind() == ArgKind.LIST || arg.kind() == ArgKind.MAP) {
            sb.append("; repeatable, or comma-separated");
        } else if (arg.kind() == ArgKind.RECORDS) {
            sb.append("; repeatable, one entry each");
        }
        if (arg.required()) {
            sb.append(" Required.");
        } else if (arg.defaultText() != null) {
            sb.append(" (default: ").append(plain(arg.defaultText())).append(")");
        }
        return sb.toString().replace("%", "%%");
    }

    /** Text without the docs' {@code `code`} marks. */
    static String plain(String text) {
        return text.replace("`", "");
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The arguments given on the command line, as raw values for the binder (absent ones left out). */
    Map<String, Object> values() {
        Map<String, Object> raw = new LinkedHashMap<>();
        options.forEach((arg, specs) -> {
            for (picocli.CommandLine.Model.ArgSpec spec : specs) {
                Object value = spec.getValue();
                if (value == null || value instanceof List<?> l && l.isEmpty()) {
                    continue;
                }
                raw.put(arg.name(), arg.kind() == ArgKind.LIST ? items(value) : value);
            }
        });
        return raw;
    }

    /** A list option's values: every occurrence split at its commas ({@code --features a,b --features c}). */
    private static List<String> items(Object value) {
        List<String> items = new ArrayList<>();
        for (Object occurrence : (List<?>) value) {
            items.addAll(Values.splitList(occurrence.toString()));
        }
        return items;
    }
}
