package io.mlsteps.contract.steps;

import io.mlsteps.contract.Arg;
import io.mlsteps.contract.Group;
import io.mlsteps.contract.StepInfo;

import java.util.List;
import java.util.Map;

/** Arguments of {@code registerModel}. */
@StepInfo(name = "registerModel", command = "register", title = "Register a model",
        summary = "Stores a model version (artifact, card, metrics, profile, lineage) in the registry and optionally "
                + "moves an alias.")
public record RegisterModelRequest(
        @Group RegistryArgs registry,
        @Arg(doc = "model name: letters, digits, `.`, `_`, `-`, starting with a letter or digit, at most 128 characters "
                + "(no `/`, `..`, spaces)", required = true, label = "NAME")
        String name,
        @Arg(doc = "the artifact file: a Tribuo model, ONNX, a pickle, a jar, anything", required = true,
                positional = true, label = "FILE")
        String model,
        @Arg(doc = "name the artifact is stored and downloaded under", defaultText = "the file's name", label = "NAME")
        String artifactName,
        @Arg(doc = "model card JSON; its `trainingData` (sha256, rows) and `ci` become lineage",
                defaultText = "`model-card.json` beside the model, if present", label = "FILE")
        String card,
        @Arg(doc = "`metrics.json` (flat `{\"accuracy\": 0.85}` or `{\"metrics\": {...}}`) or a step's `result.json` "
                + "(`evaluateModel`, `compareToBaseline`): its metrics are stored and its verdict is recorded as gate "
                + "evidence", label = "FILE")
        String metrics,
        @Arg(doc = "more step `result.json` files whose verdicts are recorded as gate evidence", cli = "--result",
                defaultText = "none", label = "FILE")
        List<String> results,
        @Arg(doc = "training data profile, stored so `checkDrift` can compare against it later",
                defaultText = "`training-profile.json` (or `profile.json`) beside the model, if present", label = "FILE")
        String profile,
        @Arg(doc = "training data file, hashed (sha256) for lineage when the card does not name it", label = "FILE")
        String data,
        @Arg(doc = "free labels, e.g. `[team: 'risk']`, searchable with `mlsteps registry list NAME --tag k=v`",
                cli = "--tag", label = "KEY=VALUE", defaultText = "none")
        Map<String, String> tags,
        @Arg(doc = "alias to point at the new version, e.g. `staging`", label = "ALIAS")
        String alias,
        @Arg(doc = "move the alias only if the version's latest evaluation or comparison passed", defaultValue = "false")
        boolean requireGate,
        @Arg(doc = "why the alias moves (audit trail)", defaultText = "`registerModel`", label = "TEXT")
        String reason,
        @Arg(doc = "free text stored with the version", label = "TEXT")
        String description,
        @Arg(doc = "send OpenLineage RunEvents to a JSON-lines file or an HTTP endpoint (`none` turns it off)",
                defaultText = "`$OPENLINEAGE_URL`, else none", label = "FILE|URL")
        String openLineage,
        @Group Gates gates) implements GatedRequest {
}
