package io.mlsteps.jenkins.results;

import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.mlsteps.jenkins.engine.EngineResult;
import io.mlsteps.contract.gate.QualityGate;
import io.mlsteps.contract.result.Outcome;
import io.mlsteps.jenkins.trend.StepRecord;

import java.io.File;
import java.io.IOException;
import java.util.List;

/**
 * Keeps a finished step with its build: copies result.json, report.html, junit.xml, lineage.json and the
 * charts (not the models or data) from the agent into {@code <build dir>/mlsteps/<n>-<step>/}, fingerprints
 * the datasets and models, and adds a {@link StepRecord} to the build's {@link MlRunAction}.
 */
public final class BuildRecorder {
    static final String FILES = "result.json,report.html,junit.xml,lineage.json,charts/**";

    private BuildRecorder() {
    }

    public static void record(Run<?, ?> run, FilePath workspace, FilePath stepDir, String step, EngineResult result,
                              Outcome outcome, List<QualityGate> gates, TaskListener listener)
            throws IOException, InterruptedException {
        MlRunAction action = MlRunAction.forRun(run);
        String dir = action.nextDir(step);
        FilePath target = new FilePath(new File(MlRunAction.filesDir(run), dir));
        target.mkdirs();
        stepDir.copyRecursiveTo(FILES, target);
        StepRecord record = StepRecord.of(step, dir, result, outcome, gates);
        try {
            Fingerprints.record(run, workspace, stepDir, result, record);
        } catch (IOException | RuntimeException e) {
            // Fingerprints are a convenience: a full fingerprint store or a fingerprint map that refuses a file must
            // not fail a model build.
            listener.getLogger().println("mlsteps: could not record fingerprints: " + e.getMessage());
        }
        action.add(record);
    }
}
