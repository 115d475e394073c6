package io.mlsteps.deploy;

import io.mlsteps.contract.steps.DeployModelRequest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.data.Reading;
import io.mlsteps.lineage.BuildInfo;
import io.mlsteps.model.Predictor;
import io.mlsteps.registry.ModelVersion;
import io.mlsteps.registry.Registry;
import io.mlsteps.serve.ModelSpec;
import io.mlsteps.serve.ServerConfig;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.LineageRef;
import io.mlsteps.step.MlStep;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
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

    @Override
    public StepResult execute(DeployModelRequest request, StepContext context) throws Exception {
        if (request.action().equals("stop")) {
            return Undeploy.run(request, context, name());
        }
        check(request);
        StepLog log = context.log();
        StepResult result = new StepResult(name());
        Registry registry = request.model() != null ? Registry.forStep(request.registry().registry(), context) : null;
        try {
            Resolved model = resolve(request, context, registry);
            result.getLineage().add(new LineageRef("modelVersion", "input", model.lineageId(), model.sha256(),
                    registry == null ? model.file().toString() : registry.location()));
            // Loading the model offline validates the artifact before anything is touched, and gives the
            // reference predictions of the smoke test.
            Predictor offline = TribuoPredictor.load(model.file());
            if (registry != null && notAllowedToMoveAlias(request, registry, model, result)) {
                return result;
            }
            if (request.target().equals("kubernetes")) {
                KubernetesTarget.deploy(request, model, context, result);
                if (Boolean.TRUE.equals(result.getDetails().get("applied"))) {
                    finish(request, registry, model, result, "kubernetes", null, result.getStatus() == io.mlsteps.contract.result.StepStatus.SUCCESS,
                            context);
                }
                return result;
            }
            return rollout(request, context, registry, model, offline, result, log);
        } finally {
            if (registry != null) {
                registry.close();
            }
        }
    }

    private static void check(DeployModelRequest r) {
        if ((r.model() == null) == (r.modelFile() == null)) {
            throw new InputException("model", "give exactly one of 'model' (a registry reference such as adult@3) "
                    + "or 'modelFile' (a model file, with 'name')");
        }
        if (r.modelFile() != null && (r.name() == null || !r.name().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}"))) {
            throw new InputException("name", "is required with 'modelFile': the model name in the URL "
                    + "(letters, digits, '.', '_', '-'; got " + (r.name() == null ? "nothing" : "'" + r.name() + "'") + ")");
        }
        if (!TARGETS.contains(r.target())) {
            throw new InputException("target", "'" + r.target() + "' is not a target; expected one of local, docker, kubernetes");
        }
        if (!STRATEGIES.contains(r.strategy())) {
            throw new InputException("strategy", "'" + r.strategy() + "' is not a strategy; expected one of replace, "
                    + "blueGreen, canary, shadow");
        }
        if (r.port() < 0 || r.port() > 65534) {
            throw new InputException("port", "must be between 1 and 65534 (blue/green also uses port + 1), or 0 for a free "
                    + "port chosen at deployment, got " + r.port());
        }
        if (!(r.canaryPercent() > 0 && r.canaryPercent() <= 100)) {
            throw new InputException("canaryPercent", "must be in (0, 100], got " + r.canaryPercent());
        }
        if (r.analysisRequests() < 1 || r.smokeRows() < 1 || r.analysisTimeoutSeconds() < 1 || r.startTimeoutSeconds() < 1) {
            throw new InputException("analysisRequests", "analysisRequests, smokeRows, analysisTimeoutSeconds and "
                    + "startTimeoutSeconds must be at least 1");
        }
        if (r.tolerance() < 0 || r.latencyBudgetMillis() <= 0) {
            throw new InputException("tolerance", "tolerance must be >= 0 and latencyBudgetMillis > 0");
        }
    }

    private static Resolved resolve(DeployModelRequest request, StepContext context, Registry registry) throws IOException {
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
        Path file = context.resolve(request.modelFile());
        if (!Files.isRegularFile(file)) {
            throw new InputException(request.modelFile(), "model file not found");
        }
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

    /** Samples rows of a smoke or traffic data file, read with the request's reading arguments. */
    private static List<Map<String, String>> sampleRows(DeployModelRequest request, StepContext context, String file,
                                                        List<String> features, boolean allColumns, int n, long seed,
                                                        StepLog log) {
        return SmokeTest.sample(context.resolve(file), readOptions(request), log, features, allColumns, n, seed);
    }

    // ---------------------------------------------------------------- local and docker

    private StepResult rollout(DeployModelRequest request, StepContext context, Registry registry, Resolved model,
                               Predictor offline, StepResult result, StepLog log) throws Exception {
        Path home = deployHome(request, context, model.name());
        Files.createDirectories(home);
        String token = adminToken(home);
        RuntimeTarget target = request.target().equals("docker") ? new DockerTarget(home, request, token, log, context.env())
                : new LocalTarget(home, request.javaOptions(), token);
        if (request.port() == 0 && !target.portsAreLocal()) {
            throw new InputException("port", "0 (a free port of this machine) needs a Docker engine on this machine; "
                    + "give the port the server should use on " + request.dockerHost());
        }
        Path stateFile = home.resolve(target.kind() + ".json");
        DeploymentState state = DeploymentState.load(stateFile, model.name(), target.kind());
        Instance current = state.active;
        if (current != null && !target.isRunning(current)) {
            log.warn("the recorded server of " + current.ref() + " at " + current.endpoint() + " is not running; "
                    + "deploying as the first version");
            current = null;
        }
        List<Map<String, String>> smokeRows = request.smokeData() == null ? null
                : sampleRows(request, context, request.smokeData(), offline.featureNames(),
                !offline.ignoredColumns().isEmpty(), request.smokeRows(), 42, log);
        if (smokeRows == null) {
            result.addCheck(Check.passed("smoke:skew", null, "not checked", "smokeData given", Criticality.NOTE,
                    "no smokeData given: online/offline skew was not checked, only readiness"));
        }
        String strategy = request.strategy();
        if ((strategy.equals("canary") || strategy.equals("shadow")) && current == null) {
            log.info("%s: no version is serving yet, so there is nothing to compare with; deploying %s blue/green",
                    strategy, model.ref());
            strategy = "blueGreen";
        }
        log.info("deploying %s (%s) to %s with strategy %s%s", model.ref(), model.sha256().substring(0, 12),
                target.kind(), strategy, current == null ? "" : "; now serving " + current.ref() + " at " + current.endpoint());
        Instance active;
        String reason = null;
        try {
            active = switch (strategy) {
                case "replace" -> replace(request, target, model, offline, smokeRows, current, result, log);
                case "blueGreen" -> blueGreen(request, target, model, offline, smokeRows, current, result, log);
                default -> canary(request, target, model, offline, smokeRows, current, token, strategy.equals("shadow"),
                        result, log, context);
            };
        } catch (DeployFailure failure) {
            reason = failure.getMessage();
            active = failure.serving != null ? failure.serving
                    : state.active != null && target.isRunning(state.active) ? state.active : null;
        }
        boolean passed = reason == null;
        state.active = active;
        state.history.add(new DeploymentState.Event(Instant.now().toString(), model.version(), strategy,
                passed ? "deployed" : "rolled back", active == null ? null : active.endpoint(), reason));
        state.save(stateFile);

        putDetails(result, target.kind(), strategy, model, passed, stateFile, active);
        if (passed) {
            result.addCheck(Check.passed("deploy:rollout", null, model.ref(), "deployed and verified", Criticality.FAILURE,
                    model.ref() + " serves at " + active.endpoint() + " (" + strategy + " on " + target.kind() + ")"));
            result.setSummary(model.ref() + " serves at " + active.endpoint());
        } else {
            result.addCheck(Check.failed("deploy:rollout", null, "rolled back", "deployed and verified", Criticality.FAILURE,
                    "deployment of " + model.ref() + " failed and was rolled back: " + reason));
            String keeps = active == null ? "no version is serving" : active.ref() + " keeps serving at " + active.endpoint();
            result.addCheck(Check.passed("deploy:rollback", null, keeps, "previous version serving", Criticality.NOTE, keeps));
            result.setSummary("rolled back: " + reason);
        }
        finish(request, registry, model, result, target.kind(), active == null ? null : active.endpoint(), passed, context);
        return result;
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

    private static ServerConfig serverConfig(DeployModelRequest request, Resolved model, int port, Path home) {
        ServerConfig config = new ServerConfig();
        config.host = request.host();
        config.port = port;
        config.predictionLog = request.predictionLog() != null ? request.predictionLog()
                : home.resolve("predictions-" + port + ".jsonl").toString();  // one writer per file, also during a switch
        config.models.add(new ModelSpec(model.name(), model.version(), model.file().toString(), model.sha256(),
                model.lineageId(), "primary", null, null));
        return config;
    }

    /**
     * Starts a server of the new version on {@code port}, waits until it is ready and smoke-tests it; stops it on
     * failure. {@code port} 0 picks a free port (other than {@code avoid}), and another one when a different process
     * takes it before the server binds it.
     */
    private static Instance startVerified(DeployModelRequest request, RuntimeTarget target, Resolved model, Predictor offline,
                                          List<Map<String, String>> smokeRows, int port, Set<Integer> avoid,
                                          StepResult result, StepLog log) throws Exception {
        Path home = target.home();
        Set<Integer> taken = new java.util.HashSet<>(avoid);
        for (int attempt = 1; ; attempt++) {
            int listen = port != 0 ? port : Ports.pick(request.host(), taken);
            Instance instance = target.start(serverConfig(request, model, listen, home), model.file(), model.version(),
                    model.ref(), model.sha256());
            log.info("started %s on port %d%s%s (instance %s); waiting for readiness", model.ref(), listen,
                    port == 0 ? ", a free port," : "", instance.pid() != null ? " (pid " + instance.pid() + ")" : "",
                    instance.instanceId());
            String notReady = awaitReady(target, instance, request.startTimeoutSeconds());
            if (notReady == null) {
                smoke(ServerClient.of(instance, null), model, offline, smokeRows, request, result, log, target, instance,
                        instance, null);
                return instance;
            }
            target.stop(instance);
            if (port != 0 || !portTaken(notReady) || attempt == Ports.AUTO_ATTEMPTS) {
                throw new DeployFailure(notReady);
            }
            log.info("port %d was taken by another process before the server could listen on it; trying another", listen);
            taken.add(listen);
        }
    }

    private static void smoke(ServerClient client, Resolved model, Predictor offline, List<Map<String, String>> rows,
                              DeployModelRequest request, StepResult result, StepLog log, RuntimeTarget target,
                              Instance tested, Instance toStop, Runnable undo) throws DeployFailure {
        if (rows == null) {
            return;
        }
        // A request without any answer: the server's state is taken at once, before the request is sent again.
        SmokeTest.Outcome smoke = SmokeTest.run(client, model.name(), model.version(), offline, rows,
                request.tolerance(), request.latencyBudgetMillis(), (what, answer) -> log.info(
                        "a smoke request (%s) got no answer: %s; %s", what, answer.body(),
                        UnansweredRequests.describe(target, tested, client.renewed())));
        result.getChecks().addAll(smoke.checks());
        smoke.metrics().forEach(result::putMetric);
        log.info("smoke test of %s: %s (%d rows, p99 %.2f ms)", model.ref(), smoke.passed() ? "passed" : "FAILED",
                rows.size(), smoke.metrics().get("smoke_p99_latency_ms"));
        if (!smoke.passed()) {
            if (toStop != null) {
                target.stop(toStop);
            }
            if (undo != null) {
                undo.run();
            }
            throw new DeployFailure("smoke test failed: " + smoke.reason());
        }
    }

    /**
     * Waits until this very start of the server answers {@code /ready} (its instance identity, not merely something on
     * its port); returns null when it does, else why not. A server that exits first (a taken port, a model it cannot
     * load) is reported at once with the reason from its log.
     */
    static String awaitReady(RuntimeTarget target, Instance instance, int timeoutSeconds) throws InterruptedException {
        ServerClient client = ServerClient.of(instance, null);
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        String other = null;
        while (System.nanoTime() < deadline) {
            ServerClient.Answer ready = client.get("/ready");
            if (ready.code() == 200) {
                // state files of servers without an identity: at least the version must be ours
                if (instance.instanceId() != null
                        || client.models().toString().contains("\"version\":\"" + instance.version() + "\"")) {
                    return null;
                }
                return "something else answers on " + instance.endpoint() + " (not " + instance.ref() + ")";
            }
            if (ready.code() == ServerClient.OTHER_SERVER) {
                other = ready.body();
            }
            if (target.exited(instance)) {
                String printed = target.diagnostics(instance);
                return "the server of " + instance.ref() + " on port " + instance.port() + " exited before it was ready: "
                        + exitReason(printed) + (other == null ? "" : "; meanwhile " + other) + "\n" + printed;
            }
            Thread.sleep(200);
        }
        return "the server of " + instance.ref() + " was not ready within " + timeoutSeconds + " s"
                + (other == null ? "" : "; " + other) + ":\n" + target.diagnostics(instance);
    }

    /** The server's own one-line reason for ending ("mlsteps serve: error: ..."), else a pointer to its output. */
    static String exitReason(String printed) {
        return printed.lines().filter(l -> l.startsWith("mlsteps serve: error: ")).reduce((a, b) -> b)
                .map(l -> l.substring("mlsteps serve: error: ".length())).orElse("see its output below");
    }

    /** Whether a failed start failed because another process listens on its port. */
    static boolean portTaken(String problem) {
        return problem.contains(io.mlsteps.serve.ServeMain.CANNOT_LISTEN);
    }

    private static Instance replace(DeployModelRequest request, RuntimeTarget target, Resolved model, Predictor offline,
                                    List<Map<String, String>> rows, Instance current, StepResult result, StepLog log)
            throws Exception {
        int port = current == null ? request.port() : current.port();
        if (current == null && port != 0 && target.portsAreLocal()) {
            Ports.requireFree(request.host(), port, "the port of the new version");
        }
        if (current != null) {
            log.info("replace: stopping %s on port %d", current.ref(), current.port());
            target.stop(current);
        }
        try {
            return startVerified(request, target, model, offline, rows, port, Set.of(), result, log);
        } catch (DeployFailure failure) {
            if (current != null) {
                log.info("rolling back: starting %s again on port %d", current.ref(), current.port());
                Instance restored = target.restore(current);
                String notReady = awaitReady(target, restored, request.startTimeoutSeconds());
                if (notReady != null) {
                    target.stop(restored);
                    throw new DeployFailure(failure.getMessage() + "; and the previous version did not come back: " + notReady);
                }
                throw new DeployFailure(failure.getMessage() + " (started " + current.ref() + " again)", restored);
            }
            throw failure;
        }
    }

    /**
     * Blue/green: the new version starts on the other port of the pair ({@code port}, {@code port + 1}), or with
     * {@code port: 0} on any free port but the current one's; a fixed port another process holds is refused before
     * anything starts. The old version is stopped only once the new one passed.
     */
    private static Instance blueGreen(DeployModelRequest request, RuntimeTarget target, Resolved model, Predictor offline,
                                      List<Map<String, String>> rows, Instance current, StepResult result, StepLog log)
            throws Exception {
        int port = request.port() == 0 ? 0 : current == null ? request.port()
                : current.port() == request.port() ? request.port() + 1 : request.port();
        if (port != 0 && target.portsAreLocal()) {
            Ports.requireFree(request.host(), port, current == null ? "the port of the new version"
                    : "blue/green's other port, where the new version starts while " + current.ref() + " serves on "
                    + current.port());
        }
        Instance fresh = startVerified(request, target, model, offline, rows, port,
                current == null ? Set.of() : Set.of(current.port()), result, log);
        if (current != null) {
            log.info("blue/green: %s is live on port %d; stopping %s on port %d", model.ref(), fresh.port(), current.ref(),
                    current.port());
            target.stop(current);
        }
        return fresh;
    }

    private static Instance canary(DeployModelRequest request, RuntimeTarget target, Resolved model, Predictor offline,
                                   List<Map<String, String>> rows, Instance current, String token, boolean shadow,
                                   StepResult result, StepLog log, StepContext context) throws Exception {
        if (current.sha256() != null && current.sha256().equals(model.sha256())) {
            log.info("%s is already the serving version at %s", model.ref(), current.endpoint());
            return current;
        }
        ServerClient client = ServerClient.of(current, token);
        String staged = target.stageModel(current, model.file(), model.sha256());
        ModelSpec candidate = new ModelSpec(model.name(), model.version(), staged, model.sha256(), model.lineageId(),
                "candidate", shadow ? "shadow" : "canary", 0.0);  // no traffic until it passed its smoke test
        ServerClient.Answer loaded = client.admin("/admin/models", candidate);
        if (loaded.code() != 200) {
            throw new DeployFailure("the server at " + current.endpoint() + " could not load " + model.ref() + ": "
                    + loaded.error());
        }
        Runnable rollback = () -> {
            ServerClient.Answer a = client.admin("/admin/models/" + model.name() + "/rollback", "{}");
            log.info("rolled back: %s removed, %s keeps serving (%s)", model.ref(), current.ref(),
                    a.code() == 200 ? "ok" : a.error());
        };
        // The candidate is smoke-tested through pinned requests before it sees any real traffic.
        smoke(client, model, offline, rows, request, result, log, target, current, null, rollback);
        Map<String, Object> traffic = new LinkedHashMap<>();
        traffic.put("mode", shadow ? "shadow" : "canary");
        traffic.put("percent", shadow ? 0 : request.canaryPercent());
        client.admin("/admin/models/" + model.name() + "/traffic", traffic);
        log.info("%s: %s %s; analysing %d requests against %s", shadow ? "shadow" : "canary", model.ref(),
                shadow ? "scores a copy of every request" : "answers " + request.canaryPercent() + " % of requests",
                request.analysisRequests(), current.ref());
        // Traffic is shaped like production's: the features the primary serves, not the candidate's.
        List<Map<String, String>> trafficRows = request.trafficData() == null ? null
                : sampleRows(request, context, request.trafficData(),
                servedFeatures(client, model.name(), current.version(), offline.featureNames()), false, 1000, 7, log);
        CanaryAnalysis.Outcome analysis = CanaryAnalysis.run(client, model.name(), current.version(), model.version(),
                shadow, trafficRows, request, log);
        result.getChecks().addAll(analysis.checks());
        analysis.metrics().forEach(result::putMetric);
        if (!analysis.passed()) {
            rollback.run();
            throw new DeployFailure((shadow ? "shadow" : "canary") + " analysis failed: " + analysis.reason());
        }
        ServerClient.Answer promoted = client.admin("/admin/models/" + model.name() + "/promote", "{}");
        if (promoted.code() != 200) {
            rollback.run();
            throw new DeployFailure("promotion failed: " + promoted.error());
        }
        log.info("analysis passed: %s promoted to primary at %s", model.ref(), current.endpoint());
        Instance promotedInstance = current.withModel(model.version(), model.ref(), model.sha256(), staged);
        if (promotedInstance.configFile() != null) {
            // A restarted server must come back with the promoted version.
            ServerConfig config = Json.read(Path.of(promotedInstance.configFile()), ServerConfig.class);
            config.models.clear();
            config.models.add(new ModelSpec(model.name(), model.version(), staged, model.sha256(), model.lineageId(),
                    "primary", null, null));
            Path newConfig = Path.of(promotedInstance.configFile()).resolveSibling("server-" + current.port() + "-"
                    + LocalTarget.safe(model.version()) + ".json");
            Json.write(newConfig, config);
            promotedInstance = promotedInstance.withConfigFile(newConfig.toString());
        }
        return promotedInstance;
    }

    private static List<String> servedFeatures(ServerClient client, String model, String version, List<String> fallback) {
        for (JsonNode m : client.models().path("models")) {
            for (JsonNode v : m.path("versions")) {
                if (model.equals(m.path("name").asText()) && version.equals(v.path("version").asText())) {
                    List<String> features = new java.util.ArrayList<>();
                    v.path("features").forEach(f -> features.add(f.asText()));
                    return features;
                }
            }
        }
        return fallback;
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
