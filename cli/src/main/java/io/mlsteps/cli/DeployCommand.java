package io.mlsteps.cli;

import io.mlsteps.deploy.DeployRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * {@code mlsteps deploy}: the deployModel step. Reference: docs/steps/deployModel.md. Its help option is declared
 * here instead of picocli's standard mixin: the mixin also brings {@code -V, --version}, which clashes with the
 * step's {@code --version} argument, and picocli then leaves the whole mixin out (no {@code --help} at all).
 */
@Command(name = "deploy", sortOptions = false,
        description = "deployModel: deploy a registered model version (or a model file) to a local process, a Docker "
                + "container or Kubernetes manifests with replace, blueGreen, canary or shadow; smoke-test it, roll back "
                + "by itself on failure, and move the alias on success.")
public class DeployCommand extends StepCommand<DeployRequest> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;
    @Option(names = "--model", paramLabel = "REF", description = "Registry reference: adult@3, adult@staging, adult (latest).")
    String model;
    @Option(names = "--model-file", paramLabel = "FILE", description = "Or a model file (needs --name).")
    String modelFile;
    @Option(names = "--name", description = "Model name in the URL when deploying a file.")
    String name;
    @Option(names = "--version", paramLabel = "LABEL", description = "Version label of a model file (default: its sha256 prefix).")
    String version;
    @Option(names = "--registry", paramLabel = "URI", description = "Registry (default: MLSTEPS_REGISTRY or ~/.mlsteps/registry).")
    String registry;
    @Option(names = "--target", description = "local (default), docker or kubernetes.")
    String target;
    @Option(names = "--strategy", description = "blueGreen (default), replace, canary or shadow.")
    String strategy;
    @Option(names = "--host", description = "Interface the server binds (default 127.0.0.1).")
    String host;
    @Option(names = "--action", description = "deploy (default) or stop (what mlsteps undeploy does).")
    String action;
    @Option(names = "--port", description = "Port (default 8080; blue/green alternates with port + 1); 0: free ports "
            + "chosen at deployment, returned as port and endpoint.")
    Integer port;
    @Option(names = "--deploy-dir", paramLabel = "DIR", description = "Deployment state, model copies, logs (default ~/.mlsteps/deployments).")
    String deployDir;
    @Option(names = "--alias", description = "Alias moved on success (default production; empty for none).")
    String alias;
    @Option(names = "--smoke-data", paramLabel = "FILE", description = "Evaluation data for the online/offline smoke test.")
    String smokeData;
    @Option(names = "--smoke-rows", paramLabel = "N", description = "Rows sampled for the smoke test (default 50).")
    Integer smokeRows;
    @Option(names = "--tolerance", description = "Largest online/offline score difference (default 1e-6).")
    Double tolerance;
    @Option(names = "--latency-budget-millis", paramLabel = "MS", description = "Smoke-test p99 latency budget (default 50).")
    Double latencyBudgetMillis;
    @Option(names = "--canary-percent", paramLabel = "P", description = "Share of requests the canary answers (default 10).")
    Double canaryPercent;
    @Option(names = "--analysis-requests", paramLabel = "N", description = "Candidate requests before deciding (default 200).")
    Integer analysisRequests;
    @Option(names = "--analysis-timeout-seconds", paramLabel = "S", description = "Roll back when too few requests arrive in time (default 300).")
    Integer analysisTimeoutSeconds;
    @Option(names = "--traffic-data", paramLabel = "FILE", description = "Rows to send as traffic during the analysis.")
    String trafficData;
    @Option(names = "--max-error-rate-increase", paramLabel = "X", description = "Allowed error-rate increase of the candidate (default 0.01).")
    Double maxErrorRateIncrease;
    @Option(names = "--max-latency-ratio", paramLabel = "X", description = "Allowed candidate/primary p99 ratio (default 1.5).")
    Double maxLatencyRatio;
    @Option(names = "--latency-slack-millis", paramLabel = "MS", description = "p99 difference always allowed (default 5).")
    Double latencySlackMillis;
    @Option(names = "--start-timeout-seconds", paramLabel = "S", description = "Wait for readiness (default 120).")
    Integer startTimeoutSeconds;
    @Option(names = "--java-option", paramLabel = "OPT", description = "JVM option of a local server, repeatable.")
    List<String> javaOptions;
    @Option(names = "--prediction-log", paramLabel = "FILE", description = "Server prediction log (JSON lines).")
    String predictionLog;
    @Option(names = "--base-image", paramLabel = "IMAGE", description = "Docker base image with Java 17+ (default eclipse-temurin:17-jre).")
    String baseImage;
    @Option(names = "--image", paramLabel = "IMAGE", description = "Image name (default mlsteps-<model>:<version>).")
    String image;
    @Option(names = "--push", description = "Push the built image.")
    Boolean push;
    @Option(names = "--docker-host", paramLabel = "URI", description = "Docker engine (default DOCKER_HOST or the local socket).")
    String dockerHost;
    @Option(names = "--namespace", description = "Kubernetes namespace (default default).")
    String namespace;
    @Option(names = "--replicas", description = "Kubernetes replicas in total (default 2).")
    Integer replicas;
    @Option(names = "--no-apply", description = "Kubernetes: render and validate only.")
    boolean noApply;

    @Override
    protected String stepName() {
        return "deployModel";
    }

    @Override
    protected void applyFlags(DeployRequest r) {
        if (action != null) r.action = action;
        if (model != null) r.model = model;
        if (modelFile != null) r.modelFile = modelFile;
        if (name != null) r.name = name;
        if (version != null) r.version = version;
        if (registry != null) r.registry = registry;
        if (target != null) r.target = target;
        if (strategy != null) r.strategy = strategy;
        if (host != null) r.host = host;
        if (port != null) r.port = port;
        if (deployDir != null) r.deployDir = deployDir;
        if (alias != null) r.alias = alias;
        if (smokeData != null) r.smokeData = smokeData;
        if (smokeRows != null) r.smokeRows = smokeRows;
        if (tolerance != null) r.tolerance = tolerance;
        if (latencyBudgetMillis != null) r.latencyBudgetMillis = latencyBudgetMillis;
        if (canaryPercent != null) r.canaryPercent = canaryPercent;
        if (analysisRequests != null) r.analysisRequests = analysisRequests;
        if (analysisTimeoutSeconds != null) r.analysisTimeoutSeconds = analysisTimeoutSeconds;
        if (trafficData != null) r.trafficData = trafficData;
        if (maxErrorRateIncrease != null) r.maxErrorRateIncrease = maxErrorRateIncrease;
        if (maxLatencyRatio != null) r.maxLatencyRatio = maxLatencyRatio;
        if (latencySlackMillis != null) r.latencySlackMillis = latencySlackMillis;
        if (startTimeoutSeconds != null) r.startTimeoutSeconds = startTimeoutSeconds;
        if (javaOptions != null) r.javaOptions = javaOptions;
        if (predictionLog != null) r.predictionLog = predictionLog;
        if (baseImage != null) r.baseImage = baseImage;
        if (image != null) r.image = image;
        if (push != null) r.push = push;
        if (dockerHost != null) r.dockerHost = dockerHost;
        if (namespace != null) r.namespace = namespace;
        if (replicas != null) r.replicas = replicas;
        if (noApply) r.apply = false;
    }
}
