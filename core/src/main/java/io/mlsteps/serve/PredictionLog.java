package io.mlsteps.serve;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mlsteps.model.PredictionLogEntry;
import io.mlsteps.util.Json;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The prediction log that {@code checkDrift} reads: JSON Lines, one {@link PredictionLogEntry} per predicted row
 * (the format's one definition; see docs/architecture.md). The thread that answered a request encodes its rows (so encoding scales with the worker
 * threads) and queues the bytes; one background thread only writes them, so a slow disk never slows predictions.
 * The queue holds at most {@link #MAX_QUEUED_BYTES}; should the disk fall that far behind, rows are dropped, counted
 * ({@code mlsteps_prediction_log_dropped_total}) and written into the log itself as a gap line
 * {@code {"time": ..., "dropped": N, "droppedShadow": M}}, so a reader knows how much traffic it does not see. The
 * file rotates by size: {@code log} becomes {@code log.1}, {@code log.1} becomes {@code log.2}, and so on up to
 * {@code keep} files.
 */
public final class PredictionLog implements AutoCloseable {
    /** Encoded rows waiting for the disk, at most (about 150,000 rows of a 14-column model). */
    static final long MAX_QUEUED_BYTES = 64L << 20;

    private final Path file;
    private final long maxBytes;
    private final int keep;
    private final ServerMetrics metrics;
    private final long maxQueuedBytes;
    private final LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong droppedRows = new AtomicLong();
    private final AtomicLong droppedShadowRows = new AtomicLong();
    private final ObjectWriter writer = Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT)
            .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    private final Thread thread;
    private volatile boolean closed;
    private OutputStream out;
    private long size;

    /** The encoded lines of one request's rows. */
    private record Chunk(byte[] lines, int rows) {
    }

    public PredictionLog(Path file, long maxBytes, int keep, ServerMetrics metrics) throws IOException {
        this(file, maxBytes, keep, metrics, MAX_QUEUED_BYTES);
    }

    PredictionLog(Path file, long maxBytes, int keep, ServerMetrics metrics, long maxQueuedBytes) throws IOException {
        this.maxQueuedBytes = maxQueuedBytes;
        this.file = file.toAbsolutePath();
        this.maxBytes = Math.max(1024, maxBytes);
        this.keep = Math.max(1, keep);
        this.metrics = metrics;
        if (this.file.getParent() != null) {
            Files.createDirectories(this.file.getParent());
        }
        open();
        thread = new Thread(this::run, "mlsteps-prediction-log");
        thread.setDaemon(true);
        thread.start();
    }

    public Path file() {
        return file;
    }

    /**
     * Logs the rows of one answered request, one {@link PredictionLogEntry} each (batch rows carry request ids
     * {@code id#0}, {@code id#1}, ...). Encodes on the calling thread and never blocks: a full queue drops the rows
     * and counts them.
     */
    public void add(List<PredictionLogEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        boolean shadow = entries.get(0).isShadow();
        if (closed) {
            dropped(entries.size(), shadow);
            return;
        }
        byte[] lines = encode(entries);
        if (queuedBytes.addAndGet(lines.length) > maxQueuedBytes) {
            queuedBytes.addAndGet(-lines.length);
            dropped(entries.size(), shadow);
            return;
        }
        queue.add(new Chunk(lines, entries.size()));
    }

    /** Logs one predicted row. */
    public void add(PredictionLogEntry entry) {
        add(List.of(entry));
    }

    private void dropped(int rows, boolean shadow) {
        (shadow ? droppedShadowRows : droppedRows).addAndGet(rows);
        metrics.logDropped(rows);
    }

    private byte[] encode(List<PredictionLogEntry> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(entries.size() * 384);
        try {
            for (PredictionLogEntry entry : entries) {
                writer.writeValue(bytes, entry);
                bytes.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);  // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    private void open() throws IOException {
        out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND), 1 << 16);
        size = Files.size(file);
    }

    private void run() {
        List<Chunk> batch = new ArrayList<>(1024);
        while (!closed || !queue.isEmpty()) {
            try {
                Chunk first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    writeGap();
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 4095);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (IOException e) {
                System.err.println("mlsteps serve: prediction log " + file + ": " + e.getMessage());
                batch.forEach(c -> droppedRows.addAndGet(c.rows()));
                batch.forEach(c -> metrics.logDropped(c.rows()));
            } finally {
                batch.forEach(c -> queuedBytes.addAndGet(-c.lines().length));
                batch.clear();
            }
        }
    }

    private synchronized void write(List<Chunk> batch) throws IOException {
        writeGap();
        long rows = 0;
        for (Chunk chunk : batch) {
            append(chunk.lines());
            rows += chunk.rows();
        }
        out.flush();
        metrics.logWritten(rows);
    }

    /** Writes a line saying how many rows were dropped since the last one, if any were. */
    private synchronized void writeGap() throws IOException {
        long dropped = droppedRows.getAndSet(0);
        long droppedShadow = droppedShadowRows.getAndSet(0);
        if (dropped == 0 && droppedShadow == 0) {
            return;
        }
        append((PredictionLogEntry.gapLine(Instant.now(), dropped, droppedShadow) + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.flush();
    }

    /** Appends whole lines, rotating between lines when the file would outgrow its size. */
    private void append(byte[] lines) throws IOException {
        if (size + lines.length <= maxBytes || (size == 0 && lines.length <= maxBytes)) {
            out.write(lines);
            size += lines.length;
            return;
        }
        int from = 0;
        while (from < lines.length) {
            int end = from;
            while (lines[end] != '\n') {
                end++;
            }
            int length = end + 1 - from;
            if (size > 0 && size + length > maxBytes) {
                rotate();
            }
            out.write(lines, from, length);
            size += length;
            from = end + 1;
        }
    }

    private void rotate() throws IOException {
        out.close();
        Files.deleteIfExists(numbered(keep));
        for (int i = keep - 1; i >= 1; i--) {
            Path from = numbered(i);
            if (Files.exists(from)) {
                Files.move(from, numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    private Path numbered(int i) {
        return PredictionLogEntry.rotated(file, i);
    }

    /** Writes what is queued (and a gap line for what was dropped), then closes the file. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            try {
                writeGap();
                out.close();
            } catch (IOException e) {
                System.err.println("mlsteps serve: prediction log " + file + ": " + e.getMessage());
            }
        }
    }
}
