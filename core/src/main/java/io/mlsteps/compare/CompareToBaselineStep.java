package io.mlsteps.compare;

import io.mlsteps.contract.gate.GateRule;
import io.mlsteps.contract.gate.QualityGate;
import io.mlsteps.contract.steps.CompareToBaselineRequest;
import io.mlsteps.contract.steps.Steps;

import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.gate.QualityGateEvaluator;
import io.mlsteps.lineage.BuildInfo;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.data.Reading;
import io.mlsteps.model.LabelDomain;
import io.mlsteps.model.Predictor;
import io.mlsteps.model.UnknownLabels;
import io.mlsteps.registry.LineageEvent;
import io.mlsteps.registry.ModelVersion;
import io.mlsteps.registry.Registry;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.contract.result.LineageRef;
import io.mlsteps.step.ArgumentProblems;
import io.mlsteps.step.MlStep;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepFolders;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.model.TribuoPredictor;
import io.mlsteps.util.Hashing;
import io.mlsteps.util.InputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code compareToBaseline}: compares a candidate model with its baselines (the registry's production model,
 * a metrics file, the last successful build, a long-term anchor) under noise-aware gates. When both models'
 * per-row predictions on the same rows are available (the candidate's {@code predictions.csv}, and the
 * baseline re-evaluated on those rows or its own predictions file), each gated metric gets a paired bootstrap
 * interval of the delta (and McNemar's test for accuracy); the gates then pass, fail or are inconclusive.
 */
public final class CompareToBaselineStep implements MlStep<CompareToBaselineRequest> {
    public static final String NAME = "compareToBaseline";

    @Override
    public Class<CompareToBaselineRequest> requestType() {
        return CompareToBaselineRequest.class;
    }

    @Override
    public boolean evaluatesGatesItself() {
        return true;
    }

    /** A baseline with the predictions and registry version it came with (either may be null). */
    record Resolved(Baseline baseline, PredictionSet predictions, ModelVersion version, Path file) {
    }

    @Override
    public StepResult execute(CompareToBaselineRequest req, StepContext ctx) throws Exception {
        ArgumentProblems problems = new ArgumentProblems();
        ReadOptions options = problems.check(() -> readOptions(req));
        UnknownLabels unknownLabels = problems.check(() -> unknownLabels(req));
        return run(req, ctx, settings(req, problems), options, unknownLabels);
    }

    /** How compareToBaseline reads its evaluation data: the request's reading arguments. */
    public static ReadOptions readOptions(CompareToBaselineRequest req) {
        return Reading.options(req.reading());
    }

    /** What a label the candidate model does not know does: the request's {@code unknownLabels}. */
    public static UnknownLabels unknownLabels(CompareToBaselineRequest req) {
        return UnknownLabels.parse(req.unknownLabels(), "unknownLabels");
    }

    /**
     * Compares as {@link #execute} does, reading the evaluation data with {@code options}; when the candidate model is
     * scored on it, a true label the model does not know stops the step or leaves its row out, as {@code unknownLabels}
     * says.
     */
    public StepResult compare(CompareToBaselineRequest req, StepContext ctx, ReadOptions options,
                              UnknownLabels unknownLabels) {
        return run(req, ctx, settings(req, new ArgumentProblems()), options, unknownLabels);
    }

    /**
     * The candidate's evaluation with the evaluation data its predictions refer to (null when unknown), and the
     * request, whose label column may come from the candidate's metrics.json.
     */
    record Candidate(CompareToBaselineRequest req, EvaluationData data, Evaluation evaluation) {
        PredictionSet predictions() {
            return evaluation.predictions();
        }
    }

    /** The baselines found, in the order they are compared, and the primary one as asked for (null if not asked). */
    record Resolution(List<Resolved> resolved, Resolved primary) {
    }

    /** The request's registry, opened when a baseline or the candidate's version first needs it, closed at the end. */
    static final class RegistryHandle implements AutoCloseable {
        private final CompareToBaselineRequest req;
        private final StepContext ctx;
        private Registry registry;

        RegistryHandle(CompareToBaselineRequest req, StepContext ctx) {
            this.req = req;
            this.ctx = ctx;
        }

        Registry get() {
            if (registry == null) {
                registry = Registry.forStep(req.registry().registry(), ctx);
            }
            return registry;
        }

        @Override
        public void close() {
            if (registry != null) {
                registry.close();
            }
        }
    }

    /** The phases: the candidate, its gates and metrics; the baselines and their paired evidence; verdicts; outputs. */
    private static StepResult run(CompareToBaselineRequest request, StepContext ctx, ComparisonRules.Settings settings,
                                  ReadOptions options, UnknownLabels unknownLabels) {
        StepResult result = new StepResult(NAME);
        List<QualityGate> asked = request.qualityGates().stream().map(QualityGate::orNoWorse).toList();
        Candidate cand = candidate(request, ctx, options, unknownLabels, result);
        CompareToBaselineRequest req = cand.req();
        List<QualityGate> gates = asked.isEmpty() ? defaultGates(cand, ctx) : asked;
        Map<String, Double> candMetrics = candidateMetrics(cand, gates);
        try (RegistryHandle registry = new RegistryHandle(req, ctx)) {
            Resolution found = BaselineResolver.resolveAll(cand, ctx, registry, result);
            List<Baseline> baselines = PairedComparison.withEvidence(found.resolved(), cand, gates, candMetrics, ctx);
            List<GateOutcome> outcomes = judge(req, settings, gates, candMetrics, cand.evaluation().rows(), baselines,
                    found.primary(), result);
            Map<String, Object> override = applyOverride(req, ctx, result);
            boolean accepted = result.getChecks().stream().allMatch(c -> c.outcome() == CheckOutcome.PASSED
                    || Boolean.TRUE.equals(c.details().get("overridden")));
            report(ctx, gates, candMetrics, outcomes, result);
            describe(cand, baselines, outcomes, accepted, override, result);
            addLineage(result, cand.evaluation(), found.resolved(), ctx);
            recordInRegistry(req, ctx, registry, result, found.resolved(), accepted, override);
            long failed = result.getChecks().stream().filter(c -> c.outcome() != CheckOutcome.PASSED).count();
            result.setSummary(baselines.isEmpty() ? "no baseline to compare with"
                    : outcomes.size() + " gate rule(s) against " + String.join(", ",
                    baselines.stream().map(Baseline::label).toList()) + "; " + failed + " not passed"
                    + (override != null ? " (overridden)" : ""));
            return result;
        }
    }

    // ---- inputs --------------------------------------------------------------------------------------

    /** The request's rule settings, every argument problem reported at once with those already collected. */
    static ComparisonRules.Settings settings(CompareToBaselineRequest req, ArgumentProblems problems) {
        MissingBaselinePolicy policy = problems.check(() -> {
            try {
                return MissingBaselinePolicy.parse(req.onMissingBaseline());
            } catch (IllegalArgumentException e) {
                throw new InputException("onMissingBaseline", e.getMessage());
            }
        });
        if (!(req.confidence() > 0.5 && req.confidence() < 1)) {
            problems.add("confidence", "must be between 0.5 and 1 (exclusive), e.g. 0.95; got " + req.confidence());
        }
        if (req.resamples() < 100 || req.resamples() > 1_000_000) {
            problems.add("resamples", "must be between 100 and 1000000; got " + req.resamples());
        }
        if (req.minRows() < 0) {
            problems.add("minRows", "must be 0 or more; got " + req.minRows());
        }
        if (req.task() != null && !req.task().equals(PredictionSet.CLASSIFICATION)
                && !req.task().equals(PredictionSet.REGRESSION)) {
            problems.add("task", "expected classification or regression; got '" + req.task() + "'");
        }
        problems.throwIfAny();
        return new ComparisonRules.Settings(req.minRows(), req.inconclusiveCriticality(), policy);
    }

    /**
     * The candidate's evaluation and the data its predictions were made on: the data argument, else the data its
     * metrics.json names; the data's rows and labels are checked against the predictions.
     */
    private static Candidate candidate(CompareToBaselineRequest req, StepContext ctx, ReadOptions options,
                                       UnknownLabels unknownLabels, StepResult result) {
        EvaluationData data = req.data() == null ? null
                : EvaluationData.read(ctx.resolve(req.data()), options, ctx.log());
        Evaluation evaluation = loadCandidate(req, ctx, data, new LabelsOfCandidate(unknownLabels, result));
        Candidate cand = data == null && evaluation.predictions() != null
                ? withDataOfMetricsFile(req, ctx, options, evaluation) : new Candidate(req, data, evaluation);
        PredictionSet preds = cand.predictions();
        if (preds != null && cand.data() != null) {
            String whose = evaluation.label().equals("candidate") ? "candidate" : "candidate " + evaluation.label();
            cand.data().requireRows(preds.rows(), whose); // a file candidate is labelled "candidate" already
            if (cand.req().labelColumn() != null) {
                checkSameTruth(preds, cand.data().labels(preds.rows(), cand.req().labelColumn()), evaluation.label(),
                        cand.data().source());
            }
        }
        return cand;
    }

    /** evaluateModel's metrics.json names its data (with its sha256): the same rows, found without asking. */
    private static Candidate withDataOfMetricsFile(CompareToBaselineRequest req, StepContext ctx, ReadOptions options,
                                                   Evaluation evaluation) {
        Evaluation.DataSource src = Evaluation.dataSource(evaluation.path());
        Path file = src == null ? null : ctx.resolve(src.path());
        if (file == null || !Files.isRegularFile(file)
                || (src.sha256() != null && !src.sha256().equals(Hashing.sha256(file)))) {
            return new Candidate(req, null, evaluation);
        }
        ctx.log().info("evaluation data from the candidate's metrics.json: %s", src.path());
        EvaluationData data = EvaluationData.read(file, options, ctx.log());
        if (req.labelColumn() == null && src.labelColumn() != null && data.hasColumn(src.labelColumn())) {
            req = Steps.with(req, Map.of("labelColumn", src.labelColumn()));
        }
        return new Candidate(req, data, evaluation);
    }

    /** Without qualityGates: the headline metric (accuracy, or rmse for regression) no worse than the baseline. */
    private static List<QualityGate> defaultGates(Candidate cand, StepContext ctx) {
        PredictionSet preds = cand.predictions();
        Map<String, Double> recorded = cand.evaluation().metrics();
        String headline = preds != null && PredictionSet.REGRESSION.equals(preds.task())
                || recorded.containsKey("rmse") && !recorded.containsKey("accuracy") ? "rmse" : "accuracy";
        ctx.log().info("no qualityGates given: gating %s with maxDrop 0 (no worse than the baseline)", headline);
        return List.of(new QualityGate(headline, null, 0.0, null, null, null, Criticality.UNSTABLE, null));
    }

    /** The candidate's recorded metrics, overridden by those computed from its predictions (with the gates' slices). */
    private static Map<String, Double> candidateMetrics(Candidate cand, List<QualityGate> gates) {
        Map<String, Double> candMetrics = new LinkedHashMap<>(cand.evaluation().metrics());
        PredictionSet preds = cand.predictions();
        if (preds == null) {
            return candMetrics;
        }
        List<String> sliceNames = PairedComparison.sliceMetricNames(gates, preds, cand.data());
        PairedMetrics own = new PairedMetrics(preds, preds, cand.data());
        Map<String, Double> computed = new LinkedHashMap<>(own.all());
        computed.putAll(own.metricsOf(true, sliceNames).apply(identity(preds.size())));
        computed.forEach((k, v) -> {
            if (!v.isNaN() || !candMetrics.containsKey(k)) {
                candMetrics.put(k, v);
            }
        });
        return candMetrics;
    }

    /** How the candidate model's unknown labels are handled, and the result their count goes into. */
    private record LabelsOfCandidate(UnknownLabels policy, StepResult result) {
    }

    private static Evaluation loadCandidate(CompareToBaselineRequest req, StepContext ctx, EvaluationData data,
                                     LabelsOfCandidate labels) {
        Path buildDir = ctx.stepDir().getParent();
        Path path = req.candidate() != null ? ctx.resolve(req.candidate())
                : buildDir == null ? null : StepFolders.latest(buildDir, "evaluateModel");
        Evaluation ev = null;
        if (path != null && (req.candidate() != null || Files.exists(path))) {
            ev = Evaluation.load(path, "candidate", req.task());
        }
        if ((ev == null || ev.predictions() == null) && req.candidateModel() != null) {
            if (data == null) {
                throw new InputException("data", "is required with candidateModel: the evaluation data to score the "
                        + "candidate on");
            }
            Predictor model = TribuoPredictor.load(ctx.resolve(req.candidateModel()));
            int[] rows = identity(data.size());
            String[] truth = data.labels(rows, req.labelColumn());
            checkTruthPresent(truth, req.labelColumn());
            if (!PredictionSet.REGRESSION.equalsIgnoreCase(model.task())) {
                rows = knownLabelRows(model, data, truth, req.labelColumn(), labels, ctx);
                truth = data.labels(rows, req.labelColumn());
            }
            PredictionSet p = PredictionSet.predict(req.candidateModel(), model,
                    data.features(rows, model.featureNames()), rows, truth);
            ev = new Evaluation(req.candidateModel(), ctx.resolve(req.candidateModel()),
                    ev == null ? Map.of() : ev.metrics(), p, p.size());
        }
        if (ev == null) {
            throw new InputException("candidate", "no candidate evaluation: " + (path == null ? "" : path + " does not exist; ")
                    + "give candidate (an evaluateModel folder, metrics.json, result.json or predictions.csv) or "
                    + "candidateModel with data");
        }
        return ev;
    }

    /** The data rows whose label the candidate model knows; any other is an error or left out, counted. */
    private static int[] knownLabelRows(Predictor model, EvaluationData data, String[] truth, String labelColumn,
                                        LabelsOfCandidate labels, StepContext ctx) {
        LabelDomain domain = new LabelDomain(model.labels(), labels.policy());
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < truth.length; i++) {
            int row = i;
            if (domain.accepts(truth[i].trim(), problem -> data.error(row, labelColumn, "candidateModel: " + problem))) {
                kept.add(i);
            }
        }
        domain.report(labels.result(), ctx.log());
        if (kept.isEmpty()) {
            throw new InputException(data.source(), "no row has a label the candidate model knows "
                    + new java.util.TreeSet<>(model.labels()) + "; expected evaluation data of its task");
        }
        return kept.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void checkTruthPresent(String[] truth, String labelColumn) {
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] == null) {
                throw new InputException("labelColumn", "data row " + i + " has no value in '" + labelColumn
                        + "'; expected a label for every evaluation row");
            }
        }
    }

    private static void checkSameTruth(PredictionSet preds, String[] truth, String who, String dataSource) {
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] != null && !sameValue(truth[i], preds.yTrue()[i])) {
                throw new InputException(who, "y_true '" + preds.yTrue()[i] + "' of data row " + preds.rows()[i]
                        + " differs from the label '" + truth[i] + "' in " + dataSource
                        + "; expected predictions made on this data file");
            }
        }
    }

    static boolean sameValue(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return Double.parseDouble(a) == Double.parseDouble(b);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Whether a baseline argument names a registry model rather than a file. */
    static boolean registryRef(String value, StepContext ctx) {
        if (value == null) {
            return false;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        return !(value.contains("/") || value.contains("\\") || lower.endsWith(".json") || lower.endsWith(".csv")
                || lower.endsWith(".tribuo") || Files.exists(ctx.resolve(value)));
    }

    // ---- verdicts ------------------------------------------------------------------------------------

    /**
     * The gates' outcomes against the baselines, added to the result as checks. Without a primary baseline the
     * missing-baseline policy decides, and the secondary baselines (anchor) still judge the absolute drops.
     */
    private static List<GateOutcome> judge(CompareToBaselineRequest req, ComparisonRules.Settings settings,
                                           List<QualityGate> gates, Map<String, Double> candMetrics, Integer candRows,
                                           List<Baseline> baselines, Resolved primary, StepResult result) {
        boolean hasPrimary = baselines.stream().anyMatch(Baseline::primary);
        List<GateOutcome> outcomes = new ComparisonRules(settings).evaluate(gates, candMetrics, candRows,
                hasPrimary ? baselines : List.of());
        if (!hasPrimary) {
            result.addCheck(missingBaselineCheck(req, settings, gates, primary));
            if (!baselines.isEmpty()) {
                outcomes.addAll(new ComparisonRules(settings).evaluate(
                        gates.stream().filter(g -> g.maxDrop() != null || g.maxRelativeDrop() != null)
                                .map(g -> new QualityGate(g.metric(), null, g.maxDrop(), g.maxRelativeDrop(),
                                        null, null, g.criticality(), g.direction())).toList(),
                        candMetrics, candRows, baselines));
            }
        }
        for (GateOutcome o : outcomes) {
            result.addCheck(o.toCheck());
        }
        return outcomes;
    }

    private static Check missingBaselineCheck(CompareToBaselineRequest req, ComparisonRules.Settings settings,
                                              List<QualityGate> gates, Resolved primary) {
        String what = req.baseline() == null && req.previousResult() == null && req.baselineModel() == null
                ? "No baseline was given" : "No baseline was found (" + String.join(", ", java.util.stream.Stream.of(
                req.baseline(), req.previousResult()).filter(java.util.Objects::nonNull).toList()) + ")";
        long relative = gates.stream().mapToLong(g -> ComparisonRules.rules(g).stream().filter(GateRule::relative).count()).sum();
        String skipped = relative == 0 ? "" : "; " + relative + " relative rule(s) were not evaluated";
        MissingBaselinePolicy p = settings.onMissingBaseline();
        Map<String, Object> details = new LinkedHashMap<>(); // in this order in result.json, whatever the JVM
        details.put("policy", p.name());
        details.put("firstRun", true);
        if (p == MissingBaselinePolicy.PASS) {
            return new Check("compare:baseline", null, null, "a baseline", Criticality.NOTE, CheckOutcome.PASSED,
                    what + ": treated as a first run and passed by onMissingBaseline: PASS" + skipped + ".", details);
        }
        return new Check("compare:baseline", null, null, "a baseline", p.criticality(), CheckOutcome.FAILED,
                what + ": onMissingBaseline: " + p + skipped + ".", details);
    }

    /** Turns every failed or inconclusive check into an audited NOTE when an override reason is given. */
    static Map<String, Object> applyOverride(CompareToBaselineRequest req, StepContext ctx, StepResult result) {
        String reason = req.override();
        if (reason == null || reason.isBlank()) {
            return null;
        }
        String by = firstEnv(ctx, "BUILD_USER", "BUILD_USER_ID", "USER", "USERNAME");
        String url = ctx.env("BUILD_URL");
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("reason", reason.trim());
        record.put("by", by == null ? "unknown" : by);
        if (url != null) {
            record.put("buildUrl", url);
        }
        record.put("actor", BuildInfo.actorFromEnv(ctx.env()));
        record.put("at", java.time.Instant.now().toString());
        List<String> names = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        for (Check c : result.getChecks()) {
            if (c.outcome() == CheckOutcome.PASSED) {
                checks.add(c);
                continue;
            }
            names.add(c.name());
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("overridden", true);
            d.put("originalCriticality", String.valueOf(c.criticality()));
            d.put("overrideReason", reason.trim());
            d.put("overriddenBy", record.get("by"));
            Check o = new Check(c.name(), c.metric(), c.observed(), c.expected(), Criticality.NOTE, c.outcome(),
                    c.message() + " OVERRIDDEN by " + record.get("by") + ": " + reason.trim(), c.details());
            checks.add(o.withDetails(d));
        }
        result.setChecks(checks);
        record.put("checks", names);
        if (!names.isEmpty()) {
            ctx.log().warn("override by " + record.get("by") + (url == null ? "" : " (" + url + ")") + ": " + reason.trim()
                    + " - " + names.size() + " check(s) turned into NOTEs: " + String.join(", ", names));
        } else {
            ctx.log().info("override given but every check passed; nothing overridden");
        }
        return record;
    }

    private static String firstEnv(StepContext ctx, String... names) {
        for (String n : names) {
            String v = ctx.env(n);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    // ---- outputs -------------------------------------------------------------------------------------

    /** The gated metrics and primary deltas as the result's metrics, the comparison table, the log and the chart. */
    private static void report(StepContext ctx, List<QualityGate> gates, Map<String, Double> candMetrics,
                               List<GateOutcome> outcomes, StepResult result) {
        for (QualityGate g : gates) {
            for (String n : QualityGateEvaluator.matchingMetrics(g.metric(), candMetrics)) {
                result.getMetrics().putIfAbsent(n, candMetrics.get(n));
            }
        }
        for (GateOutcome o : outcomes) {
            if (o.candidate() != null) {
                result.getMetrics().putIfAbsent(o.metric(), o.candidate());
            }
            if (o.primary() && o.role() != null && o.delta() != null) {
                result.getMetrics().putIfAbsent("delta[" + o.metric() + "]", o.delta());
            }
        }
        ComparisonReport.addTable(result, outcomes);
        ComparisonReport.log(ctx.log(), outcomes);
        try {
            result.getCharts().addAll(ComparisonChart.draw(outcomes, ctx.chartsDir()));
        } catch (RuntimeException e) {
            ctx.log().warn("could not draw the comparison chart: " + e.getMessage());
        }
    }

    /** result.json's details: the verdict, the candidate, the baselines, the gates and any override. */
    private static void describe(Candidate cand, List<Baseline> baselines, List<GateOutcome> outcomes, boolean accepted,
                                 Map<String, Object> override, StepResult result) {
        result.getDetails().put("accepted", accepted);
        result.getDetails().put("candidate", cand.evaluation().label());
        result.getDetails().put("baselines", baselines.stream().map(b -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("role", b.role());
            m.put("primary", b.primary());
            m.put("label", b.label());
            m.put("source", b.source());
            m.put("paired", !b.paired().isEmpty());
            m.put("notes", b.notes());
            return m;
        }).toList());
        result.getDetails().put("gates", outcomes.stream().map(ComparisonReport::toMap).toList());
        if (override != null) {
            result.getDetails().put("override", override);
        }
    }

    // ---- lineage -------------------------------------------------------------------------------------

    private static void addLineage(StepResult result, Evaluation candidate, List<Resolved> resolved, StepContext ctx) {
        if (candidate.path() != null && Files.isRegularFile(candidate.path())) {
            result.getLineage().add(new LineageRef("evaluation", "input", "candidate", sha(candidate.path()),
                    candidate.path().toString()));
        } else if (candidate.path() != null) {
            result.getLineage().add(new LineageRef("evaluation", "input", "candidate", null, candidate.path().toString()));
        }
        for (Resolved r : resolved) {
            if (r.version() != null) {
                result.getLineage().add(new LineageRef("modelVersion", "input", r.version().ref(),
                        r.version().artifactSha256(), null));
            } else if (r.file() != null) {
                result.getLineage().add(new LineageRef("evaluation", "input", r.baseline().role(),
                        Files.isRegularFile(r.file()) ? sha(r.file()) : null, r.file().toString()));
            }
        }
    }

    private static String sha(Path file) {
        try {
            return Hashing.sha256(file);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void recordInRegistry(CompareToBaselineRequest req, StepContext ctx, RegistryHandle registry,
                                         StepResult result, List<Resolved> resolved, boolean accepted,
                                         Map<String, Object> override) {
        if (req.candidateVersion() == null) {
            return;
        }
        ModelVersion cand = registry.get().resolve(req.candidateVersion());
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("status", result.getStatus().name());
        attrs.put("passed", result.isPassed());
        attrs.put("result", ctx.stepDir().resolve("result.json").toString());
        if (override != null) {
            attrs.put("override", override);
        }
        LineageEvent event = LineageEvent.of(LineageEvent.COMPARISON, cand, accepted)
                .withBuild(BuildInfo.fromEnv(ctx.env()))
                .withActor(BuildInfo.actorFromEnv(ctx.env()))
                .withRelated(resolved.stream().filter(r -> r.version() != null).map(r -> r.version().ref()).toList())
                .withMetrics(result.getMetrics())
                .withAttributes(attrs);
        LineageEvent recorded = registry.get().recordEvent(event);
        result.getDetails().put("registryEvent", recorded.nodeId());
        ctx.log().info("recorded the comparison on %s in the registry (%s)", cand.ref(), recorded.nodeId());
    }

    static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
