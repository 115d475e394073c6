package io.mlsteps.deploy;

import io.mlsteps.contract.steps.DeployModelRequest;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.serve.ModelSpec;
import io.mlsteps.serve.ServerConfig;
import io.mlsteps.util.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.mlsteps.deploy.DeployModelStep.*;

/**
 * deployModel's strategies on a local or Docker target: start a server and wait until it is ready (a taken port
 * or an early exit named), then replace, blue/green, canary or shadow with the traffic they need and the rollback.
 */
final class Strategies {
    private Strategies() {
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
    private static Instance startVerified(Rollout r, int port, Set<Integer> avoid) throws Exception {
        RuntimeTarget target = r.target();
        Resolved model = r.model();
        Set<Integer> taken = new java.util.HashSet<>(avoid);
        for (int attempt = 1; ; attempt++) {
            int listen = port != 0 ? port : Ports.pick(r.request().host(), taken);
            Instance instance = target.start(serverConfig(r.request(), model, listen, target.home()), model.file(),
                    model.version(), model.ref(), model.sha256());
            r.log().info("started %s on port %d%s%s (instance %s); waiting for readiness", model.ref(), listen,
                    port == 0 ? ", a free port," : "", instance.pid() != null ? " (pid " + instance.pid() + ")" : "",
                    instance.instanceId());
            String notReady = awaitReady(target, instance, r.request().startTimeoutSeconds());
            if (notReady == null) {
                smoke(r, ServerClient.of(instance, null), instance, instance, null);
                return instance;
            }
            target.stop(instance);
            if (port != 0 || !portTaken(notReady) || attempt == Ports.AUTO_ATTEMPTS) {
                throw new DeployFailure(notReady);
            }
            r.log().info("port %d was taken by another process before the server could listen on it; trying another",
                    listen);
            taken.add(listen);
        }
    }

    /**
     * Smoke-tests {@code tested} through {@code client} (nothing without smoke rows); on failure stops
     * {@code toStop} and runs {@code undo} (when given) before failing the rollout.
     */
    private static void smoke(Rollout r, ServerClient client, Instance tested, Instance toStop, Runnable undo)
            throws DeployFailure {
        List<Map<String, String>> rows = r.smokeRows();
        if (rows == null) {
            return;
        }
        Resolved model = r.model();
        // A request without any answer: the server's state is taken at once, before the request is sent again.
        SmokeTest.Outcome smoke = SmokeTest.run(client, model.name(), model.version(), r.offline(), rows,
                r.request().tolerance(), r.request().latencyBudgetMillis(), (what, answer) -> r.log().info(
                        "a smoke request (%s) got no answer: %s; %s", what, answer.body(),
                        UnansweredRequests.describe(r.target(), tested, client.renewed())));
        r.result().getChecks().addAll(smoke.checks());
        smoke.metrics().forEach(r.result()::putMetric);
        r.log().info("smoke test of %s: %s (%d rows, p99 %.2f ms)", model.ref(), smoke.passed() ? "passed" : "FAILED",
                rows.size(), smoke.metrics().get("smoke_p99_latency_ms"));
        if (!smoke.passed()) {
            if (toStop != null) {
                r.target().stop(toStop);
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

    static Instance replace(Rollout r, Instance current) throws Exception {
        RuntimeTarget target = r.target();
        int port = current == null ? r.request().port() : current.port();
        if (current == null && port != 0 && target.portsAreLocal()) {
            Ports.requireFree(r.request().host(), port, "the port of the new version");
        }
        if (current != null) {
            r.log().info("replace: stopping %s on port %d", current.ref(), current.port());
            target.stop(current);
        }
        try {
            return startVerified(r, port, Set.of());
        } catch (DeployFailure failure) {
            if (current != null) {
                throw restarted(r, current, failure);
            }
            throw failure;
        }
    }

    /** Replace's rollback: the stopped previous version started again, and the failure saying whether it came back. */
    private static DeployFailure restarted(Rollout r, Instance previous, DeployFailure failure) throws Exception {
        r.log().info("rolling back: starting %s again on port %d", previous.ref(), previous.port());
        Instance restored = r.target().restore(previous);
        String notReady = awaitReady(r.target(), restored, r.request().startTimeoutSeconds());
        if (notReady != null) {
            r.target().stop(restored);
            return new DeployFailure(failure.getMessage() + "; and the previous version did not come back: " + notReady);
        }
        return new DeployFailure(failure.getMessage() + " (started " + previous.ref() + " again)", restored);
    }

    /**
     * Blue/green: the new version starts on the other port of the pair ({@code port}, {@code port + 1}), or with
     * {@code port: 0} on any free port but the current one's; a fixed port another process holds is refused before
     * anything starts. The old version is stopped only once the new one passed.
     */
    static Instance blueGreen(Rollout r, Instance current) throws Exception {
        DeployModelRequest request = r.request();
        int port = request.port() == 0 ? 0 : current == null ? request.port()
                : current.port() == request.port() ? request.port() + 1 : request.port();
        if (port != 0 && r.target().portsAreLocal()) {
            Ports.requireFree(request.host(), port, current == null ? "the port of the new version"
                    : "blue/green's other port, where the new version starts while " + current.ref() + " serves on "
                    + current.port());
        }
        Instance fresh = startVerified(r, port, current == null ? Set.of() : Set.of(current.port()));
        if (current != null) {
            r.log().info("blue/green: %s is live on port %d; stopping %s on port %d", r.model().ref(), fresh.port(),
                    current.ref(), current.port());
            r.target().stop(current);
        }
        return fresh;
    }

    /**
     * Canary or shadow in the serving server: the candidate is loaded beside the primary without traffic,
     * smoke-tested through pinned requests, then given its share (or copies) of the traffic and analysed against the
     * primary; it is promoted only when the analysis passed, else removed again.
     */
    static Instance canary(Rollout r, Instance current, boolean shadow) throws Exception {
        Resolved model = r.model();
        if (current.sha256() != null && current.sha256().equals(model.sha256())) {
            r.log().info("%s is already the serving version at %s", model.ref(), current.endpoint());
            return current;
        }
        ServerClient client = ServerClient.of(current, r.token());
        String staged = loadCandidate(r, client, current, shadow);
        Runnable rollback = () -> {
            ServerClient.Answer a = client.admin("/admin/models/" + model.name() + "/rollback", "{}");
            r.log().info("rolled back: %s removed, %s keeps serving (%s)", model.ref(), current.ref(),
                    a.code() == 200 ? "ok" : a.error());
        };
        // The candidate is smoke-tested through pinned requests before it sees any real traffic.
        smoke(r, client, current, null, rollback);
        startTraffic(r, client, current, shadow);
        analyse(r, client, current, shadow, rollback);
        ServerClient.Answer promoted = client.admin("/admin/models/" + model.name() + "/promote", "{}");
        if (promoted.code() != 200) {
            rollback.run();
            throw new DeployFailure("promotion failed: " + promoted.error());
        }
        r.log().info("analysis passed: %s promoted to primary at %s", model.ref(), current.endpoint());
        return promotedInstance(model, current, staged);
    }

    /** Stages the model file where the server reads it and loads it as a candidate without traffic; returns its path. */
    private static String loadCandidate(Rollout r, ServerClient client, Instance current, boolean shadow)
            throws Exception {
        Resolved model = r.model();
        String staged = r.target().stageModel(current, model.file(), model.sha256());
        ModelSpec candidate = new ModelSpec(model.name(), model.version(), staged, model.sha256(), model.lineageId(),
                "candidate", shadow ? "shadow" : "canary", 0.0);  // no traffic until it passed its smoke test
        ServerClient.Answer loaded = client.admin("/admin/models", candidate);
        if (loaded.code() != 200) {
            throw new DeployFailure("the server at " + current.endpoint() + " could not load " + model.ref() + ": "
                    + loaded.error());
        }
        return staged;
    }

    /** Gives the candidate its share of the requests (canary) or a copy of each (shadow). */
    private static void startTraffic(Rollout r, ServerClient client, Instance current, boolean shadow) {
        DeployModelRequest request = r.request();
        Map<String, Object> traffic = new LinkedHashMap<>();
        traffic.put("mode", shadow ? "shadow" : "canary");
        traffic.put("percent", shadow ? 0 : request.canaryPercent());
        client.admin("/admin/models/" + r.model().name() + "/traffic", traffic);
        r.log().info("%s: %s %s; analysing %d requests against %s", shadow ? "shadow" : "canary", r.model().ref(),
                shadow ? "scores a copy of every request" : "answers " + request.canaryPercent() + " % of requests",
                request.analysisRequests(), current.ref());
    }

    /** Compares the candidate with the primary over the analysis window; a failed analysis rolls back. */
    private static void analyse(Rollout r, ServerClient client, Instance current, boolean shadow, Runnable rollback)
            throws DeployFailure {
        Resolved model = r.model();
        // Traffic is shaped like production's: the features the primary serves, not the candidate's.
        List<Map<String, String>> trafficRows = r.settings().trafficData() == null ? null
                : SmokeTest.sample(r.settings().trafficData(), readOptions(r.request()), r.log(),
                servedFeatures(client, model.name(), current.version(), r.offline().featureNames()), false, 1000, 7);
        CanaryAnalysis.Outcome analysis = CanaryAnalysis.run(client, model.name(), current.version(), model.version(),
                shadow, trafficRows, r.request(), r.log());
        r.result().getChecks().addAll(analysis.checks());
        analysis.metrics().forEach(r.result()::putMetric);
        if (!analysis.passed()) {
            rollback.run();
            throw new DeployFailure((shadow ? "shadow" : "canary") + " analysis failed: " + analysis.reason());
        }
    }

    /** The serving instance after promotion; its server configuration names the new version, for a restart. */
    private static Instance promotedInstance(Resolved model, Instance current, String staged) {
        Instance promoted = current.withModel(model.version(), model.ref(), model.sha256(), staged);
        if (promoted.configFile() == null) {
            return promoted;
        }
        ServerConfig config = Json.read(Path.of(promoted.configFile()), ServerConfig.class);
        config.models.clear();
        config.models.add(new ModelSpec(model.name(), model.version(), staged, model.sha256(), model.lineageId(),
                "primary", null, null));
        Path newConfig = Path.of(promoted.configFile()).resolveSibling("server-" + current.port() + "-"
                + LocalTarget.safe(model.version()) + ".json");
        Json.write(newConfig, config);
        return promoted.withConfigFile(newConfig.toString());
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

}
