package io.mlsteps.spark;

import io.mlsteps.engine.DataSource;
import io.mlsteps.model.Prediction;
import io.mlsteps.model.Predictor;
import io.mlsteps.contract.result.LineageRef;
import io.mlsteps.model.TribuoPredictor;
import io.mlsteps.util.Hashing;
import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Batch scoring on Spark: the model file is broadcast once to the executors (as bytes, loaded there through the
 * engine's {@link TribuoPredictor}, which refuses files that would run Java deserialization), every partition is
 * scored in batches through the {@link Predictor} interface with the same text form of the cells as the engine's
 * readers give it, and the predictions are written as Parquet or CSV: the columns to keep (an id, say), then
 * {@code prediction} (the class, or the value for regression) and {@code score:<class>} per class. The result
 * names the input, the model (sha256) and the output for the lineage.
 *
 * <p>The batch prediction step ({@code predict}) calls {@link #score} with its request when {@code engine: 'spark'}.
 */
public final class BatchScoring {
    /** Rows handed to the predictor at once. */
    static final int BATCH_ROWS = 1024;
    public static final String PREDICTION_COLUMN = "prediction";

    private BatchScoring() {
    }

    /**
     * What to score.
     *
     * @param input        the data (any {@link DataSource} the engine reads)
     * @param model        the model file on this machine (a Tribuo model written by trainModel)
     * @param output       where the predictions go (a folder path or URI; Spark writes part files)
     * @param outputFormat {@code parquet} or {@code csv}
     * @param keepColumns  input columns copied beside each prediction (e.g. an id); empty for none
     * @param scores       whether to add {@code score:<class>} columns (classification)
     * @param overwrite    whether an existing output is replaced (else it is an input error)
     */
    public record Request(DataSource input, Path model, String output, String outputFormat, List<String> keepColumns,
                          boolean scores, boolean overwrite) {
        public Request {
            keepColumns = keepColumns == null ? List.of() : List.copyOf(keepColumns);
            outputFormat = outputFormat == null ? "parquet" : outputFormat.toLowerCase(Locale.ROOT);
        }
    }

    /** What was scored: rows, partitions, the output's columns and the lineage (input, model, output). */
    public record Result(long rows, int partitions, String output, List<String> columns, String modelSha256,
                         List<LineageRef> lineage) {
    }

    public static Result score(SparkEngine engine, Request request, StepLog log) {
        if (!List.of("parquet", "csv").contains(request.outputFormat())) {
            throw new InputException("outputFormat", "is '" + request.outputFormat() + "'; expected parquet or csv");
        }
        Predictor local = TribuoPredictor.load(request.model()); // checks the file here, before any executor does
        byte[] modelBytes = read(request.model());
        String sha256 = Hashing.sha256(request.model());
        long started = System.nanoTime();
        Dataset<Row> data = SparkSources.read(engine.session(), request.input());
        List<String> columns = Arrays.asList(data.columns());
        for (String keep : request.keepColumns()) {
            if (!columns.contains(keep)) {
                throw new InputException("keepColumns", "column '" + keep + "' is not in " + request.input().describe()
                        + "; its columns are " + columns);
            }
        }
        List<String> features = new ArrayList<>();
        for (String f : local.featureNames()) {
            if (columns.contains(f)) {
                features.add(f);
            }
        }
        if (features.isEmpty()) {
            throw new InputException(request.input().location(), "has none of the model's features " + local.featureNames());
        }
        boolean classification = TribuoPredictor.CLASSIFICATION.equals(local.task());
        List<String> classes = request.scores() && classification ? local.labels() : List.of();
        StructType schema = outputSchema(data.schema(), request.keepColumns(), classification, classes);

        Broadcast<byte[]> model = JavaSparkContext.fromSparkContext(engine.session().sparkContext()).broadcast(modelBytes);
        PartitionScorer scorer = new PartitionScorer(model, sha256, RowText.of(data.schema(), request.input().options()),
                columns, features, request.keepColumns(), classification, classes);
        Dataset<Row> predictions = data.mapPartitions(scorer, Encoders.row(schema));
        try {
            var writer = predictions.write().mode(request.overwrite() ? SaveMode.Overwrite : SaveMode.ErrorIfExists);
            if (request.outputFormat().equals("csv")) {
                writer.option("header", "true").csv(request.output());
            } else {
                writer.parquet(request.output());
            }
        } catch (Exception e) {
            if (String.valueOf(e.getMessage()).contains("PATH_ALREADY_EXISTS")) {
                throw new InputException("output", request.output() + " exists already; expected a new location (or overwrite)");
            }
            throw SparkErrors.toInput(e, request.input());
        } finally {
            model.destroy();
        }
        long rows = engine.session().read().format(request.outputFormat()).option("header", "true").load(request.output()).count();
        log.info("scored %,d rows of %s with %s in %.1fs; predictions in %s (%s)", rows, request.input().describe(),
                request.model().getFileName(), (System.nanoTime() - started) / 1e9, request.output(), request.outputFormat());
        List<LineageRef> lineage = List.of(
                new LineageRef("dataset", "input", request.input().location(), null, request.input().location()),
                new LineageRef("model", "input", request.model().toString(), sha256, request.model().toUri().toString()),
                new LineageRef("dataset", "output", request.output(), null, request.output()));
        return new Result(rows, data.rdd().getNumPartitions(), request.output(), Arrays.asList(schema.fieldNames()), sha256, lineage);
    }

    private static byte[] read(Path model) {
        try {
            return Files.readAllBytes(model);
        } catch (IOException e) {
            throw new InputException(model.toString(), "cannot read: " + e.getMessage());
        }
    }

    private static StructType outputSchema(StructType input, List<String> keep, boolean classification, List<String> classes) {
        List<StructField> fields = new ArrayList<>();
        for (String k : keep) {
            fields.add(input.fields()[input.fieldIndex(k)]);
        }
        fields.add(DataTypes.createStructField(PREDICTION_COLUMN, classification ? DataTypes.StringType : DataTypes.DoubleType, true));
        for (String c : classes) {
            fields.add(DataTypes.createStructField("score:" + c, DataTypes.DoubleType, true));
        }
        return DataTypes.createStructType(fields);
    }

    /** Scores one partition on an executor; the model is loaded once per executor JVM from the broadcast bytes. */
    static final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private static final Map<String, Predictor> LOADED = new ConcurrentHashMap<>();

        private final Broadcast<byte[]> model;
        private final String sha256;
        private final RowText text;
        private final List<String> columns;
        private final List<String> features;
        private final List<String> keep;
        private final boolean classification;
        private final List<String> classes;

        PartitionScorer(Broadcast<byte[]> model, String sha256, RowText text, List<String> columns, List<String> features,
                        List<String> keep, boolean classification, List<String> classes) {
            this.model = model;
            this.sha256 = sha256;
            this.text = text;
            this.columns = List.copyOf(columns);
            this.features = List.copyOf(features);
            this.keep = List.copyOf(keep);
            this.classification = classification;
            this.classes = List.copyOf(classes);
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            Predictor predictor = LOADED.computeIfAbsent(sha256, k -> load(model.value()));
            int[] featureIndex = features.stream().mapToInt(columns::indexOf).toArray();
            int[] keepIndex = keep.stream().mapToInt(columns::indexOf).toArray();
            String[] cells = new String[columns.size()];
            // batch by batch, so a partition's predictions are never all in memory
            return new Iterator<>() {
                private final java.util.ArrayDeque<Row> ready = new java.util.ArrayDeque<>();

                @Override
                public boolean hasNext() {
                    if (ready.isEmpty() && rows.hasNext()) {
                        scoreBatch();
                    }
                    return !ready.isEmpty();
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    return ready.poll();
                }

                private void scoreBatch() {
                    List<Map<String, String>> batch = new ArrayList<>(BATCH_ROWS);
                    List<Object[]> kept = new ArrayList<>(BATCH_ROWS);
                    while (rows.hasNext() && batch.size() < BATCH_ROWS) {
                        Row row = rows.next();
                        text.cells(row, cells);
                        Map<String, String> values = new LinkedHashMap<>();
                        for (int i = 0; i < featureIndex.length; i++) {
                            values.put(features.get(i), cells[featureIndex[i]]);
                        }
                        batch.add(values);
                        Object[] k = new Object[keepIndex.length];
                        for (int i = 0; i < keepIndex.length; i++) {
                            k[i] = row.get(keepIndex[i]);
                        }
                        kept.add(k);
                    }
                    List<Prediction> predictions = predictor.predictAll(batch);
                    for (int i = 0; i < predictions.size(); i++) {
                        ready.add(toRow(kept.get(i), predictions.get(i)));
                    }
                }
            };
        }

        private Row toRow(Object[] kept, Prediction p) {
            Object[] values = Arrays.copyOf(kept, kept.length + 1 + classes.size());
            values[kept.length] = classification ? p.label() : p.value();
            for (int i = 0; i < classes.size(); i++) {
                values[kept.length + 1 + i] = p.scores() == null ? null : p.scores().get(classes.get(i));
            }
            return RowFactory.create(values);
        }

        private static Predictor load(byte[] bytes) {
            try {
                Path file = Files.createTempFile("mlsteps-model", ".tribuo");
                try {
                    Files.write(file, bytes);
                    return TribuoPredictor.load(file);
                } finally {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot write the broadcast model to a temporary file: " + e.getMessage(), e);
            }
        }
    }
}
