package io.mlsteps.cli;

import io.mlsteps.registry.ModelVersion;
import io.mlsteps.registry.Registry;
import io.mlsteps.serve.ModelSpec;
import io.mlsteps.serve.ServeMain;
import io.mlsteps.serve.ServerConfig;
import io.mlsteps.util.Hashing;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code mlsteps serve}: the model server. Reference: docs/serving.md. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve models over HTTP: POST /v1/models/{name}/predict (one row or a batch), GET /v1/models, "
                + "/health, /ready, /metrics (Prometheus); canary and shadow versions; a prediction log for checkDrift; "
                + "token-protected admin endpoints. Binds 127.0.0.1 unless --host says otherwise.")
public class ServeCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "SPEC", required = false,
            description = "A model to serve, repeatable: NAME=FILE, NAME@VERSION=FILE, or a registry reference "
                    + "NAME@VERSION or NAME@ALIAS.")
    List<String> models = new ArrayList<>();
    @Option(names = "--candidate", paramLabel = "SPEC", description = "A candidate version of a served model (same forms as --model).")
    String candidate;
    @Option(names = "--canary-percent", paramLabel = "P", description = "Share of requests the candidate answers (canary).")
    Double canaryPercent;
    @Option(names = "--shadow", description = "The candidate scores a copy of every request; only the primary answers.")
    boolean shadow;
    @Option(names = "--config", paramLabel = "FILE", description = "Read the server settings from a JSON file (server.json); flags override it.")
    Path config;
    @Option(names = "--registry", paramLabel = "URI", description = "Registry for references (default MLSTEPS_REGISTRY or ~/.mlsteps/registry).")
    String registry;
    @Option(names = "--host", description = "Interface to bind (default 127.0.0.1).")
    String host;
    @Option(names = "--port", description = "Port (default 8080; 0 picks a free one).")
    Integer port;
    @Option(names = "--max-request-bytes", paramLabel = "N", description = "Largest request body (default 1048576).")
    Long maxRequestBytes;
    @Option(names = "--max-batch-rows", paramLabel = "N", description = "Most rows per request (default 1000).")
    Integer maxBatchRows;
    @Option(names = "--request-timeout-ms", paramLabel = "MS", description = "Time budget of one prediction request (default 5000).")
    Long requestTimeoutMillis;
    @Option(names = "--read-timeout-ms", paramLabel = "MS", description = "Disconnect clients silent this long (default 10000).")
    Long readTimeoutMillis;
    @Option(names = "--body-timeout-ms", paramLabel = "MS", description = "A request body must arrive within this time, "
            + "else 408 and the connection is closed (default 30000).")
    Long bodyTimeoutMillis;
    @Option(names = "--heap", paramLabel = "SIZE", description = "Heap limit of the server, e.g. 512m or 2g, set by the "
            + "mlsteps launcher as -Xmx (default: 256 MB plus 8 times the model files' size, at least 512 MB; with "
            + "java -jar give -Xmx yourself).")
    String heap;
    @Option(names = "--admin-token-file", paramLabel = "FILE", description = "File holding the admin token (or set MLSTEPS_ADMIN_TOKEN); without one the admin endpoints are off.")
    Path adminTokenFile;
    @Option(names = "--prediction-log", paramLabel = "FILE", description = "Write every prediction as a JSON line (rotated by size).")
    String predictionLog;
    @Option(names = "--prediction-log-max-bytes", paramLabel = "N", description = "Rotate the log beyond this size (default 104857600).")
    Long predictionLogMaxBytes;
    @Option(names = "--prediction-log-keep", paramLabel = "N", description = "Rotated logs kept (default 5).")
    Integer predictionLogKeep;
    @Option(names = "--io-threads", paramLabel = "N", description = "I/O threads (default: one per core).")
    Integer ioThreads;
    @Option(names = "--worker-threads", paramLabel = "N", description = "Prediction threads (default: 8 per core).")
    Integer workerThreads;
    @Option(names = "--allow-missing-features", description = "Treat absent features as missing values instead of answering 400.")
    boolean allowMissingFeatures;

    @Override
    public Integer call() throws Exception {
        ServerConfig c = config != null ? Json.read(config, ServerConfig.class) : new ServerConfig();
        if (host != null) c.host = host;
        if (port != null) c.port = port;
        if (maxRequestBytes != null) c.maxRequestBytes = maxRequestBytes;
        if (maxBatchRows != null) c.maxBatchRows = maxBatchRows;
        if (requestTimeoutMillis != null) c.requestTimeoutMillis = requestTimeoutMillis;
        if (readTimeoutMillis != null) c.readTimeoutMillis = readTimeoutMillis;
        if (bodyTimeoutMillis != null) c.bodyTimeoutMillis = bodyTimeoutMillis;
        checkHeap();
        if (predictionLog != null) c.predictionLog = predictionLog;
        if (predictionLogMaxBytes != null) c.predictionLogMaxBytes = predictionLogMaxBytes;
        if (predictionLogKeep != null) c.predictionLogKeep = predictionLogKeep;
        if (ioThreads != null) c.ioThreads = ioThreads;
        if (workerThreads != null) c.workerThreads = workerThreads;
        if (allowMissingFeatures) c.allowMissingFeatures = true;
        if (adminTokenFile != null) {
            if (!Files.isRegularFile(adminTokenFile)) {
                throw new InputException("--admin-token-file", adminTokenFile + " not found");
            }
            c.adminToken = Files.readString(adminTokenFile).trim();
            if (c.adminToken.isEmpty()) {
                // said here, before the start-up line, which then says "admin endpoints off"
                System.err.println("mlsteps serve: warning: the admin token file " + adminTokenFile
                        + " is empty: the admin endpoints stay off (they answer 403)");
                c.adminToken = null;
            }
        } else if (c.adminToken == null) {
            c.adminToken = System.getenv("MLSTEPS_ADMIN_TOKEN");
        }
        for (String spec : models) {
            c.models.add(resolve(spec));
        }
        if (candidate != null) {
            if (shadow == (canaryPercent != null)) {
                throw new InputException("--candidate", "needs either --canary-percent P or --shadow");
            }
            c.models.add(resolve(candidate).asCandidate(shadow ? "shadow" : "canary", shadow ? 0 : canaryPercent));
        }
        if (c.models.isEmpty()) {
            throw new InputException("--model", "is required: what to serve, e.g. --model adult=model.tribuo or --model adult@production");
        }
        ServeMain.run(c, ServeMain.defaultLoader());
        return ExitCodes.PASSED;
    }

    /**
     * {@code --heap} is applied by the launcher before this JVM starts (-Xmx); here it is checked, and a JVM started
     * without it (java -jar) is told that its heap is not the one asked for.
     */
    private void checkHeap() {
        if (heap == null) {
            return;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)([kKmMgG]?)").matcher(heap);
        if (!m.matches()) {
            throw new InputException("--heap", "expected a size such as 512m or 2g, got '" + heap + "'");
        }
        long bytes = Long.parseLong(m.group(1)) << switch (m.group(2).toLowerCase(java.util.Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        long actual = Runtime.getRuntime().maxMemory();
        if (Math.abs(actual - bytes) > bytes / 10) {
            System.err.println("mlsteps serve: warning: the heap limit is " + (actual >> 20) + " MB, not --heap " + heap
                    + ": the mlsteps launcher applies --heap; started another way, give the JVM -Xmx" + heap);
        }
    }

    /** NAME=FILE, NAME@VERSION=FILE, or a registry reference (fetched, verified, into ~/.mlsteps/serve-cache). */
    private ModelSpec resolve(String spec) throws Exception {
        int eq = spec.indexOf('=');
        if (eq > 0) {
            String left = spec.substring(0, eq);
            Path file = Path.of(spec.substring(eq + 1)).toAbsolutePath();
            if (!Files.isRegularFile(file)) {
                throw new InputException("--model " + spec, "model file " + file + " not found");
            }
            String sha = Hashing.sha256(file);
            int at = left.indexOf('@');
            String name = at < 0 ? left : left.substring(0, at);
            String version = at < 0 ? sha.substring(0, 12) : left.substring(at + 1);
            return new ModelSpec(name, version, file.toString(), sha, "model:" + name + "@" + version, "primary", null, null);
        }
        try (Registry r = Registry.open(registry)) {
            ModelVersion v = r.resolve(spec);
            Path dir = Path.of(System.getProperty("user.home"), ".mlsteps", "serve-cache", v.artifactSha256());
            Files.createDirectories(dir);
            Path file = dir.resolve(v.artifactName() == null ? "model.tribuo" : v.artifactName());
            if (!Files.isRegularFile(file) || !Hashing.sha256(file).equals(v.artifactSha256())) {
                r.fetchArtifact(v, file);
            }
            return new ModelSpec(v.name(), Integer.toString(v.version()), file.toString(), v.artifactSha256(),
                    v.lineageId(), "primary", null, null);
        }
    }
}
