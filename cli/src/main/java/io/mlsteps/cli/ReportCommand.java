package io.mlsteps.cli;

import io.mlsteps.cli.runner.BuildHistory;
import io.mlsteps.cli.runner.BuildRecord;
import io.mlsteps.cli.runner.HistoryReport;
import io.mlsteps.cli.runner.MarkdownSummary;
import io.mlsteps.util.InputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code mlsteps report}: the HTML report over the local build history, or ({@code --markdown}) a Markdown
 * summary for a pull-request comment or CI job summary.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write index.html over the local build history (a page per build, metric trend charts),",
                "or with --markdown print a Markdown summary of the last build (or of the step results in the run "
                        + "folder when there are no builds) for pull-request comments and CI job summaries."})
public class ReportCommand implements Callable<Integer> {
    @Option(names = "--run-dir", paramLabel = "DIR", defaultValue = ".mlsteps",
            description = "The run folder (default: ${DEFAULT-VALUE}).")
    Path runDir;

    @Option(names = "--markdown", description = "Print a Markdown summary instead of writing HTML.")
    boolean markdown;

    @Option(names = "--build", paramLabel = "N", description = "With --markdown: summarise build N (default: the last).")
    Integer build;

    @Option(names = "--output", paramLabel = "FILE",
            description = "With --markdown: append the summary to FILE (e.g. \"$GITHUB_STEP_SUMMARY\") instead of printing it.")
    Path output;

    @Override
    public Integer call() {
        if (!markdown) {
            Path index = HistoryReport.write(runDir);
            System.out.println("Report: " + index);
            return ExitCodes.PASSED;
        }
        BuildHistory history = new BuildHistory(runDir);
        List<BuildRecord> builds = history.records();
        String text;
        if (build != null) {
            text = MarkdownSummary.ofBuild(history.load(build).orElseThrow(() -> new InputException("--build",
                    "no finished build #" + build + " in " + history.buildsDir())));
        } else if (!builds.isEmpty()) {
            text = MarkdownSummary.ofBuild(builds.get(builds.size() - 1));
        } else {
            text = MarkdownSummary.ofRunDir(runDir);
        }
        if (output != null) {
            try {
                Files.writeString(output, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + output, e);
            }
        } else {
            System.out.print(text);
        }
        return ExitCodes.PASSED;
    }
}
