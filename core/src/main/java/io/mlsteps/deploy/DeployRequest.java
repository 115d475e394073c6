package io.mlsteps.deploy;

import io.mlsteps.step.StepRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * Arguments of {@code deployModel} (Jenkinsfile names; CLI flags in kebab case). Reference: docs/steps/deployModel.md.
 */
public class DeployRequest extends StepRequest {
    /**
     * {@code deploy} (the default) or {@code stop}: stop what was deployed of {@code model} (its name; a version part is
     * ignored) on {@code target} under {@code deployDir}, as {@code mlsteps undeploy} does.
     */
    public String action = "deploy";
    /** Registry reference to deploy: {@code adult@3}, {@code adult@staging}, {@code adult} (latest). */
    public String model;
    /** Or a model file to deploy without a registry (then {@link #name} is required). */
    public String modelFile;
    /** Model name in the URL when deploying a file. */
    public String name;
    /** Version label when deploying a file (default: the first 12 hex digits of its sha256). */
    public String version;
    /** Registry URI (default: MLSTEPS_REGISTRY or ~/.mlsteps/registry). */
    public String registry;
    /** {@code local}, {@code docker} or {@code kubernetes}. */
    public String target = "local";
    /** {@code replace}, {@code blueGreen}, {@code canary} or {@code shadow}. */
    public String strategy = "blueGreen";
    /** Interface the server binds to. */
    public String host = "127.0.0.1";
    /**
     * Port of the server; blue/green alternates between {@code port} and {@code port + 1}. 0: a free port chosen at
     * deployment (blue/green: another free one each time), returned as {@code port} and {@code endpoint}.
     */
    public int port = 8080;
    /** Folder of deployment state, model copies and server logs (default ~/.mlsteps/deployments). */
    public String deployDir;
    /** Alias that moves to the deployed version on success (registry deployments); empty: none. */
    public String alias = "production";

    /**
     * Evaluation data whose rows the smoke test sends online and compares with offline predictions; only the
     * model's feature columns are sent (the label and other columns are left out).
     */
    public String smokeData;
    /** Rows sampled from {@link #smokeData}. */
    public int smokeRows = 50;
    /** Largest accepted difference between an online and an offline score or value. */
    public double tolerance = 1e-6;
    /** Latency budget of one smoke request (p99), in milliseconds. */
    public double latencyBudgetMillis = 50;

    /** Canary: share of requests the candidate answers during the analysis. */
    public double canaryPercent = 10;
    /** Canary/shadow analysis: requests the candidate must have seen before deciding. */
    public int analysisRequests = 200;
    /** Canary/shadow analysis: give up (and roll back) after this many seconds without enough requests. */
    public int analysisTimeoutSeconds = 300;
    /** Data to send as traffic during the analysis (else real traffic is awaited). */
    public String trafficData;
    /** Largest accepted increase of the candidate's error rate over the primary's (absolute). */
    public double maxErrorRateIncrease = 0.01;
    /** Largest accepted ratio of the candidate's p99 latency to the primary's ... */
    public double maxLatencyRatio = 1.5;
    /** ... unless the candidate's p99 is within this many milliseconds of the primary's. */
    public double latencySlackMillis = 5;

    /** Seconds to wait for a new server to become ready. */
    public int startTimeoutSeconds = 120;
    /** JVM options of a local server process. */
    public List<String> javaOptions = new ArrayList<>(List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC"));
    /** Prediction log file of the server (JSON lines for checkDrift); default {@code <deployDir>/<model>/predictions-<port>.jsonl}, one file per server so blue and green never share a writer; the deploy result's {@code predictionLog} and the state file's server config name the active one. */
    public String predictionLog;

    /** Docker: the base image (any image with Java 17+ as {@code java} on the PATH). */
    public String baseImage = "eclipse-temurin:17-jre";
    /** Docker/Kubernetes: the image name; default {@code mlsteps-<model>:<version>}. */
    public String image;
    /** Docker: push the built image to its registry. */
    public boolean push;
    /** Docker: the engine's address (default DOCKER_HOST or the local socket). */
    public String dockerHost;

    /** Kubernetes: namespace of the manifests. */
    public String namespace = "default";
    /** Kubernetes: replicas in total (canary replicas are carved out of them by percent). */
    public int replicas = 2;
    /** Kubernetes: apply the manifests when kubectl and a context are present (else render and validate only). */
    public boolean apply = true;
}
