package io.mlsteps.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.serve.ModelServer;
import io.mlsteps.util.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * HTTP calls a deployment makes to a running model server: readiness, predictions, models, admin. A client made for
 * an {@link Instance} checks that every answer comes from that very start of the server (its
 * {@code X-Mlsteps-Instance} header): an answer from any other process on the port is {@link #OTHER_SERVER}, never
 * taken for the deployment's own.
 */
public final class ServerClient {

    /** The code of an answer that came from another server than the expected instance. */
    public static final int OTHER_SERVER = -1;

    /**
     * An HTTP answer; {@code code} 0 means no answer at all (connection refused, timeout), {@link #OTHER_SERVER} an
     * answer from a server other than the expected instance ({@code body} says which).
     */
    public record Answer(int code, String body, long nanos) {
        public JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                return Json.mapper().createObjectNode().put("error", "not JSON: " + body);
            }
        }

        public String error() {
            return code <= 0 ? body : json().path("error").asText(body);
        }
    }

    /** A prediction that takes this long is not coming: the latency budgets are in milliseconds. */
    static final Duration PREDICT_TIMEOUT = Duration.ofSeconds(10);
    private final URI base;
    private final String adminToken;
    /**
     * HTTP/1.1, as the model server speaks: the client's default (HTTP/2) would ask the server to upgrade each new
     * cleartext connection, an exchange the server ignores and that only adds a way for a request to stall. One
     * client (one connection pool) per server client: a kept-alive connection never outlives the server it was
     * opened to, although a replaced or restored server comes back on the same port.
     */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();

    private final Duration predictTimeout;
    private final String instanceId;

    /** A client of whatever server answers at {@code base}. */
    public ServerClient(URI base, String adminToken) {
        this(base, adminToken, PREDICT_TIMEOUT, null);
    }

    ServerClient(URI base, String adminToken, Duration predictTimeout, String instanceId) {
        this.base = base;
        this.adminToken = adminToken;
        this.predictTimeout = predictTimeout;
        this.instanceId = instanceId;
    }

    /** A client of one server start: answers from anything else on its port are {@link #OTHER_SERVER}. */
    static ServerClient of(Instance instance, String adminToken) {
        return new ServerClient(URI.create(instance.endpoint()), adminToken, PREDICT_TIMEOUT, instance.instanceId());
    }

    public URI base() {
        return base;
    }

    /** A client of the same server with connections of its own (none of this one's kept-alive connections). */
    public ServerClient renewed() {
        return new ServerClient(base, adminToken, predictTimeout, instanceId);
    }

    public boolean ready() {
        return get("/ready").code() == 200;
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    public JsonNode models() {
        return get("/v1/models").json();
    }

    /** A prediction request; {@code version} pins it to one loaded version (null: the server's routing). */
    public Answer predict(String model, String body, String version) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/v1/models/" + model + "/predict"))
                .timeout(predictTimeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (version != null) {
            b.header(ModelServer.VERSION_HEADER, version);
        }
        return send(b.build());
    }

    public Answer admin(String path, Object body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + adminToken)
                .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.toString(body))).build());
    }

    private Answer send(HttpRequest request) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            String answeredBy = r.headers().firstValue(ModelServer.INSTANCE_HEADER).orElse(null);
            if (instanceId != null && !instanceId.equals(answeredBy)) {
                return new Answer(OTHER_SERVER, "another server answered at " + base + " (" + (answeredBy == null
                        ? "not an mlsteps server of this version" : "instance " + answeredBy) + ", expected instance "
                        + instanceId + "): HTTP " + r.statusCode(), System.nanoTime() - start);
            }
            return new Answer(r.statusCode(), r.body(), System.nanoTime() - start);
        } catch (IOException e) {
            return new Answer(0, "no answer from " + request.uri() + ": " + e, System.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, "interrupted", System.nanoTime() - start);
        }
    }
}
