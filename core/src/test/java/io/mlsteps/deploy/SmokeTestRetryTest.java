package io.mlsteps.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.model.Prediction;
import io.mlsteps.model.Predictor;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.util.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A smoke request that gets no answer at all is reported (the moment to look at the server), sent once more on a
 * new connection, and kept visible as a NOTE; a request that is never answered still fails the smoke test.
 */
class SmokeTestRetryTest {
    private HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);

    /** score = x / 10, label "hi" from 0.5. */
    private static final Predictor PREDICTOR = new Predictor() {
        @Override
        public String task() {
            return "classification";
        }

        @Override
        public List<String> featureNames() {
            return List.of("x");
        }

        @Override
        public List<String> labels() {
            return List.of("lo", "hi");
        }

        @Override
        public Prediction predict(Map<String, String> row) {
            double p = Double.parseDouble(row.get("x")) / 10;
            return Prediction.ofClass(p >= 0.5 ? "hi" : "lo", Map.of("lo", 1 - p, "hi", p));
        }
    };

    /** A server that answers like the model, except that it never answers the listed request numbers (1-based). */
    private URI start(Set<Integer> silent) throws Exception {
        AtomicInteger seen = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/models/m/predict", (HttpExchange ex) -> {
            int n = seen.incrementAndGet();
            JsonNode body = Json.mapper().readTree(ex.getRequestBody());
            if (silent.contains(n)) {
                try {
                    release.await(); // holds the request without an answer until the test ends
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ex.close();
                return;
            }
            Map<String, String> row = Map.of("x", body.path("inputs").path("x").asText());
            byte[] answer = Json.toString(Map.of("prediction", PREDICTOR.predict(row))).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    private static List<Map<String, String>> rows() {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            rows.add(Map.of("x", Integer.toString(i)));
        }
        return rows;
    }

    @Test
    void aRequestWithoutAnswerIsReportedSentAgainAndKeptAsANote() throws Exception {
        // 8 warm-up requests come first; the 11th request is the third measured one
        ServerClient client = new ServerClient(start(Set.of(11)), null, Duration.ofMillis(800));
        Map<String, String> reported = new ConcurrentHashMap<>();
        SmokeTest.Outcome outcome = SmokeTest.run(client, "m", "1", PREDICTOR, rows(), 1e-9, 5_000,
                (what, answer) -> reported.put(what, answer.body()));
        assertThat(reported).containsOnlyKeys("row 3 of 8");
        assertThat(reported.get("row 3 of 8")).contains("no answer").contains("timed out");
        assertThat(outcome.passed()).as(outcome.reason()).isTrue();
        assertThat(outcome.unanswered()).isEqualTo(1);
        assertThat(outcome.metrics()).containsEntry("smoke_unanswered_requests", 1.0).containsEntry("smoke_failed_requests", 0.0);
        assertThat(outcome.checks()).anySatisfy(c -> {
            assertThat(c.name()).isEqualTo("smoke:unanswered");
            assertThat(c.outcome()).isEqualTo(CheckOutcome.FAILED);
            assertThat(c.criticality()).isEqualTo(Criticality.NOTE);
        });
    }

    @Test
    void aRequestThatIsNeverAnsweredStillFailsTheSmokeTest() throws Exception {
        ServerClient client = new ServerClient(start(Set.of(11, 12)), null, Duration.ofMillis(800));
        List<String> reported = new ArrayList<>();
        SmokeTest.Outcome outcome = SmokeTest.run(client, "m", "1", PREDICTOR, rows(), 1e-9, 5_000,
                (what, answer) -> reported.add(what));
        assertThat(reported).containsExactly("row 3 of 8");
        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.metrics()).containsEntry("smoke_failed_requests", 1.0);
        assertThat(outcome.reason()).contains("no answer");
    }

    @Test
    void everyRequestAnsweredMeansNoNote() throws Exception {
        SmokeTest.Outcome outcome = SmokeTest.run(new ServerClient(start(Set.of()), null, Duration.ofMillis(800)), "m",
                "1", PREDICTOR, rows(), 1e-9, 5_000, (what, answer) -> {
                    throw new AssertionError("reported " + what);
                });
        assertThat(outcome.passed()).isTrue();
        assertThat(outcome.checks()).noneMatch(c -> c.name().equals("smoke:unanswered"));
    }
}
