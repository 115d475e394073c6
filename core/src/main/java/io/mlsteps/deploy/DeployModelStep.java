package io.mlsteps.deploy;

import io.mlsteps.contract.steps.DeployModelRequest;

import io.mlsteps.contract.result.Criticality;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.data.Reading;
import io.mlsteps.lineage.BuildInfo;
import io.mlsteps.model.Predictor;
import io.mlsteps.registry.ModelRef;
import io.mlsteps.registry.ModelVersion;
import io.mlsteps.registry.Registry;
import io.mlsteps.serve.ServerConfig;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.LineageRef;
import io.mlsteps.step.ArgumentProblems;
import io.mlsteps.step.MlStep;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.result.StepStatus;
import io.mlsteps.model.TribuoPredictor;
import io.mlsteps.util.Hashing;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code deployModel}: deploys a registered version (or a model file) to a target with a strategy, verifies it
 * (readiness, smoke test against offline predictions, canary/shadow analysis), rolls back by itself when a
 * check fails (the previous version keeps serving, the alias stays), and on success moves the alias and
 * records the deployment in lineage.
 */
public final class DeployModelStep implements MlStep<DeployModelRequest> {
    static final Set<String> TARGETS = Set.of("local", "docker", "kubernetes");
    static final Set<String> STRATEGIES = Set.of("replace", "blueGreen", "canary", "shadow");

    @Override
    public Class<DeployModelRequest> requestType() {
        return DeployModelRequest.class;
    }

    /** A resolved model: what is deployed. */
    record Resolved(String name, String version, String ref, String sha256, Path file, String lineageId,
                    ModelVersion registered) {
    }

    /** A failed rollout with its reason; the rollback already happened when it is thrown. */
    static final class DeployFailure extends Exception {
        /** The instance serving after the rollback when it is not the recorded one (a restarted previous version). */
        final Instance serving;

        DeployFailure(String reason) {
            this(reason, null);
        }

        DeployFailure(String reason, Instance serving) {
            super(reason);
            this.serving = serving;
        }
    }

    /**
     * The request's arguments checked, and the files it names found, before the registry, the model or any data is
     * read: every problem is reported at once.
     *
     * @param modelFile   the model file to deploy without a registry, or null
     * @param smokeData   the smoke test's rows, or null (readiness only)
     * @param trafficData the rows sent during a canary/shadow analysis, or null (real traffic is awaited)
     */
    record Settings(Path modelFile, Path smokeData, Path trafficData) {
        static Settings of(DeployModelRequest r, StepContext context) {
            ArgumentProblems problems = new ArgumentProblems();
            checkModel(r, problems);
            checkWhereAndHow(r, problems);
            checkVerification(r, problems);
            Path modelFile = r.modelFile() == null ? null : problems.check(() -> modelFile(r, context));
            Path smokeData = problems.check(() -> dataFile("smokeData", r.smokeData(), context));
            Path trafficData = problems.check(() -> dataFile("trafficData", r.trafficData(), context));
            problems.throwIfAny();
            return new Settings(modelFile, smokeData, trafficData);
        }

        private static void checkModel(DeployModelRequest r, ArgumentProblems problems) {
            if ((r.model() == null) == (r.modelFile() == null)) {
                problems.add("model", "give exactly one of 'model' (a registry reference such as adult@3) "
                        + "or 'modelFile' (a model file, with 'name')");
            } else if (r.model() != null) {
                problems.check(() -> ModelRef.parse(r.model()));
            }
            if (r.modelFile() != null && (r.name() == null || !r.name().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}"))) {
                problems.add("name", "is required with 'modelFile': the model name in the URL "
                        + "(letters, digits, '.', '_', '-'; got " + (r.name() == null ? "nothing" : "'" + r.name() + "'") + ")");
            }
            if (r.alias() != null && !r.alias().isBlank()) {
                problems.check(() -> ModelRef.checkMovableAlias(r.alias(), "alias"));
            }
        }

        private static void checkWhereAndHow(DeployModelRequest r, ArgumentProblems problems) {
            if (!TARGETS.contains(r.target())) {
                problems.add("target", "'" + r.target() + "' is not a target; expected one of local, docker, kubernetes");
            }
            if (!STRATEGIES.contains(r.strategy())) {
                problems.add("strategy", "'" + r.strategy() + "' is not a strategy; expected one of replace, "
                        + "blueGreen, canary, shadow");
            }
            if (r.port() < 0 || r.port() > 65534) {
                problems.add("port", "must be between 1 and 65534 (blue/green also uses port + 1), or 0 for a free "
                        + "port chosen at deployment, got " + r.port());
            }
            if (r.port() == 0 && "docker".equals(r.target()) && !DockerTarget.engineIsLocal(r.dockerHost())) {
                problems.add("port", "0 (a free port of this machine) needs a Docker engine on this machine; "
                        + "give the port the server should use on " + r.dockerHost());
            }
            if ("kubernetes".equals(r.target())) {
                KubernetesTarget.checkArguments(r, problems);
            }
        }

        private static void checkVerification(DeployModelRequest r, ArgumentProblems problems) {
            if (!(r.canaryPercent() > 0 && r.canaryPercent() <= 100)) {
                problems.add("canaryPercent", "must be in (0, 100], got " + r.canaryPercent());
            }
            if (r.analysisRequests() < 1 || r.smokeRows() < 1 || r.analysisTimeoutSeconds() < 1 || r.startTimeoutSeconds() < 1) {
                problems.add("analysisRequests", "analysisRequests, smokeRows, analysisTimeoutSeconds and "
                        + "startTimeoutSeconds must be at least 1");
            }
            if (r.tolerance() < 0 || r.latencyBudgetMillis() <= 0) {
                problems.add("tolerance", "tolerance must be >= 0 and latencyBudgetMillis > 0");
            }
        }

        private static Path modelFile(DeployModelRequest r, StepContext context) {
            Path file = context.resolve(r.modelFile());
            if (!Files.isRegularFile(file)) {
                throw new InputException(r.modelFile(), "model file not found");
            }
            return file;
        }

        /** A data file argument: null when not given; a missing file or a folder is an argument error. */
        private static Path dataFile(String argument, String value, StepContext context) {
            if (value == null) {
                return null;
            }
            Path file = context.resolve(value);
            if (!Files.exists(file)) {
                throw new InputException(argument, "file not found: " + file);
            }
            if (Files.isDirectory(file)) {
                throw new InputException(argument, file + " is a folder; expected a CSV, TSV or JSON Lines file");
            }
            return file;
        }
    }

    @Override
    public StepResult execute(DeployModelRequest request, StepContext context) throws Exception {
        if (request.action().equals("stop")) {
            return Undeploy.run(request, context, name());
        }
        Settings settings = Settings.of(request, context);
        StepResult result = new StepResult(name());
        Registry registry = request.model() != null ? Registry.forStep(request.registry().registry(), context) : null;
        try {
            Resolved model = resolve(request, settings, context, registry);
            result.getLineage().add(new LineageRef("modelVersion", "input", model.lineageId(), model.sha256(),
                    registry == null ? model.file().toString() : registry.location()));
            // Loading the model offline validates the artifact before anything is touched, and gives the
            // reference predictions of the smoke test.
            Predictor offline = TribuoPredictor.load(model.file());
            if (registry != null && notAllowedToMoveAlias(request, registry, model, result)) {
                return result;
            }
            if (request.target().equals("kubernetes")) {
                return kubernetes(request, context, registry, model, result);
            }
            return rollout(request, settings, context, registry, model, offline, result);
        } finally {
            if (registry != null) {
                registry.close();
            }
        }
    }

    /** Renders (and applies, when it can) the manifests; the alias moves only when they were applied and passed. */
    private static StepResult kubernetes(DeployModelRequest request, StepContext context, Registry registry,
                                         Resolved model, StepResult result) throws IOException, InterruptedException {
        KubernetesTarget.deploy(request, model, context, result);
        if (Boolean.TRUE.equals(result.getDetails().get("applied"))) {
            finish(request, registry, model, result, "kubernetes", null, result.getStatus() == StepStatus.SUCCESS,
                    context);
        }
        return result;
    }

    private static Resolved resolve(DeployModelRequest request, Settings settings, StepContext context, Registry registry)
            throws IOException {
        if (registry != null) {
            ModelVersion v = registry.resolve(request.model());
            Path dir = deployHome(request, context, v.name()).resolve("models").resolve(v.artifactSha256());
            Files.createDirectories(dir);
            Path file = dir.resolve(v.artifactName() == null ? "model.tribuo" : v.artifactName());
            if (!Files.isRegularFile(file) || !Hashing.sha256(file).equals(v.artifactSha256())) {
                registry.fetchArtifact(v, file);
            }
            return new Resolved(v.name(), Integer.toString(v.version()), v.ref(), v.artifactSha256(), file,
                    v.lineageId(), v);
        }
        Path file = settings.modelFile();
        String sha = Hashing.sha256(file);
        String version = request.version() != null ? request.version() : sha.substring(0, 12);
        return new Resolved(request.name(), version, request.name() + "@" + version, sha, file,
                "model:" + request.name() + "@" + version, null);
    }

    static Path deployHome(DeployModelRequest request, StepContext context, String model) {
        Path base = request.deployDir() != null ? context.resolve(request.deployDir()) : Deployments.defaultRoot();
        return base.resolve(model);
    }

    private static boolean notAllowedToMoveAlias(DeployModelRequest request, Registry registry, Resolved model, StepResult result) {
        if (request.alias() == null || request.alias().isBlank() || !registry.isProtected(model.name(), request.alias())
                || registry.gatePassed(model.name(), model.registered().version())) {
            return false;
        }
        result.addCheck(Check.failed("deploy:gate", null, "no passed gate", "a passed evaluation or comparison",
                Criticality.FAILURE, "alias '" + request.alias() + "' of " + model.name() + " is protected and "
                        + model.ref() + " has no passed evaluation or comparison; nothing was deployed"));
        result.setSummary("not deployed: " + model.ref() + " has no passed gate");
        return true;
    }

    /** How deployModel reads its smoke and traffic data: the request's reading arguments. */
    public static ReadOptions readOptions(DeployModelRequest request) {
        return Reading.options(request.reading());
    }

    // ---------------------------------------------------------------- local and docker

    /** What one local or docker rollout works with, shared by its phases. */
    record Rollout(DeployModelRequest request, Settings settings, RuntimeTarget target, Resolved model,
                           Predictor offline, List<Map<String, String>> smokeRows, String token, StepResult result,
                           StepLog log, StepContext context) {
    }

    /** How a rollout ended: the instance serving now (null: none), and why it was rolled back (null: it was not). */
    record Ending(Instance active, String reason) {
        boolean passed() {
            return reason == null;
        }
    }

    private StepResult rollout(DeployModelRequest request, Settings settings, StepContext context, Registry registry,
                               Resolved model, Predictor offline, StepResult result) throws Exception {
        StepLog log = context.log();
        Path home = deployHome(request, context, model.name());
        Files.createDirectories(home);
        String token = adminToken(home);
        RuntimeTarget target = request.target().equals("docker") ? new DockerTarget(home, request, token, log, context.env())
                : new LocalTarget(home, request.javaOptions(), token);
        Path stateFile = home.resolve(target.kind() + ".json");
        DeploymentState state = DeploymentState.load(stateFile, model.name(), target.kind());
        Instance current = servingNow(state, target, log);
        Rollout rollout = new Rollout(request, settings, target, model, offline, smokeRows(request, settings, offline,
                result, log), token, result, log, context);
        String strategy = strategy(request.strategy(), current, model, log);
        log.info("deploying %s (%s) to %s with strategy %s%s", model.ref(), model.sha256().substring(0, 12),
                target.kind(), strategy, current == null ? "" : "; now serving " + current.ref() + " at " + current.endpoint());
        Ending ending = switchTo(rollout, strategy, current, state.active);
        record(state, stateFile, model, strategy, ending);
        putDetails(result, target.kind(), strategy, model, ending.passed(), stateFile, ending.active());
        addVerdict(result, target.kind(), strategy, model, ending);
        finish(request, registry, model, result, target.kind(),
                ending.active() == null ? null : ending.active().endpoint(), ending.passed(), context);
        return result;
    }

    /** The recorded instance when it still runs; a recorded server that is gone means deploying as the first version. */
    private static Instance servingNow(DeploymentState state, RuntimeTarget target, StepLog log) {
        Instance current = state.active;
        if (current != null && !target.isRunning(current)) {
            log.warn("the recorded server of " + current.ref() + " at " + current.endpoint() + " is not running; "
                    + "deploying as the first version");
            return null;
        }
        return current;
    }

    /** The smoke test's rows; without smokeData a NOTE says that skew was not checked. */
    private static List<Map<String, String>> smokeRows(DeployModelRequest request, Settings settings, Predictor offline,
                                                       StepResult result, StepLog log) {
        if (settings.smokeData() == null) {
            result.addCheck(Check.passed("smoke:skew", null, "not checked", "smokeData given", Criticality.NOTE,
                    "no smokeData given: online/offline skew was not checked, only readiness"));
            return null;
        }
        return SmokeTest.sample(settings.smokeData(), readOptions(request), log, offline.featureNames(),
                !offline.ignoredColumns().isEmpty(), request.smokeRows(), 42);
    }

    /** The strategy that runs: canary and shadow need a serving version to compare with, else it is blue/green. */
    private static String strategy(String requested, Instance current, Resolved model, StepLog log) {
        if ((requested.equals("canary") || requested.equals("shadow")) && current == null) {
            log.info("%s: no version is serving yet, so there is nothing to compare with; deploying %s blue/green",
                    requested, model.ref());
            return "blueGreen";
        }
        return requested;
    }

    /** Runs the strategy; a failed one has rolled back already and leaves what serves after the rollback. */
    private static Ending switchTo(Rollout rollout, String strategy, Instance current, Instance recorded) throws Exception {
        try {
            return new Ending(switch (strategy) {
                case "replace" -> Strategies.replace(rollout, current);
                case "blueGreen" -> Strategies.blueGreen(rollout, current);
                default -> Strategies.canary(rollout, current, strategy.equals("shadow"));
            }, null);
        } catch (DeployFailure failure) {
            Instance active = failure.serving != null ? failure.serving
                    : recorded != null && rollout.target().isRunning(recorded) ? recorded : null;
            return new Ending(active, failure.getMessage());
        }
    }

    /** The deployment state file: what serves now, and this rollout in the history. */
    private static void record(DeploymentState state, Path stateFile, Resolved model, String strategy, Ending ending)
            throws IOException {
        state.active = ending.active();
        state.history.add(new DeploymentState.Event(Instant.now().toString(), model.version(), strategy,
                ending.passed() ? "deployed" : "rolled back", ending.active() == null ? null : ending.active().endpoint(),
                ending.reason()));
        state.save(stateFile);
    }

    /** The rollout's check and the summary; a rollback also says what keeps serving. */
    private static void addVerdict(StepResult result, String target, String strategy, Resolved model, Ending ending) {
        Instance active = ending.active();
        if (ending.passed()) {
            result.addCheck(Check.passed("deploy:rollout", null, model.ref(), "deployed and verified", Criticality.FAILURE,
                    model.ref() + " serves at " + active.endpoint() + " (" + strategy + " on " + target + ")"));
            result.setSummary(model.ref() + " serves at " + active.endpoint());
            return;
        }
        result.addCheck(Check.failed("deploy:rollout", null, "rolled back", "deployed and verified", Criticality.FAILURE,
                "deployment of " + model.ref() + " failed and was rolled back: " + ending.reason()));
        String keeps = active == null ? "no version is serving" : active.ref() + " keeps serving at " + active.endpoint();
        result.addCheck(Check.passed("deploy:rollback", null, keeps, "previous version serving", Criticality.NOTE, keeps));
        result.setSummary("rolled back: " + ending.reason());
    }

    /** What was deployed where, and what serves now, in the result's details. */
    private static void putDetails(StepResult result, String target, String strategy, Resolved model, boolean passed,
                                   Path stateFile, Instance active) {
        Map<String, Object> details = result.getDetails();
        details.put("target", target);
        details.put("strategy", strategy);
        details.put("model", model.name());
        details.put("version", model.version());
        details.put("deployed", passed);
        details.put("stateFile", stateFile.toString());
        if (active != null) {
            details.put("endpoint", active.endpoint());
            details.put("port", active.port());
            details.put("servingVersion", active.version());
            if (active.instanceId() != null) {
                details.put("instanceId", active.instanceId());
            }
            predictionLogOf(active).ifPresent(file -> details.put("predictionLog", file));
            if (active.pid() != null) {
                details.put("pid", active.pid());
            }
            if (active.containerId() != null) {
                details.put("containerId", active.containerId());
                details.put("image", active.image());
            }
        }
    }

    /** Moves the alias and records the deployment in lineage (both only for registry versions). */
    private static void finish(DeployModelRequest request, Registry registry, Resolved model, StepResult result, String target,
                               String endpoint, boolean passed, StepContext context) {
        String deploymentId = "deployment:" + target + ":" + model.ref();
        if (passed) {
            result.getLineage().add(new LineageRef("deployment", "output", deploymentId, model.sha256(), endpoint));
        }
        if (registry == null) {
            return;
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("strategy", result.getDetails().getOrDefault("strategy", request.strategy()));
        attributes.put("status", passed ? "deployed" : "rolled back");
        if (!passed && result.getSummary() != null) {
            attributes.put("reason", result.getSummary());
        }
        registry.recordEvent(io.mlsteps.registry.LineageEvent.of(io.mlsteps.registry.LineageEvent.DEPLOYMENT,
                        model.registered(), passed).withBuild(BuildInfo.fromEnv(context.env()))
                .withMetrics(result.getMetrics())
                .withAttributes(withEndpoint(target, endpoint, attributes)));
        if (passed && request.alias() != null && !request.alias().isBlank()) {
            registry.moveAlias(model.name(), request.alias(), model.registered().version(),
                    BuildInfo.actorFromEnv(context.env()), "deployModel to " + target + (endpoint == null ? "" : " at " + endpoint));
            result.getDetails().put("alias", request.alias() + " -> " + model.ref());
            context.log().info("alias %s of %s now points at version %s", request.alias(), model.name(), model.version());
        }
    }

    private static Map<String, Object> withEndpoint(String target, String endpoint, Map<String, Object> attributes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", target);
        if (endpoint != null) {
            m.put("endpoint", endpoint);
        }
        m.putAll(attributes);
        return m;
    }

    /** The prediction log the instance's server writes (from its server.json), for monitoring jobs to read. */
    private static java.util.Optional<String> predictionLogOf(Instance instance) {
        if (instance.configFile() == null || !Files.isRegularFile(Path.of(instance.configFile()))) {
            return java.util.Optional.empty();
        }
        String log = Json.read(Path.of(instance.configFile()), ServerConfig.class).predictionLog;
        return java.util.Optional.ofNullable(log);
    }

    /** The admin token of a model's servers: created once, readable only by this user. */
    static String adminToken(Path home) throws IOException {
        Path file = home.resolve("admin.token");
        if (Files.isRegularFile(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        return token;
    }
}
