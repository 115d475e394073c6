package io.mlsteps.serve;

import io.undertow.io.Receiver;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.server.protocol.http.HttpContinue;
import org.xnio.XnioExecutor;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Reads a request body without holding a thread, within two limits that always answer:
 * <ul>
 *   <li>a body larger than {@code maxBytes} gets 413. Its bytes are read and dropped first (up to
 *   {@link #DISCARD_BYTES} beyond the limit), so that a client that sends its whole body before reading its answer
 *   finds the 413 instead of a reset connection; the connection then closes. A client that asked
 *   {@code Expect: 100-continue}, or a body announced larger than the limit plus the discard allowance, is answered
 *   at once without reading;</li>
 *   <li>the whole body must arrive within {@code deadlineMillis} of the request: a client that trickles it gets 408,
 *   a line in the server's log, and is disconnected.</li>
 * </ul>
 * Chunks are copied in bulk: Undertow's own receiveFullBytes copies byte by byte, which costs more than a prediction.
 */
final class BodyReader {
    /** How much of an oversized body is read and dropped so that its sender still sees the 413. */
    static final long DISCARD_BYTES = 64L << 20;

    /** Answers a refused body: status code, metric reason, message. The connection is closed after it. */
    interface Refusal {
        void refuse(HttpServerExchange exchange, int code, String reason, String message);
    }

    private final long maxBytes;
    private final long deadlineMillis;
    private final Refusal refusal;

    BodyReader(long maxBytes, long deadlineMillis, Refusal refusal) {
        this.maxBytes = maxBytes;
        this.deadlineMillis = deadlineMillis;
        this.refusal = refusal;
    }

    /** The entity size Undertow must allow for bodies to be read and dropped past the limit. */
    static long entityLimit(long maxBytes) {
        return maxBytes + DISCARD_BYTES;
    }

    void read(HttpServerExchange exchange, Receiver.FullBytesCallback then) {
        long length = exchange.getRequestContentLength();
        if (length > maxBytes && (HttpContinue.requiresContinueResponse(exchange) || length > entityLimit(maxBytes))) {
            tooLarge(exchange);
            return;
        }
        new Reading(exchange, length, then).start();
    }

    private void tooLarge(HttpServerExchange exchange) {
        refusal.refuse(exchange, 413, "too_large", "request body exceeds the limit of " + maxBytes + " bytes");
    }

    /** One body being read; every callback runs on the exchange's I/O thread, so the fields need no locking. */
    private final class Reading {
        private final HttpServerExchange exchange;
        private final long length;
        private final Receiver.FullBytesCallback then;
        private final long started = System.nanoTime();
        private byte[] buffer;
        private long size;
        private boolean oversized;
        private boolean done;
        private XnioExecutor.Key deadline;

        Reading(HttpServerExchange exchange, long length, Receiver.FullBytesCallback then) {
            this.exchange = exchange;
            this.length = length;
            this.then = then;
            this.oversized = length > maxBytes;
            this.buffer = oversized ? null : new byte[length > 0 ? (int) length : 1024];
        }

        void start() {
            if (exchange.isRequestChannelAvailable()) {
                exchange.setMaxEntitySize(entityLimit(maxBytes));
            }
            if (deadlineMillis > 0 && !exchange.isRequestComplete()) {
                deadline = exchange.getIoThread().executeAfter(this::expire, deadlineMillis, TimeUnit.MILLISECONDS);
            }
            exchange.getRequestReceiver().receivePartialBytes(this::chunk, this::failed);
        }

        private void chunk(HttpServerExchange ex, byte[] data, boolean last) {
            if (done) {
                return;
            }
            size += data.length;
            if (!oversized && size > maxBytes) {
                oversized = true;
                buffer = null;  // only counted from here on
            }
            if (!oversized) {
                if (last && size == data.length && (length < 0 || data.length == length)) {
                    finish();
                    then.handle(ex, data);
                    return;
                }
                if (size > buffer.length) {
                    buffer = Arrays.copyOf(buffer, (int) Math.max(buffer.length * 2L, size));
                }
                System.arraycopy(data, 0, buffer, (int) (size - data.length), data.length);
            }
            if (last) {
                finish();
                if (oversized) {
                    tooLarge(ex);
                } else {
                    then.handle(ex, size == buffer.length ? buffer : Arrays.copyOf(buffer, (int) size));
                }
            }
        }

        private void failed(HttpServerExchange ex, java.io.IOException failure) {
            if (done) {
                return;
            }
            finish();
            if (failure instanceof RequestTooBigException) {
                tooLarge(ex);
            } else {
                refusal.refuse(ex, 400, "read_failed", "the request body could not be read: " + failure.getMessage());
            }
        }

        private void expire() {
            if (done) {
                return;
            }
            finish();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            System.err.println("mlsteps serve: closing the connection of " + exchange.getSourceAddress() + ": "
                    + exchange.getRequestMethod() + " " + exchange.getRequestPath() + " sent " + size + " of "
                    + (length >= 0 ? length + " bytes" : "a chunked body") + " in " + millis + " ms (body timeout "
                    + deadlineMillis + " ms)");
            refusal.refuse(exchange, 408, "body_timeout", "the request body did not arrive within " + deadlineMillis
                    + " ms (" + size + " bytes received)");
        }

        private void finish() {
            done = true;
            if (deadline != null) {
                deadline.remove();
            }
        }
    }
}
