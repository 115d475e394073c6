package io.mlsteps.serve;

import io.mlsteps.model.TribuoPredictor;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a model server from a {@link ServerConfig} JSON file: {@code java -cp mlsteps.jar
 * io.mlsteps.serve.ServeMain server.json}. Deployment targets (a detached local process, a container) start
 * the server this way; {@code mlsteps serve} is the same server behind command-line flags. The environment
 * may set the admin token ({@code MLSTEPS_ADMIN_TOKEN}), the port ({@code MLSTEPS_PORT}) and the interface
 * ({@code MLSTEPS_HOST}).
 */
public final class ServeMain {
    /** Kept so the level sticks: the server's own line says where it listens; library start-up chatter is noise. */
    private static final java.util.List<java.util.logging.Logger> QUIET = java.util.stream.Stream.of("io.undertow",
            "org.xnio", "org.jboss.threads").map(java.util.logging.Logger::getLogger).toList();

    private ServeMain() {
    }

    /** The default loader: Tribuo model files through the training step's predictor. */
    public static PredictorLoader defaultLoader() {
        return TribuoPredictor::load;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ServeMain server.json");
            System.exit(3);
        }
        ServerConfig config = Json.read(Path.of(args[0]), ServerConfig.class);
        // A container image carries one configuration; where it listens is decided when it runs.
        if (config.adminToken == null && System.getenv("MLSTEPS_ADMIN_TOKEN") != null) {
            config.adminToken = System.getenv("MLSTEPS_ADMIN_TOKEN");
        }
        if (System.getenv("MLSTEPS_PORT") != null) {
            config.port = Integer.parseInt(System.getenv("MLSTEPS_PORT").trim());
        }
        if (System.getenv("MLSTEPS_HOST") != null) {
            config.host = System.getenv("MLSTEPS_HOST").trim();
        }
        if (System.getenv("MLSTEPS_INSTANCE_ID") != null) {
            config.instanceId = System.getenv("MLSTEPS_INSTANCE_ID").trim();
        }
        run(config, defaultLoader());
    }

    /**
     * Starts the server, prints where it listens, and blocks until the process is asked to stop. A configuration it
     * cannot serve (a model that does not load, a port it cannot listen on) ends the process with exit code 3 and
     * one line saying why, which deployments read from its log.
     */
    public static void run(ServerConfig config, PredictorLoader loader) throws Exception {
        QUIET.forEach(l -> l.setLevel(java.util.logging.Level.WARNING));
        ModelServer server;
        try {
            server = ModelServer.start(config, loader);
        } catch (InputException e) {
            System.err.println("mlsteps serve: error: " + e.getMessage());
            System.exit(3);
            return;
        } catch (RuntimeException e) {
            if (!(rootCause(e) instanceof java.net.BindException bind)) {
                throw e;
            }
            System.err.println("mlsteps serve: error: " + cannotListen(config) + ": " + bind.getMessage());
            System.exit(3);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "mlsteps-serve-shutdown"));
        System.out.println("mlsteps serve: listening on " + server.baseUri() + " (models: " + server.routes().keySet()
                + ", admin endpoints " + (server.adminEnabled() ? "on" : "off") + ", instance " + server.instanceId()
                + ", heap limit " + (Runtime.getRuntime().maxMemory() >> 20) + " MB)");
        System.out.flush();
        stopped.await();
    }

    /** What a server says when its port is taken; deployments look for it in the server's log. */
    public static final String CANNOT_LISTEN = "cannot listen on ";

    static String cannotListen(ServerConfig config) {
        return CANNOT_LISTEN + config.host + ":" + config.port;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
