package io.mlsteps.run;

import io.mlsteps.step.MlStep;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.steps.StepRequest;

import io.mlsteps.contract.gate.QualityGateEvaluator;
import io.mlsteps.lineage.BuildInfo;
import io.mlsteps.lineage.DatasetRef;
import io.mlsteps.lineage.OpenLineageEmitter;
import io.mlsteps.report.HtmlReport;
import io.mlsteps.report.JunitReport;
import io.mlsteps.util.EngineVersion;
import io.mlsteps.util.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs a step the same way for every front end: executes it, applies the generic quality gates, and
 * writes the step folder ({@code result.json}, {@code junit.xml}, {@code report.html}). Input errors
 * ({@link io.mlsteps.util.InputException}) propagate unchanged so the front end can report them.
 */
public final class StepRunner {
    public static final String RESULT_FILE = "result.json";
    public static final String JUNIT_FILE = "junit.xml";
    public static final String REPORT_FILE = "report.html";

    public <Q extends StepRequest> StepResult run(MlStep<Q> step, Q request, StepContext context) throws Exception {
        long start = System.nanoTime();
        Files.createDirectories(context.stepDir());
        context.log().info("%s: writing to %s", step.name(), context.stepDir());
        // Every step emits OpenLineage run events when OPENLINEAGE_URL names a file or an endpoint, unless it
        // emits its own, richer ones.
        var openLineage = step.emitsOwnLineage() ? java.util.Optional.<OpenLineageEmitter>empty()
                : OpenLineageEmitter.open(null, context.env(), context.workDir(), context.log());
        OpenLineageEmitter.Run lineageRun = openLineage.map(o -> o.run(step.name(), BuildInfo.fromEnv(context.env())))
                .map(OpenLineageEmitter.Run::start).orElse(null);
        StepResult result;
        try {
            result = step.execute(request, context);
        } catch (Exception | Error e) {
            if (lineageRun != null) {
                lineageRun.fail(e);
                openLineage.get().close();
            }
            throw e;
        }
        result.setStep(step.name());
        result.setEngine(EngineVersion.current().asMap());
        if (lineageRun != null) {
            result.getLineage().stream()
                    .filter(ref -> "dataset".equals(ref.kind()) && "input".equals(ref.role()) && ref.sha256() != null)
                    .forEach(ref -> lineageRun.input(DatasetRef.of("input", ref.sha256(), ref.id())));
            lineageRun.complete();
            openLineage.get().close();
        }
        if (!step.evaluatesGatesItself()) {
            result.getChecks().addAll(QualityGateEvaluator.evaluate(request.qualityGates(), result.getMetrics()));
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
}
