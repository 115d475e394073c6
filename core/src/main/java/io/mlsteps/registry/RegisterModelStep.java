package io.mlsteps.registry;

import io.mlsteps.contract.steps.RegisterModelRequest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.gate.QualityGateEvaluator;
import io.mlsteps.lineage.BuildInfo;
import io.mlsteps.lineage.DatasetRef;
import io.mlsteps.lineage.LineageFormats;
import io.mlsteps.lineage.LineageGraph;
import io.mlsteps.lineage.LineagePng;
import io.mlsteps.lineage.OpenLineageEmitter;
import io.mlsteps.metrics.MetricsFile;
import io.mlsteps.contract.result.ChartRef;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.contract.result.LineageRef;
import io.mlsteps.step.MlStep;
import io.mlsteps.step.Requests;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.util.Hashing;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code registerModel}: stores a model artifact (any format) with its card, metrics, profile, tags and
 * lineage as the next version of a model, records the evaluation/comparison verdicts it was given as gate
 * evidence, and optionally moves an alias (gated with {@code requireGate}). Writes {@code lineage.json},
 * {@code lineage.dot} and {@code charts/lineage.png} of the new version.
 */
public class RegisterModelStep implements MlStep<RegisterModelRequest> {
    static final String CARD_FILE = "model-card.json";
    static final List<String> PROFILE_FILES = List.of("training-profile.json", "profile.json");

    @Override
    public Class<RegisterModelRequest> requestType() {
        return RegisterModelRequest.class;
    }

    /** Gates are evaluated before the alias moves: a failed gate keeps the alias where it is. */
    @Override
    public boolean evaluatesGatesItself() {
        return true;
    }

    /** Its OpenLineage events name the registered version as output, which the runner's generic run cannot. */
    @Override
    public boolean emitsOwnLineage() {
        return true;
    }

    @Override
    public StepResult execute(RegisterModelRequest request, StepContext context) throws Exception {
        String name = ModelRef.checkName(Requests.require(request.name(), "name", "the model name, e.g. 'adult'"), "name");
        Path model = context.resolve(Requests.require(request.model(), "model", "the model artifact file to register"));
        if (!Files.isRegularFile(model)) {
            throw new InputException("model", Files.isDirectory(model) ? model + " is a folder; expected the artifact file"
                    : "file not found: " + model);
        }
        if (request.alias() != null) {
            ModelRef.checkAlias(request.alias(), "alias");
        }
        var log = context.log();
        Path cardFile = optionalFile(request.card(), "card", model, List.of(CARD_FILE), context);
        Path profile = optionalFile(request.profile(), "profile", model, PROFILE_FILES, context);
        JsonNode card = cardFile == null ? null : readCard(cardFile);

        Map<String, Double> metrics = new LinkedHashMap<>();
        List<MetricsFile> verdicts = new ArrayList<>();
        if (request.metrics() != null) {
            Path file = context.resolve(request.metrics());
            MetricsFile m = MetricsFile.read(file).requireMetrics(file);
            metrics.putAll(m.metrics());
            if (LineageEvent.kindOfStep(m.step()) != null) {
                verdicts.add(m);
            }
        }
        for (String r : request.results()) {
            Path file = context.resolve(r);
            MetricsFile m = MetricsFile.read(file).requireMetrics(file);
            if (LineageEvent.kindOfStep(m.step()) == null) {
                throw new InputException(r, "is not the result.json of evaluateModel, compareToBaseline or checkDrift"
                        + (m.step() == null ? "" : " (it is " + m.step() + "'s)"));
            }
            verdicts.add(m);
            m.metrics().forEach(metrics::putIfAbsent);
        }
        BuildInfo build = BuildInfo.fromEnv(context.env());
        Registration registration = Registration.of(name, model).card(card).profile(profile).metrics(metrics)
                .tags(request.tags()).description(request.description())
                .artifactName(request.artifactName()).build(build.isEmpty() ? null : build)
                .actor(BuildInfo.actorFromEnv(context.env()));
        if (request.data() != null) {
            Path data = context.resolve(request.data());
            if (!Files.isRegularFile(data)) {
                throw new InputException("data", "file not found: " + data);
            }
            registration.dataset(DatasetRef.of("training", Hashing.sha256(data), request.data()));
        }

        StepResult result = new StepResult(name());
        List<Check> gateChecks = QualityGateEvaluator.evaluate(request.qualityGates(), metrics);
        result.getChecks().addAll(gateChecks);
        boolean gatesFailed = gateChecks.stream().anyMatch(c -> c.outcome() != CheckOutcome.PASSED);

        Optional<OpenLineageEmitter> openLineage = OpenLineageEmitter.open(request.openLineage(), context.env(),
                context.workDir(), log);
        OpenLineageEmitter.Run run = openLineage.map(o -> o.run(name(), build)).orElse(null);
        if (run != null) {
            registration.datasets.forEach(run::input);
            CardLineage.datasets(card).forEach(run::input);
            run.start();
        }
        try (Registry registry = Registry.forStep(request.registry().registry(), context)) {
            ModelVersion version = registry.register(registration);
            log.info("registered %s (artifact %s, sha256 %s) in %s", version.ref(), version.artifactName(),
                    version.artifactSha256(), registry.location());
            for (MetricsFile v : verdicts) {
                LineageEvent e = registry.recordEvent(LineageEvent.of(LineageEvent.kindOfStep(v.step()), version, v.passed())
                        .withMetrics(v.metrics()).withAttributes(Map.of("step", v.step(), "status", String.valueOf(v.status()))));
                log.info("recorded %s #%d (%s) for %s", e.kind(), e.id(), v.status(), version.ref());
            }
            if (!gateChecks.isEmpty()) {
                registry.recordEvent(LineageEvent.of(LineageEvent.EVALUATION, version, !gatesFailed).withMetrics(metrics)
                        .withAttributes(Map.of("step", name(), "source", "qualityGates of registerModel")));
            }
            result.addCheck(Check.passed("registered", null, version.ref(), "a new version", Criticality.FAILURE,
                    "Registered " + version.ref() + " (" + version.artifactName() + ", " + version.artifactSize() + " bytes)."));
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("name", version.name());
            details.put("version", version.version());
            details.put("ref", version.ref());
            details.put("artifactSha256", version.artifactSha256());
            details.put("artifactName", version.artifactName());
            details.put("registry", registry.location());
            if (version.profileSha256() != null) {
                details.put("profileSha256", version.profileSha256());
            }
            String summary = "registered " + version.ref();
            if (request.alias() != null) {
                String alias = request.alias();
                details.put("alias", alias);
                if (gatesFailed) {
                    result.addCheck(new Check("alias:" + alias, null, null, "quality gates passed", Criticality.FAILURE,
                            CheckOutcome.FAILED, "Alias '" + alias + "' was not moved to " + version.ref()
                            + " because a quality gate failed.", Map.of()));
                    details.put("aliasMoved", false);
                } else {
                    try {
                        AliasEvent moved = registry.moveAlias(name, alias, version.version(), null,
                                request.reason() != null ? request.reason() : "registerModel", request.requireGate());
                        details.put("aliasMoved", true);
                        details.put("aliasFrom", moved.fromVersion());
                        result.addCheck(Check.passed("alias:" + alias, null, version.ref(), alias + " -> " + version.ref(),
                                Criticality.FAILURE, "Alias '" + alias + "' moved from "
                                        + (moved.fromVersion() == null ? "nothing" : name + "@" + moved.fromVersion())
                                        + " to " + version.ref() + (moved.gateChecked() ? " (gate passed)." : ".")));
                        summary += ", " + alias + " -> " + version.version();
                    } catch (GateNotPassedException e) {
                        details.put("aliasMoved", false);
                        result.addCheck(new Check("alias:" + alias, null, null, "a passed evaluation or comparison",
                                Criticality.FAILURE, CheckOutcome.FAILED, e.getMessage(), Map.of()));
                    }
                }
            }
            result.setSummary(summary);
            result.setDetails(details);
            result.setMetrics(metrics);
            result.getLineage().add(new LineageRef("model", "input", model.getFileName().toString(),
                    version.artifactSha256(), model.toString()));
            for (DatasetRef ds : version.datasets()) {
                result.getLineage().add(new LineageRef("dataset", "input", ds.uri() != null ? ds.uri() : ds.sha256(),
                        ds.sha256(), ds.uri()));
            }
            result.getLineage().add(new LineageRef("modelVersion", "output", version.ref(), version.artifactSha256(),
                    registry.location()));
            writeLineage(registry.lineage(version.ref()), version, context, result);
            if (run != null) {
                run.outputModel(registry.location(), version.name(), version.version(), version.artifactSha256()).complete();
            }
            return result;
        } catch (Exception | Error e) {
            if (run != null) {
                run.fail(e);
            }
            throw e;
        } finally {
            openLineage.ifPresent(OpenLineageEmitter::close);
        }
    }

    private static void writeLineage(LineageGraph graph, ModelVersion version, StepContext context, StepResult result)
            throws IOException {
        Path json = context.stepDir().resolve("lineage.json");
        graph.setEngine(io.mlsteps.util.EngineVersion.current().asMap());
        Json.write(json, graph);
        Path dot = context.stepDir().resolve("lineage.dot");
        Files.writeString(dot, LineageFormats.dot(graph));
        Path png = LineagePng.write(graph, "Lineage of " + version.ref(), context.chartsDir().resolve("lineage.png"));
        result.getOutputs().add(context.describeOutput("lineage", json));
        result.getOutputs().add(context.describeOutput("lineageDot", dot));
        result.getCharts().add(new ChartRef("lineage", "Lineage of " + version.ref(),
                context.stepDir().relativize(png).toString()));
    }

    /** The file the request names, or a default file beside the model when it exists, or null. */
    private static Path optionalFile(String given, String argument, Path model, List<String> defaults, StepContext context) {
        if (given != null && !given.isBlank()) {
            Path p = context.resolve(given);
            if (!Files.isRegularFile(p)) {
                throw new InputException(argument, "file not found: " + p);
            }
            return p;
        }
        for (String d : defaults) {
            Path sibling = model.resolveSibling(d);
            if (Files.isRegularFile(sibling)) {
                context.log().info("using %s beside the model as its %s", sibling.getFileName(), argument);
                return sibling;
            }
        }
        return null;
    }

    private static JsonNode readCard(Path file) {
        try {
            JsonNode node = Json.mapper().readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new InputException(file.toString(), "expected a JSON object (the model card)");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InputException(file.toString(), e.getLocation() == null ? -1 : e.getLocation().getLineNr(),
                    e.getLocation() == null ? -1 : e.getLocation().getColumnNr(), "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InputException(file.toString(), "cannot read: " + e.getMessage());
        }
    }
}
