package io.mlsteps.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.model.Prediction;
import io.mlsteps.model.Predictor;
import io.mlsteps.serve.ModelServer;
import io.mlsteps.serve.ModelSpec;
import io.mlsteps.serve.ServeMain;
import io.mlsteps.serve.ServerConfig;
import io.mlsteps.testing.SharedData;
import io.mlsteps.model.TribuoPredictor;
import io.mlsteps.util.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded load test with faults against the server holding a real adult model, on loopback only:
 * 2,000 requests from 8 threads mixing valid rows and batches with malformed JSON, oversized bodies,
 * too-large batches and unknown features, while slow clients hold connections open with half-sent
 * requests. Every valid request must get the offline prediction, every faulty one its error code; slow
 * clients are disconnected; afterwards the server still answers correctly.
 */
class ServerUnderFaultsTest {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 250;

    @Test
    void keepsServingCorrectlyUnderFaultsAndSlowClients() throws Exception {
        Path modelFile = TestModels.adultLogistic(5, List.of());
        Predictor offline = TribuoPredictor.load(modelFile);
        List<Map<String, String>> rows = SmokeTest.sample(SharedData.require("adult/adult_test.csv"),
                offline.featureNames(), false, 200, 1);
        List<Prediction> expected = rows.stream().map(offline::predict).toList();
        ServerConfig config = new ServerConfig();
        config.port = 0;
        config.maxRequestBytes = 64 * 1024;
        config.maxBatchRows = 100;
        config.readTimeoutMillis = 1500;
        config.models.add(ModelSpec.primary("adult", "1", modelFile.toString()));
        try (ModelServer server = ModelServer.start(config, ServeMain.defaultLoader())) {
            URI predict = server.baseUri().resolve("/v1/models/adult/predict");
            List<Socket> slow = slowClients(server.port(), 24);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            AtomicInteger wrong = new AtomicInteger();
            List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < PER_THREAD && System.nanoTime() < deadline; i++) {
                        int n = thread * PER_THREAD + i;
                        String problem = oneRequest(client, predict, n, rows, expected);
                        if (problem != null) {
                            wrong.incrementAndGet();
                            if (problems.size() < 5) {
                                problems.add(problem);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(problems).isEmpty();
            assertThat(wrong.get()).isZero();

            // slow clients were disconnected by the read timeout
            for (Socket s : slow) {
                s.setSoTimeout(5000);
                try (InputStream in = s.getInputStream()) {
                    byte[] buf = new byte[1024];
                    int total = 0;
                    int k;
                    while ((k = in.read(buf)) > 0) {
                        total += k;
                    }
                    assertThat(k).as("connection closed by the server after %d bytes", total).isEqualTo(-1);
                } catch (java.net.SocketException reset) {
                    // closed by the server
                }
            }
            // and the server still answers correctly
            for (int i = 0; i < 50; i++) {
                assertThat(oneRequest(client, predict, i * 10, rows, expected)).isNull();
            }
            JsonNode stats = Json.mapper().readTree(client.send(HttpRequest.newBuilder(server.baseUri().resolve("/v1/models"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body()).at("/models/0/versions/0/stats");
            assertThat(stats.get("requests").asLong()).isGreaterThan(1500);
            assertThat(stats.get("errors").asLong()).isGreaterThan(100);
        }
    }

    /** Request number n of the mix; returns what was wrong with the answer, or null. */
    private static String oneRequest(HttpClient client, URI predict, int n, List<Map<String, String>> rows,
                                     List<Prediction> expected) {
        int kind = n % 100;
        int r = n % rows.size();
        String body;
        int wantCode;
        if (kind < 70) {
            body = Json.toString(Map.of("inputs", rows.get(r)));
            wantCode = 200;
        } else if (kind < 80) {
            List<Map<String, String>> batch = new ArrayList<>();
            for (int j = 0; j < 10; j++) {
                batch.add(rows.get((r + j) % rows.size()));
            }
            body = Json.toString(Map.of("inputs", batch));
            wantCode = 200;
        } else if (kind < 88) {
            String ok = Json.toString(Map.of("inputs", rows.get(r)));
            body = ok.substring(0, ok.length() / 2);
            wantCode = 400;
        } else if (kind < 93) {
            body = "{\"inputs\": {\"age\": \"" + "9".repeat(100_000) + "\"}}";
            wantCode = 413;
        } else if (kind < 97) {
            Map<String, String> row = new java.util.HashMap<>(rows.get(r));
            row.put("shoe_size", "44");
            body = Json.toString(Map.of("inputs", row));
            wantCode = 400;
        } else {
            body = Json.toString(Map.of("inputs", java.util.Collections.nCopies(150, rows.get(r))));
            wantCode = 413;
        }
        HttpResponse<String> answer;
        try {
            answer = client.send(HttpRequest.newBuilder(predict).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // An oversized body may be cut off by the server closing the connection after its 413.
            return wantCode == 413 ? null : "request " + n + " failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        if (answer.statusCode() != wantCode) {
            return "request " + n + ": HTTP " + answer.statusCode() + " instead of " + wantCode + ": " + answer.body();
        }
        if (wantCode != 200) {
            return answer.body().contains("\"error\"") ? null : "request " + n + ": error without reason: " + answer.body();
        }
        try {
            JsonNode json = Json.mapper().readTree(answer.body());
            if (json.has("prediction")) {
                Prediction got = Json.mapper().convertValue(json.get("prediction"), Prediction.class);
                return ModelServer.samePrediction(got, expected.get(r), 1e-9) ? null
                        : "request " + n + ": " + answer.body() + " differs from offline " + expected.get(r);
            }
            for (int j = 0; j < 10; j++) {
                Prediction got = Json.mapper().convertValue(json.get("predictions").get(j), Prediction.class);
                if (!ModelServer.samePrediction(got, expected.get((r + j) % rows.size()), 1e-9)) {
                    return "request " + n + " row " + j + " differs from offline";
                }
            }
            return null;
        } catch (IOException e) {
            return "request " + n + ": not JSON: " + answer.body();
        }
    }

    /** Clients that start a request and then stall: half a header, or a header with a short body. */
    private static List<Socket> slowClients(int port, int n) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            OutputStream out = s.getOutputStream();
            String text = i % 2 == 0 ? "POST /v1/models/adult/predict HTTP/1.1\r\nHost: x\r\nContent-Ty"
                    : "POST /v1/models/adult/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"inputs\": {";
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            sockets.add(s);
        }
        return sockets;
    }
}
