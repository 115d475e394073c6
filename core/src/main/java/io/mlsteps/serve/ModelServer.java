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
import io.undertow.server.RequestTooBigException;
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
    private final Undertow undertow;
    private volatile boolean ready;

    private ModelServer(ServerConfig config, PredictorLoader loader) throws IOException {
        this.config = config;
        this.loader = loader;
        this.adminToken = config.adminToken == null || config.adminToken.isBlank() ? null
                : config.adminToken.getBytes(StandardCharsets.UTF_8);
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
                .get("/v1/models", ex -> json(ex, 200, describeModels()))
                .get("/health", ex -> json(ex, 200, Map.of("status", "UP")))
                .get("/ready", ex -> json(ex, ready ? 200 : 503, Map.of("ready", ready, "models", routes.keySet())))
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
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, config.maxRequestBytes)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) config.readTimeoutMillis)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) Math.max(config.readTimeoutMillis, 60_000))
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 64 * 1024)
                .setSocketOption(Options.READ_TIMEOUT, (int) config.readTimeoutMillis)
                .setSocketOption(Options.WRITE_TIMEOUT, (int) config.readTimeoutMillis)
                .setHandler(routing)
                .build();
    }

    /** Loads the configured models, then starts listening; ready once every model is loaded. */
    public static ModelServer start(ServerConfig config, PredictorLoader loader) throws Exception {
        ModelServer server = new ModelServer(config, loader);
        try {
            for (ModelSpec spec : config.models) {
                server.install(spec);
            }
            server.undertow.start();
        } catch (Exception e) {
            server.close();
            throw e;
        }
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

    public ServerMetrics metrics() {
        return metrics;
    }

    public Map<String, ModelRoute> routes() {
        return Map.copyOf(routes);
    }

    /** Loads a version and installs it as primary or as candidate of its model. */
    public synchronized LoadedModel install(ModelSpec spec) throws Exception {
        if (spec.name() == null || spec.name().isBlank() || spec.path() == null || spec.version() == null) {
            throw new InputException("model", "needs name, version and path; got " + spec);
        }
        Path file = Path.of(spec.path());
        if (!Files.isRegularFile(file)) {
            throw new InputException(spec.path(), "model file not found");
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
            ModelRoute.Mode mode = "shadow".equalsIgnoreCase(spec.mode()) ? ModelRoute.Mode.SHADOW : ModelRoute.Mode.CANARY;
            routes.put(spec.name(), current.withCandidate(model, mode, percent(spec.percent())));
        }
        ready = true;
        return model;
    }

    private static double percent(Double value) {
        double p = value == null ? 0 : value;
        if (!(p >= 0 && p <= 100)) {
            throw new InputException("percent", "must be between 0 and 100, got " + value);
        }
        return p;
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
        if (exchange.getRequestContentLength() > config.maxRequestBytes) {
            rejectTooLarge(exchange);
            return;
        }
        readBody(exchange, (ex, body) -> ex.dispatch(() -> answer(ex, route, body)));
    }

    /**
     * Reads the whole body without blocking a thread (a slow client holds none), then hands it on. Chunks are
     * copied in bulk: Undertow's own receiveFullBytes copies byte by byte, which costs more than a prediction.
     */
    private void readBody(HttpServerExchange exchange, io.undertow.io.Receiver.FullBytesCallback then) {
        long length = exchange.getRequestContentLength();
        byte[][] buffer = {new byte[length > 0 ? (int) length : 1024]};
        int[] size = {0};
        boolean[] failed = {false};
        exchange.getRequestReceiver().receivePartialBytes((ex, chunk, last) -> {
            if (failed[0]) {
                return;
            }
            if (size[0] + chunk.length > config.maxRequestBytes) {
                failed[0] = true;
                rejectTooLarge(ex);
                return;
            }
            if (last && size[0] == 0 && (length < 0 || chunk.length == length)) {
                then.handle(ex, chunk);
                return;
            }
            if (size[0] + chunk.length > buffer[0].length) {
                buffer[0] = java.util.Arrays.copyOf(buffer[0], Math.max(buffer[0].length * 2, size[0] + chunk.length));
            }
            System.arraycopy(chunk, 0, buffer[0], size[0], chunk.length);
            size[0] += chunk.length;
            if (last) {
                then.handle(ex, size[0] == buffer[0].length ? buffer[0] : java.util.Arrays.copyOf(buffer[0], size[0]));
            }
        }, (ex, failure) -> {
            if (failed[0]) {
                return;
            }
            failed[0] = true;
            if (failure instanceof RequestTooBigException) {
                rejectTooLarge(ex);
            } else {
                metrics.rejected("read_failed");
                ex.setPersistent(false);
                ex.endExchange();
            }
        });
    }

    private void rejectTooLarge(HttpServerExchange exchange) {
        metrics.rejected("too_large");
        // The body is not read: close the connection after answering.
        exchange.setPersistent(false);
        error(exchange, 413, "request body exceeds the limit of " + config.maxRequestBytes + " bytes");
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
        int code;
        int rows = 0;
        try {
            ParsedRequest parsed = parse(body, model);
            rows = parsed.rows.size();
            List<Prediction> predictions = new ArrayList<>(rows);
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
            code = 200;
            send(exchange, 200, compact.writeValueAsBytes(response));
            if (predictionLog != null) {
                log(model, role, requestId, parsed.rows, predictions);
            }
            if (route.mode() == ModelRoute.Mode.SHADOW && route.candidate() != null && pinned == null) {
                shadow(route.candidate(), requestId, parsed.rows, predictions);
            }
        } catch (RequestFailure failure) {
            code = failure.code;
            rows = 0;
            error(exchange, failure.code, failure.getMessage());
        } catch (IllegalArgumentException | InputException e) {
            // The predictor refused a value (e.g. text where the model expects a number).
            code = 400;
            rows = 0;
            error(exchange, 400, e.getMessage());
        } catch (RuntimeException | JsonProcessingException e) {
            code = 500;
            rows = 0;
            error(exchange, 500, "prediction failed: " + e);
        }
        stats.record(code, rows, System.nanoTime() - start);
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
        for (int i = 0; i < rows.size(); i++) {
            predictionLog.add(new PredictionLogEntry(now, model.name(), model.version(), role,
                    rows.size() == 1 ? requestId : requestId + "#" + i, rows.get(i), predictions.get(i)));
        }
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

    private void checkFeatures(Map<String, String> row, LoadedModel model, int index) {
        Deque<String> unknown = null;
        for (String key : row.keySet()) {
            if (!model.features().contains(key)) {
                (unknown = unknown == null ? new java.util.ArrayDeque<>() : unknown).add(key);
            }
        }
        if (unknown != null) {
            throw new RequestFailure(400, where(index) + "unknown feature" + (unknown.size() > 1 ? "s " : " ")
                    + unknown + "; model '" + model.name() + "' version " + model.version() + " expects "
                    + model.featureNames());
        }
        if (!config.allowMissingFeatures && row.size() < model.features().size()) {
            List<String> missing = model.featureNames().stream().filter(f -> !row.containsKey(f)).toList();
            throw new RequestFailure(400, where(index) + "missing feature" + (missing.size() > 1 ? "s " : " ")
                    + missing + " (send null for a missing value)");
        }
    }

    private static String where(int index) {
        return index < 0 ? "" : "inputs[" + index + "]: ";
    }

    // ---------------------------------------------------------------- models, metrics

    private Map<String, Object> describeModels() {
        List<Object> models = new ArrayList<>();
        for (ModelRoute route : new java.util.TreeMap<>(routes).values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", route.primary().name());
            Map<String, Object> primary = route.primary().describe();
            primary.put("role", "primary");
            primary.put("stats", metrics.stats(route.primary().name(), route.primary().version(), "primary").toMap());
            List<Object> versions = new ArrayList<>(List.of(primary));
            if (route.candidate() != null) {
                Map<String, Object> candidate = route.candidate().describe();
                String role = route.mode() == ModelRoute.Mode.SHADOW ? "shadow" : "candidate";
                candidate.put("role", role);
                candidate.put("mode", route.mode().name().toLowerCase());
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

    private HttpHandler admin(AdminAction action) {
        return exchange -> {
            if (adminToken == null) {
                metrics.rejected("admin_disabled");
                error(exchange, 403, "admin endpoints are disabled: start the server with an admin token");
                return;
            }
            String auth = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
            byte[] given = auth != null && auth.startsWith("Bearer ")
                    ? auth.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
            if (!MessageDigest.isEqual(given, adminToken)) {
                metrics.rejected("unauthorized");
                exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
                error(exchange, 401, "admin endpoints need the header 'Authorization: Bearer <token>'");
                return;
            }
            if (exchange.getRequestContentLength() > config.maxRequestBytes) {
                rejectTooLarge(exchange);
                return;
            }
            readBody(exchange, (ex, bytes) -> ex.dispatch(() -> {
                try {
                    JsonNode body = bytes.length == 0 ? Json.mapper().createObjectNode() : Json.mapper().readTree(bytes);
                    json(ex, 200, action.apply(ex, body));
                } catch (RequestFailure f) {
                    error(ex, f.code, f.getMessage());
                } catch (InputException | IllegalArgumentException | JsonProcessingException e) {
                    error(ex, 400, e.getMessage());
                } catch (Exception e) {
                    error(ex, 500, e.toString());
                }
            }));
        };
    }

    private Object adminLoad(HttpServerExchange exchange, JsonNode body) throws Exception {
        ModelSpec spec = Json.mapper().treeToValue(body, ModelSpec.class);
        LoadedModel model = install(spec);
        return Map.of("loaded", model.describe(), "models", describeModels().get("models"));
    }

    private ModelRoute route(HttpServerExchange exchange) {
        String name = exchange.getQueryParameters().get("name").getFirst();
        ModelRoute route = routes.get(name);
        if (route == null) {
            throw new RequestFailure(404, "no model named '" + name + "' is loaded");
        }
        return route;
    }

    private Object adminTraffic(HttpServerExchange exchange, JsonNode body) {
        synchronized (this) {
            ModelRoute route = route(exchange);
            if (route.candidate() == null) {
                throw new RequestFailure(409, "model '" + route.primary().name() + "' has no candidate version loaded");
            }
            String mode = body.path("mode").asText(route.mode().name());
            ModelRoute.Mode m = "shadow".equalsIgnoreCase(mode) ? ModelRoute.Mode.SHADOW : ModelRoute.Mode.CANARY;
            double p = body.has("percent") ? percent(body.get("percent").asDouble()) : route.percent();
            routes.put(route.primary().name(), route.withCandidate(route.candidate(), m, p));
        }
        return describeModels();
    }

    private Object adminPromote(HttpServerExchange exchange, JsonNode body) {
        synchronized (this) {
            ModelRoute route = route(exchange);
            if (route.candidate() == null) {
                throw new RequestFailure(409, "model '" + route.primary().name() + "' has no candidate to promote");
            }
            routes.put(route.primary().name(), ModelRoute.of(route.candidate()));
        }
        return describeModels();
    }

    private Object adminRollback(HttpServerExchange exchange, JsonNode body) {
        synchronized (this) {
            ModelRoute route = route(exchange);
            routes.put(route.primary().name(), ModelRoute.of(route.primary()));
        }
        return describeModels();
    }

    private Object adminReload(HttpServerExchange exchange, JsonNode body) throws Exception {
        synchronized (this) {
            for (ModelRoute route : List.copyOf(routes.values())) {
                LoadedModel primary = reload(route.primary());
                LoadedModel candidate = route.candidate() == null ? null : reload(route.candidate());
                routes.put(primary.name(), new ModelRoute(primary, candidate, route.mode(), route.percent()));
            }
        }
        return describeModels();
    }

    private LoadedModel reload(LoadedModel model) throws Exception {
        Path file = Path.of(model.spec().path());
        return new LoadedModel(model.spec().withHash(Hashing.sha256(file), model.spec().lineageId()), loader.load(file));
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

    private static void send(HttpServerExchange exchange, int code, byte[] body) {
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
