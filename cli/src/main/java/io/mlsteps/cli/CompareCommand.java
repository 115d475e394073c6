package io.mlsteps.cli;

import io.mlsteps.compare.CompareToBaselineRequest;
import io.mlsteps.compare.ComparisonGate;
import io.mlsteps.gate.Criticality;
import io.mlsteps.util.InputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code mlsteps compare CANDIDATE --baseline REF}: the compareToBaseline step. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"compareToBaseline: compare a candidate model with its baseline (a registry alias, a metrics "
                + "file, the last successful build, a long-term anchor) under noise-aware gates: with per-row "
                + "predictions of both models on the same rows, every gate gets a paired bootstrap interval "
                + "(and McNemar's test for accuracy) and PASSES, FAILS or is INCONCLUSIVE.",
                "Writes result.json, report.html, junit.xml and charts/ into .mlsteps/compareToBaseline/.",
                "Example: mlsteps compare .mlsteps/evaluateModel --baseline production --model-name adult "
                        + "--data adult_test.csv --max-drop accuracy=0.01:FAILURE --max-improvement accuracy=0.05",
                "Exit codes: 0 passed, 1 unstable, 2 failure, 3 usage or input error, 4 internal error."})
public class CompareCommand extends StepCommand<CompareToBaselineRequest> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "CANDIDATE",
            description = "The candidate's evaluation: an evaluateModel folder, metrics.json, result.json or "
                    + "predictions.csv (default: .mlsteps/evaluateModel).")
    String candidate;

    @Option(names = "--candidate-model", paramLabel = "FILE", description = "Score this model file on --data instead of reading predictions.")
    String candidateModel;

    @Option(names = "--data", paramLabel = "FILE", description = "The evaluation data the predictions refer to (row = 0-based data row); "
            + "needed to re-evaluate the baseline model on the same rows and for slices.")
    String data;

    @Option(names = "--label-column", paramLabel = "NAME", description = "The label column of --data.")
    String labelColumn;

    @Option(names = "--task", paramLabel = "TASK", description = "classification or regression (default: from the predictions).")
    String task;

    @Option(names = "--baseline", paramLabel = "REF", description = "Registry reference (production with --model-name, "
            + "name@alias, name@3) or a file/folder (metrics.json, result.json, predictions.csv, model.tribuo).")
    String baseline;

    @Option(names = "--baseline-model", paramLabel = "FILE", description = "A baseline model file to score on the candidate's rows.")
    String baselineModel;

    @Option(names = "--model-name", paramLabel = "NAME", description = "Registered model name for a bare alias in --baseline/--anchor.")
    String modelName;

    @Option(names = "--registry", paramLabel = "URI", description = "Registry URI (default: MLSTEPS_REGISTRY or ~/.mlsteps/registry).")
    String registry;

    @Option(names = "--previous-result", paramLabel = "FILE", description = "result.json of the last successful build (absent = none yet).")
    String previousResult;

    @Option(names = "--anchor", paramLabel = "REF", description = "A long-term anchor (registry reference or file): drop rules apply "
            + "against it too, catching creeping regressions.")
    String anchor;

    @Option(names = "--candidate-version", paramLabel = "REF", description = "The candidate's registry reference, if registered: "
            + "the comparison is recorded in its lineage.")
    String candidateVersion;

    @Option(names = "--max-drop", paramLabel = "METRIC=X[:CRIT]", description = "Largest tolerated regression, repeatable, "
            + "e.g. accuracy=0.01:FAILURE or 'accuracy[sex=*]=0.02'.")
    List<String> maxDrop = new ArrayList<>();

    @Option(names = "--max-relative-drop", paramLabel = "METRIC=X[:CRIT]", description = "Largest tolerated regression as a "
            + "fraction of the baseline, e.g. f1_macro=0.02.")
    List<String> maxRelativeDrop = new ArrayList<>();

    @Option(names = "--min-improvement", paramLabel = "METRIC=X[:CRIT]", description = "Required improvement, e.g. roc_auc=0.005.")
    List<String> minImprovement = new ArrayList<>();

    @Option(names = "--max-improvement", paramLabel = "METRIC=X[:CRIT]", description = "Largest believable improvement "
            + "(leakage alarm), e.g. accuracy=0.05.")
    List<String> maxImprovement = new ArrayList<>();

    @Option(names = "--on-missing-baseline", paramLabel = "POLICY", description = "PASS (default, with a note), UNSTABLE or FAILURE.")
    String onMissingBaseline;

    @Option(names = "--inconclusive-criticality", paramLabel = "LEVEL", description = "Criticality of an INCONCLUSIVE gate "
            + "(default UNSTABLE; never above the gate's own).")
    String inconclusiveCriticality;

    @Option(names = "--confidence", paramLabel = "P", description = "Confidence of the intervals (default 0.95).")
    Double confidence;

    @Option(names = "--resamples", paramLabel = "N", description = "Bootstrap resamples (default 1000).")
    Integer resamples;

    @Option(names = "--seed", paramLabel = "N", description = "Bootstrap seed (default 42).")
    Long seed;

    @Option(names = "--min-rows", paramLabel = "N", description = "Fewer evaluation rows make every gate INCONCLUSIVE (default 30).")
    Integer minRows;

    @Option(names = "--no-reevaluate", description = "Use a registry baseline's stored metrics without re-evaluating its model.")
    boolean noReevaluate;

    @Option(names = "--override", paramLabel = "REASON", description = "Accept failures as NOTEs, recording who (BUILD_USER/USER, "
            + "BUILD_URL) and this reason.")
    String override;

    private static final Pattern RULE = Pattern.compile("^(.+)=\\s*([-+0-9.eE]+)\\s*(?::\\s*([A-Za-z]+))?\\s*$");

    @Override
    protected String stepName() {
        return "compareToBaseline";
    }

    @Override
    protected void applyFlags(CompareToBaselineRequest r) {
        if (candidate != null) r.setCandidate(candidate);
        if (candidateModel != null) r.setCandidateModel(candidateModel);
        if (data != null) r.setData(data);
        if (labelColumn != null) r.setLabelColumn(labelColumn);
        if (task != null) r.setTask(task);
        if (baseline != null) r.setBaseline(baseline);
        if (baselineModel != null) r.setBaselineModel(baselineModel);
        if (modelName != null) r.setModelName(modelName);
        if (registry != null) r.setRegistry(registry);
        if (previousResult != null) r.setPreviousResult(previousResult);
        if (anchor != null) r.setAnchor(anchor);
        if (candidateVersion != null) r.setCandidateVersion(candidateVersion);
        if (onMissingBaseline != null) r.setOnMissingBaseline(onMissingBaseline);
        if (inconclusiveCriticality != null) r.setInconclusiveCriticality(inconclusiveCriticality);
        if (confidence != null) r.setConfidence(confidence);
        if (resamples != null) r.setResamples(resamples);
        if (seed != null) r.setSeed(seed);
        if (minRows != null) r.setMinRows(minRows);
        if (noReevaluate) r.setReevaluateBaseline(false);
        if (override != null) r.setOverride(override);
        List<ComparisonGate> gates = new ArrayList<>(r.getGates());
        maxDrop.forEach(v -> gates.add(rule("--max-drop", v)));
        maxRelativeDrop.forEach(v -> gates.add(rule("--max-relative-drop", v)));
        minImprovement.forEach(v -> gates.add(rule("--min-improvement", v)));
        maxImprovement.forEach(v -> gates.add(rule("--max-improvement", v)));
        r.setGates(gates);
    }

    /** Parses {@code METRIC=X[:CRITICALITY]} into a gate with the one rule the flag names. */
    static ComparisonGate rule(String flag, String text) {
        Matcher m = RULE.matcher(text);
        if (!m.matches()) {
            throw new InputException(flag + " " + text, "expected METRIC=NUMBER[:CRITICALITY], e.g. accuracy=0.01:FAILURE");
        }
        String metric = m.group(1).trim();
        double x;
        Criticality c;
        try {
            x = Double.parseDouble(m.group(2));
            c = m.group(3) == null ? null : Criticality.parse(m.group(3));
        } catch (IllegalArgumentException e) {
            throw new InputException(flag + " " + text, e.getMessage());
        }
        try {
            return switch (flag) {
                case "--max-drop" -> new ComparisonGate(metric, null, x, null, null, null, c, null);
                case "--max-relative-drop" -> new ComparisonGate(metric, null, null, x, null, null, c, null);
                case "--min-improvement" -> new ComparisonGate(metric, null, null, null, x, null, c, null);
                default -> new ComparisonGate(metric, null, null, null, null, x, c, null);
            };
        } catch (IllegalArgumentException e) {
            throw new InputException(flag + " " + text, e.getMessage());
        }
    }
}
