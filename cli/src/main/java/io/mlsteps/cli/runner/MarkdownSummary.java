package io.mlsteps.cli.runner;

import io.mlsteps.cli.runner.BuildRecord.MlStepRecord;
import io.mlsteps.cli.runner.BuildRecord.StageRecord;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.run.StepRunner;
import io.mlsteps.contract.result.StepStatus;
import io.mlsteps.util.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Markdown summary for pull-request comments and CI job summaries (GitHub's {@code $GITHUB_STEP_SUMMARY},
 * a GitLab merge-request note): either of a local build (stage table, ML steps, failed checks) or of the
 * step folders a CI job left in its run folder ({@code .mlsteps/<step>/result.json}).
 */
public final class MarkdownSummary {
    /** Metrics shown per step at most; the rest are in the step's report. */
    static final int MAX_METRICS = 8;

    private MarkdownSummary() {
    }

    public static String ofBuild(BuildRecord b) {
        StringBuilder md = new StringBuilder();
        md.append("## ").append(icon(b.result)).append(" mlsteps build #").append(b.number).append(": **")
                .append(b.result).append("**\n\n");
        md.append("`").append(b.jenkinsfile).append("`");
        if (b.branch != null) {
            md.append(" on `").append(b.branch).append("`");
        }
        if (b.gitCommit != null) {
            md.append(" at `").append(b.gitCommit, 0, Math.min(10, b.gitCommit.length())).append("`");
        }
        md.append(String.format(Locale.ROOT, ", %.1f s%n%n", b.durationMillis / 1000.0));
        if (!b.stages.isEmpty()) {
            md.append("| Stage | Result | Time | Reason |\n|---|---|---:|---|\n");
            for (StageRecord s : b.stages) {
                md.append("| ").append(cell(s.name)).append(" | ").append(icon(s.result)).append(' ').append(s.result)
                        .append(" | ").append("SKIPPED".equals(s.result) ? "" : String.format(Locale.ROOT, "%.1f s", s.durationMillis / 1000.0))
                        .append(" | ").append(cell(s.reason)).append(" |\n");
            }
            md.append('\n');
        }
        if (!b.steps.isEmpty()) {
            md.append("| ML step | Status | Metrics |\n|---|---|---|\n");
            for (MlStepRecord s : b.steps) {
                md.append("| ").append(s.step).append(" | ").append(icon(s.status)).append(' ').append(s.status)
                        .append(" | ").append(cell(metrics(s.metrics))).append(" |\n");
            }
            md.append('\n');
            List<String> failed = new ArrayList<>();
            for (MlStepRecord s : b.steps) {
                s.failedChecks.forEach(c -> failed.add(s.step + ": " + c));
            }
            appendFailed(md, failed);
        }
        return md.toString();
    }

    /** Summary of the step folders directly under a run folder (each with a result.json). */
    public static String ofRunDir(Path runDir) {
        List<StepResult> results = new ArrayList<>();
        if (Files.isDirectory(runDir)) {
            try (Stream<Path> dirs = Files.list(runDir)) {
                for (Path d : dirs.sorted().toList()) {
                    Path file = d.resolve(StepRunner.RESULT_FILE);
                    if (Files.isRegularFile(file)) {
                        results.add(Json.read(file, StepResult.class));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        StepStatus overall = StepStatus.SUCCESS;
        for (StepResult r : results) {
            overall = overall.combine(r.getStatus());
        }
        StringBuilder md = new StringBuilder();
        md.append("## ").append(icon(overall.name())).append(" mlsteps: **").append(overall).append("**\n\n");
        if (results.isEmpty()) {
            return md.append("No step results found in `").append(runDir).append("`.\n").toString();
        }
        md.append("| ML step | Status | Checks passed | Metrics |\n|---|---|---:|---|\n");
        List<String> failed = new ArrayList<>();
        for (StepResult r : results) {
            long passed = r.getChecks().stream().filter(c -> c.outcome() == CheckOutcome.PASSED).count();
            md.append("| ").append(r.getStep()).append(" | ").append(icon(r.getStatus().name())).append(' ')
                    .append(r.getStatus()).append(" | ").append(passed).append(" of ").append(r.getChecks().size())
                    .append(" | ").append(cell(metrics(r.getMetrics()))).append(" |\n");
            for (Check c : r.failedChecks()) {
                failed.add(r.getStep() + ": " + c.criticality() + " " + c.outcome() + ": " + c.message());
            }
        }
        md.append('\n');
        appendFailed(md, failed);
        return md.toString();
    }

    private static void appendFailed(StringBuilder md, List<String> failed) {
        if (failed.isEmpty()) {
            md.append("All checks passed.\n");
            return;
        }
        md.append("<details open><summary>").append(failed.size()).append(" check(s) did not pass</summary>\n\n");
        failed.forEach(f -> md.append("- ").append(f.replace("\n", " ")).append('\n'));
        md.append("\n</details>\n");
    }

    private static String metrics(Map<String, Double> metrics) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Double> m : metrics.entrySet()) {
            if (m.getKey().contains("[") || parts.size() >= MAX_METRICS || m.getValue() == null) {
                continue;
            }
            parts.add(m.getKey() + " " + String.format(Locale.ROOT, "%.4g", m.getValue()));
        }
        return String.join(", ", parts);
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }

    private static String icon(String result) {
        if (result == null) {
            return "";
        }
        return switch (result) {
            case "SUCCESS" -> "✅";
            case "UNSTABLE" -> "⚠️";
            case "FAILURE" -> "❌";
            case "ABORTED", "NOT_BUILT" -> "⛔";
            default -> "⏭️";
        };
    }
}
