package io.mlsteps.serve;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;

/**
 * Settings of a model server. Written as JSON by deployment targets ({@code server.json}) and read by
 * {@link ServeMain}; {@code mlsteps serve} builds it from its flags. Defaults are safe: loopback only,
 * admin endpoints off until a token is given, bounded request size, batch size and time.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class ServerConfig {
    /** Interface to bind; loopback unless told otherwise. */
    public String host = "127.0.0.1";
    /** Port; 0 picks a free one (tests). */
    public int port = 8080;
    /** Largest accepted request body; larger ones get 413 without being read. */
    public long maxRequestBytes = 1 << 20;
    /** Most rows in one batch request. */
    public int maxBatchRows = 1000;
    /** Time budget of one prediction request once its body has arrived; beyond it the answer is 503. */
    public long requestTimeoutMillis = 5_000;
    /** A client that sends nothing for this long is disconnected (slow or stuck clients). */
    public long readTimeoutMillis = 10_000;
    /**
     * The whole request body must arrive within this time of its first byte; a client that trickles it (a byte
     * now and then, never silent long enough for {@link #readTimeoutMillis}) gets 408 and is disconnected.
     */
    public long bodyTimeoutMillis = 30_000;
    /** Bearer token of the admin endpoints; null disables them. */
    public String adminToken;
    /** Prediction log (JSON lines); null turns it off. */
    public String predictionLog;
    /** The log rotates when it grows beyond this size. */
    public long predictionLogMaxBytes = 100L << 20;
    /** Rotated logs kept ({@code log.1} .. {@code log.N}). */
    public int predictionLogKeep = 5;
    /** I/O threads; 0 means one per core. */
    public int ioThreads;
    /** Worker threads that run predictions; 0 means 8 per core. */
    public int workerThreads;
    /** Whether a request may omit features (they are then missing values) instead of getting 400. */
    public boolean allowMissingFeatures;
    /**
     * This start's identity, answered by {@code /health}, {@code /ready} and the {@code X-Mlsteps-Instance} header
     * of every response, so a deployment can tell the server it started from another one on the same port. Null:
     * a random one (the environment variable {@code MLSTEPS_INSTANCE_ID} sets it for a container).
     */
    public String instanceId;
    /** Models to load at start. */
    public List<ModelSpec> models = new ArrayList<>();
}
