package io.mlsteps.deploy;

import io.mlsteps.contract.steps.DeployModelRequest;

import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.result.Check;
import io.mlsteps.step.ArgumentProblems;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.util.InputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Kubernetes manifests of a deployment: a Deployment of the stable version and a Service, plus, for a canary,
 * a second Deployment whose share of the replicas is the canary weight (the Service selects both). They are
 * written to {@code <step folder>/kubernetes/} and checked; with {@code kubectl} and a current context they
 * are applied and their rollout awaited, otherwise they are rendered and validated only.
 */
final class KubernetesTarget {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

    private KubernetesTarget() {
    }

    static String dnsName(String text) {
        String n = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-+", "-")
                .replaceAll("^-|-$", "");
        return n.length() > 50 ? n.substring(0, 50).replaceAll("-$", "") : n;
    }

    /** The manifests as YAML documents, by file name. */
    static Map<String, Map<String, Object>> render(DeployModelRequest request, DeployModelStep.Resolved model) {
        String app = dnsName("mlsteps-" + model.name());
        String image = request.image() != null ? request.image() : DockerTarget.imageTag(request, model.name(), model.version());
        boolean canary = request.strategy().equals("canary");
        int canaryReplicas = canary ? Math.max(1, (int) Math.round(request.replicas() * request.canaryPercent() / 100.0)) : 0;
        int stableReplicas = canary ? Math.max(1, request.replicas() - canaryReplicas) : request.replicas();
        Map<String, Map<String, Object>> files = new LinkedHashMap<>();
        if (canary) {
            files.put(app + "-canary-deployment.yaml", deployment(app + "-canary", app, "canary", model, image,
                    canaryReplicas, request));
        } else {
            files.put(app + "-deployment.yaml", deployment(app, app, "stable", model, image, stableReplicas, request));
        }
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("apiVersion", "v1");
        service.put("kind", "Service");
        service.put("metadata", Map.of("name", app, "namespace", request.namespace(),
                "labels", Map.of("app.kubernetes.io/name", app, "app.kubernetes.io/managed-by", "mlsteps")));
        service.put("spec", Map.of("selector", Map.of("app.kubernetes.io/name", app),
                "ports", List.of(Map.of("name", "http", "port", 80, "targetPort", "http", "protocol", "TCP"))));
        files.put(app + "-service.yaml", service);
        return files;
    }

    private static Map<String, Object> deployment(String name, String app, String track, DeployModelStep.Resolved model,
                                                  String image, int replicas, DeployModelRequest request) {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", app);
        labels.put("app.kubernetes.io/managed-by", "mlsteps");
        labels.put("mlsteps.io/track", track);
        Map<String, Object> podLabels = new LinkedHashMap<>(labels);
        podLabels.put("mlsteps.io/version", dnsName(model.version()));
        Map<String, Object> probe = Map.of("httpGet", Map.of("path", "/ready", "port", "http"),
                "periodSeconds", 5, "failureThreshold", 3);
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", "model-server");
        container.put("image", image);
        // a pod has a network of its own: no other server shares its ports, so 'port: 0' (a free one) is 8080 there
        int port = request.port() == 0 ? 8080 : request.port();
        container.put("env", List.of(Map.of("name", "MLSTEPS_HOST", "value", "0.0.0.0"),
                Map.of("name", "MLSTEPS_PORT", "value", Integer.toString(port))));
        container.put("ports", List.of(Map.of("name", "http", "containerPort", port)));
        container.put("readinessProbe", probe);
        container.put("livenessProbe", Map.of("httpGet", Map.of("path", "/health", "port", "http"),
                "initialDelaySeconds", 30, "periodSeconds", 10));
        container.put("resources", Map.of("requests", Map.of("cpu", "250m", "memory", "512Mi"),
                "limits", Map.of("memory", "1Gi")));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("apiVersion", "apps/v1");
        d.put("kind", "Deployment");
        d.put("metadata", Map.of("name", name, "namespace", request.namespace(), "labels", labels,
                "annotations", Map.of("mlsteps.io/model", model.ref(), "mlsteps.io/sha256", model.sha256())));
        d.put("spec", Map.of("replicas", replicas,
                "selector", Map.of("matchLabels", Map.of("app.kubernetes.io/name", app, "mlsteps.io/track", track)),
                "template", Map.of("metadata", Map.of("labels", podLabels),
                        "spec", Map.of("containers", List.of(container)))));
        return d;
    }

    /** Problems of the manifests (empty when valid): names, image, replicas, selectors matching templates. */
    @SuppressWarnings("unchecked")
    static List<String> validate(Map<String, Map<String, Object>> files) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> f : files.entrySet()) {
            Map<String, Object> doc = f.getValue();
            Map<String, Object> meta = (Map<String, Object>) doc.get("metadata");
            String name = String.valueOf(meta.get("name"));
            if (!name.matches(DNS_LABEL) || name.length() > 63) {
                problems.add(f.getKey() + ": metadata.name '" + name + "' is not a DNS-1123 label");
            }
            if (!String.valueOf(meta.get("namespace")).matches(DNS_LABEL)) {
                problems.add(f.getKey() + ": namespace '" + meta.get("namespace") + "' is not a DNS-1123 label");
            }
            if ("Deployment".equals(doc.get("kind"))) {
                Map<String, Object> spec = (Map<String, Object>) doc.get("spec");
                if (((Number) spec.get("replicas")).intValue() < 1) {
                    problems.add(f.getKey() + ": replicas must be at least 1");
                }
                Map<String, Object> match = (Map<String, Object>) ((Map<String, Object>) spec.get("selector")).get("matchLabels");
                Map<String, Object> template = (Map<String, Object>) spec.get("template");
                Map<String, Object> podLabels = (Map<String, Object>) ((Map<String, Object>) template.get("metadata")).get("labels");
                for (Map.Entry<String, Object> l : match.entrySet()) {
                    if (!l.getValue().equals(podLabels.get(l.getKey()))) {
                        problems.add(f.getKey() + ": selector label " + l.getKey() + " does not match the pod template");
                    }
                }
                List<Map<String, Object>> containers = (List<Map<String, Object>>) ((Map<String, Object>) template.get("spec")).get("containers");
                for (Map<String, Object> c : containers) {
                    String image = String.valueOf(c.get("image"));
                    if (image.isBlank() || image.contains(" ") || !image.equals(image.trim())) {
                        problems.add(f.getKey() + ": image '" + image + "' is not a valid image reference");
                    }
                }
            }
        }
        return problems;
    }

    /** The arguments only the kubernetes target has rules for, checked with the step's other arguments. */
    static void checkArguments(DeployModelRequest request, ArgumentProblems problems) {
        if (request.strategy().equals("shadow")) {
            problems.add("strategy", "the kubernetes target renders replace, blueGreen (a rolling update) "
                    + "and canary; shadow needs the local or docker target");
        }
        if (request.replicas() < 1) {
            problems.add("replicas", "must be at least 1, got " + request.replicas());
        }
    }

    static void deploy(DeployModelRequest request, DeployModelStep.Resolved model, StepContext context, StepResult result)
            throws IOException, InterruptedException {
        Map<String, Map<String, Object>> files = render(request, model);
        Path dir = context.stepDir().resolve("kubernetes");
        Files.createDirectories(dir);
        for (Map.Entry<String, Map<String, Object>> f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), YAML.writeValueAsString(f.getValue()), StandardCharsets.UTF_8);
            result.getOutputs().add(context.describeOutput("manifest", dir.resolve(f.getKey())));
        }
        List<String> problems = validate(files);
        result.addCheck(problems.isEmpty()
                ? Check.passed("kubernetes:manifests", null, files.size(), "valid", Criticality.FAILURE,
                files.size() + " manifests rendered into " + dir + " and validated")
                : Check.failed("kubernetes:manifests", null, problems.size(), "no problems", Criticality.FAILURE,
                "invalid manifests: " + String.join("; ", problems)));
        result.getDetails().put("target", "kubernetes");
        result.getDetails().put("strategy", request.strategy());
        result.getDetails().put("manifests", dir.toString());
        String context0 = request.apply() && problems.isEmpty() ? kubectlContext() : null;
        if (context0 == null) {
            String why = !request.apply() ? "apply is false" : !problems.isEmpty() ? "the manifests are invalid"
                    : "kubectl or a current context is missing";
            result.getDetails().put("applied", false);
            result.addCheck(Check.passed("kubernetes:apply", null, "not applied", "applied when a cluster is configured",
                    Criticality.NOTE, "rendered and validated only (" + why + "); apply with: kubectl apply -f " + dir));
            result.setSummary("manifests rendered for " + model.ref() + " (not applied: " + why + ")");
            return;
        }
        context.log().info("kubernetes: applying %s with kubectl (context %s)", dir, context0);
        Exec apply = exec(List.of("kubectl", "apply", "-f", dir.toString()), 120);
        boolean ok = apply.code == 0;
        if (ok) {
            for (String file : files.keySet()) {
                if (file.endsWith("-deployment.yaml")) {
                    String name = file.substring(0, file.length() - "-deployment.yaml".length());
                    Exec rollout = exec(List.of("kubectl", "rollout", "status", "-n", request.namespace(),
                            "deployment/" + name, "--timeout=" + request.startTimeoutSeconds() + "s"),
                            request.startTimeoutSeconds() + 30);
                    if (rollout.code != 0) {
                        ok = false;
                        apply = rollout;
                        exec(List.of("kubectl", "rollout", "undo", "-n", request.namespace(), "deployment/" + name), 60);
                    }
                }
            }
        }
        result.getDetails().put("applied", ok);
        result.addCheck(ok ? Check.passed("kubernetes:apply", null, "applied", "rolled out", Criticality.FAILURE,
                "applied to context " + context0 + " and rolled out")
                : Check.failed("kubernetes:apply", null, "failed", "rolled out", Criticality.FAILURE,
                "kubectl failed (rolled back with rollout undo): " + apply.output));
        result.setSummary(ok ? model.ref() + " rolled out to Kubernetes" : "Kubernetes rollout failed");
    }

    private record Exec(int code, String output) {
    }

    /**
     * Deletes what deployModel applied for {@code model} in the request's namespace (its Deployments, the canary's
     * too, and its Service, found by their labels) with kubectl; returns kubectl's report.
     */
    static String stop(DeployModelRequest request, String model) throws IOException, InterruptedException {
        String context = kubectlContext();
        if (context == null) {
            throw new InputException("target", "kubernetes: stopping needs kubectl with a current context (none found); "
                    + "delete the rendered manifests with: kubectl delete -f <step folder>/kubernetes/");
        }
        String selector = "app.kubernetes.io/name=" + dnsName("mlsteps-" + model) + ",app.kubernetes.io/managed-by=mlsteps";
        Exec delete = exec(List.of("kubectl", "delete", "deployment,service", "-n", request.namespace(), "-l", selector,
                "--wait=true"), 180);
        if (delete.code != 0) {
            throw new IOException("kubectl delete (context " + context + ") failed: " + delete.output.strip());
        }
        return delete.output.strip().isEmpty() ? "nothing of " + model + " was found in namespace " + request.namespace()
                + " (context " + context + ")" : delete.output.strip() + " (context " + context + ")";
    }

    /** The current kubectl context, or null when kubectl is absent or has none. */
    static String kubectlContext() {
        try {
            Exec e = exec(List.of("kubectl", "config", "current-context"), 20);
            return e.code == 0 && !e.output.isBlank() ? e.output.trim() : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    private static Exec exec(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out;
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Exec(-1, String.join(" ", command) + " timed out after " + timeoutSeconds + " s");
        }
        out = p.getInputStream().readAllBytes();
        return new Exec(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
