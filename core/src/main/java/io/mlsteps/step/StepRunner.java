package io.mlsteps.step;

import io.mlsteps.gate.QualityGateEvaluator;
import io.mlsteps.report.HtmlReport;
import io.mlsteps.report.JunitReport;
import io.mlsteps.util.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Runs a step the same way for every front end: executes it, applies the generic quality gates, and
 * writes the step folder ({@code result.json}, {@code junit.xml}, {@code report.html}). Input errors
 * ({@link io.mlsteps.util.InputException}) propagate unchanged so the front end can report them.
 */
public final class StepRunner {
    public static final String RESULT_FILE = "result.json";
    public static final String JUNIT_FILE = "junit.xml";
    public static final String REPORT_FILE = "report.html";

    private final QualityGateEvaluator gates = new QualityGateEvaluator();

    public <Q extends StepRequest> StepResult run(MlStep<Q> step, Q request, StepContext context) throws Exception {
        long start = System.nanoTime();
        Files.createDirectories(context.stepDir());
        context.log().info("%s: writing to %s", step.name(), context.stepDir());
        StepResult result = step.execute(request, context);
        result.setStep(step.name());
        if (!step.evaluatesGatesItself()) {
            result.getChecks().addAll(gates.evaluate(request.getQualityGates(), result.getMetrics()));
        }
        result.setDurationMillis((System.nanoTime() - start) / 1_000_000);
        write(result, context.stepDir());
        logSummary(result, context);
        return result;
    }

    /** Writes result.json, junit.xml and report.html of a result into its step folder. */
    public static void write(StepResult result, Path stepDir) {
        try {
            Files.createDirectories(stepDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Json.write(stepDir.resolve(RESULT_FILE), result);
        JunitReport.write(result, stepDir.resolve(JUNIT_FILE));
        HtmlReport.write(result, stepDir, stepDir.resolve(REPORT_FILE));
    }

    private static void logSummary(StepResult result, StepContext context) {
        var log = context.log();
        for (Check check : result.getChecks()) {
            if (check.outcome() != CheckOutcome.PASSED) {
                log.info("%-12s %-9s %s", check.outcome(), check.criticality(), check.message());
            }
        }
        long passed = result.getChecks().stream().filter(c -> c.outcome() == CheckOutcome.PASSED).count();
        log.info("%s: %s (%d of %d checks passed, %.1fs)%s", result.getStep(), result.getStatus(), passed,
                result.getChecks().size(), result.getDurationMillis() / 1000.0,
                result.getSummary() == null ? "" : " - " + result.getSummary());
        log.info("report: %s", context.stepDir().resolve(REPORT_FILE));
    }

    /** The default step folder: {@code <runDir>/<step>}, e.g. {@code .mlsteps/validateData}. */
    public static Path defaultStepDir(Path runDir, String stepName) {
        return runDir.resolve(stepName.toLowerCase(Locale.ROOT).equals(stepName) ? stepName : stepName);
    }
}
