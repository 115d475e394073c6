package io.mlsteps.serve;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mlsteps.model.Prediction;
import io.mlsteps.model.PredictionLogEntry;
import io.mlsteps.model.Predictor;
import io.mlsteps.util.Hashing;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.HttpContinueReadHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import org.xnio.Options;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The model server. Undertow parses HTTP on its I/O threads; request bodies are read asynchronously (a slow
 * client holds no worker thread) and predictions run on the worker pool. Routes per model name are
 * immutable {@link ModelRoute}s swapped atomically by the admin endpoints, so traffic changes never drop or
 * mix requests.
 *
 * <p>Endpoints: {@code POST /v1/models/{name}/predict}, {@code GET /v1/models}, {@code GET /health},
 * {@code GET /ready}, {@code GET /metrics}; with a token: {@code POST /admin/models} (load a version),
 * {@code POST /admin/models/{name}/traffic}, {@code .../promote}, {@code .../rollback}, {@code POST /admin/reload}.
 */
public final class ModelServer implements AutoCloseable {
    /** Request header that pins a request to one loaded version (smoke tests of a candidate). */
    public static final String VERSION_HEADER = "X-Mlsteps-Version";
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    /** Response header naming the server's instance (this start of it), checked by deployments. */
    public static final String INSTANCE_HEADER = "X-Mlsteps-Instance";
    private static final HttpString INSTANCE_HTTP = new HttpString(INSTANCE_HEADER);
    private static final HttpString VERSION_HTTP = new HttpString(VERSION_HEADER);
    private static final HttpString REQUEST_ID_HTTP = new HttpString(REQUEST_ID_HEADER);
    private static final HttpString SERVED_BY = new HttpString("X-Mlsteps-Served-By");
    private static final String JSON = "application/json";

    private final ServerConfig config;
    private final PredictorLoader loader;
    private final ServerMetrics metrics = new ServerMetrics();
    private final Map<String, ModelRoute> routes = new ConcurrentHashMap<>();
    private final ObjectWriter compact = Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT);
    private final ThreadPoolExecutor shadowPool;
    private final PredictionLog predictionLog;
    private final String idPrefix = Long.toString(System.currentTimeMillis(), 36) + "-";
    private final AtomicLong ids = new AtomicLong();
    private final byte[] adminToken;
    private final String instanceId;
    private final BodyReader bodies;
    private final Undertow undertow;
    private volatile boolean ready;
    private volatile boolean starting = true;

    private ModelServer(ServerConfig config, PredictorLoader loader) throws IOException {
        this.config = config;
        this.loader = loader;
        this.adminToken = config.adminToken == null || config.adminToken.isBlank() ? null
                : config.adminToken.getBytes(StandardCharsets.UTF_8);
        this.instanceId = config.instanceId != null && !config.instanceId.isBlank() ? config.instanceId : newInstanceId();
        this.bodies = new BodyReader(config.maxRequestBytes, config.bodyTimeoutMillis, this::refuse);
        this.predictionLog = config.predictionLog == null ? null : new PredictionLog(Path.of(config.predictionLog),
                config.predictionLogMaxBytes, config.predictionLogKeep, metrics);
        // Shadow scoring must never slow the primary: a small pool with a bounded queue that drops when full.
        this.shadowPool = new ThreadPoolExecutor(1, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1024),
                r -> {
                    Thread t = new Thread(r, "mlsteps-shadow");
                    t.setDaemon(true);
                    return t;
                }, (r, executor) -> metrics.rejected("shadow_queue_full"));
        int cores = Runtime.getRuntime().availableProcessors();
        RoutingHandler routing = Handlers.routing()
                .post("/v1/models/{name}/predict", this::predict)
                .get("/v1/models", ex -> json(ex, 200, describeModels(authorized(ex))))
                .get("/health", ex -> json(ex, 200, Map.of("status", "UP", "instance", instanceId)))
                .get("/ready", ex -> json(ex, ready ? 200 : 503, Map.of("ready", ready, "models", routes.keySet(),
                        "instance", instanceId)))
                .get("/metrics", this::scrape)
                .post("/admin/models", admin(this::adminLoad))
                .post("/admin/models/{name}/traffic", admin(this::adminTraffic))
                .post("/admin/models/{name}/promote", admin(this::adminPromote))
                .post("/admin/models/{name}/rollback", admin(this::adminRollback))
                .post("/admin/reload", admin(this::adminReload))
                .setFallbackHandler(ex -> {
                    metrics.rejected("not_found");
                    error(ex, 404, "no such endpoint: " + ex.getRequestMethod() + " " + ex.getRequestPath());
                })
                .setInvalidMethodHandler(ex -> {
                    metrics.rejected("method_not_allowed");
                    error(ex, 405, "method " + ex.getRequestMethod() + " not allowed on " + ex.getRequestPath());
                });
        this.undertow = Undertow.builder()
                .addHttpListener(config.port, config.host)
                .setIoThreads(config.ioThreads > 0 ? config.ioThreads : Math.max(1, cores))
                .setWorkerThreads(config.workerThreads > 0 ? config.workerThreads : Math.max(8, cores * 8))
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, BodyReader.entityLimit(config.maxRequestBytes))
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) config.readTimeoutMillis)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) Math.max(config.readTimeoutMillis, 60_000))
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 64 * 1024)
                .setSocketOption(Options.READ_TIMEOUT, (int) config.readTimeoutMillis)
                .setSocketOption(Options.WRITE_TIMEOUT, (int) config.readTimeoutMillis)
                .setHandler(new HttpContinueReadHandler(exchange -> {
                    exchange.getResponseHeaders().put(INSTANCE_HTTP, instanceId);
                    routing.handleRequest(exchange);
                }))
                .build();
    }

    private static String newInstanceId() {
        byte[] bytes = new byte[8];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    /**
     * Starts listening, then loads the configured models; ready (200 on /ready) once every one is loaded. Listening
     * first makes a taken port fail at once, before a large model has been read.
     */
    public static ModelServer start(ServerConfig config, PredictorLoader loader) throws Exception {
        ModelServer server = new ModelServer(config, loader);
        try {
            server.undertow.start();
            for (ModelSpec spec : config.models) {
                server.install(spec);
            }
        } catch (Exception e) {
            server.close();
            throw e;
        }
        server.starting = false;
        server.ready = !server.routes.isEmpty();
        return server;
    }

    public int port() {
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    public URI baseUri() {
        String host = config.host.contains(":") ? "[" + config.host + "]" : config.host;
        if ("0.0.0.0".equals(config.host)) {
            host = "127.0.0.1";
        }
        return URI.create("http://" + host + ":" + port());
    }

    /** This start's identity (the {@code X-Mlsteps-Instance} header and the {@code instance} of /health and /ready). */
    public String instanceId() {
        return instanceId;
    }

    /** Whether the admin endpoints are on (a non-blank token was given). */
    public boolean adminEnabled() {
        return adminToken != null;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    public Map<String, ModelRoute> routes() {
        return Map.copyOf(routes);
    }

    /** Loads a version and installs it as primary or as candidate of its model. */
    public synchronized LoadedModel install(ModelSpec spec) throws Exception {
        AdminInput.check(spec);
        Path file = Path.of(spec.path());
        if (!Files.isRegularFile(file)) {
            throw new InputException("path", "model file " + spec.path() + " not found");
        }
        ModelSpec hashed = spec.sha256() != null ? spec : spec.withHash(Hashing.sha256(file), spec.lineageId());
        Predictor predictor;
        try {
            predictor = loader.load(file);
        } catch (InputException e) {
            throw e;
        } catch (Exception e) {
            throw new InputException(spec.path(), -1, -1, "cannot load model: " + e.getMessage(), e);
        }
        LoadedModel model = new LoadedModel(hashed, predictor);
        ModelRoute current = routes.get(spec.name());
        if (!spec.isCandidate() || current == null) {
            routes.put(spec.name(), current == null || current.candidate() == null ? ModelRoute.of(model)
                    : new ModelRoute(model, current.candidate(), current.mode(), current.percent()));
        } else {
            ModelRoute.Mode mode = spec.mode() == null ? ModelRoute.Mode.CANARY : AdminInput.mode(spec.mode());
            routes.put(spec.name(), current.withCandidate(model, mode, spec.percent() == null ? 0 : spec.percent()));
        }
        ready = !starting;
        return model;
    }

    // ---------------------------------------------------------------- predictions

    private void predict(HttpServerExchange exchange) {
        String name = exchange.getQueryParameters().get("name").getFirst();
        ModelRoute route = routes.get(name);
        if (route == null) {
            metrics.rejected("unknown_model");
            error(exchange, 404, "no model named '" + name + "' is loaded; loaded: " + routes.keySet());
            return;
        }
        bodies.read(exchange, (ex, body) -> ex.dispatch(() -> answer(ex, route, body)));
    }

    /** Answers a request whose body was refused (too large, too slow, unreadable) and closes its connection. */
    private void refuse(HttpServerExchange exchange, int code, String reason, String message) {
        metrics.rejected(reason);
        exchange.setPersistent(false);
        error(exchange, code, message);
    }

    private void answer(HttpServerExchange exchange, ModelRoute route, byte[] body) {
        long start = System.nanoTime();
        String pinned = exchange.getRequestHeaders().getFirst(VERSION_HTTP);
        LoadedModel model;
        if (pinned != null) {
            model = route.byVersion(pinned);
            if (model == null) {
                metrics.rejected("unknown_version");
                error(exchange, 404, "model '" + route.primary().name() + "' has no loaded version '" + pinned + "'");
                return;
            }
        } else if (route.mode() == ModelRoute.Mode.CANARY && route.percent() > 0
                && ThreadLocalRandom.current().nextDouble(100) < route.percent()) {
            model = route.candidate();
        } else {
            model = route.primary();
        }
        String role = model == route.primary() ? "primary" : "candidate";
        ServerMetrics.VersionStats stats = metrics.stats(model.name(), model.version(), role);
        String requestId = exchange.getRequestHeaders().getFirst(REQUEST_ID_HTTP);
        if (requestId == null || requestId.length() > 200) {
            requestId = idPrefix + ids.incrementAndGet();
        }
        exchange.getResponseHeaders().put(REQUEST_ID_HTTP, requestId);
        exchange.getResponseHeaders().put(SERVED_BY, model.version());
        ParsedRequest parsed;
        List<Prediction> predictions;
        byte[] answer;
        try {
            parsed = parse(body, model);
            int rows = parsed.rows.size();
            predictions = new ArrayList<>(rows);
            long deadline = start + TimeUnit.MILLISECONDS.toNanos(config.requestTimeoutMillis);
            // Chunks of rows: batched prediction where the model supports it, and a time check in between.
            for (int from = 0; from < rows; from += 64) {
                List<Map<String, String>> chunk = parsed.rows.subList(from, Math.min(rows, from + 64));
                predictions.addAll(chunk.size() == 1 ? List.of(model.predictor().predict(chunk.get(0)))
                        : model.predictor().predictAll(chunk));
                if (System.nanoTime() > deadline) {
                    throw new RequestFailure(503, "prediction exceeded the time limit of "
                            + config.requestTimeoutMillis + " ms");
                }
            }
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("model", model.name());
            response.put("version", model.version());
            response.put("requestId", requestId);
            if (parsed.batch) {
                response.put("predictions", predictions);
            } else {
                response.put("prediction", predictions.get(0));
            }
            answer = compact.writeValueAsBytes(response);
        } catch (RequestFailure failure) {
            refuse(exchange, stats, start, failure.code, failure.getMessage());
            return;
        } catch (IllegalArgumentException | InputException e) {
            // The predictor refused a value (e.g. text where the model expects a number).
            refuse(exchange, stats, start, 400, e.getMessage());
            return;
        } catch (RuntimeException | JsonProcessingException e) {
            refuse(exchange, stats, start, 500, "prediction failed: " + e);
            return;
        }
        // Counted and logged before the answer leaves: a client that reads /v1/models after its answer sees its
        // request, and the log keeps the order in which clients got their answers.
        stats.record(200, parsed.rows.size(), System.nanoTime() - start);
        if (predictionLog != null) {
            log(model, role, requestId, parsed.rows, predictions);
        }
        send(exchange, 200, answer);
        if (route.mode() == ModelRoute.Mode.SHADOW && route.candidate() != null && pinned == null) {
            shadow(route.candidate(), requestId, parsed.rows, predictions);
        }
    }

    private void refuse(HttpServerExchange exchange, ServerMetrics.VersionStats stats, long start, int code,
                        String message) {
        stats.record(code, 0, System.nanoTime() - start);
        error(exchange, code, message);
    }

    private void shadow(LoadedModel candidate, String requestId, List<Map<String, String>> rows,
                        List<Prediction> primary) {
        shadowPool.execute(() -> {
            long start = System.nanoTime();
            ServerMetrics.VersionStats stats = metrics.stats(candidate.name(), candidate.version(), "shadow");
            int code = 200;
            int differing = 0;
            List<Prediction> shadowed = new ArrayList<>(rows.size());
            try {
                for (Map<String, String> row : rows) {
                    checkFeatures(row, candidate, 0);
                    shadowed.add(candidate.predictor().predict(row));
                }
                for (int i = 0; i < shadowed.size(); i++) {
                    // Two versions' scores always differ a little; a disagreement is a different answer.
                    if (shadowed.get(i).label() != null && !shadowed.get(i).label().equals(primary.get(i).label())) {
                        differing++;
                    }
                }
            } catch (RequestFailure | IllegalArgumentException e) {
                code = 400;
            } catch (RuntimeException e) {
                code = 500;
            }
            stats.record(code, code == 200 ? rows.size() : 0, System.nanoTime() - start);
            if (differing > 0) {
                stats.disagreement(differing);
            }
            if (code == 200 && predictionLog != null) {
                log(candidate, "shadow", requestId, rows, shadowed);
            }
        });
    }

    /** Same label, and scores or value within {@code tolerance}. */
    public static boolean samePrediction(Prediction a, Prediction b, double tolerance) {
        if (!Objects.equals(a.label(), b.label())) {
            return false;
        }
        if (a.value() != null || b.value() != null) {
            return a.value() != null && b.value() != null && Math.abs(a.value() - b.value()) <= tolerance;
        }
        if (a.scores() == null || b.scores() == null) {
            return a.scores() == b.scores();
        }
        if (!a.scores().keySet().equals(b.scores().keySet())) {
            return false;
        }
        for (Map.Entry<String, Double> e : a.scores().entrySet()) {
            if (Math.abs(e.getValue() - b.scores().get(e.getKey())) > tolerance) {
                return false;
            }
        }
        return true;
    }

    private void log(LoadedModel model, String role, String requestId, List<Map<String, String>> rows,
                     List<Prediction> predictions) {
        Instant now = Instant.now();
        List<PredictionLogEntry> entries = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            entries.add(new PredictionLogEntry(now, model.name(), model.version(), role,
                    rows.size() == 1 ? requestId : requestId + "#" + i, modelInputs(rows.get(i), model),
                    predictions.get(i)));
        }
        predictionLog.add(entries);
    }

    /** What the model used of a row: the ignored columns stay out of the prediction log. */
    private static Map<String, String> modelInputs(Map<String, String> row, LoadedModel model) {
        if (model.ignoredColumns().isEmpty() || row.keySet().stream().noneMatch(model.ignoredColumns()::contains)) {
            return row;
        }
        Map<String, String> inputs = new HashMap<>(row);
        inputs.keySet().removeAll(model.ignoredColumns());
        return inputs;
    }

    private record ParsedRequest(List<Map<String, String>> rows, boolean batch) {
    }

    private static final class RequestFailure extends RuntimeException {
        final int code;

        RequestFailure(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /**
     * Reads the request with Jackson's streaming parser straight into rows (no tree in between: this is the hot
     * path). Numbers keep their literal text, as a CSV cell would hold them.
     */
    private ParsedRequest parse(byte[] body, LoadedModel model) {
        List<Map<String, String>> rows = new ArrayList<>();
        boolean batch = false;
        boolean seen = false;
        try (JsonParser p = Json.mapper().getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new RequestFailure(400, EXPECTED_FORMAT);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (!"inputs".equals(field)) {
                    p.skipChildren();
                    continue;
                }
                seen = true;
                rows.clear();
                if (t == JsonToken.START_OBJECT) {
                    batch = false;
                    rows.add(row(p, model, -1));
                } else if (t == JsonToken.START_ARRAY) {
                    batch = true;
                    int count = 0;
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                        if (t != JsonToken.START_OBJECT) {
                            throw new RequestFailure(400, "inputs[" + count + "] must be an object of feature values");
                        }
                        if (count < config.maxBatchRows) {
                            rows.add(row(p, model, count));
                        } else {
                            p.skipChildren();
                        }
                        count++;
                    }
                    if (count == 0) {
                        throw new RequestFailure(400, "'inputs' is an empty batch");
                    }
                    if (count > config.maxBatchRows) {
                        throw new RequestFailure(413, "batch of " + count + " rows exceeds the limit of "
                                + config.maxBatchRows + " rows");
                    }
                } else {
                    throw new RequestFailure(400, "'inputs' must be an object (one row) or an array of objects (a batch)");
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new RequestFailure(400, "malformed JSON: unexpected content after the request object");
            }
        } catch (JsonProcessingException e) {
            throw new RequestFailure(400, "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new RequestFailure(400, "malformed JSON: " + e.getMessage());
        }
        if (!seen) {
            throw new RequestFailure(400, EXPECTED_FORMAT);
        }
        return new ParsedRequest(rows, batch);
    }

    private static final String EXPECTED_FORMAT = "expected a JSON object {\"inputs\": {feature: value, ...}} for one "
            + "row or {\"inputs\": [{...}, ...]} for a batch";

    /** One row object; the parser stands on its START_OBJECT and is left on its END_OBJECT. */
    private Map<String, String> row(JsonParser p, LoadedModel model, int index) throws IOException {
        Map<String, String> row = new HashMap<>(32);
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                throw new RequestFailure(400, where(index) + "feature '" + name
                        + "' must be a number, a string or null, not " + (value == JsonToken.START_OBJECT ? "object" : "array"));
            }
            row.put(name, value == JsonToken.VALUE_NULL ? null : p.getText());
        }
        if (t != JsonToken.END_OBJECT) {
            throw new RequestFailure(400, "malformed JSON: " + where(index) + "a row must be an object of feature values");
        }
        checkFeatures(row, model, index);
        return row;
    }

    /**
     * Refuses unknown columns and (unless allowed) missing features; a column the model does not use on purpose
     * (its label, an excluded column) is ignored and counted, as clients send rows as they have them.
     */
    private void checkFeatures(Map<String, String> row, LoadedModel model, int index) {
        Deque<String> unknown = null;
        int features = 0;
        for (String key : row.keySet()) {
            if (model.features().contains(key)) {
                features++;
            } else if (model.ignoredColumns().contains(key)) {
                metrics.ignoredColumn(model.name(), model.version(), key);
            } else {
                (unknown = unknown == null ? new java.util.ArrayDeque<>() : unknown).add(key);
            }
        }
        if (unknown != null) {
            throw new RequestFailure(400, where(index) + "unknown feature" + (unknown.size() > 1 ? "s " : " ")
                    + unknown + "; model '" + model.name() + "' version " + model.version() + " expects "
                    + model.featureNames());
        }
        if (!config.allowMissingFeatures && features < model.features().size()) {
            List<String> missing = model.featureNames().stream().filter(f -> !row.containsKey(f)).toList();
            throw new RequestFailure(400, where(index) + "missing feature" + (missing.size() > 1 ? "s " : " ")
                    + missing + " (send null for a missing value)");
        }
    }

    private static String where(int index) {
        return index < 0 ? "" : "inputs[" + index + "]: ";
    }

    // ---------------------------------------------------------------- models, metrics

    /** The loaded versions and their stats; model file paths only for an authorized caller. */
    private Map<String, Object> describeModels(boolean withSource) {
        List<Object> models = new ArrayList<>();
        for (ModelRoute route : new java.util.TreeMap<>(routes).values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", route.primary().name());
            Map<String, Object> primary = route.primary().describe(withSource);
            primary.put("role", "primary");
            primary.put("stats", metrics.stats(route.primary().name(), route.primary().version(), "primary").toMap());
            List<Object> versions = new ArrayList<>(List.of(primary));
            if (route.candidate() != null) {
                Map<String, Object> candidate = route.candidate().describe(withSource);
                String role = route.mode() == ModelRoute.Mode.SHADOW ? "shadow" : "candidate";
                candidate.put("role", role);
                candidate.put("mode", route.mode().name().toLowerCase(java.util.Locale.ROOT));
                candidate.put("percent", route.mode() == ModelRoute.Mode.SHADOW ? 0.0 : route.percent());
                candidate.put("stats", metrics.stats(route.candidate().name(), route.candidate().version(), role).toMap());
                versions.add(candidate);
            }
            m.put("versions", versions);
            models.add(m);
        }
        return Map.of("models", models);
    }

    private void scrape(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        exchange.getResponseSender().send(ByteBuffer.wrap(metrics.scrape()));
    }

    // ---------------------------------------------------------------- admin

    private interface AdminAction {
        Object apply(HttpServerExchange exchange, JsonNode body) throws Exception;
    }

    /** Whether the request carries the admin token (compared in constant time). */
    private boolean authorized(HttpServerExchange exchange) {
        if (adminToken == null) {
            return false;
        }
        String auth = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        byte[] given = auth != null && auth.startsWith("Bearer ")
                ? auth.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        return MessageDigest.isEqual(given, adminToken);
    }

    private HttpHandler admin(AdminAction action) {
        return exchange -> {
            if (adminToken == null) {
                metrics.rejected("admin_disabled");
                error(exchange, 403, "admin endpoints are disabled: start the server with an admin token");
                return;
            }
            if (!authorized(exchange)) {
                metrics.rejected("unauthorized");
                exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
                error(exchange, 401, "admin endpoints need the header 'Authorization: Bearer <token>'");
                return;
            }
            bodies.read(exchange, (ex, bytes) -> ex.dispatch(() -> {
                try {
                    JsonNode body = bytes.length == 0 ? Json.mapper().createObjectNode() : Json.mapper().readTree(bytes);
                    json(ex, 200, action.apply(ex, body));
                } catch (RequestFailure f) {
                    error(ex, f.code, f.getMessage());
                } catch (InputException e) {
                    error(ex, 400, e.getMessage());
                } catch (JsonProcessingException e) {
                    error(ex, 400, "malformed JSON: " + e.getOriginalMessage());
                } catch (Exception e) {
                    error(ex, 500, "the admin request failed: " + e.getMessage());
                }
            }));
        };
    }

    private Object adminLoad(HttpServerExchange exchange, JsonNode body) throws Exception {
        LoadedModel model = install(AdminInput.load(body));
        return Map.of("loaded", model.describe(true), "models", describeModels(true).get("models"));
    }

    private ModelRoute route(HttpServerExchange exchange) {
        String name = exchange.getQueryParameters().get("name").getFirst();
        ModelRoute route = routes.get(name);
        if (route == null) {
            throw new RequestFailure(404, "no model named '" + name + "' is loaded; loaded: " + routes.keySet());
        }
        return route;
    }

    private Object adminTraffic(HttpServerExchange exchange, JsonNode body) {
        AdminInput.Traffic traffic = AdminInput.traffic(body);
        synchronized (this) {
            ModelRoute route = route(exchange);
            if (route.candidate() == null) {
                throw new RequestFailure(409, "model '" + route.primary().name() + "' has no candidate version loaded");
            }
            routes.put(route.primary().name(), route.withCandidate(route.candidate(),
                    traffic.mode() != null ? traffic.mode() : route.mode(),
                    traffic.percent() != null ? traffic.percent() : route.percent()));
        }
        return describeModels(true);
    }

    private Object adminPromote(HttpServerExchange exchange, JsonNode body) {
        synchronized (this) {
            ModelRoute route = route(exchange);
            if (route.candidate() == null) {
                throw new RequestFailure(409, "model '" + route.primary().name() + "' has no candidate to promote");
            }
            routes.put(route.primary().name(), ModelRoute.of(route.candidate()));
        }
        return describeModels(true);
    }

    private Object adminRollback(HttpServerExchange exchange, JsonNode body) {
        synchronized (this) {
            ModelRoute route = route(exchange);
            routes.put(route.primary().name(), ModelRoute.of(route.primary()));
        }
        return describeModels(true);
    }

    /** Loads every version again from its file; all or nothing: one missing or broken file changes nothing. */
    private Object adminReload(HttpServerExchange exchange, JsonNode body) {
        synchronized (this) {
            Map<String, ModelRoute> reloaded = new LinkedHashMap<>();
            for (ModelRoute route : routes.values()) {
                LoadedModel primary = reload(route.primary());
                LoadedModel candidate = route.candidate() == null ? null : reload(route.candidate());
                reloaded.put(primary.name(), new ModelRoute(primary, candidate, route.mode(), route.percent()));
            }
            routes.putAll(reloaded);
        }
        return describeModels(true);
    }

    private LoadedModel reload(LoadedModel model) {
        Path file = Path.of(model.spec().path());
        String which = model.name() + "@" + model.version();
        if (!Files.isRegularFile(file)) {
            throw new RequestFailure(409, "cannot reload " + which + ": its model file " + file
                    + " no longer exists; nothing was reloaded, every version keeps serving as before");
        }
        try {
            return new LoadedModel(model.spec().withHash(Hashing.sha256(file), model.spec().lineageId()), loader.load(file));
        } catch (Exception e) {
            throw new RequestFailure(422, "cannot reload " + which + " from " + file + ": " + e.getMessage()
                    + "; nothing was reloaded, every version keeps serving as before");
        }
    }

    // ---------------------------------------------------------------- responses

    private void json(HttpServerExchange exchange, int code, Object body) {
        try {
            send(exchange, code, compact.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            error(exchange, 500, e.getOriginalMessage());
        }
    }

    private void error(HttpServerExchange exchange, int code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("status", code);
        try {
            send(exchange, code, compact.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            send(exchange, code, ("{\"status\":" + code + "}").getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Sends an answer, always from the connection's I/O thread. An exchange that Undertow ends on a worker thread
     * takes a cross-thread path back to reading the connection (HttpReadListener.exchangeComplete resumes reads from
     * the worker) that, about once in 10^5 requests under CPU load, left the client's next request unread in the
     * socket (ss: Recv-Q of the request's size, no thread busy) until the client gave up: the stalled smoke request
     * of CI. Ended on its I/O thread, an exchange takes the single-thread path; the answer is still made on the
     * worker. A stress of 8 clients on a loaded two-core machine stalled after 22,000 to 850,000 requests in six of
     * six runs before, and not in 4.9 million requests after.
     */
    private static void send(HttpServerExchange exchange, int code, byte[] body) {
        if (!exchange.isInIoThread()) {
            exchange.getIoThread().execute(() -> send(exchange, code, body));
            return;
        }
        if (exchange.isResponseStarted()) {
            return;
        }
        exchange.setStatusCode(code);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, JSON);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    /** Stops listening, finishes shadow work and flushes the prediction log. */
    @Override
    public void close() {
        ready = false;
        try {
            undertow.stop();
        } catch (RuntimeException e) {
            // not started
        }
        shadowPool.shutdown();
        try {
            shadowPool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (predictionLog != null) {
            predictionLog.close();
        }
    }
}
