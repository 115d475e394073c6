package io.mlsteps.train.search;

import io.mlsteps.contract.steps.TrainModelRequest;
import io.mlsteps.step.StepContext;
import io.mlsteps.train.Algorithms;
import io.mlsteps.model.FeatureEncoding;
import io.mlsteps.data.Table;
import io.mlsteps.util.StepLog;
import org.tribuo.Example;
import org.tribuo.OutputFactory;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The search phase of trainModel: assigns the folds of the training rows (or takes the validation rows), writes
 * {@code folds.csv}, evaluates every candidate and returns the leaderboard whose winner the step then trains.
 */
public final class SearchPhase {
    private SearchPhase() {
    }

    /**
     * Runs the search on the encoded training rows.
     *
     * @param rows       the table row of each example
     * @param validation the validation examples (used when {@code cv} is 0), built on demand
     * @param validationRows the table rows of the validation examples when they come from the same table, else null
     */
    public static Leaderboard run(ModelSearch search, TrainModelRequest req, StepContext ctx, Table table, int[] rows,
                                  List<Example<?>> examples, Supplier<List<Example<?>>> validation,
                                  List<Integer> validationRows, OutputFactory<?> factory, FeatureEncoding encoding)
            throws IOException, InterruptedException {
        StepLog log = ctx.log();
        int[] folds = null;
        List<Example<?>> validationExamples = List.of();
        if (req.cv() >= 2) {
            if (req.groupColumn() != null && !req.groupColumn().isBlank()) {
                int g = table.column(req.groupColumn(), "groupColumn");
                String[] groups = new String[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    groups[i] = table.cell(rows[i], g);
                }
                folds = Folds.grouped(groups, req.cv(), req.seed(), req.groupColumn());
            } else {
                String[] classes = null;
                if (examples.stream().allMatch(e -> e.getOutput() instanceof Label)) {
                    classes = examples.stream().map(e -> ((Label) e.getOutput()).getLabel()).toArray(String[]::new);
                }
                folds = Folds.assign(examples.size(), req.cv(), classes, req.seed());
            }
        } else {
            validationExamples = validation.get();
            if (validationExamples.isEmpty()) {
                throw new io.mlsteps.util.InputException("cv", "is 0 and there are no validation rows to rank the "
                        + "candidates on; expected cv: 5 (or another number of folds), a validationSplit above 0 or "
                        + "validationData");
            }
        }
        writeFolds(ctx.stepDir().resolve(Leaderboard.FOLDS), table, rows, folds, validationRows);
        List<ModelSearch.Score> scores = search.run(new ModelSearch.Data(examples, validationExamples, folds, factory,
                encoding), log);
        Leaderboard board = new Leaderboard(search, scores);
        ModelSearch.Score w = board.winner();
        log.info("search: winner %s, %s %.4f ± %.4f%s", w.trial().label(), search.metric(), w.mean(), w.spread(),
                board.runnerUp() == null ? "" : String.format(java.util.Locale.ROOT, "; margin %.4f over %s",
                        board.margin(), board.runnerUp().trial().label()));
        return board;
    }

    /**
     * {@code folds.csv}: {@code row} (0-based data row of the file), {@code line} (its line in the file) and
     * {@code fold}: the fold it is scored in; -1 for rows trained on in every fold or not searched (no label,
     * validation rows with folds); with {@code cv: 0} the validation rows are fold 0 and the training rows -1, the
     * encoding of scikit-learn's PredefinedSplit.
     */
    static void writeFolds(Path file, Table table, int[] rows, int[] folds, List<Integer> validationRows)
            throws IOException {
        int[] fold = new int[table.size()];
        Arrays.fill(fold, -1);
        if (folds != null) {
            for (int i = 0; i < rows.length; i++) {
                fold[rows[i]] = folds[i];
            }
        } else if (validationRows != null) {
            for (int r : validationRows) {
                fold[r] = 0;
            }
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("row,line,fold\n");
            for (int r = 0; r < table.size(); r++) {
                w.write(r + "," + table.line(r) + "," + fold[r] + "\n");
            }
        }
    }

    /** The algorithm the step trains after the search: the winner's. */
    public static Algorithms.Algorithm algorithm(Leaderboard board) {
        return board.winner().trial().algorithm();
    }
}
