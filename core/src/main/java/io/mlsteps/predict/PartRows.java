package io.mlsteps.predict;

import io.mlsteps.engine.RowScoring;
import io.mlsteps.model.Prediction;
import io.mlsteps.engine.RefusedRow;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Batch prediction on a distributed engine ({@link RowScoring}): each part of the data encodes and scores its rows
 * with {@link RowModel}, as the local {@link BatchScorer}'s threads do, and writes the same columns except
 * {@code row} (the parts of the data are scored in parallel and written as part files; a row is found again by its
 * passthrough columns, e.g. an id). Rejected rows carry their file, the column at fault and the reason; a distributed
 * reader does not know a row's line.
 */
final class PartRows implements RowScoring {
    private static final long serialVersionUID = 1L;

    private final List<String> features;
    private final List<String> passthrough;
    private final List<String> scoreClasses;
    private final boolean classification;
    private final boolean ignoreUnseen;
    private final boolean rejects;

    PartRows(RowModel model, List<String> passthrough, boolean scores, boolean ignoreUnseen, boolean rejects) {
        this.features = List.copyOf(model.features());
        this.passthrough = List.copyOf(passthrough);
        this.classification = model.classification();
        this.scoreClasses = scores && classification ? List.copyOf(model.labels()) : List.of();
        this.ignoreUnseen = ignoreUnseen;
        this.rejects = rejects;
    }

    @Override
    public List<String> inputColumns() {
        List<String> all = new ArrayList<>(features);
        passthrough.stream().filter(c -> !all.contains(c)).forEach(all::add);
        return all;
    }

    @Override
    public List<Column> predictionColumns(boolean fileColumn) {
        List<Column> columns = new ArrayList<>();
        if (fileColumn) {
            columns.add(new Column("file", Type.TEXT));
        }
        passthrough.forEach(c -> columns.add(new Column(c, Type.TEXT)));
        columns.add(new Column("prediction", classification ? Type.TEXT : Type.DOUBLE));
        scoreClasses.forEach(c -> columns.add(new Column(BatchScorer.SCORE_PREFIX + c, Type.DOUBLE)));
        return columns;
    }

    @Override
    public List<Column> rejectColumns(boolean fileColumn) {
        List<Column> columns = new ArrayList<>();
        if (fileColumn) {
            columns.add(new Column("file", Type.TEXT));
        }
        columns.add(new Column("column", Type.TEXT));
        columns.add(new Column("reason", Type.TEXT));
        inputColumns().forEach(c -> columns.add(new Column(c, Type.TEXT)));
        return columns;
    }

    @Override
    public boolean rejects() {
        return rejects;
    }

    @Override
    public Scorer open(Path modelFile, boolean fileColumn) {
        RowModel model = RowModel.load(modelFile);
        if (!model.features().equals(features)) {
            throw new IllegalStateException("the model on this worker has the features " + model.features()
                    + ", not the driver's " + features);
        }
        return (file, rows) -> score(model, file, fileColumn, rows);
    }

    /** Encodes and scores one chunk of one file's rows: the local engine's rules (RowModel) for every row. */
    private Scored score(RowModel model, String file, boolean fileColumn, List<String[]> rows) {
        List<String> needed = inputColumns();
        List<Object> encoded = new ArrayList<>(rows.size());
        List<String[]> scoredRows = new ArrayList<>(rows.size());
        List<Object[]> rejected = new ArrayList<>();
        Map<String, Long> unseen = new TreeMap<>();
        Map<String, Long> nonFinite = new TreeMap<>();
        String[] cells = new String[features.size()];
        for (String[] row : rows) {
            System.arraycopy(row, 0, cells, 0, cells.length);
            List<String> rowUnseen = new ArrayList<>(0);
            List<Integer> rowNonFinite = new ArrayList<>(0);
            try {
                encoded.add(model.encode(cells, ignoreUnseen, rowUnseen::add, rowNonFinite::add));
            } catch (RowModel.RowProblem problem) {
                String column = problem.column() < 0 ? null : features.get(problem.column());
                if (!rejects) {
                    return new Scored(List.of(), List.of(), Map.of(), Map.of(), new RefusedRow(file, column,
                            problem.column() < 0 ? null : cells[problem.column()], problem.getMessage()));
                }
                Object[] reject = new Object[(fileColumn ? 1 : 0) + 2 + needed.size()];
                int k = 0;
                if (fileColumn) {
                    reject[k++] = file;
                }
                reject[k++] = column;
                reject[k++] = problem.getMessage();
                System.arraycopy(row, 0, reject, k, needed.size());
                rejected.add(reject);
                continue;
            }
            rowUnseen.forEach(u -> unseen.merge(u, 1L, Long::sum));
            rowNonFinite.forEach(f -> nonFinite.merge(features.get(f), 1L, Long::sum));
            scoredRows.add(row);
        }
        List<Prediction> predictions = encoded.isEmpty() ? List.of() : model.predict(encoded);
        List<Object[]> out = new ArrayList<>(predictions.size());
        for (int i = 0; i < predictions.size(); i++) {
            out.add(record(fileColumn ? file : null, needed, scoredRows.get(i), predictions.get(i)));
        }
        return new Scored(out, rejected, unseen, nonFinite, null);
    }

    private Object[] record(String file, List<String> needed, String[] row, Prediction p) {
        Object[] record = new Object[(file != null ? 1 : 0) + passthrough.size() + 1 + scoreClasses.size()];
        int k = 0;
        if (file != null) {
            record[k++] = file;
        }
        for (String c : passthrough) {
            record[k++] = row[needed.indexOf(c)];
        }
        record[k++] = p.label() != null ? p.label() : (Object) p.value();
        for (String c : scoreClasses) {
            record[k++] = p.scores().get(c);
        }
        return record;
    }
}
