package io.mlsteps.bench;

import io.mlsteps.model.Prediction;
import io.mlsteps.model.Predictor;
import io.mlsteps.serve.ModelServer;
import io.mlsteps.serve.ModelSpec;
import io.mlsteps.serve.ServerConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hunts the stalled request (a request that gets no answer at all): 8 threads of the JDK's HTTP/1.1 client send
 * small prediction requests (1 in 10 malformed) over kept-alive connections to an in-process model server as fast as
 * they can, for MINUTES or until a request has been in flight for 2.5 s. Then it prints the TCP connections of the
 * server's port as the kernel sees them (ss: a request unread by the server shows as its size in Recv-Q) and the
 * server's counters. Prints how many requests were sent and whether one stalled. Run it on a loaded machine: the
 * stall needs CPU contention. Usage: StallHunt [MINUTES (default 5)].
 */
public final class StallHunt {
    private static final int THREADS = 8;

    private StallHunt() {
    }

    public static void main(String[] args) throws Exception {
        long minutes = args.length > 0 ? Long.parseLong(args[0]) : 5;
        Path model = Files.createTempFile("mlsteps-stall", ".model");
        Predictor constant = new Predictor() {
            public String task() {
                return "classification";
            }

            public List<String> featureNames() {
                return List.of("x", "color");
            }

            public List<String> labels() {
                return List.of("a", "b");
            }

            public Prediction predict(Map<String, String> row) {
                return Prediction.ofClass("a", Map.of("a", 0.5, "b", 0.5));
            }
        };
        ServerConfig config = new ServerConfig();
        config.port = 0;
        config.readTimeoutMillis = 60_000;  // no idle connection is closed during the run
        config.models.add(ModelSpec.primary("m", "1", model.toString()));
        ModelServer server = ModelServer.start(config, file -> constant);
        URI uri = server.baseUri().resolve("/v1/models/m/predict");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        AtomicLong sent = new AtomicLong();
        AtomicBoolean stalled = new AtomicBoolean();
        Map<Long, Long> inFlight = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
        Thread watchdog = new Thread(() -> watch(server, inFlight, stalled), "stall-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        for (int t = 0; t < THREADS; t++) {
            pool.execute(() -> {
                while (!stalled.get() && System.nanoTime() < deadline) {
                    long n = sent.incrementAndGet();
                    String body = n % 10 == 0 ? "{\"inputs\": {\"x\": 1," : "{\"inputs\": {\"x\": 1, \"color\": \"red\"}}";
                    inFlight.put(n, System.nanoTime());
                    try {
                        client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(), HttpResponse.BodyHandlers.discarding());
                    } catch (HttpTimeoutException e) {
                        stalled.set(true);
                    } catch (Exception e) {
                        // a kept-alive connection closed under the request: not a stall
                    } finally {
                        inFlight.remove(n);
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(minutes + 1, TimeUnit.MINUTES);
        server.close();
        System.out.println("requests: " + sent.get() + ", stalled: " + (stalled.get() ? "YES" : "no") + ", "
                + THREADS + " threads, " + minutes + " min");
        System.exit(stalled.get() ? 1 : 0);
    }

    private static void watch(ModelServer server, Map<Long, Long> inFlight, AtomicBoolean stalled) {
        while (!stalled.get()) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Map.Entry<Long, Long> e : inFlight.entrySet()) {
                if (now - e.getValue() > 2_500_000_000L) {
                    System.out.println("request " + e.getKey() + " unanswered for " + (now - e.getValue()) / 1_000_000
                            + " ms; connections of port " + server.port() + ":");
                    try {
                        Process ss = new ProcessBuilder("ss", "-tni", "state", "established", "( sport = :" + server.port()
                                + " or dport = :" + server.port() + " )").redirectErrorStream(true).start();
                        System.out.println(new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                    } catch (Exception x) {
                        System.out.println("(ss failed: " + x + ")");
                    }
                    new String(server.metrics().scrape(), StandardCharsets.UTF_8).lines()
                            .filter(l -> l.startsWith("mlsteps_requests_total")).forEach(System.out::println);
                    stalled.set(true);
                    return;
                }
            }
        }
    }
}
