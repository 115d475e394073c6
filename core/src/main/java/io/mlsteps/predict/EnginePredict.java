package io.mlsteps.predict;

import io.mlsteps.contract.result.OutputFile;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.steps.PredictRequest;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.engine.DataEngine;
import io.mlsteps.engine.DataEngines;
import io.mlsteps.engine.DataSource;
import io.mlsteps.engine.EngineChoice;
import io.mlsteps.engine.ScoreJob;
import io.mlsteps.model.NonFiniteValues;
import io.mlsteps.step.Requests;
import io.mlsteps.step.StepContext;
import io.mlsteps.util.Hashing;
import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * {@code predict} on a distributed engine ({@code engine: 'spark'}): the data is read and scored where it is, by
 * {@link PartRows} in every part, and the predictions are written there as part files in the format the output's
 * name says ({@code .parquet}, {@code .csv}, {@code .tsv}, {@code .jsonl}, the text formats optionally {@code .gz}).
 * The model is resolved, checked and hashed here as for the local engine, and the result (metrics, details, lineage,
 * summary) is {@link PredictStep}'s. Local input files keep their content hash as lineage identity (hashed here
 * while the engine scores); a URI or table, whose bytes this machine does not read, is identified by its location.
 */
final class EnginePredict {
    static final String DEFAULT_OUTPUT = "predictions.parquet";
    private static final List<String> FORMATS = List.of("parquet", "csv", "tsv", "jsonl");

    private EnginePredict() {
    }

    static StepResult run(PredictRequest req, StepContext ctx, ReadOptions options, EngineChoice choice) {
        StepLog log = ctx.log();
        DataSource input = DataSource.of(Requests.require(req.data(), "data", "the data to score"),
                req.reading().format(), options, ctx.workDir(), "data");
        List<String> passthrough = PredictStep.passthrough(req);
        boolean defaultOutput = req.output() == null || req.output().isBlank();
        ScoreJob.Output output = output(defaultOutput ? ctx.stepDir().resolve(DEFAULT_OUTPUT).toString() : req.output(),
                ctx, "output");
        ScoreJob.Output rejects = req.rejects() == null || req.rejects().isBlank() ? null : output(req.rejects(), ctx, "rejects");
        checkPlaces(input, output, "output");
        if (rejects != null) {
            checkPlaces(input, rejects, "rejects");
            if (rejects.location().equals(output.location())) {
                throw new InputException("rejects", "is the same location as output (" + output.location()
                        + "); expected another one");
            }
        }
        ModelSource source = ModelSource.resolve(req, ctx);
        RowModel model = RowModel.load(source.file());
        PredictStep.checkPassthrough(passthrough, model);
        boolean ignoreUnseen = "ignore".equals(req.unseenCategories());
        PartRows scoring = new PartRows(model, passthrough, req.scores(), ignoreUnseen, rejects != null);
        // the step's own default output is replaced, as the local engine replaces its file; a given one only when asked
        ScoreJob job = new ScoreJob(input, source.file(), source.sha256(), scoring, output, rejects,
                req.overwrite() || defaultOutput);
        ScoreJob.Result done;
        Map<String, Object> run = new LinkedHashMap<>();
        try (DataEngine engine = DataEngines.open(choice, log)) {
            log.info("predict: %s (%s, %d features) on %s with %s", source.label(), model.task(),
                    model.features().size(), input.describe(), engine.describe());
            run.put("engine", engine.describe());
            done = engine.score(job, log);
        }
        run.put("partitions", done.partitions());
        List<PredictStep.Scored.Input> inputs = inputs(done.inputs());
        NonFiniteValues nonFinite = new NonFiniteValues();
        done.nonFinite().forEach((column, n) -> nonFinite.add(column, n, 0, () -> done.firstNonFinite().get(column)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("location", output.location());
        out.put("format", describe(output));
        out.put("columns", names(scoring.predictionColumns(inputs.size() > 1)));
        return PredictStep.result(req, ctx, source, model, new PredictStep.Scored(inputs,
                describe("predictions", output, ctx), output.location(), uri(output.location()), out,
                rejects == null ? null : new PredictStep.Scored.Rejects(describe("rejects", rejects, ctx),
                        rejects.location(), names(scoring.rejectColumns(inputs.size() > 1))),
                done.rows(), done.predicted(), done.rejected(), done.unseen(), nonFinite, done.seconds(), ignoreUnseen, run));
    }

    /**
     * An output argument as a location (a path relative to the workspace, or a URI) and the format its name says;
     * any other name is an input error naming the argument.
     */
    static ScoreJob.Output output(String given, StepContext ctx, String argument) {
        String location = DataSource.isUri(given.trim()) ? given.trim()
                : ctx.workDir().resolve(given.trim()).toAbsolutePath().normalize().toString();
        String name = location.replaceAll("/+$", "");
        name = name.substring(name.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        boolean gzip = name.endsWith(".gz");
        String base = gzip ? name.substring(0, name.length() - 3) : name;
        String ext = base.substring(base.lastIndexOf('.') + 1);
        String format = ext.equals("ndjson") ? "jsonl" : ext;
        if (!FORMATS.contains(format) || gzip && format.equals("parquet")) {
            throw new InputException(argument, "'" + given + "' does not name a format; with engine: 'spark' expected a "
                    + "folder or URI whose name ends in .parquet, .csv, .tsv or .jsonl (the text formats optionally .gz), "
                    + "e.g. predictions.parquet");
        }
        return new ScoreJob.Output(location, format, gzip);
    }

    /** An output must be neither the input nor inside an input folder (the next run would read it as input). */
    private static void checkPlaces(DataSource input, ScoreJob.Output output, String argument) {
        Path in = DataSource.localPath(input.location());
        Path out = DataSource.localPath(output.location());
        if (in != null && out != null) {
            Path a = in.toAbsolutePath().normalize();
            Path b = out.toAbsolutePath().normalize();
            if (a.equals(b) || Files.isDirectory(a) && b.startsWith(a)) {
                throw new InputException(argument, output.location() + (a.equals(b) ? " is the input" : " is inside the "
                        + "data folder " + a + ", whose files a later run would read as input") + "; expected a location "
                        + "outside it");
            }
        } else if (input.location().replaceAll("/+$", "").equals(output.location().replaceAll("/+$", ""))) {
            throw new InputException(argument, output.location() + " is the input; expected another location");
        }
    }

    /** The inputs with their lineage identity: a local file's content hash (computed in parallel), else its location's. */
    private static List<PredictStep.Scored.Input> inputs(List<ScoreJob.InputFile> files) {
        List<CompletableFuture<String>> hashes = new ArrayList<>();
        for (ScoreJob.InputFile f : files) {
            Path local = localFile(f.location());
            hashes.add(local != null ? Hashing.sha256Beside(local)
                    : CompletableFuture.completedFuture(locationHash(f.location())));
        }
        List<PredictStep.Scored.Input> inputs = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            ScoreJob.InputFile f = files.get(i);
            Path local = localFile(f.location());
            inputs.add(new PredictStep.Scored.Input(local != null ? local.toString() : f.location(), hashes.get(i).join(),
                    local != null ? local.toUri().toString() : f.location(), f.rows()));
        }
        return inputs;
    }

    private static Path localFile(String location) {
        try {
            Path p = DataSource.localPath(location);
            return p != null && Files.isRegularFile(p) ? p : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The identity of data this machine does not read: the SHA-256 of {@code location:<URI>}. */
    static String locationHash(String location) {
        return Hashing.sha256(("location:" + location).getBytes(StandardCharsets.UTF_8));
    }

    private static String uri(String location) {
        Path local = DataSource.localPath(location);
        return local != null ? local.toUri().toString() : location;
    }

    private static String describe(ScoreJob.Output output) {
        return output.format() + (output.gzip() ? "+gzip" : "");
    }

    /**
     * A written folder of part files as result.json lists it: its size, and as identity the SHA-256 over its data
     * files' names and hashes in name order (a location hash for a URI).
     */
    private static OutputFile describe(String name, ScoreJob.Output output, StepContext ctx) {
        Path local = DataSource.localPath(output.location());
        if (local == null) {
            return new OutputFile(name, output.location(), locationHash(output.location()), 0);
        }
        Path abs = local.toAbsolutePath().normalize();
        String shown = abs.startsWith(ctx.stepDir()) ? ctx.stepDir().relativize(abs).toString()
                : abs.startsWith(ctx.workDir()) ? ctx.workDir().relativize(abs).toString() : abs.toString();
        try (Stream<Path> files = Files.walk(abs)) {
            List<Path> parts = files.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                return !n.startsWith(".") && !n.startsWith("_");
            }).sorted().toList();
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long bytes = 0;
            for (Path p : parts) {
                digest.update((abs.relativize(p) + " " + Hashing.sha256(p) + "\n").getBytes(StandardCharsets.UTF_8));
                bytes += Files.size(p);
            }
            return new OutputFile(name, shown, HexFormat.of().formatHex(digest.digest()), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> names(List<io.mlsteps.engine.RowScoring.Column> columns) {
        return columns.stream().map(io.mlsteps.engine.RowScoring.Column::name).toList();
    }
}
