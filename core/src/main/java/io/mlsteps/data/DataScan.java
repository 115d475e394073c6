package io.mlsteps.data;

import io.mlsteps.util.InputException;
import io.mlsteps.util.Progress;
import io.mlsteps.util.StepLog;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.zip.ZipException;

/**
 * Reads a tabular file once and feeds every record to sinks: the one streaming pass behind profiles and
 * validation. With more than one thread, a CSV/TSV file (gzip or not) is cut into chunks of whole records
 * by one reader thread (which only follows quotes, so it is cheap) and the chunks are parsed and profiled by
 * worker threads, each with its own sink; the sinks are merged at the end. Memory stays bounded: a few
 * chunks in flight, whatever the file size. The first malformed record in file order is reported.
 */
public final class DataScan {
    /** Bytes per chunk handed to a worker. */
    static final int CHUNK_BYTES = 2 << 20;
    /** A record longer than this (without a line break) is an input error, not a reason to buffer the file. */
    static final int MAX_RECORD_BYTES = 64 << 20;

    /** Whether chunked scans use the byte-level fast path; off ({@code -Dmlsteps.scan.generalOnly=true}) only to compare the two. */
    static volatile boolean fastPath = !Boolean.getBoolean("mlsteps.scan.generalOnly");

    private DataScan() {
    }

    /**
     * Scans a file with {@code threads} workers (1 reads sequentially on the calling thread). Each worker's
     * sink comes from {@code newSink(columns)}; the result is all sinks combined with {@code merge}.
     */
    public static <S extends RowSink> S scan(Path file, ReadOptions options, StepLog log, int threads,
                                             Function<List<String>, S> newSink, BinaryOperator<S> merge) {
        DataReaders.requireFile(file);
        ReadOptions resolved = FileLayout.resolve(file, options, log);
        if (threads <= 1 || resolved.format().equals("jsonl")) {
            return sequential(file, resolved, log, newSink);
        }
        return new Chunked<>(file, resolved, log, threads, newSink, merge).run();
    }

    private static <S extends RowSink> S sequential(Path file, ReadOptions options, StepLog log,
                                                    Function<List<String>, S> newSink) {
        try (RecordReader reader = DataReaders.openResolved(file, options);
             Progress progress = log.progress("rows", -1)) {
            S sink = newSink.apply(reader.columns());
            String[] values;
            while ((values = reader.next()) != null) {
                sink.accept(values, reader.line());
                progress.add(1);
            }
            return sink;
        }
    }

    /**
     * Bytes {@code [0, length)} of whole records starting at line {@code firstLine}; {@code plain} when they hold
     * no quote, CR or non-ASCII byte, so the fast path needs no check but the delimiter and line feed.
     */
    private record Chunk(byte[] bytes, int length, long firstLine, boolean plain) {
    }

    private static final class Chunked<S extends RowSink> {
        private static final Chunk END = new Chunk(new byte[0], 0, -1, false);
        private final Path file;
        private final String source;
        private final ReadOptions options;
        private final StepLog log;
        private final int threads;
        private final Function<List<String>, S> newSink;
        private final BinaryOperator<S> merge;
        private final BlockingQueue<Chunk> queue;
        /**
         * Chunk buffers the workers are done with, for the reader to fill again: without it every chunk is a new
         * 2 MB array, which G1 allocates as a humongous object and collects in costly concurrent cycles.
         */
        private final BlockingQueue<byte[]> spare;
        private final AtomicReference<RuntimeException> error = new AtomicReference<>();
        private final AtomicLong rows = new AtomicLong();
        private List<String> columns;
        /** Whether workers try the byte-level fast path before the general reader (off only to compare the two). */
        private final boolean fastPath = DataScan.fastPath;

        Chunked(Path file, ReadOptions options, StepLog log, int threads, Function<List<String>, S> newSink,
                BinaryOperator<S> merge) {
            this.file = file;
            this.source = file.toString();
            this.options = options;
            this.log = log;
            this.threads = threads;
            this.newSink = newSink;
            this.merge = merge;
            this.queue = new ArrayBlockingQueue<>(threads * 2);
            this.spare = new ArrayBlockingQueue<>(threads * 3 + 2);
        }

        S run() {
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "mlsteps-scan");
                t.setDaemon(true);
                return t;
            });
            List<Future<S>> workers = new ArrayList<>();
            try (InputStream in = DataReaders.openStream(file); Progress progress = log.progress("rows", -1)) {
                try {
                    split(in, pool, workers, progress);
                } catch (RuntimeException e) {
                    fail(e);
                } finally {
                    for (int i = 0; i < workers.size(); i++) {
                        putQuietly(END);
                    }
                }
                List<S> sinks = new ArrayList<>();
                for (Future<S> w : workers) {
                    sinks.add(w.get());
                }
                progress.add(rows.get() - progress.count());
                if (error.get() != null) {
                    throw error.get();
                }
                return sinks.stream().reduce(merge).orElseThrow();
            } catch (IOException e) {
                throw new InputException(source, "cannot read: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading " + source, e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }

        /** Reads the stream, cuts it into chunks at record boundaries and hands them to the workers. */
        private void split(InputStream in, ExecutorService pool, List<Future<S>> workers, Progress progress) {
            CsvQuoteTracker tracker = new CsvQuoteTracker(source, options.delimiter(), options.maxFieldChars(), 1);
            byte[] buf = new byte[CHUNK_BYTES];
            int length = 0;
            int scanned = 0;
            int boundary = 0;
            long boundaryLine = 1;
            long chunkLine = 1;
            boolean headerDone = false;
            boolean bomChecked = false;
            while (error.get() == null) {
                int n;
                try {
                    n = in.read(buf, length, buf.length - length);
                } catch (EOFException | ZipException e) {
                    throw new InputException(source, tracker.line(), -1, "truncated or corrupt gzip data (" + e.getMessage()
                            + ") after line " + (tracker.line() - 1) + "; expected a complete gzip file");
                } catch (IOException e) {
                    throw new InputException(source, tracker.line(), -1, "cannot read: " + e.getMessage());
                }
                if (n < 0) {
                    break;
                }
                length += n;
                if (!bomChecked && length >= 3) {
                    bomChecked = true;
                    if ((buf[0] & 0xFF) == 0xEF && (buf[1] & 0xFF) == 0xBB && (buf[2] & 0xFF) == 0xBF) {
                        System.arraycopy(buf, 3, buf, 0, length - 3);
                        length -= 3;
                    }
                }
                if (headerDone && scanned < length) {
                    int last = tracker.feedAll(buf, scanned, length);
                    scanned = length;
                    if (last > 0) {
                        boundary = last;
                        boundaryLine = tracker.lineAtLastBoundary();
                    }
                }
                for (; scanned < length; scanned++) {
                    if (tracker.feed(buf[scanned])) {
                        boundary = scanned + 1;
                        boundaryLine = tracker.line();
                        if (!headerDone) {
                            headerDone = true;
                            readHeader(buf, boundary);
                            if (options.header()) {
                                System.arraycopy(buf, boundary, buf, 0, length - boundary);
                                length -= boundary;
                                scanned -= boundary;
                                boundary = 0;
                                chunkLine = boundaryLine;
                            }
                            startWorkers(pool, workers);
                        }
                    }
                }
                if (length == buf.length) {
                    if (boundary > 0) {
                        byte[] next = 2 * (length - boundary) <= CHUNK_BYTES ? spareBuffer()
                                : new byte[2 * (length - boundary)];
                        System.arraycopy(buf, boundary, next, 0, length - boundary);
                        boolean plain = !tracker.takeSpecial();
                        if (!plain && !isPlain(buf, boundary, length)) {
                            tracker.markSpecial(); // the next chunk starts with these bytes
                        }
                        put(new Chunk(buf, boundary, chunkLine, plain));
                        progress.add(rows.get() - progress.count());
                        buf = next;
                        length -= boundary;
                        scanned = length;
                        boundary = 0;
                        chunkLine = boundaryLine;
                    } else if (buf.length >= MAX_RECORD_BYTES) {
                        throw new InputException(source, chunkLine, 1, "a record longer than " + (MAX_RECORD_BYTES >> 20)
                                + " MB without a line break; expected LF or CRLF line endings");
                    } else {
                        buf = Arrays.copyOf(buf, buf.length * 2);
                    }
                }
            }
            if (error.get() != null) {
                return;
            }
            tracker.checkEnd();
            if (!headerDone) {
                // no line break at all: the whole file is the first record (or nothing)
                readHeader(buf, length);
                if (options.header()) {
                    length = 0;
                }
                startWorkers(pool, workers);
            }
            if (length > 0) {
                put(new Chunk(buf, length, chunkLine, !tracker.takeSpecial()));
            }
        }

        /** Whether {@code b[from, to)} holds no quote, CR or non-ASCII byte. */
        private static boolean isPlain(byte[] b, int from, int to) {
            for (int i = from; i < to; i++) {
                if (b[i] == '"' || b[i] == '\r' || b[i] < 0) {
                    return false;
                }
            }
            return true;
        }

        private byte[] spareBuffer() {
            byte[] b = spare.poll();
            return b != null ? b : new byte[CHUNK_BYTES];
        }

        private void readHeader(byte[] buf, int end) {
            columns = CsvChunkParser.columns(source, buf, 0, end, options);
        }

        private void startWorkers(ExecutorService pool, List<Future<S>> workers) {
            for (int i = 0; i < threads; i++) {
                workers.add(pool.submit(this::work));
            }
        }

        private S work() throws InterruptedException {
            S sink = newSink.apply(columns);
            CsvChunkParser parser = new CsvChunkParser(source, options, columns, fastPath);
            while (true) {
                Chunk chunk = queue.take();
                if (chunk == END) {
                    return sink;
                }
                if (error.get() != null) {
                    continue;
                }
                try {
                    rows.addAndGet(parser.parse(chunk.bytes(), 0, chunk.length(), chunk.firstLine(), chunk.plain(), sink));
                } catch (RuntimeException e) {
                    fail(e);
                } finally {
                    if (chunk.bytes().length == CHUNK_BYTES) {
                        spare.offer(chunk.bytes());
                    }
                }
            }
        }

        /** Keeps the error that comes first in the file (chunks before it were taken earlier and still finish). */
        private void fail(RuntimeException e) {
            error.accumulateAndGet(e, (old, neu) -> {
                if (old == null) {
                    return neu;
                }
                if (old instanceof InputException a && neu instanceof InputException b && b.line() > 0
                        && (a.line() <= 0 || b.line() < a.line())) {
                    return neu;
                }
                return old;
            });
        }

        private void put(Chunk chunk) {
            try {
                while (error.get() == null) {
                    if (queue.offer(chunk, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        private void putQuietly(Chunk chunk) {
            try {
                queue.put(chunk);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
