package io.mlsteps.compare;

import io.mlsteps.contract.steps.CompareToBaselineRequest;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.model.Predictor;
import io.mlsteps.registry.ModelVersion;
import io.mlsteps.registry.Registry;
import io.mlsteps.contract.result.Check;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.model.TribuoPredictor;
import io.mlsteps.util.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.mlsteps.compare.CompareToBaselineStep.*;

/**
 * compareToBaseline's baselines: the primary one from the registry, a file or the previous build, the previous
 * build's and the anchor, each re-evaluated on the candidate's rows where its model can be scored.
 */
final class BaselineResolver {
    private BaselineResolver() {
    }


    /**
     * The baselines asked for: the primary one (the previous build's result stands in when there is none), the
     * previous build's, the anchor (a note when it is not found).
     */
    static Resolution resolveAll(Candidate cand, StepContext ctx, RegistryHandle registry, StepResult result) {
        CompareToBaselineRequest req = cand.req();
        List<Resolved> resolved = new ArrayList<>();
        Resolved primary = req.baseline() == null && req.baselineModel() == null ? null
                : resolve("baseline", req.baseline(), req.baselineModel(), cand, ctx, registry, false);
        Resolved previous = req.previousResult() == null ? null
                : resolve("previous", req.previousResult(), null, cand, ctx, registry, true);
        boolean previousFound = previous != null && previous.baseline() != null;
        if (primary != null && primary.baseline() != null) {
            resolved.add(primary);
            if (previousFound) {
                resolved.add(previous);
            }
        } else if (previousFound) {
            ctx.log().info("no baseline%s: the previous successful build's result is the baseline",
                    primary == null ? " given" : " found");
            resolved.add(new Resolved(previous.baseline().asPrimary(true), previous.predictions(), null, previous.file()));
        }
        if (req.anchor() != null) {
            Resolved anchor = resolve("anchor", req.anchor(), null, cand, ctx, registry, true);
            if (anchor.baseline() != null) {
                resolved.add(anchor);
            } else {
                result.addCheck(Check.passed("compare:anchor", null, null, null, Criticality.NOTE,
                        "No anchor found for '" + req.anchor() + "'; creeping regressions are not checked in this run."));
            }
        }
        return new Resolution(resolved, primary);
    }

    /** One baseline: a registry reference, or a file (an evaluation, a predictions file, a model file). */
    private static Resolved resolve(String role, String ref, String modelFile, Candidate cand, StepContext ctx,
                                    RegistryHandle registry, boolean lenientFile) {
        if (ref != null && !role.equals("previous") && registryRef(ref, ctx)) {
            return fromRegistry(role, ref, cand, ctx, registry.get());
        }
        return fromFile(role, ref, modelFile, cand, ctx, lenientFile);
    }

    /**
     * A registered version's stored metrics, re-evaluated on the candidate's rows when asked and possible (a
     * paired comparison); a reference the registry lacks is no baseline.
     */
    private static Resolved fromRegistry(String role, String ref, Candidate cand, StepContext ctx, Registry registry) {
        CompareToBaselineRequest req = cand.req();
        String full = ref.contains("@") ? ref : req.modelName() != null ? req.modelName() + "@" + ref : ref;
        if (!ref.contains("@") && req.modelName() == null && registry.find(ref).isEmpty()) {
            throw new InputException(role.equals("anchor") ? "anchor" : "baseline", "'" + ref
                    + "' is neither a file nor a registered model; give modelName to use it as an alias "
                    + "(modelName@" + ref + "), or write name@alias, name@version or a path");
        }
        var found = registry.find(full);
        if (found.isEmpty()) {
            ctx.log().info("%s: %s is not in the registry %s", role, full, registry.location());
            return new Resolved(null, null, null, null);
        }
        ModelVersion v = found.get();
        String label = full.equals(v.ref()) ? v.ref() : full + " (v" + v.version() + ")";
        Baseline b = new Baseline(role, role.equals("baseline"), label, "registry", v.metrics(), Map.of(),
                List.of("stored metrics of " + v.ref() + " registered " + v.createdAt()));
        PredictionSet candPreds = cand.predictions();
        if (req.reevaluateBaseline() && candPreds != null && cand.data() != null) {
            return reevaluated(role, b, v, cand, ctx, registry);
        }
        if (candPreds != null && cand.data() == null) {
            b = b.withNote("not re-evaluated: give data (the evaluation data of the candidate's predictions) "
                    + "for a paired comparison on the same rows");
        }
        return new Resolved(b, null, v, null);
    }

    /** A registered version's artifact scored on the candidate's rows; its stored metrics when that fails. */
    private static Resolved reevaluated(String role, Baseline b, ModelVersion v, Candidate cand, StepContext ctx,
                                        Registry registry) {
        PredictionSet candPreds = cand.predictions();
        Path dir = ctx.stepDir().resolve(role + "-model");
        try {
            Files.createDirectories(dir);
            Path artifact = registry.fetchArtifact(v, dir.resolve(v.artifactName() == null ? "model.tribuo"
                    : Path.of(v.artifactName()).getFileName().toString()));
            PredictionSet preds = predictOnCandidateRows(artifact, v.ref(), candPreds, cand.data());
            return new Resolved(b.withNote("re-evaluated " + v.ref() + " on the candidate's " + candPreds.size()
                    + " evaluation rows (a fair, paired comparison)"), preds, v, null);
        } catch (InputException | java.io.IOException e) {
            return new Resolved(b.withNote("its artifact could not be re-evaluated (" + e.getMessage()
                    + "), so its stored metrics are compared point-wise"), null, v, null);
        }
    }

    /**
     * A baseline file: an evaluation (metrics, or predictions aligned to the candidate's rows) or a model file
     * scored on the candidate's rows. A missing file is no baseline where lenient, else an error.
     */
    private static Resolved fromFile(String role, String ref, String modelFile, Candidate cand, StepContext ctx,
                                     boolean lenientFile) {
        Path file = ref == null ? null : ctx.resolve(ref);
        if (file != null && !Files.exists(file)) {
            if (lenientFile) {
                ctx.log().info("%s: %s does not exist", role, file);
                return new Resolved(null, null, null, null);
            }
            throw new InputException(role, file + " not found; expected an evaluateModel folder, metrics.json, "
                    + "result.json, predictions.csv or a registry reference such as adult@production");
        }
        if (file != null && file.getFileName().toString().endsWith(".tribuo")) {
            modelFile = ref;
            file = null;
        }
        PredictionSet candPreds = cand.predictions();
        Baseline b = new Baseline(role, role.equals("baseline"), modelFile, "model file", Map.of(), Map.of(), List.of());
        PredictionSet preds = null;
        if (file != null) {
            Evaluation ev = Evaluation.load(file, role, candPreds != null ? candPreds.task() : cand.req().task());
            String source = role.equals("previous") ? "previous build result" : ev.predictions() != null
                    ? "predictions file" : "metrics file";
            b = new Baseline(role, role.equals("baseline"), ctx.workDir().relativize(file.toAbsolutePath()).toString(),
                    source, ev.metrics(), Map.of(), List.of());
            if (ev.predictions() != null && candPreds != null) {
                preds = alignFilePredictions(ev.predictions(), candPreds, role);
                b = b.withNote("its predictions cover " + preds.size() + " of the candidate's " + candPreds.size()
                        + " rows; compared on those rows");
            }
        }
        if (modelFile != null && preds == null) {
            if (candPreds == null || cand.data() == null) {
                throw new InputException(role.equals("baseline") ? "baselineModel" : role, "a model file needs the "
                        + "candidate's predictions and data (the evaluation data) to be scored on the same rows");
            }
            preds = predictOnCandidateRows(ctx.resolve(modelFile), modelFile, candPreds, cand.data());
            b = b.withNote("evaluated " + modelFile + " on the candidate's " + candPreds.size() + " evaluation rows");
        }
        return new Resolved(b, preds, null, file);
    }

    private static PredictionSet predictOnCandidateRows(Path modelFile, String label, PredictionSet cand,
                                                        EvaluationData data) {
        Predictor model = TribuoPredictor.load(modelFile);
        if (!model.task().equalsIgnoreCase(cand.task())) {
            throw new InputException(label, "is a " + model.task() + " model but the candidate's task is " + cand.task());
        }
        return PredictionSet.predict(label, model, data.features(cand.rows(), model.featureNames()), cand.rows(),
                cand.yTrue());
    }

    /** A baseline's predictions file restricted to the rows it shares with the candidate, in the candidate's order. */
    private static PredictionSet alignFilePredictions(PredictionSet base, PredictionSet cand, String role) {
        Map<Integer, Integer> pos = base.positions();
        List<Integer> shared = new ArrayList<>();
        for (int i = 0; i < cand.size(); i++) {
            Integer at = pos.get(cand.rows()[i]);
            if (at != null) {
                if (!sameValue(base.yTrue()[at], cand.yTrue()[i])) {
                    throw new InputException(base.source(), "y_true '" + base.yTrue()[at] + "' of data row "
                            + cand.rows()[i] + " differs from the candidate's '" + cand.yTrue()[i]
                            + "'; the " + role + " predictions were made on other data");
                }
                shared.add(cand.rows()[i]);
            }
        }
        if (shared.isEmpty()) {
            throw new InputException(base.source(), "shares no data row with the candidate's predictions; expected "
                    + "predictions on the same evaluation data");
        }
        return base.select(shared.stream().mapToInt(Integer::intValue).toArray());
    }

}
