package io.mlsteps.registry;

import io.mlsteps.util.OrderedMaps;
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
import io.mlsteps.step.ArgumentProblems;
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

    /** The request's arguments checked and its files found, before anything is read or stored. */
    record Settings(String name, Path model, Path card, Path profile, Path metrics, List<Path> results, Path data) {
        static Settings of(RegisterModelRequest request, StepContext context) {
            ArgumentProblems problems = new ArgumentProblems();
            String name = problems.check(() -> ModelRef.checkName(
                    Requests.require(request.name(), "name", "the model name, e.g. 'adult'"), "name"));
            Path model = problems.check(() -> artifact(request, context));
            if (request.alias() != null) {
                problems.check(() -> ModelRef.checkAlias(request.alias(), "alias"));
            }
            if (model != null) {
                problems.check(() -> ModelRef.checkArtifactName(request.artifactName() != null ? request.artifactName()
                        : model.getFileName().toString(), "artifactName"));
            }
            Path card = model == null ? null : problems.check(() -> optionalFile(request.card(), "card", model,
                    List.of(CARD_FILE), context));
            Path profile = model == null ? null : problems.check(() -> optionalFile(request.profile(), "profile", model,
                    PROFILE_FILES, context));
            Path metrics = request.metrics() == null ? null : context.resolve(request.metrics());
            List<Path> results = request.results().stream().map(context::resolve).toList();
            Path data = request.data() == null ? null : context.resolve(request.data());
            if (data != null && !Files.isRegularFile(data)) {
                problems.add("data", "file not found: " + data);
            }
            problems.throwIfAny();
            return new Settings(name, model, card, profile, metrics, results, data);
        }

        private static Path artifact(RegisterModelRequest request, StepContext context) {
            Path model = context.resolve(Requests.require(request.model(), "model", "the model artifact file to register"));
            if (!Files.isRegularFile(model)) {
                throw new InputException("model", Files.isDirectory(model) ? model + " is a folder; expected the artifact file"
                        : "file not found: " + model);
            }
            return model;
        }
    }

    /** The metrics to store and the step verdicts to record as gate evidence. */
    private record Evidence(Map<String, Double> metrics, List<MetricsFile> verdicts) {
        static Evidence read(RegisterModelRequest request, Settings settings) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            List<MetricsFile> verdicts = new ArrayList<>();
            if (settings.metrics() != null) {
                MetricsFile m = MetricsFile.read(settings.metrics()).requireMetrics(settings.metrics());
                metrics.putAll(m.metrics());
                if (LineageEvent.kindOfStep(m.step()) != null) {
                    verdicts.add(m);
                }
            }
            for (int i = 0; i < settings.results().size(); i++) {
                Path file = settings.results().get(i);
                MetricsFile m = MetricsFile.read(file).requireMetrics(file);
                if (LineageEvent.kindOfStep(m.step()) == null) {
                    throw new InputException(request.results().get(i), "is not the result.json of evaluateModel, "
                            + "compareToBaseline or checkDrift" + (m.step() == null ? "" : " (it is " + m.step() + "'s)"));
                }
                verdicts.add(m);
                m.metrics().forEach(metrics::putIfAbsent);
            }
            return new Evidence(metrics, verdicts);
        }
    }

    @Override
    public StepResult execute(RegisterModelRequest request, StepContext context) throws Exception {
        Settings settings = Settings.of(request, context);
        JsonNode card = settings.card() == null ? null : readCard(settings.card());
        Evidence evidence = Evidence.read(request, settings);
        BuildInfo build = BuildInfo.fromEnv(context.env());
        Registration registration = registration(request, settings, card, evidence, build, context);

        StepResult result = new StepResult(name());
        List<Check> gateChecks = QualityGateEvaluator.evaluate(request.qualityGates(), evidence.metrics());
        result.getChecks().addAll(gateChecks);
        boolean gatesFailed = gateChecks.stream().anyMatch(c -> c.outcome() != CheckOutcome.PASSED);

        Optional<OpenLineageEmitter> openLineage = OpenLineageEmitter.open(request.openLineage(), context.env(),
                context.workDir(), context.log());
        OpenLineageEmitter.Run run = openLineage.map(o -> o.run(name(), build)).orElse(null);
        if (run != null) {
            registration.datasets.forEach(run::input);
            CardLineage.datasets(card).forEach(run::input);
            run.start();
        }
        try (Registry registry = Registry.forStep(request.registry().registry(), context)) {
            ModelVersion version = store(registry, registration, evidence, gateChecks, gatesFailed, context);
            result.addCheck(Check.passed("registered", null, version.ref(), "a new version", Criticality.FAILURE,
                    "Registered " + version.ref() + " (" + version.artifactName() + ", " + version.artifactSize() + " bytes)."));
            Map<String, Object> details = details(version, registry);
            String summary = "registered " + version.ref();
            if (request.alias() != null) {
                summary += moveAlias(request, registry, version, gatesFailed, details, result);
            }
            result.setSummary(summary);
            result.setDetails(details);
            result.setMetrics(evidence.metrics());
            addLineage(settings.model(), version, registry, result);
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

    private static Registration registration(RegisterModelRequest request, Settings settings, JsonNode card,
                                             Evidence evidence, BuildInfo build, StepContext context) throws IOException {
        Registration registration = Registration.of(settings.name(), settings.model()).card(card)
                .profile(settings.profile()).metrics(evidence.metrics())
                .tags(request.tags()).description(request.description())
                .artifactName(request.artifactName()).build(build.isEmpty() ? null : build)
                .actor(BuildInfo.actorFromEnv(context.env()));
        if (settings.data() != null) {
            registration.dataset(DatasetRef.of("training", Hashing.sha256(settings.data()), request.data()));
        }
        return registration;
    }

    /** Registers the version and records the verdicts (and the step's own gates) as its lineage events. */
    private ModelVersion store(Registry registry, Registration registration, Evidence evidence, List<Check> gateChecks,
                               boolean gatesFailed, StepContext context) {
        var log = context.log();
        ModelVersion version = registry.register(registration);
        log.info("registered %s (artifact %s, sha256 %s) in %s", version.ref(), version.artifactName(),
                version.artifactSha256(), registry.location());
        for (MetricsFile v : evidence.verdicts()) {
            LineageEvent e = registry.recordEvent(LineageEvent.of(LineageEvent.kindOfStep(v.step()), version, v.passed())
                    .withMetrics(v.metrics()).withAttributes(OrderedMaps.of("step", v.step(), "status", String.valueOf(v.status()))));
            log.info("recorded %s #%d (%s) for %s", e.kind(), e.id(), v.status(), version.ref());
        }
        if (!gateChecks.isEmpty()) {
            registry.recordEvent(LineageEvent.of(LineageEvent.EVALUATION, version, !gatesFailed).withMetrics(evidence.metrics())
                    .withAttributes(OrderedMaps.of("step", name(), "source", "qualityGates of registerModel")));
        }
        return version;
    }

    private static Map<String, Object> details(ModelVersion version, Registry registry) {
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
        return details;
    }

    /** Moves the alias unless a gate failed (or requireGate finds no passed verdict); returns the summary's addition. */
    private static String moveAlias(RegisterModelRequest request, Registry registry, ModelVersion version,
                                    boolean gatesFailed, Map<String, Object> details, StepResult result) {
        String alias = request.alias();
        details.put("alias", alias);
        if (gatesFailed) {
            result.addCheck(new Check("alias:" + alias, null, null, "quality gates passed", Criticality.FAILURE,
                    CheckOutcome.FAILED, "Alias '" + alias + "' was not moved to " + version.ref()
                    + " because a quality gate failed.", Map.of()));
            details.put("aliasMoved", false);
            return "";
        }
        try {
            AliasEvent moved = registry.moveAlias(version.name(), alias, version.version(), null,
                    request.reason() != null ? request.reason() : "registerModel", request.requireGate());
            details.put("aliasMoved", true);
            details.put("aliasFrom", moved.fromVersion());
            result.addCheck(Check.passed("alias:" + alias, null, version.ref(), alias + " -> " + version.ref(),
                    Criticality.FAILURE, "Alias '" + alias + "' moved from "
                            + (moved.fromVersion() == null ? "nothing" : version.name() + "@" + moved.fromVersion())
                            + " to " + version.ref() + (moved.gateChecked() ? " (gate passed)." : ".")));
            return ", " + alias + " -> " + version.version();
        } catch (GateNotPassedException e) {
            details.put("aliasMoved", false);
            result.addCheck(new Check("alias:" + alias, null, null, "a passed evaluation or comparison",
                    Criticality.FAILURE, CheckOutcome.FAILED, e.getMessage(), Map.of()));
            return "";
        }
    }

    private static void addLineage(Path model, ModelVersion version, Registry registry, StepResult result) {
        result.getLineage().add(new LineageRef("model", "input", model.getFileName().toString(),
                version.artifactSha256(), model.toString()));
        for (DatasetRef ds : version.datasets()) {
            result.getLineage().add(new LineageRef("dataset", "input", ds.uri() != null ? ds.uri() : ds.sha256(),
                    ds.sha256(), ds.uri()));
        }
        result.getLineage().add(new LineageRef("modelVersion", "output", version.ref(), version.artifactSha256(),
                registry.location()));
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
        JsonNode node = Json.readTree(file);
        if (node == null || !node.isObject()) {
            throw new InputException(file.toString(), "expected a JSON object (the model card)");
        }
        return node;
    }
}
