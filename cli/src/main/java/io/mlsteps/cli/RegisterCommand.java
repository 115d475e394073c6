package io.mlsteps.cli;

import io.mlsteps.registry.RegisterModelRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code mlsteps register --name adult model.tribuo --metrics metrics.json --alias staging}: the registerModel step. */
@Command(name = "register", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"registerModel: store a model file (Tribuo, ONNX, pickle, jar, anything) with its card, metrics, "
                + "profile, tags and lineage as the next version of a model, and optionally move an alias.",
                "model-card.json and training-profile.json beside the model are picked up when not given.",
                "Writes result.json, report.html, junit.xml, lineage.json, lineage.dot and charts/lineage.png into "
                        + ".mlsteps/registerModel/.",
                "Exit codes: 0 passed, 1 unstable, 2 failure (e.g. a gated alias refused), 3 usage or input error, 4 internal error."})
public class RegisterCommand extends StepCommand<RegisterModelRequest> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "The model artifact file.")
    String model;

    @Option(names = "--name", paramLabel = "NAME", description = "Model name (letters, digits, . _ -).")
    String name;

    @Option(names = "--registry", paramLabel = "URI",
            description = "Registry: a folder, file:/folder or jdbc:postgresql://host/db?user=..&blobs=DIR "
                    + "(default: $MLSTEPS_REGISTRY, else ~/.mlsteps/registry).")
    String registry;

    @Option(names = "--card", paramLabel = "FILE", description = "Model card JSON (default: model-card.json beside the model).")
    String card;

    @Option(names = "--metrics", paramLabel = "FILE",
            description = "metrics.json, or an evaluateModel/compareToBaseline result.json (its verdict is recorded too).")
    String metrics;

    @Option(names = "--result", paramLabel = "FILE",
            description = "A further step result.json whose verdict is recorded as gate evidence; repeatable.")
    List<String> results = new ArrayList<>();

    @Option(names = "--profile", paramLabel = "FILE",
            description = "Training data profile (default: training-profile.json beside the model).")
    String profile;

    @Option(names = "--data", paramLabel = "FILE", description = "Training data file, hashed for lineage (models trained elsewhere).")
    String data;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A tag; repeatable.")
    Map<String, String> tags = new LinkedHashMap<>();

    @Option(names = "--alias", paramLabel = "ALIAS", description = "Alias to point at the new version, e.g. staging.")
    String alias;

    @Option(names = "--require-gate", description = "Move the alias only if the version's latest evaluation/comparison passed.")
    boolean requireGate;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why the alias moves (kept in the audit trail).")
    String reason;

    @Option(names = "--description", paramLabel = "TEXT", description = "Free text stored with the version.")
    String description;

    @Option(names = "--artifact-name", paramLabel = "FILE", description = "File name to store the artifact under.")
    String artifactName;

    @Option(names = "--open-lineage", paramLabel = "FILE|URL",
            description = "Send OpenLineage RunEvents to a JSON-lines file or an HTTP endpoint (default: $OPENLINEAGE_URL).")
    String openLineage;

    @Override
    protected String stepName() {
        return "registerModel";
    }

    @Override
    protected void applyFlags(RegisterModelRequest request) {
        if (model != null) {
            request.setModel(model);
        }
        if (name != null) {
            request.setName(name);
        }
        if (registry != null) {
            request.setRegistry(registry);
        }
        if (card != null) {
            request.setCard(card);
        }
        if (metrics != null) {
            request.setMetrics(metrics);
        }
        if (!results.isEmpty()) {
            List<String> all = new ArrayList<>(request.getResults());
            all.addAll(results);
            request.setResults(all);
        }
        if (profile != null) {
            request.setProfile(profile);
        }
        if (data != null) {
            request.setData(data);
        }
        if (!tags.isEmpty()) {
            Map<String, String> all = new LinkedHashMap<>(request.getTags());
            all.putAll(tags);
            request.setTags(all);
        }
        if (alias != null) {
            request.setAlias(alias);
        }
        if (requireGate) {
            request.setRequireGate(true);
        }
        if (reason != null) {
            request.setReason(reason);
        }
        if (description != null) {
            request.setDescription(description);
        }
        if (artifactName != null) {
            request.setArtifactName(artifactName);
        }
        if (openLineage != null) {
            request.setOpenLineage(openLineage);
        }
    }
}
