package io.mlsteps.serve;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mlsteps.model.PredictionLogEntry;
import io.mlsteps.util.Json;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes the prediction log that {@code checkDrift} reads: JSON Lines, one {@link PredictionLogEntry} per
 * predicted row (the format's one definition). Requests only enqueue; one background thread writes,
 * so a slow disk never slows predictions. When the queue is full lines are dropped and counted rather than
 * blocking. The file rotates by size: {@code log} becomes {@code log.1}, {@code log.1} becomes {@code log.2},
 * and so on up to {@code keep} files.
 */
public final class PredictionLog implements AutoCloseable {
    private static final int QUEUE = 1 << 16;

    private final Path file;
    private final long maxBytes;
    private final int keep;
    private final ServerMetrics metrics;
    private final BlockingQueue<PredictionLogEntry> queue = new ArrayBlockingQueue<>(QUEUE);
    private final ObjectWriter writer = Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT)
            .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    private final Thread thread;
    private volatile boolean closed;
    private OutputStream out;
    private long size;

    public PredictionLog(Path file, long maxBytes, int keep, ServerMetrics metrics) throws IOException {
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

    /** Enqueues one line; never blocks. */
    public void add(PredictionLogEntry entry) {
        if (closed || !queue.offer(entry)) {
            metrics.logDropped();
        }
    }

    private void open() throws IOException {
        out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND), 1 << 16);
        size = Files.size(file);
    }

    private void run() {
        List<PredictionLogEntry> batch = new ArrayList<>(1024);
        while (!closed || !queue.isEmpty()) {
            try {
                PredictionLogEntry first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
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
                batch.forEach(x -> metrics.logDropped());
            } finally {
                batch.clear();
            }
        }
    }

    private synchronized void write(List<PredictionLogEntry> batch) throws IOException {
        for (PredictionLogEntry entry : batch) {
            byte[] line = writer.writeValueAsBytes(entry);
            if (size > 0 && size + line.length + 1 > maxBytes) {
                rotate();
            }
            out.write(line);
            out.write('\n');
            size += line.length + 1;
        }
        out.flush();
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

    /** Writes what is queued, then closes the file. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            try {
                out.close();
            } catch (IOException e) {
                System.err.println("mlsteps serve: prediction log " + file + ": " + e.getMessage());
            }
        }
    }
}
