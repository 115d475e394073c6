package io.mlsteps.contract.steps;

import io.mlsteps.contract.Arg;
import io.mlsteps.contract.Group;
import io.mlsteps.contract.StepInfo;

import java.util.List;

/** Arguments of {@code deployModel} (docs/steps/deployModel.md). */
@StepInfo(name = "deployModel", command = "deploy", title = "Deploy a model",
        summary = "Puts a registered model version behind the model server (local process, Docker, Kubernetes "
                + "manifests) with smoke tests, and moves the production alias only after they pass.")
public record DeployModelRequest(
        @Arg(doc = "registry reference to deploy: `adult@3`, `adult@staging`, `adult` (the latest)", label = "REF",
                group = "model")
        String model,
        @Arg(doc = "or a model file to deploy without a registry (then `name` is required; no alias moves)",
                label = "FILE", group = "model")
        String modelFile,
        @Arg(doc = "model name in the URL when deploying a file", label = "NAME", group = "model")
        String name,
        @Arg(doc = "version label when deploying a file", defaultText = "the first 12 hex digits of its sha256",
                label = "LABEL", group = "model")
        String version,
        @Group RegistryArgs registry,
        @Arg(doc = "where the server runs: `local` (a process), `docker` (an image and container) or `kubernetes` "
                + "(rendered manifests)", defaultValue = "local", allowed = {"local", "docker", "kubernetes"},
                group = "where and how")
        String target,
        @Arg(doc = "`replace`, `blueGreen`, `canary` or `shadow`", defaultValue = "blueGreen",
                allowed = {"replace", "blueGreen", "canary", "shadow"}, group = "where and how")
        String strategy,
        @Arg(doc = "interface the server binds (use `0.0.0.0` deliberately)", defaultValue = "127.0.0.1",
                label = "HOST", group = "where and how")
        String host,
        @Arg(doc = "port of the server; blue/green alternates between `port` and `port + 1`", defaultValue = "8080",
                group = "where and how")
        int port,
        @Arg(doc = "folder of deployment state, model copies, jars, logs and the admin token",
                defaultText = "`~/.mlsteps/deployments`", label = "DIR", group = "where and how")
        String deployDir,
        @Arg(doc = "alias moved to the deployed version on success (registry deployments); empty for none",
                defaultValue = "production", label = "ALIAS", group = "where and how")
        String alias,
        @Arg(doc = "evaluation data whose rows the smoke test sends online and compares with offline predictions (only "
                + "the model's feature columns are sent); without it only readiness is checked", label = "FILE",
                group = "smoke test")
        String smokeData,
        @Arg(doc = "rows sampled from `smokeData`", defaultValue = "50", group = "smoke test")
        int smokeRows,
        @Arg(doc = "largest accepted difference between an online and an offline score or value",
                defaultValue = "1e-6", group = "smoke test")
        double tolerance,
        @Arg(doc = "latency budget of one smoke request (p99)", defaultValue = "50", unit = "ms",
                group = "smoke test")
        double latencyBudgetMillis,
        @Group ReadingArgs reading,
        @Arg(doc = "canary: share of requests the candidate answers during the analysis", defaultValue = "10",
                unit = "%", group = "canary and shadow")
        double canaryPercent,
        @Arg(doc = "canary/shadow: requests the candidate must have seen before deciding", defaultValue = "200",
                group = "canary and shadow")
        int analysisRequests,
        @Arg(doc = "canary/shadow: give up (and roll back) after this long without enough requests",
                defaultValue = "300", unit = "s", group = "canary and shadow")
        int analysisTimeoutSeconds,
        @Arg(doc = "rows to send as traffic during the analysis (else real traffic is awaited)", label = "FILE",
                group = "canary and shadow")
        String trafficData,
        @Arg(doc = "largest accepted increase of the candidate's error rate over the primary's (absolute)",
                defaultValue = "0.01", group = "canary and shadow")
        double maxErrorRateIncrease,
        @Arg(doc = "largest accepted ratio of the candidate's p99 latency to the primary's", defaultValue = "1.5",
                group = "canary and shadow")
        double maxLatencyRatio,
        @Arg(doc = "... unless the candidate's p99 is within this of the primary's", defaultValue = "5", unit = "ms",
                group = "canary and shadow")
        double latencySlackMillis,
        @Arg(doc = "how long to wait for a new server to become ready", defaultValue = "120", unit = "s",
                group = "server")
        int startTimeoutSeconds,
        @Arg(doc = "JVM options of a local server", defaultValue = "-Xms64m, -Xmx512m, -XX:+UseSerialGC",
                cli = "--java-option", label = "OPTION", group = "server")
        List<String> javaOptions,
        @Arg(doc = "the server's prediction log (JSON Lines, for `checkDrift`); one file per port, so blue and green "
                + "never write the same file; a path you give is used as is",
                defaultText = "`<deployDir>/<model>/predictions-<port>.jsonl`", label = "FILE", group = "server")
        String predictionLog,
        @Arg(doc = "docker: the base image (any image with Java 17+ as `java` on the PATH)",
                defaultValue = "eclipse-temurin:17-jre", label = "IMAGE", group = "docker and kubernetes")
        String baseImage,
        @Arg(doc = "docker/kubernetes: the image name", defaultText = "`mlsteps-<model>:<version>`", label = "IMAGE",
                group = "docker and kubernetes")
        String image,
        @Arg(doc = "docker: push the built image to its registry", defaultValue = "false",
                group = "docker and kubernetes")
        boolean push,
        @Arg(doc = "docker: the engine's address", defaultText = "`DOCKER_HOST` or the local socket", label = "URI",
                group = "docker and kubernetes")
        String dockerHost,
        @Arg(doc = "kubernetes: namespace of the manifests", defaultValue = "default", label = "NAME",
                group = "docker and kubernetes")
        String namespace,
        @Arg(doc = "kubernetes: replicas in total (canary replicas are carved out of them by percent)",
                defaultValue = "2", min = 1, group = "docker and kubernetes")
        int replicas,
        @Arg(doc = "kubernetes: apply the manifests when kubectl and a context are present (else render and validate "
                + "only)", defaultValue = "true", group = "docker and kubernetes")
        boolean apply,
        @Group Gates gates) implements GatedRequest {
}
