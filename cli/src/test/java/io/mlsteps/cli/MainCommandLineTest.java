package io.mlsteps.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line builds only the subcommand it names (start-up), and every one when help or suggestions need them. */
class MainCommandLineTest {
    @Test
    void onlyTheNamedSubcommandIsBuilt() {
        int all = Main.COMMANDS.length + io.mlsteps.contract.steps.Steps.names().size();
        assertThat(Main.commandLine("drift", "--reference", "a.csv", "--current", "b.csv").getSubcommands().keySet())
                .containsExactly("drift");
        assertThat(Main.commandLine("registry", "list").getSubcommands()).containsOnlyKeys("registry");
        assertThat(Main.commandLine().getSubcommands()).hasSize(all);
        assertThat(Main.commandLine("--help").getSubcommands()).hasSize(all);
        assertThat(Main.commandLine("help", "drift").getSubcommands()).hasSize(all);
        assertThat(Main.commandLine("drfit").getSubcommands()).hasSize(all); // unknown: a usage error
    }

    @Test
    void unknownCommandIsStillAUsageError() {
        var r = DataCommandsTest.mlsteps("drfit", "--current", "x.csv");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(r.err()).contains("Unmatched argument").contains("'drfit'");
    }

    /** Every command and subcommand answers -h and --help with its usage (deploy once lost both to a clash with --version). */
    @Test
    void everyCommandHasHelp() {
        java.util.List<java.util.List<String>> lines = new java.util.ArrayList<>();
        Main.commandLine("--help").getSubcommands().forEach((name, sub) -> {
            lines.add(java.util.List.of(name));
            sub.getSubcommands().keySet().forEach(child -> lines.add(java.util.List.of(name, child)));
        });
        assertThat(lines).contains(java.util.List.of("deploy"), java.util.List.of("serve"));
        for (java.util.List<String> command : lines) {
            if (command.get(0).equals("help")) {
                continue;
            }
            for (String flag : new String[]{"--help", "-h"}) {
                String[] args = java.util.stream.Stream.concat(command.stream(), java.util.stream.Stream.of(flag))
                        .toArray(String[]::new);
                var r = DataCommandsTest.mlsteps(args);
                assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isZero();
                assertThat(r.out()).as(String.join(" ", args)).startsWith("Usage: mlsteps " + String.join(" ", command));
            }
        }
    }

    @Test
    void versionNamesTheBuildsVersionCommitAndDateAndTheJava() {
        var r = DataCommandsTest.mlsteps("--version");
        assertThat(r.exit()).isZero();
        io.mlsteps.util.EngineVersion engine = io.mlsteps.util.EngineVersion.current();
        assertThat(engine.version()).isNotEqualTo(io.mlsteps.util.EngineVersion.UNKNOWN);
        assertThat(r.out().lines().toList()).containsExactly(
                "mlsteps " + engine.version() + " (commit " + engine.shortCommit() + ", built " + engine.buildDate() + ")",
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ") on "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    }

    /**
     * A command does not start Groovy's runtime (the local runner's, on the class path): picocli loads
     * groovy.lang.Closure unless told not to, a fifth of a second of every command's start-up. The second run, with
     * picocli's default, shows that the check sees the class when it is loaded.
     */
    @Test
    void aCommandDoesNotStartGroovy() throws Exception {
        assertThat(classesLoaded("--version")).noneMatch(c -> c.startsWith("groovy."));
        assertThat(classesLoaded("-Dpicocli.disable.closures=false", "--version")).contains("groovy.lang.Closure");
    }

    private static java.util.List<String> classesLoaded(String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:off",
                "-Xlog:class+load=info:stdout:none", "-cp", System.getProperty("java.class.path")));
        java.util.List<String> rest = new java.util.ArrayList<>(java.util.List.of(args));
        while (!rest.isEmpty() && rest.get(0).startsWith("-D")) {
            command.add(rest.remove(0));
        }
        command.add(Main.class.getName());
        command.addAll(rest);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out.lines().map(l -> l.split(" ")[0]).toList();
    }
}
