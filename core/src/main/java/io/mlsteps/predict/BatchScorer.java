package io.mlsteps.predict;

import io.mlsteps.data.DataReaders;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.data.RecordReader;
import io.mlsteps.model.Prediction;
import io.mlsteps.model.NonFiniteValues;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Progress;
import io.mlsteps.util.StepLog;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The local engine of batch prediction. One thread reads the input files record by record (the readers of every
 * step, so the reading contract and its located errors apply) into chunks of rows; a pool encodes, scores and
 * formats the chunks; the calling thread writes the finished chunks in input order. At most {@code 2 × threads}
 * chunks are in flight, so memory is bounded whatever the input's size. The first row the model cannot read, in
 * input order, stops the run with its file, line and column, unless rejected rows go to a rejects file.
 */
final class BatchScorer {
    /** Output columns that the step adds; a passthrough column may not take their names. */
    static final List<String> OWN_COLUMNS = List.of("row", "file", "prediction");
    static final String SCORE_PREFIX = "score:";

    /** What to score and how. */
    record Plan(RowModel model, List<Path> files, ReadOptions options, List<String> passthrough, boolean scores,
                boolean ignoreUnseen, int threads, int chunkRows) {
        /** Whether the output names each row's file (the input is more than one file). */
        boolean fileColumn() {
            return files.size() > 1;
        }

        /** The columns read from every file: the features, then the passthrough columns that are not features. */
        List<String> needed() {
            List<String> all = new ArrayList<>(model.features());
            passthrough.stream().filter(c -> !all.contains(c)).forEach(all::add);
            return all;
        }

        List<String> outputColumns() {
            List<String> columns = new ArrayList<>(List.of("row"));
            if (fileColumn()) {
                columns.add("file");
            }
            columns.addAll(passthrough);
            columns.add("prediction");
            if (scores && model.classification()) {
                model.labels().forEach(c -> columns.add(SCORE_PREFIX + c));
            }
            return columns;
        }

        List<String> rejectColumns() {
            List<String> columns = new ArrayList<>(List.of("row"));
            if (fileColumn()) {
                columns.add("file");
            }
            columns.addAll(List.of("line", "column", "reason"));
            columns.addAll(needed());
            return columns;
        }
    }

    /** Where the tables go: their formats and streams (the rejects' may be null). */
    record Sinks(TableFormat predictionsFormat, OutputStream predictions, TableFormat rejectsFormat,
                 OutputStream rejects) {
    }

    /** Rows read per input file, and the rows of the whole run. */
    record Totals(long rows, long predicted, long rejected, Map<String, Long> unseen, NonFiniteValues nonFinite,
                  List<Long> rowsPerFile, double seconds) {
        double rowsPerSecond() {
            return seconds > 0 ? rows / seconds : 0;
        }
    }

    /** One file's column positions: {@code columns[i]} is the file's column of {@code Plan.needed().get(i)}. */
    private record Layout(String source, String name, int[] columns, List<String> fileColumns) {
        String where(int neededIndex, long line) {
            return source + ":" + line + ":" + (columns[neededIndex] + 1);
        }
    }

    private record Chunk(Layout layout, long firstRow, long[] lines, String[][] values) {
    }

    /** A scored chunk: its encoded tables, counts and, when rows are not rejected to a file, the first problem. */
    private record Done(byte[] predictions, byte[] rejects, int predicted, int rejected, Map<String, Long> unseen,
                        List<NonFinite> nonFinite, InputException error) {
    }

    /** A non-finite numeric value, read as missing: its column, line and place. */
    private record NonFinite(String column, long line, String where) {
    }

    private final Plan plan;
    private final Sinks sinks;
    private final StepLog log;
    private final List<String> needed;
    private final List<String> outputColumns;
    private final List<String> rejectColumns;
    private final int featureCount;

    BatchScorer(Plan plan, Sinks sinks, StepLog log) {
        this.plan = plan;
        this.sinks = sinks;
        this.log = log;
        this.needed = plan.needed();
        this.outputColumns = plan.outputColumns();
        this.rejectColumns = plan.rejectColumns();
        this.featureCount = plan.model().features().size();
    }

    /** Scores every file and writes the tables; bad input is an {@link InputException} naming its place. */
    Totals run() {
        long start = System.nanoTime();
        int threads = plan.threads();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "mlsteps-predict");
            t.setDaemon(true);
            return t;
        });
        Deque<Future<Done>> pending = new ArrayDeque<>();
        Counts counts = new Counts();
        try (Progress progress = log.progress("rows scored", -1)) {
            write(sinks.predictions(), sinks.predictionsFormat().header(outputColumns));
            if (sinks.rejects() != null) {
                write(sinks.rejects(), sinks.rejectsFormat().header(rejectColumns));
            }
            long row = 0;
            for (Path file : plan.files()) {
                long before = row;
                try (RecordReader reader = DataReaders.open(file, plan.options(), log)) {
                    Layout layout = layout(file, reader);
                    String[] record;
                    long[] chunkLines = new long[plan.chunkRows()];
                    String[][] values = new String[plan.chunkRows()][];
                    int n = 0;
                    long first = row;
                    while ((record = next(reader, pending, counts, progress)) != null) {
                        String[] kept = new String[needed.size()];
                        for (int i = 0; i < kept.length; i++) {
                            kept[i] = record[layout.columns()[i]];
                        }
                        values[n] = kept;
                        chunkLines[n] = reader.line();
                        n++;
                        row++;
                        if (n == plan.chunkRows()) {
                            submit(pool, pending, new Chunk(layout, first, chunkLines, values), counts, progress);
                            chunkLines = new long[plan.chunkRows()];
                            values = new String[plan.chunkRows()][];
                            n = 0;
                            first = row;
                        }
                    }
                    if (n > 0) {
                        submit(pool, pending, new Chunk(layout, first, java.util.Arrays.copyOf(chunkLines, n),
                                java.util.Arrays.copyOf(values, n)), counts, progress);
                    }
                }
                counts.rowsPerFile.add(row - before);
            }
            while (!pending.isEmpty()) {
                take(pending, counts, progress);
            }
            counts.rows = row;
        } finally {
            pool.shutdownNow();
        }
        return new Totals(counts.rows, counts.predicted, counts.rejected, counts.unseen, counts.nonFinite,
                counts.rowsPerFile, (System.nanoTime() - start) / 1e9);
    }

    /** The next record; a malformed one is reported after the chunks before it, whose errors come first. */
    private String[] next(RecordReader reader, Deque<Future<Done>> pending, Counts counts, Progress progress) {
        try {
            return reader.next();
        } catch (InputException e) {
            while (!pending.isEmpty()) {
                take(pending, counts, progress);
            }
            throw e;
        }
    }

    private Layout layout(Path file, RecordReader reader) {
        List<String> columns = reader.columns();
        int[] positions = new int[needed.size()];
        for (int i = 0; i < positions.length; i++) {
            String column = needed.get(i);
            positions[i] = columns.indexOf(column);
            if (positions[i] < 0) {
                boolean feature = i < featureCount;
                throw new InputException(reader.sourceName(), "has no column '" + column + "', "
                        + (feature ? "a feature of the model" : "asked for by passthrough") + "; its columns are "
                        + columns + (feature ? " (every feature column must be present; a missing value is an empty "
                        + "cell or a missing-value marker)" : ""));
            }
        }
        String name = plan.fileColumn() ? file.getFileName().toString() : null;
        return new Layout(reader.sourceName(), name, positions, columns);
    }

    private void submit(ExecutorService pool, Deque<Future<Done>> pending, Chunk chunk, Counts counts,
                        Progress progress) {
        pending.add(pool.submit(() -> score(chunk)));
        while (pending.size() > 2 * plan.threads()) {
            take(pending, counts, progress);
        }
    }

    /** Waits for the oldest chunk and writes it; its problem, if any, ends the run. */
    private void take(Deque<Future<Done>> pending, Counts counts, Progress progress) {
        Done done;
        try {
            done = pending.removeFirst().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while predicting", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        if (done.error() != null) {
            throw done.error();
        }
        write(sinks.predictions(), done.predictions());
        if (done.rejects() != null && sinks.rejects() != null) {
            write(sinks.rejects(), done.rejects());
        }
        counts.add(done);
        progress.add(done.predicted() + done.rejected());
    }

    /** Encodes, predicts and formats one chunk (on a pool thread). */
    private Done score(Chunk chunk) {
        Layout layout = chunk.layout();
        int rows = chunk.values().length;
        List<Object> encoded = new ArrayList<>(rows);
        int[] scored = new int[rows];
        int predicted = 0;
        List<Object[]> rejected = new ArrayList<>();
        Map<String, Long> unseen = new TreeMap<>();
        List<NonFinite> nonFinite = new ArrayList<>();
        String[] features = new String[featureCount];
        for (int r = 0; r < rows; r++) {
            String[] values = chunk.values()[r];
            System.arraycopy(values, 0, features, 0, featureCount);
            long line = chunk.lines()[r];
            List<NonFinite> rowNonFinite = new ArrayList<>(0);
            List<String> rowUnseen = new ArrayList<>(0);
            try {
                encoded.add(plan.model().encode(features, plan.ignoreUnseen(), rowUnseen::add,
                        f -> rowNonFinite.add(new NonFinite(needed.get(f), line, layout.where(f, line)))));
                // counted only for the rows scored: a rejected row's values are in the rejects file
                rowUnseen.forEach(u -> unseen.merge(u, 1L, Long::sum));
                nonFinite.addAll(rowNonFinite);
                scored[predicted++] = r;
            } catch (RowModel.RowProblem problem) {
                int column = problem.column() < 0 ? -1 : layout.columns()[problem.column()] + 1;
                if (sinks.rejects() == null) {
                    return new Done(null, null, 0, 0, Map.of(), List.of(),
                            new InputException(layout.source(), line, column, problem.getMessage()));
                }
                rejected.add(rejectRecord(chunk, r, column, problem.getMessage()));
            }
        }
        List<Prediction> predictions = encoded.isEmpty() ? List.of() : plan.model().predict(encoded);
        List<Object[]> records = new ArrayList<>(predicted);
        for (int i = 0; i < predicted; i++) {
            records.add(outputRecord(chunk, scored[i], predictions.get(i)));
        }
        byte[] out = sinks.predictionsFormat().encode(outputColumns, records);
        byte[] rej = rejected.isEmpty() ? null : sinks.rejectsFormat().encode(rejectColumns, rejected);
        return new Done(out, rej, predicted, rejected.size(), unseen, nonFinite, null);
    }

    private Object[] outputRecord(Chunk chunk, int r, Prediction p) {
        Object[] record = new Object[outputColumns.size()];
        int k = 0;
        record[k++] = chunk.firstRow() + r;
        if (plan.fileColumn()) {
            record[k++] = chunk.layout().name();
        }
        String[] values = chunk.values()[r];
        for (String column : plan.passthrough()) {
            record[k++] = values[needed.indexOf(column)];
        }
        if (p.label() != null) {
            record[k++] = p.label();
            if (plan.scores()) {
                for (String c : plan.model().labels()) {
                    record[k++] = p.scores().get(c);
                }
            }
        } else {
            record[k++] = p.value();
        }
        return record;
    }

    private Object[] rejectRecord(Chunk chunk, int r, int column, String reason) {
        Object[] record = new Object[rejectColumns.size()];
        int k = 0;
        record[k++] = chunk.firstRow() + r;
        if (plan.fileColumn()) {
            record[k++] = chunk.layout().name();
        }
        record[k++] = chunk.lines()[r];
        record[k++] = column < 0 ? null : chunk.layout().fileColumns().get(column - 1);
        record[k++] = reason;
        for (String v : chunk.values()[r]) {
            record[k++] = v;
        }
        return record;
    }

    private static void write(OutputStream out, byte[] bytes) {
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the written chunks add up to (the writing thread only). */
    private final class Counts {
        long rows;
        long predicted;
        long rejected;
        final Map<String, Long> unseen = new TreeMap<>();
        final NonFiniteValues nonFinite = new NonFiniteValues();
        final List<Long> rowsPerFile = new ArrayList<>();
        void add(Done done) {
            predicted += done.predicted();
            rejected += done.rejected();
            done.unseen().forEach((k, v) -> unseen.merge(k, v, Long::sum));
            done.nonFinite().forEach(n -> nonFinite.add(n.column(), n.line(), n::where));
        }
    }
}
