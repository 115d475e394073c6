package io.mlsteps.spark;

import io.mlsteps.engine.RefusedRow;
import io.mlsteps.engine.RowScoring;
import io.mlsteps.engine.ScoreJob;
import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.CollectionAccumulator;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Batch prediction on Spark ({@link SparkEngine#score}): the model file is broadcast once (as bytes; each executor
 * loads it once per job through the step's {@link RowScoring}, which uses the engine's model code and refuses files
 * whose decoding would run Java deserialization), every partition is scored in chunks of {@value #CHUNK_ROWS} rows
 * with the same text form of the cells as the engine's readers give, and the predictions are written by Spark as
 * part files (Parquet, CSV, TSV or JSON Lines). Each partition reports its counts (rows per input file, rejected
 * rows, unseen categories, non-finite values) once; a retried task's report replaces the first.
 */
final class BatchScoring {
    /** Rows handed to the model at once (the local engine's chunks are 4,096 rows on fewer threads). */
    static final int CHUNK_ROWS = 1024;
    private static final String FILE_COLUMN = "__mlsteps_file";
    private static final String REJECT_FLAG = "__mlsteps_rejected";

    private BatchScoring() {
    }

    static ScoreJob.Result score(SparkEngine engine, ScoreJob job, StepLog log) {
        long started = System.nanoTime();
        var session = engine.session();
        RowScoring scoring = job.scoring();
        Dataset<Row> data = SparkSources.read(session, job.input());
        List<String> columns = Arrays.asList(data.columns());
        for (String needed : scoring.inputColumns()) {
            if (!columns.contains(needed)) {
                throw new InputException(job.input().location(), "has no column '" + needed + "'; its columns are "
                        + columns + " (every feature column of the model and every passthrough column must be present)");
            }
        }
        List<String> files = inputFiles(data);
        boolean fileColumn = files.size() > 1;
        checkOutputs(engine, job);
        byte[] modelBytes = read(job.modelFile());

        List<Column> select = new ArrayList<>();
        scoring.inputColumns().forEach(c -> select.add(functions.col("`" + c + "`")));
        select.add(functions.input_file_name().as(FILE_COLUMN));
        Dataset<Row> rows = data.select(select.toArray(Column[]::new));
        RowText text = RowText.of(rows.schema(), job.input().options());

        StructType predictions = schema(scoring.predictionColumns(fileColumn));
        StructType rejects = job.rejects() == null ? null : schema(scoring.rejectColumns(fileColumn));
        StructType produced = rejects == null ? predictions : combined(predictions, rejects);
        CollectionAccumulator<PartCounts> counts = session.sparkContext().collectionAccumulator("mlsteps-predict");
        Broadcast<byte[]> model = JavaSparkContext.fromSparkContext(session.sparkContext()).broadcast(modelBytes);
        PartitionScorer scorer = new PartitionScorer(UUID.randomUUID().toString(), model, scoring, text, fileColumn,
                predictions.size(), rejects == null ? -1 : rejects.size(), counts);
        Dataset<Row> scored = rows.mapPartitions(scorer, Encoders.row(produced));
        int partitions = rows.rdd().getNumPartitions();
        log.info("predict: %d partition%s of %s, %d input file%s", partitions, partitions == 1 ? "" : "s",
                job.input().describe(), files.size(), files.size() == 1 ? "" : "s");
        try (ScanProgress progress = ScanProgress.start(session, "mlsteps-predict-" + scorer.jobId, job.input(), log,
                SparkEngine.PROGRESS_SECONDS)) {
            if (rejects == null) {
                write(engine, scored, job.output(), job.overwrite(), job);
            } else {
                // one scoring pass feeds both tables: kept (memory, then disk) between the two writes
                scored.persist(StorageLevel.MEMORY_AND_DISK());
                try {
                    write(engine, scored.filter(functions.not(functions.col(REJECT_FLAG)))
                            .select(fields(predictions, "p.")), job.output(), job.overwrite(), job);
                    write(engine, scored.filter(functions.col(REJECT_FLAG)).select(fields(rejects, "r.")), job.rejects(),
                            job.overwrite(), job);
                } finally {
                    scored.unpersist();
                }
            }
        } catch (RuntimeException e) {
            throw RefusedRowLocator.locate(e, job.input());
        } finally {
            model.destroy();
        }
        return result(counts.value(), files, partitions, (System.nanoTime() - started) / 1e9, log, job);
    }

    /** The input's files as Spark lists them, in name order (empty for a source that is not files). */
    private static List<String> inputFiles(Dataset<Row> data) {
        try {
            return Arrays.stream(data.inputFiles()).sorted().toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** An existing output is an input error unless the job overwrites, checked before any scoring. */
    private static void checkOutputs(SparkEngine engine, ScoreJob job) {
        for (ScoreJob.Output out : job.rejects() == null ? List.of(job.output()) : List.of(job.output(), job.rejects())) {
            if (!job.overwrite() && exists(engine, out.location())) {
                throw new InputException(out == job.output() ? "output" : "rejects", out.location() + " exists already; "
                        + "expected a new location, or overwrite: true to replace it");
            }
        }
    }

    private static boolean exists(SparkEngine engine, String location) {
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
            FileSystem fs = p.getFileSystem(engine.session().sparkContext().hadoopConfiguration());
            return fs.exists(p);
        } catch (IOException | RuntimeException e) {
            throw new InputException(location, "cannot be checked: " + SparkErrors.message(e));
        }
    }

    private static void delete(SparkEngine engine, String location) {
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
            p.getFileSystem(engine.session().sparkContext().hadoopConfiguration()).delete(p, true);
        } catch (IOException | RuntimeException e) {
            // best effort: the step fails with the scoring's error either way
        }
    }

    private static void write(SparkEngine engine, Dataset<Row> table, ScoreJob.Output out, boolean overwrite, ScoreJob job) {
        boolean existed = exists(engine, out.location());
        DataFrameWriter<Row> writer = table.write().mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists);
        try {
            switch (out.format()) {
                case "parquet" -> writer.parquet(out.location());
                case "jsonl" -> compressed(writer, out).json(out.location());
                default -> compressed(writer, out).option("header", "true").option("quote", "\"").option("escape", "\"")
                        .option("sep", out.format().equals("tsv") ? "\t" : ",").csv(out.location());
            }
        } catch (Exception e) { // Spark's exceptions are checked, thrown undeclared
            if (!existed) {
                delete(engine, out.location()); // a failed job leaves no half-written output that looks finished
            }
            if (String.valueOf(e.getMessage()).contains("PATH_ALREADY_EXISTS")) {
                throw new InputException("output", out.location() + " exists already; expected a new location, or "
                        + "overwrite: true to replace it");
            }
            throw SparkErrors.toInput(e, job.input());
        }
    }

    private static DataFrameWriter<Row> compressed(DataFrameWriter<Row> writer, ScoreJob.Output out) {
        return out.gzip() ? writer.option("compression", "gzip") : writer;
    }

    private static ScoreJob.Result result(List<PartCounts> reported, List<String> files, int partitions, double seconds,
                                          StepLog log, ScoreJob job) {
        Map<Integer, PartCounts> byPartition = new TreeMap<>();
        reported.forEach(c -> byPartition.put(c.partition, c)); // a retried task's report replaces the first
        long predicted = 0;
        long rejected = 0;
        Map<String, Long> rowsPerFile = new LinkedHashMap<>();
        files.forEach(f -> rowsPerFile.put(sameForm(f), 0L));
        Map<String, Long> unseen = new TreeMap<>();
        Map<String, Long> nonFinite = new TreeMap<>();
        Map<String, String> firstNonFinite = new TreeMap<>();
        for (PartCounts c : byPartition.values()) {
            predicted += c.predicted;
            rejected += c.rejected;
            c.rows.forEach((f, n) -> rowsPerFile.merge(sameForm(f), n, Long::sum));
            c.unseen.forEach((k, n) -> unseen.merge(k, n, Long::sum));
            c.nonFinite.forEach((k, n) -> nonFinite.merge(k, n, Long::sum));
            c.firstNonFinite.forEach(firstNonFinite::putIfAbsent);
        }
        List<ScoreJob.InputFile> inputs = new ArrayList<>();
        rowsPerFile.forEach((f, n) -> inputs.add(new ScoreJob.InputFile(f.isEmpty() ? job.input().location() : f, n)));
        long rows = predicted + rejected;
        log.info("predict: %,d rows scored on spark in %.1fs (%,d predicted, %,d rejected); predictions in %s",
                rows, seconds, predicted, rejected, job.output().location());
        return new ScoreJob.Result(rows, predicted, rejected, unseen, nonFinite, firstNonFinite, inputs, partitions, seconds);
    }

    /**
     * A file's location in one form whichever Spark API named it (its listing, or the file a row was read from):
     * a local file as its path, other URIs as given.
     */
    static String sameForm(String location) {
        if (location.isEmpty()) {
            return location;
        }
        try {
            java.net.URI uri = new java.net.URI(location);
            return "file".equals(uri.getScheme()) ? Path.of(uri.getPath()).toString() : uri.toString();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return location;
        }
    }

    /** The last part of a file's location, decoded: its name as the local engine's file column gives it. */
    static String fileName(String location) {
        String path;
        try {
            path = new java.net.URI(location).getPath();
        } catch (java.net.URISyntaxException e) {
            path = location;
        }
        path = path == null ? location : path;
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static byte[] read(Path model) {
        try {
            return Files.readAllBytes(model);
        } catch (IOException e) {
            throw new InputException(model.toString(), "cannot read: " + e.getMessage());
        }
    }

    private static StructType schema(List<RowScoring.Column> columns) {
        List<StructField> fields = new ArrayList<>();
        for (RowScoring.Column c : columns) {
            DataType type = switch (c.type()) {
                case TEXT -> DataTypes.StringType;
                case LONG -> DataTypes.LongType;
                case DOUBLE -> DataTypes.DoubleType;
            };
            fields.add(DataTypes.createStructField(c.name(), type, true));
        }
        return DataTypes.createStructType(fields);
    }

    /** One row type for both tables: a flag, the predictions' columns, then the rejects' (prefixed: names may repeat). */
    private static StructType combined(StructType predictions, StructType rejects) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField(REJECT_FLAG, DataTypes.BooleanType, false));
        for (StructField f : predictions.fields()) {
            fields.add(DataTypes.createStructField("p." + f.name(), f.dataType(), true));
        }
        for (StructField f : rejects.fields()) {
            fields.add(DataTypes.createStructField("r." + f.name(), f.dataType(), true));
        }
        return DataTypes.createStructType(fields);
    }

    /** The columns of one table out of the combined rows, under their own names. */
    private static Column[] fields(StructType table, String prefix) {
        List<Column> out = new ArrayList<>();
        for (StructField f : table.fields()) {
            out.add(functions.col("`" + prefix + f.name() + "`").as(f.name()));
        }
        return out.toArray(Column[]::new);
    }

    /** What one partition scored: rows per input file and the scoring's counts (sent back once per task). */
    static final class PartCounts implements Serializable {
        private static final long serialVersionUID = 1L;
        final int partition;
        final Map<String, Long> rows = new HashMap<>();
        long predicted;
        long rejected;
        final Map<String, Long> unseen = new TreeMap<>();
        final Map<String, Long> nonFinite = new TreeMap<>();
        final Map<String, String> firstNonFinite = new TreeMap<>();

        PartCounts(int partition) {
            this.partition = partition;
        }
    }

    /** Scores one partition on an executor; the model is loaded once per executor JVM and job from the broadcast. */
    static final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        /** The models loaded in this JVM, by job; a few only (a runner's steps share the driver JVM in local mode). */
        private static final Map<String, RowScoring.Scorer> LOADED = new LinkedHashMap<>(4, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, RowScoring.Scorer> eldest) {
                return size() > 2;
            }
        };

        final String jobId;
        private final Broadcast<byte[]> model;
        private final RowScoring scoring;
        private final RowText text;
        private final boolean fileColumn;
        private final int predictionWidth;
        /** The rejects' width, or -1 when rejected rows are not written (then rows are the predictions alone). */
        private final int rejectWidth;
        private final CollectionAccumulator<PartCounts> counts;

        PartitionScorer(String jobId, Broadcast<byte[]> model, RowScoring scoring, RowText text, boolean fileColumn,
                        int predictionWidth, int rejectWidth, CollectionAccumulator<PartCounts> counts) {
            this.jobId = jobId;
            this.model = model;
            this.scoring = scoring;
            this.text = text;
            this.fileColumn = fileColumn;
            this.predictionWidth = predictionWidth;
            this.rejectWidth = rejectWidth;
            this.counts = counts;
        }

        private RowScoring.Scorer scorer() {
            synchronized (LOADED) {
                RowScoring.Scorer s = LOADED.get(jobId);
                if (s == null) {
                    s = load();
                    LOADED.put(jobId, s);
                }
                return s;
            }
        }

        private RowScoring.Scorer load() {
            try {
                Path file = Files.createTempFile("mlsteps-model", ".tribuo");
                try {
                    Files.write(file, model.value());
                    return scoring.open(file, fileColumn);
                } finally {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot write the broadcast model to a temporary file: " + e.getMessage(), e);
            }
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            RowScoring.Scorer scorer = scorer();
            PartCounts part = new PartCounts(org.apache.spark.TaskContext.getPartitionId());
            int width = scoring.inputColumns().size();
            String[] cells = new String[width + 1];
            // chunk by chunk (one input file per chunk), so a partition's predictions are never all in memory
            return new Iterator<>() {
                private final java.util.ArrayDeque<Row> ready = new java.util.ArrayDeque<>();
                private String[] pending;
                private boolean reported;

                @Override
                public boolean hasNext() {
                    while (ready.isEmpty() && (pending != null || rows.hasNext())) {
                        scoreChunk();
                    }
                    if (ready.isEmpty() && !reported) {
                        reported = true;
                        counts.add(part);
                    }
                    return !ready.isEmpty();
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return ready.poll();
                }

                private void scoreChunk() {
                    List<String[]> chunk = new ArrayList<>(CHUNK_ROWS);
                    String file = null;
                    while (chunk.size() < CHUNK_ROWS && (pending != null || rows.hasNext())) {
                        String[] row = pending;
                        if (row == null) {
                            text.cells(rows.next(), cells);
                            row = Arrays.copyOf(cells, cells.length);
                        }
                        if (file != null && !file.equals(row[width])) {
                            pending = row; // the next file starts the next chunk
                            break;
                        }
                        pending = null;
                        file = row[width];
                        chunk.add(Arrays.copyOf(row, width));
                    }
                    String name = file == null || file.isEmpty() ? null : fileName(file);
                    RowScoring.Scored scored = scorer.score(name, chunk);
                    if (scored.problem() != null) {
                        // the file's full location, so that the driver can find the row's line in it
                        throw scored.problem() instanceof RefusedRow refused && file != null && !file.isEmpty()
                                ? refused.in(sameForm(file)) : scored.problem();
                    }
                    part.rows.merge(file == null ? "" : file, (long) chunk.size(), Long::sum);
                    part.predicted += scored.predictions().size();
                    part.rejected += scored.rejected().size();
                    scored.unseen().forEach((k, n) -> part.unseen.merge(k, n, Long::sum));
                    scored.nonFinite().forEach((k, n) -> {
                        part.nonFinite.merge(k, n, Long::sum);
                        part.firstNonFinite.putIfAbsent(k, (name == null ? "data" : name) + " (column '" + k + "')");
                    });
                    for (Object[] p : scored.predictions()) {
                        ready.add(rejectWidth < 0 ? RowFactory.create(p) : combined(false, p, new Object[rejectWidth]));
                    }
                    for (Object[] r : scored.rejected()) {
                        ready.add(combined(true, new Object[predictionWidth], r));
                    }
                }
            };
        }

        private static Row combined(boolean rejected, Object[] prediction, Object[] reject) {
            Object[] values = new Object[1 + prediction.length + reject.length];
            values[0] = rejected;
            System.arraycopy(prediction, 0, values, 1, prediction.length);
            System.arraycopy(reject, 0, values, 1 + prediction.length, reject.length);
            return RowFactory.create(values);
        }
    }
}
