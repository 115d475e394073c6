package io.mlsteps.drift;

import io.mlsteps.contract.steps.CheckDriftRequest;
import io.mlsteps.data.DataReaders;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.data.RecordReader;
import io.mlsteps.engine.DataEngine;
import io.mlsteps.engine.DataEngines;
import io.mlsteps.engine.DataSource;
import io.mlsteps.engine.EngineChoice;
import io.mlsteps.metrics.PerformanceTracker;
import io.mlsteps.step.StepContext;
import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * checkDrift's reading phase: the reference profile (a saved profile, the cache, or the data profiled) and the
 * current one (a data file or folder, or the prediction log in its window) are made at the same time, here or on the
 * engine asked for; labelled predictions feed the performance tracker as they are read, or are joined from the
 * labels file afterwards.
 */
final class DriftInputs {
    /** The two profiles; {@code log} is the prediction log read (its window's counts), null for a current data file. */
    record Profiles(DriftProfile reference, DriftProfile current, PredictionLogReader.Read log) {
    }

    private DriftInputs() {
    }

    /**
     * Reads both sides. {@code performance}, when not null, receives the (label, prediction) pairs: of the current
     * data's rows, or of the log's predictions joined with the labels file by request id.
     */
    static Profiles read(CheckDriftRequest q, CheckDriftStep.Settings settings, PerformanceTracker performance,
                         ReadOptions options, StepContext ctx) throws Exception {
        Profiles profiles = profiles(q, settings, performance, options, ctx);
        if (profiles.log() != null && q.labels() != null) {
            joinLabels(ctx.resolve(q.labels()), q.labelColumn() == null ? "label" : q.labelColumn(),
                    profiles.log().predictions(), performance, options, ctx.log());
        }
        return profiles;
    }

    private static Profiles profiles(CheckDriftRequest q, CheckDriftStep.Settings settings, PerformanceTracker performance,
                                     ReadOptions options, StepContext ctx) throws Exception {
        EngineChoice choice = EngineChoice.of(q.engine(), ctx.env());
        DataEngine engine = choice.isLocal() ? null : DataEngines.open(choice, ctx.log());
        // two threads: the reference is profiled while the current data (or the log) is read
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "checkDrift-profile");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<DriftProfile> reference = pool.submit(() -> referenceProfile(q, options, ctx, engine));
            if (q.predictionLog() != null) {
                PredictionLogReader.Read log = readLog(q, settings, ctx);
                return new Profiles(reference.get(), log.profile(), log);
            }
            DriftProfile current = pool.submit(() -> currentProfile(q, options, ctx, engine,
                    settings.predictionColumn(), performance)).get();
            return new Profiles(reference.get(), current, null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        } finally {
            pool.shutdownNow();
            if (engine != null) {
                engine.close();
            }
        }
    }

    /** The prediction log's entries in the window; none there is an input error (a verdict on nothing passes). */
    private static PredictionLogReader.Read readLog(CheckDriftRequest q, CheckDriftStep.Settings settings, StepContext ctx) {
        PredictionLogReader.Read log = PredictionLogReader.read(ctx.resolve(q.predictionLog()), settings.from(),
                settings.to(), q.labels() != null, ctx.log());
        if (log.entries() == 0) {
            throw new InputException("predictionLog", "no prediction in the window "
                    + (settings.from() == null ? "" : "from " + settings.from() + " ") + "to " + settings.to()
                    + " (" + log.outsideWindow() + " outside it); widen 'since' or check the log");
        }
        return log;
    }

    /** The current data's profile, here (pairing labels and predictions as it reads) or on the engine asked for. */
    private static DriftProfile currentProfile(CheckDriftRequest q, ReadOptions options, StepContext ctx,
                                               DataEngine engine,
                                               String predictionColumn, PerformanceTracker performance) {
        if (engine != null) {
            DataSource source = DataSource.of(q.current(), q.reading().format(), options, ctx.workDir(), "current");
            ctx.log().info("profiling current data %s on %s", source.describe(), engine.describe());
            return DriftProfile.of(engine, source, ctx.log(), q.labelColumn(), predictionColumn, performance);
        }
        Path currentPath = ctx.resolve(q.current());
        DriftProfile.RowListener listener = performance == null ? null
                : pairListener(q.labelColumn(), predictionColumn, performance);
        ctx.log().info("profiling current data %s", currentPath);
        return DriftProfile.of(currentPath, options, ctx.log(), listener);
    }

    /** The reference's profile: the saved one as given, else profiled on the engine, else from the cache or the data. */
    private static DriftProfile referenceProfile(CheckDriftRequest q, ReadOptions options, StepContext ctx, DataEngine engine) {
        if (q.referenceProfile() != null) {
            Path p = ctx.resolve(q.referenceProfile());
            ctx.log().info("reference profile %s (the reference data is not re-read)", p);
            return DriftProfile.load(p);
        }
        if (engine != null) {
            // no cache: the engine's data (a table, a bucket) has no file identity this process can check cheaply
            DataSource source = DataSource.of(q.reference(), q.reading().format(), options, ctx.workDir(), "reference");
            ctx.log().info("profiling reference data %s on %s", source.describe(), engine.describe());
            return DriftProfile.of(engine, source, ctx.log(), null, null, null);
        }
        Path p = ctx.resolve(q.reference());
        if (q.referenceCache()) {
            return new ReferenceProfileCache(ctx.workDir().resolve(CheckDriftStep.REFERENCE_CACHE_DIR), ctx.log())
                    .profile(p, options);
        }
        ctx.log().info("profiling reference data %s", p);
        return DriftProfile.of(p, options, ctx.log());
    }

    /** Pairs each current row's label and prediction for the tracker; the columns are looked up on the first row. */
    private static DriftProfile.RowListener pairListener(String labelColumn, String predictionColumn,
                                                         PerformanceTracker tracker) {
        return new DriftProfile.RowListener() {
            int label = -2;
            int prediction = -2;

            @Override
            public void row(List<String> columns, String[] values) {
                if (label == -2) {
                    label = columns.indexOf(labelColumn);
                    prediction = columns.indexOf(predictionColumn);
                    if (label < 0 || prediction < 0) {
                        throw new InputException(label < 0 ? "labelColumn" : "predictionColumn", "column '"
                                + (label < 0 ? labelColumn : predictionColumn) + "' is not in the current data; its "
                                + "columns are " + columns);
                    }
                }
                tracker.add(values[label], values[prediction]);
            }
        };
    }

    /** Feeds the tracker the labels file's labels of logged predictions, matched by request id. */
    private static void joinLabels(Path labels, String labelColumn, Map<String, String> predictions,
                                   PerformanceTracker tracker, ReadOptions options, StepLog log) {
        // a labels file is looked up by its column names, so it has a header even where the data has none
        try (RecordReader reader = DataReaders.open(labels, options.withHeader(true), log)) {
            int id = reader.columns().indexOf("requestId");
            int label = reader.columns().indexOf(labelColumn);
            if (id < 0 || label < 0) {
                throw new InputException(labels.toString(), 1, 1, "expected columns 'requestId' and '" + labelColumn
                        + "' but found " + reader.columns());
            }
            String[] row;
            while ((row = reader.next()) != null) {
                String p = predictions.get(row[id]);
                if (p != null) {
                    tracker.add(row[label], p);
                }
            }
        }
    }
}
