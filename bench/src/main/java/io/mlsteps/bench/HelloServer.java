package io.mlsteps.bench;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.util.Headers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The ceiling of the model server benchmark: the same server stack (Undertow, same thread counts, the body
 * read asynchronously, the answer produced on a worker thread and sent from the I/O thread, as {@code ModelServer}
 * does) with a
 * handler that reads the body in chunks and answers a constant prediction without looking at it. Usage: HelloServer PORT.
 */
public final class HelloServer {
    private HelloServer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        byte[] answer = "{\"model\":\"hello\",\"version\":\"1\",\"prediction\":{\"label\":\"<=50K\",\"scores\":{\"<=50K\":0.9,\">50K\":0.1}}}"
                .getBytes(StandardCharsets.UTF_8);
        int cores = Runtime.getRuntime().availableProcessors();
        Undertow server = Undertow.builder()
                .addHttpListener(port, "127.0.0.1")
                .setIoThreads(Math.max(1, cores))
                .setWorkerThreads(Math.max(8, cores * 8))
                .setHandler(Handlers.routing().post("/v1/models/{name}/predict", exchange ->
                        exchange.getRequestReceiver().receivePartialBytes((ex, chunk, last) -> {
                            if (last) {
                                // as ModelServer: made on a worker thread, sent from the connection's I/O thread
                                ex.dispatch(() -> ex.getIoThread().execute(() -> {
                                    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                                    ex.getResponseSender().send(ByteBuffer.wrap(answer));
                                }));
                            }
                        })))
                .build();
        server.start();
        System.out.println("hello server listening on http://127.0.0.1:" + port);
    }
}
