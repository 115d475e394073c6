package io.mlsteps.contract.steps;

import io.mlsteps.contract.Arg;
import io.mlsteps.contract.Group;
import io.mlsteps.contract.StepInfo;
import io.mlsteps.contract.gate.QualityGate;
import io.mlsteps.contract.result.Criticality;

import java.util.List;

/**
 * Arguments of {@code compareToBaseline}. Its gates may also bound the change against the baseline; every rule
 * given is a separate check, and a gate with no rule at all means {@code maxDrop: 0} (no worse than the baseline).
 */
@StepInfo(name = "compareToBaseline", command = "compare", title = "Compare a model to its baseline",
        summary = "Compares the candidate's metrics with a baseline (a registry alias, a metrics file, or this job's "
                + "last successful build) under noise-aware gates.")
public record CompareToBaselineRequest(
        @Arg(doc = "the candidate's evaluation: an `evaluateModel` folder (`predictions.csv`, `metrics.json`/"
                + "`result.json`), a metrics or result JSON, or a `predictions.csv`",
                defaultText = "the latest `evaluateModel` folder beside this step's own: in a build "
                        + "`<runDir>/builds/<BUILD_NUMBER>/evaluateModel` (`evaluateModel-2`, ... after later calls), "
                        + "on the command line `<runDir>/evaluateModel`",
                positional = true, label = "FILE|DIR")
        String candidate,
        @Arg(doc = "a model file (Tribuo) to score on `data` instead, when there is no `evaluateModel` output",
                label = "FILE")
        String candidateModel,
        @Arg(doc = "the evaluation data the predictions refer to (`row` = 0-based data row); needed to re-evaluate a "
                + "baseline model on the same rows and for slices",
                defaultText = "the file the candidate's `metrics.json` names, if its sha256 still matches", label = "FILE")
        String data,
        @Arg(doc = "label column of `data` (checked against the predictions' `y_true`; required with `candidateModel`)",
                defaultText = "the candidate's `metrics.json` `source.labelColumn`", label = "COLUMN")
        String labelColumn,
        @Arg(doc = "`classification` or `regression`", defaultText = "from the predictions",
                allowed = {"classification", "regression"})
        String task,
        @Arg(doc = "the primary baseline: a registry reference (`production` with `modelName`, `adult@production`, "
                + "`adult@3`), a file or folder (metrics JSON, `result.json`, `predictions.csv`, `model.tribuo`), or "
                + "`lastSuccessfulBuild`: the evaluation of this job's last successful build", label = "REF")
        String baseline,
        @Arg(doc = "a baseline model file, scored on the candidate's rows", label = "FILE")
        String baselineModel,
        @Arg(doc = "model name for a bare alias in `baseline`/`anchor`", label = "NAME")
        String modelName,
        @Group RegistryArgs registry,
        @Arg(doc = "re-evaluate a registry baseline's artifact on the candidate's rows (the fair comparison)",
                defaultValue = "true", cli = "--reevaluate")
        boolean reevaluateBaseline,
        @Arg(doc = "`result.json` (or the `evaluateModel` folder) of the last successful build; a missing file means "
                + "no previous build. `lastSuccessfulBuild` lets the pipeline find it", label = "FILE")
        String previousResult,
        @Arg(doc = "a long-term anchor (registry reference or file): drop rules apply against it too, catching creeping "
                + "regressions", label = "REF")
        String anchor,
        @Arg(doc = "the candidate's registry reference, if already registered: the comparison (verdict, override) is "
                + "recorded in its lineage", label = "REF")
        String candidateVersion,
        @Arg(doc = "the gates: a `threshold`, or rules against the baseline: `maxDrop`, `maxRelativeDrop`, "
                + "`minImprovement`, `maxImprovement`, e.g. `[[metric: 'accuracy', maxDrop: 0.01, criticality: "
                + "'FAILURE']]`; `accuracy[sex=*]` gates every slice", cli = "--gate",
                label = "METRIC>=X[:CRITICALITY]", defaultText = "`accuracy` (or `rmse`) with `maxDrop: 0`")
        List<QualityGate> qualityGates,
        @Arg(doc = "what a first run without a baseline does: `PASS` (with a note), `UNSTABLE` or `FAILURE`",
                defaultValue = "PASS", allowed = {"PASS", "UNSTABLE", "FAILURE"})
        String onMissingBaseline,
        @Arg(doc = "criticality of an INCONCLUSIVE rule (its interval straddles the bound), never above the gate's own",
                defaultValue = "UNSTABLE")
        Criticality inconclusiveCriticality,
        @Arg(doc = "two-sided confidence of the intervals", defaultValue = "0.95")
        double confidence,
        @Arg(doc = "bootstrap resamples", defaultValue = "1000")
        int resamples,
        @Arg(doc = "bootstrap seed (same seed, same interval)", defaultValue = "42")
        long seed,
        @Arg(doc = "fewer evaluation rows make every rule INCONCLUSIVE", defaultValue = "30")
        int minRows,
        @Arg(doc = "a reason to accept failures: they become audited NOTEs recording who gave it (`BUILD_USER`/`USER`, "
                + "`BUILD_URL`) and why", label = "REASON")
        String override,
        @Arg(doc = "what a row of `data` whose true label is not a class of `candidateModel` does: `fail` stops with "
                + "the file, line and the model's classes; `exclude` leaves such rows out and counts them",
                defaultValue = "fail", allowed = {"fail", "exclude"})
        String unknownLabels,
        @Group ReadingArgs reading) implements StepRequest {
}
