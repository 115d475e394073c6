package io.mlsteps.train;

import io.mlsteps.data.Table;
import io.mlsteps.model.FeatureEncoding;
import io.mlsteps.model.LibLinearModels;
import io.mlsteps.model.ModelFiles;
import io.mlsteps.model.NonFiniteValues;
import io.mlsteps.model.TribuoPredictor;
import io.mlsteps.contract.steps.TrainModelRequest;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import io.mlsteps.data.DatasetProfile;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.data.Reading;
import io.mlsteps.contract.result.LineageRef;
import io.mlsteps.step.ArgumentProblems;
import io.mlsteps.step.MlStep;
import io.mlsteps.step.Requests;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;
import io.mlsteps.train.search.Leaderboard;
import io.mlsteps.train.search.ModelSearch;
import io.mlsteps.train.search.SearchPhase;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.OutputFactory;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;

import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * {@code trainModel}: reads a labelled file, profiles it, encodes the features, trains a Tribuo model and writes
 * {@code model.tribuo} (protobuf, reproducible), {@code model-card.json} and {@code training-profile.json}.
 * Metrics are those of the validation rows (held out by {@code validationSplit}, or a {@code validationData}
 * file).
 */
public final class TrainModelStep implements MlStep<TrainModelRequest> {
    public static final String NAME = "trainModel";
    public static final String CARD_FILE = "model-card.json";
    public static final String PROFILE_FILE = "training-profile.json";

    @Override
    public Class<TrainModelRequest> requestType() {
        return TrainModelRequest.class;
    }

    /** What training produced, for callers that want more than the step result (tests, benchmarks). */
    public record Trained(Model<?> model, Path modelFile, ModelCard card, TribuoPredictor predictor) {
    }

    @Override
    public StepResult execute(TrainModelRequest req, StepContext ctx) throws Exception {
        StepResult result = new StepResult(NAME);
        Trained t = train(req, ctx, result);
        result.setSummary(t.card().algorithm() + " on " + t.card().trainingData().get("rows") + " rows, "
                + t.card().features().size() + " columns (" + t.card().encodedFeatures() + " features), "
                + String.format(Locale.ROOT, "%.1fs", t.card().trainingSeconds()) + headline(t.card().metrics()));
        return result;
    }

    private static String headline(Map<String, Double> metrics) {
        for (String m : List.of("accuracy", "rmse")) {
            if (metrics.containsKey(m)) {
                return String.format(Locale.ROOT, "; validation %s %.4f", m, metrics.get(m));
            }
        }
        return "";
    }

    /** Trains and writes the outputs into the step folder, filling {@code result}. */
    public Trained train(TrainModelRequest req, StepContext ctx, StepResult result) throws Exception {
        return train(req, ctx, result, readOptions(req));
    }

    /** How trainModel reads its training and validation files: the request's reading arguments. */
    public static ReadOptions readOptions(TrainModelRequest req) {
        return Reading.options(req.reading());
    }

    /** The request's arguments that can be checked before any data is read, all reported at once. */
    record Settings(Path data, String labelColumn, long seed, double validationSplit, Path validationData) {
        static Settings of(TrainModelRequest req, StepContext ctx) {
            ArgumentProblems problems = new ArgumentProblems();
            String data = problems.check(() -> Requests.require(req.data(), "data", "the training data file"));
            String label = problems.check(() -> Requests.require(req.labelColumn(), "labelColumn", "the column to predict"));
            double split = req.validationSplit();
            if (split < 0 || split >= 1) {
                problems.add("validationSplit", "is " + split + "; expected a fraction in [0, 1)");
            }
            problems.throwIfAny();
            boolean validationFile = req.validationData() != null && !req.validationData().isBlank();
            return new Settings(ctx.resolve(data), label, req.seed(), split,
                    validationFile ? ctx.resolve(req.validationData()) : null);
        }
    }

    /** The training file read into memory and profiled (the profile is saved into the step folder). */
    private record Read(Table table, DatasetProfile profile, Path profileFile) {
    }

    /** What is trained on what: the task, the features, the algorithm and the labelled rows. */
    private record Plan(String task, int labelIndex, FeatureEncoding encoding, Algorithms.Algorithm algorithm,
                        ModelSearch search, List<Integer> labelled, int skipped) {
    }

    /** The labelled rows split into training and validation rows (of the training file or the validation file). */
    private record Split(List<Integer> trainRows, List<Integer> validationRows, Table validationTable, String source) {
    }

    /** The Tribuo dataset of the training rows, with the non-finite values met while encoding them. */
    private record Examples(MutableDataset<?> dataset, int size, NonFiniteValues nonFinite, List<Example<?>> list,
                            int[] rows, OutputFactory<?> factory) {
    }

    /** A fitted model with its parameters and timings. */
    private record Fitted(Algorithms.Algorithm algorithm, Model<?> model, Map<String, Object> params, double seconds,
                          double cpuSeconds, boolean cpuKnown) {
    }

    /** As {@link #train(TrainModelRequest, StepContext, StepResult)}, reading the data files with {@code options}. */
    public Trained train(TrainModelRequest req, StepContext ctx, StepResult result, ReadOptions options) throws Exception {
        Settings settings = Settings.of(req, ctx);
        Instant startedAt = Instant.now();
        Read read = read(req, settings, ctx, options);
        Plan plan = plan(req, read, ctx.log());
        Split split = split(req, settings, read.table(), plan, options, ctx);
        Examples examples = examples(req, settings, read, plan, split, ctx.log());
        Leaderboard board = plan.search() == null ? null : search(req, ctx, read, plan, split, examples);
        Fitted fitted = fit(req, settings, read, plan, examples, board, ctx.log());

        Path modelFile = ctx.stepDir().resolve(req.modelFile() == null ? "model.tribuo" : req.modelFile());
        long tSave = System.nanoTime();
        ModelFiles.save(fitted.model(), modelFile);
        TribuoPredictor predictor = TribuoPredictor.load(modelFile);
        ctx.log().info("saved and reloaded %s in %.2fs", modelFile.getFileName(), (System.nanoTime() - tSave) / 1e9);

        Map<String, Double> metrics = metrics(req, plan, split, examples, fitted, predictor, ctx.log());
        metrics.forEach(result::putMetric);
        examples.nonFinite().report(result, ctx.log(), "the training and validation rows");
        if (board != null) {
            board.write(ctx, result, plan.search().foldCount());
        }
        ModelCard card = TrainingOutputs.card(req, ctx, fitted.algorithm(), plan.task(), fitted.params(), settings.seed(), plan.encoding(),
                examples.dataset(), read.profile(), plan.skipped(), examples.size(), split.source(),
                split.validationRows().size(), metrics, startedAt, fitted.seconds(), fitted.model(), modelFile, predictor,
                board == null ? null : board.card(plan.search().foldCount()));
        Path cardFile = ctx.stepDir().resolve(CARD_FILE);
        Json.write(cardFile, card);
        describe(req, settings, plan, fitted, read, modelFile, cardFile, card, predictor, ctx, result);
        ctx.log().info("summary: %s %s, %,d training rows, %d features, %.2fs%s; wrote %s, %s, %s", fitted.algorithm().name(),
                plan.task(), examples.size(), examples.dataset().getFeatureMap().size(), fitted.seconds(), headline(metrics),
                modelFile.getFileName(), CARD_FILE, PROFILE_FILE);
        return new Trained(fitted.model(), modelFile, card, predictor);
    }

    private static Read read(TrainModelRequest req, Settings settings, StepContext ctx, ReadOptions options) {
        StepLog log = ctx.log();
        log.info("reading %s", req.data());
        long tRead = System.nanoTime();
        Table table = Table.read(settings.data(), options, log);
        long tProfile = System.nanoTime();
        DatasetProfile profile = new DatasetProfile(table.columns());
        for (int r = 0; r < table.size(); r++) {
            profile.accept(table.row(r), table.line(r));
        }
        profile.describeSource(settings.data(), options);
        Path profileFile = ctx.stepDir().resolve(PROFILE_FILE);
        profile.save(profileFile);
        log.info("read %,d rows in %.2fs, profiled in %.2fs", table.size(), (tProfile - tRead) / 1e9,
                (System.nanoTime() - tProfile) / 1e9);
        return new Read(table, profile, profileFile);
    }

    private Plan plan(TrainModelRequest req, Read read, StepLog log) {
        Table table = read.table();
        int labelIndex = table.column(req.labelColumn(), "labelColumn");
        String task = TrainingExamples.resolveTask(req.task(), read.profile().column(req.labelColumn()));
        FeatureEncoding encoding = TrainingExamples.chooseFeatures(req, table, read.profile(), log);
        String algorithmName = req.algorithm() == null || req.algorithm().isBlank() ? Algorithms.defaultFor(task) : req.algorithm();
        ModelSearch search = ModelSearch.requested(req) ? new ModelSearch(req, task) : null;
        Algorithms.Algorithm algorithm = search != null ? null : Algorithms.find(task, algorithmName);
        if (search == null && req.params() != null) {
            Algorithms.resolve(algorithm, req.params(), 1);
        }
        List<Integer> labelled = new ArrayList<>();
        for (int r = 0; r < table.size(); r++) {
            if (table.cell(r, labelIndex) != null) {
                labelled.add(r);
            }
        }
        int skipped = table.size() - labelled.size();
        if (labelled.isEmpty()) {
            throw new InputException(table.source(), "label column '" + req.labelColumn()
                    + "' is missing in every row; expected a label per row");
        }
        if (skipped > 0) {
            log.warn(skipped + " rows without a label are skipped");
        }
        TrainingExamples.checkLabels(task, table, labelled, labelIndex, req.labelColumn());
        return new Plan(task, labelIndex, encoding, algorithm, search, labelled, skipped);
    }

    private static Split split(TrainModelRequest req, Settings settings, Table table, Plan plan, ReadOptions options,
                               StepContext ctx) {
        List<Integer> trainRows = new ArrayList<>(plan.labelled());
        if (settings.validationData() != null) {
            Table validationTable = Table.read(settings.validationData(), options, ctx.log());
            int vLabel = validationTable.column(req.labelColumn(), "validationData");
            for (String c : plan.encoding().columnNames()) {
                validationTable.column(c, "validationData");
            }
            List<Integer> validationRows = new ArrayList<>();
            for (int r = 0; r < validationTable.size(); r++) {
                if (validationTable.cell(r, vLabel) != null) {
                    validationRows.add(r);
                }
            }
            return new Split(trainRows, validationRows, validationTable, req.validationData());
        }
        double split = settings.validationSplit();
        if (split <= 0) {
            return new Split(trainRows, List.of(), null, "none");
        }
        List<Integer> validationRows = new ArrayList<>();
        Collections.shuffle(trainRows, new java.util.Random(settings.seed()));
        int nVal = (int) Math.round(trainRows.size() * split);
        if (nVal > 0 && trainRows.size() - nVal > 0) {
            validationRows = new ArrayList<>(trainRows.subList(0, nVal));
            trainRows = new ArrayList<>(trainRows.subList(nVal, trainRows.size()));
            Collections.sort(trainRows);
            Collections.sort(validationRows);
        }
        return new Split(trainRows, validationRows, table,
                "validationSplit " + split + " of " + req.data() + " (seed " + settings.seed() + ")");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Examples examples(TrainModelRequest req, Settings settings, Read read, Plan plan, Split split,
                                     StepLog log) {
        Table table = read.table();
        String task = plan.task();
        OutputFactory<?> factory = task.equals(Algorithms.REGRESSION) ? new RegressionFactory() : new LabelFactory();
        List<Example> examples = new ArrayList<>(split.trainRows().size());
        int[] exampleRows = new int[split.trainRows().size()];
        NonFiniteValues nonFinite = new NonFiniteValues();
        int noFeature = 0;
        for (int r : split.trainRows()) {
            Example<?> ex = TrainingExamples.example(table, r, plan.labelIndex(), req.labelColumn(), task, plan.encoding(), nonFinite);
            if (ex == null) {
                noFeature++;
            } else {
                exampleRows[examples.size()] = r;
                examples.add(ex);
            }
        }
        if (noFeature > 0) {
            log.warn(noFeature + " training rows have no feature value (all missing) and are skipped");
        }
        if (task.equals(Algorithms.CLASSIFICATION)) {
            Set<String> classes = new TreeSet<>();
            for (Example e : examples) {
                classes.add(((Label) e.getOutput()).getLabel());
            }
            if (classes.size() < 2) {
                throw new InputException(table.source(), "the training rows of label column '" + req.labelColumn()
                        + "' hold a single class " + classes + "; expected at least two classes");
            }
        }
        MutableDataset dataset = new MutableDataset(new ListDataSource(examples, factory,
                new SimpleDataSourceProvenance(settings.data().getFileName() + " sha256=" + read.profile().sha256(),
                        OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), factory)));
        return new Examples(dataset, examples.size(), nonFinite, (List) examples,
                java.util.Arrays.copyOf(exampleRows, examples.size()), factory);
    }

    /** The candidates ranked on folds or the validation rows (trainModel's {@code candidates}/{@code search}). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Leaderboard search(TrainModelRequest req, StepContext ctx, Read read, Plan plan, Split split,
                                      Examples examples) throws java.io.IOException, InterruptedException {
        Table vTable = split.validationTable();
        List<Integer> vRows = split.validationRows();
        return SearchPhase.run(plan.search(), req, ctx, read.table(), examples.rows(), (List) examples.list(),
                () -> TrainingExamples.validationExamples(vTable, vRows, TrainingExamples.labelIndex(vTable, req), req.labelColumn(), plan.task(),
                        plan.encoding()), vTable == read.table() ? vRows : null, examples.factory(), plan.encoding());
    }

    private static Fitted fit(TrainModelRequest req, Settings settings, Read read, Plan plan, Examples examples,
                              Leaderboard board, StepLog log) {
        Algorithms.Algorithm algorithm = board == null ? plan.algorithm() : board.winner().trial().algorithm();
        Map<String, Object> given = board == null ? req.params() : board.winner().trial().params();
        int numFeatures = examples.dataset().getFeatureMap().size();
        Map<String, Object> params = Algorithms.resolve(algorithm, given, numFeatures);
        Trainer<?> trainer = Trainers.create(algorithm, params, settings.seed(), numFeatures, examples.size(),
                plan.encoding());
        log.info("training %s (%s) on %,d rows, %d columns, %d features; params %s; seed %d", algorithm.name(),
                plan.task(), examples.size(), plan.encoding().columns().size(), numFeatures, params, settings.seed());
        Map<String, Provenance> run = Map.of(FeatureEncoding.PROVENANCE_KEY,
                new StringProvenance(FeatureEncoding.PROVENANCE_KEY, plan.encoding().toJson()),
                TribuoPredictor.LABEL_PROVENANCE_KEY,
                new StringProvenance(TribuoPredictor.LABEL_PROVENANCE_KEY, req.labelColumn()),
                TribuoPredictor.IGNORED_COLUMNS_PROVENANCE_KEY,
                new StringProvenance(TribuoPredictor.IGNORED_COLUMNS_PROVENANCE_KEY, TrainingExamples.ignoredColumns(read.table(), plan.encoding(), req)));
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        Model<?> model;
        try (TribuoLogBridge ignored = new TribuoLogBridge(log, algorithm.name()
                + (params.containsKey("trees") ? " (" + params.get("trees") + " trees)" : ""))) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            Model<?> m = ((Trainer) trainer).train(examples.dataset(), run);
            model = m;
        }
        // LIBLINEAR's Tribuo model would be stored with Java serialization: store the same weights as protobuf
        model = LibLinearModels.withoutJavaSerialization(model);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
        log.info("trained in %.2fs (%.2f CPU seconds)", seconds, cpuSeconds);
        return new Fitted(algorithm, model, params, seconds, cpuSeconds, cpu0 >= 0);
    }

    private static Map<String, Double> metrics(TrainModelRequest req, Plan plan, Split split, Examples examples,
                                               Fitted fitted, TribuoPredictor predictor, StepLog log) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (!split.validationRows().isEmpty()) {
            metrics.putAll(TrainingExamples.validationMetrics(predictor, split.validationTable(), split.validationRows(), req.labelColumn(),
                    plan.task(), log, examples.nonFinite()));
        }
        metrics.put("training_rows", (double) examples.size());
        metrics.put("validation_rows", (double) split.validationRows().size());
        metrics.put("training_seconds", fitted.seconds());
        if (fitted.cpuKnown()) {
            metrics.put("training_cpu_seconds", fitted.cpuSeconds());
        }
        return metrics;
    }

    /** The step's outputs, lineage, details, feature table and chart. */
    private static void describe(TrainModelRequest req, Settings settings, Plan plan, Fitted fitted, Read read,
                                 Path modelFile, Path cardFile, ModelCard card, TribuoPredictor predictor, StepContext ctx,
                                 StepResult result) throws java.io.IOException {
        result.getOutputs().add(ctx.describeOutput("model", modelFile));
        result.getOutputs().add(ctx.describeOutput("modelCard", cardFile));
        result.getOutputs().add(ctx.describeOutput("trainingProfile", read.profileFile()));
        result.getLineage().add(new LineageRef("dataset", "input", req.data(), read.profile().sha256(),
                settings.data().toUri().toString()));
        if (settings.validationData() != null) {
            Path v = settings.validationData();
            result.getLineage().add(new LineageRef("dataset", "input", req.validationData(),
                    io.mlsteps.util.Hashing.sha256(v), v.toUri().toString()));
        }
        result.getLineage().add(new LineageRef("model", "output", modelFile.getFileName().toString(),
                io.mlsteps.util.Hashing.sha256(modelFile), modelFile.toUri().toString()));
        result.getDetails().put("algorithm", fitted.algorithm().name());
        result.getDetails().put("task", plan.task());
        result.getDetails().put("params", fitted.params());
        result.getDetails().put("seed", settings.seed());
        result.getDetails().put("labels", predictor.labels());
        result.getTables().add(TrainingOutputs.featureTable(card));
        TrainingOutputs.topFeaturesChart(fitted.model(), ctx, result);
    }

    /**
     * Forwards Tribuo's java.util.logging output (loss per epoch of SGD models) to the step log while training
     * runs, and says every 15 seconds that training is still running (tree ensembles and XGBoost log nothing
     * per tree).
     */
    static final class TribuoLogBridge extends Handler implements AutoCloseable {
        private final Logger root = Logger.getLogger("org.tribuo");
        private final StepLog log;
        private final boolean useParent;
        private final Level level;
        private final java.util.concurrent.ScheduledExecutorService heartbeat;

        TribuoLogBridge(StepLog log, String what) {
            this.log = log;
            this.useParent = root.getUseParentHandlers();
            this.level = root.getLevel();
            root.setUseParentHandlers(false);
            root.setLevel(Level.INFO);
            root.addHandler(this);
            long start = System.nanoTime();
            heartbeat = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "training-heartbeat");
                t.setDaemon(true);
                return t;
            });
            heartbeat.scheduleAtFixedRate(() -> log.info("progress: training %s, %.0fs so far", what,
                    (System.nanoTime() - start) / 1e9), 15, 15, java.util.concurrent.TimeUnit.SECONDS);
        }

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.INFO.intValue()) {
                String msg = record.getMessage();
                if (record.getParameters() != null && record.getParameters().length > 0) {
                    msg = java.text.MessageFormat.format(msg, record.getParameters());
                }
                log.info("tribuo: %s", msg);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            heartbeat.shutdownNow();
            root.removeHandler(this);
            root.setUseParentHandlers(useParent);
            root.setLevel(level);
        }
    }

    /**
     * CPU time of the whole JVM process in nanoseconds (all threads, native ones such as XGBoost's included, and the
     * JIT compiler and garbage collector), or -1 where the JVM does not report it.
     */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }
}
