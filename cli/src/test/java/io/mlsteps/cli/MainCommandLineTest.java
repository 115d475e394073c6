package io.mlsteps.cli;

import org.junit.jupiter.api.Test;

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
}
