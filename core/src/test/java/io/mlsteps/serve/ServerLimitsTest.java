package io.mlsteps.serve;

import io.mlsteps.util.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request limits answer with their status and message over a plain socket, as a client that does not read
 * until it has sent everything sees them: an oversized body, sized or chunked, gets 413 (not a reset connection),
 * {@code Expect: 100-continue} gets it before sending, and a body trickled at a byte at a time gets 408 when its
 * deadline passes, a log line, and a closed connection.
 */
class ServerLimitsTest {
    private static final PredictorLoader LOADER = file -> new FakePredictor(0);
    private static final int LIMIT = 64 * 1024;

    @TempDir
    Path dir;
    private ModelServer server;

    private void start(long bodyTimeoutMillis) throws Exception {
        ServerConfig config = new ServerConfig();
        config.port = 0;
        config.maxRequestBytes = LIMIT;
        config.bodyTimeoutMillis = bodyTimeoutMillis;
        config.models.add(ModelSpec.primary("m", "1", Files.writeString(dir.resolve("m.model"), "0").toString()));
        server = ModelServer.start(config, LOADER);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(20_000);
        return socket;
    }

    private static String head(String path, String... headers) {
        StringBuilder sb = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    /** A JSON body of about {@code bytes} bytes: one row whose colour is a long string. */
    private static byte[] body(int bytes) {
        String pad = "r".repeat(Math.max(0, bytes - 40));
        return ("{\"inputs\": {\"x\": 1, \"color\": \"" + pad + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    /** Everything the server sends until it closes the connection. */
    private static String readAll(Socket socket) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void assertAnswer(String response, int code, String message) throws IOException {
        assertThat(response).startsWith("HTTP/1.1 " + code);
        assertThat(response.toLowerCase()).contains("connection: close");
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertThat(Json.mapper().readTree(body).get("error").asText()).contains(message);
    }

    @Test
    void anOversizedBodySentWholeBeforeReadingGets413() throws Exception {
        start(30_000);
        byte[] big = body(4 * LIMIT);
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(head("/v1/models/m/predict", "Content-Length: " + big.length).getBytes(StandardCharsets.US_ASCII));
            out.write(big);  // all of it, before reading anything
            out.flush();
            assertAnswer(readAll(socket), 413, "request body exceeds the limit of " + LIMIT + " bytes");
        }
        assertThat(Http.post(server.baseUri(), "/v1/models/m/predict", "{\"inputs\": {\"x\": 1, \"color\": null}}").code())
                .isEqualTo(200);
    }

    @Test
    void anOversizedChunkedBodyGets413() throws Exception {
        start(30_000);
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(head("/v1/models/m/predict", "Transfer-Encoding: chunked").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "r".repeat(8192).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 4 * LIMIT / chunk.length; i++) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertAnswer(readAll(socket), 413, "request body exceeds the limit of " + LIMIT + " bytes");
        }
        assertThat(server.metrics().scrape()).asString(StandardCharsets.UTF_8)
                .contains("mlsteps_rejected_requests_total{reason=\"too_large\"} 1.0");
    }

    @Test
    void aClientThatExpectsContinueIsAnsweredBeforeItSends() throws Exception {
        start(30_000);
        try (Socket socket = connect()) {
            socket.getOutputStream().write(head("/v1/models/m/predict", "Content-Length: " + (10 * LIMIT),
                    "Expect: 100-continue").getBytes(StandardCharsets.US_ASCII));
            assertAnswer(readAll(socket), 413, "exceeds the limit");
        }
        // below the limit the server asks for the body and answers it
        byte[] small = "{\"inputs\": {\"x\": 1, \"color\": null}}".getBytes(StandardCharsets.UTF_8);
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(head("/v1/models/m/predict", "Content-Length: " + small.length, "Expect: 100-continue")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertThat(new String(in.readNBytes(25), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            out.write(small);
            assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
        }
    }

    @Test
    void aBodyTrickledAByteAtATimeIsCutOffAtItsDeadline() throws Exception {
        start(1_500);
        PrintStream stderr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        long started = System.nanoTime();
        String response;
        int sent = 0;
        try (Socket socket = connect()) {
            socket.setSoTimeout(200);
            byte[] small = "{\"inputs\": {\"x\": 1, \"color\": null}}".getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(head("/v1/models/m/predict", "Content-Length: " + small.length).getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            // one byte every 200 ms: never silent long enough for the read timeout (10 s)
            while (System.nanoTime() - started < 15_000_000_000L) {
                try {
                    out.write(small[sent % small.length]);
                    sent++;
                } catch (IOException closed) {
                    break;
                }
                try {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    answer.write(b);
                    answer.write(in.readNBytes(in.available()));
                } catch (SocketTimeoutException nothingYet) {
                    // keep trickling
                }
            }
            response = answer.toString(StandardCharsets.UTF_8) + (socket.isClosed() ? "" : drain(socket));
        } finally {
            System.setErr(stderr);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(seconds).as("disconnected after the 1.5 s body deadline, not never").isLessThan(8);
        assertThat(sent).isLessThan(35);
        assertAnswer(response, 408, "the request body did not arrive within 1500 ms");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("mlsteps serve: closing the connection of")
                .contains("POST /v1/models/m/predict sent").contains("body timeout 1500 ms");
        assertThat(server.metrics().scrape()).asString(StandardCharsets.UTF_8)
                .contains("mlsteps_rejected_requests_total{reason=\"body_timeout\"} 1.0");
    }

    private static String drain(Socket socket) {
        try {
            socket.setSoTimeout(5_000);
            return readAll(socket);
        } catch (IOException e) {
            return "";
        }
    }
}
