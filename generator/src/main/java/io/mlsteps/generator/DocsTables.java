package io.mlsteps.generator;

import io.mlsteps.contract.StepInfo;
import io.mlsteps.contract.bind.ArgSpec;
import io.mlsteps.contract.bind.RecordSpec;
import io.mlsteps.contract.steps.Steps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The "Arguments" table of each {@code docs/steps/<step>.md}, between marker comments, from the contract: one row per
 * argument with its CLI spelling, its default and its meaning, under the argument's group; then the arguments a
 * pipeline front end handles itself.
 */
final class DocsTables {
    static final String BEGIN = "<!-- BEGIN ARGUMENTS: generated from the contract's @Arg declarations "
            + "(contract/src/main/java/io/mlsteps/contract/steps); edit those, then run the generator -->";
    static final String END = "<!-- END ARGUMENTS -->";

    private DocsTables() {
    }

    /** The table of a step, markers included. */
    static String table(RecordSpec<?> spec) {
        List<String> lines = new ArrayList<>();
        lines.add(BEGIN);
        lines.add("| argument | CLI | default | meaning |");
        lines.add("|---|---|---|---|");
        String group = "";
        for (ArgSpec a : spec.args()) {
            if (!a.group().isEmpty() && !a.group().equals(group)) {
                lines.add("| **" + a.group() + "** | | | |");
                group = a.group();
            }
            lines.add(row(a, cli(a)));
        }
        lines.add("| **pipeline only** (Jenkins, `mlsteps run`) | | | |");
        for (ArgSpec a : Steps.execution().args()) {
            lines.add(row(a, a.name().equals("runDir") ? "`--run-dir DIR`" : "—"));
        }
        lines.add(END);
        return String.join("\n", lines);
    }

    private static String row(ArgSpec a, String cli) {
        return "| `" + a.name() + "` | " + Markup.cell(cli) + " | " + Markup.defaultCell(a) + " | " + Markup.meaning(a) + " |";
    }

    /** How the CLI spells an argument. */
    static String cli(ArgSpec a) {
        String name = a.cliNames().get(0);
        String option = switch (a.kind()) {
            case BOOLEAN -> "`" + name + "`, `--no-" + name.substring(2) + "`";
            case LIST, MAP -> "`" + name + " " + a.label() + "` (repeatable)";
            default -> "`" + name + " " + a.label() + "`";
        };
        return a.positional() ? "`" + a.label() + "` or " + option : option;
    }

    /** The step's docs page with its table replaced by the generated one. */
    static String update(String page, RecordSpec<?> spec, Path file) {
        int begin = page.indexOf(BEGIN);
        int end = page.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(file + ": no generated arguments table; put the two marker lines\n"
                    + BEGIN + "\n" + END + "\nwhere the table belongs");
        }
        return page.substring(0, begin) + table(spec) + page.substring(end + END.length());
    }

    /** The docs page of a step. */
    static Path page(Path docsSteps, StepInfo info) {
        return docsSteps.resolve(info.name() + ".md");
    }

    /** Rewrites every step's table; returns the pages that changed. */
    static List<Path> write(Path docsSteps) throws IOException {
        List<Path> changed = new ArrayList<>();
        for (RecordSpec<?> spec : Steps.all()) {
            Path file = page(docsSteps, spec.step().orElseThrow());
            String page = Files.readString(file);
            String updated = update(page, spec, file);
            if (!updated.equals(page)) {
                Files.writeString(file, updated);
                changed.add(file);
            }
        }
        return changed;
    }
}
