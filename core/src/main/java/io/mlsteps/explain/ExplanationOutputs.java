package io.mlsteps.explain;

import com.fasterxml.jackson.databind.SerializationFeature;
import de.siegmar.fastcsv.writer.CsvWriter;
import io.mlsteps.chart.Charts;
import io.mlsteps.contract.result.ResultTable;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.model.Prediction;
import io.mlsteps.step.StepContext;
import io.mlsteps.util.Json;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * What explanations add to a step's result: the metrics {@code importance[column]} (with {@code importance_std},
 * {@code importance_low}, {@code importance_high}) and {@code coefficient_abs[column]}, tables, the importance chart,
 * {@code importance.json}, and on request the files an independent script recomputes the numbers from.
 */
public final class ExplanationOutputs {
    public static final String IMPORTANCE_FILE = "importance.json";
    public static final String FILES_DIR = "importance";
    public static final String SAMPLE_FILE = "sample.csv";
    public static final String PERMUTATIONS_FILE = "permutations.jsonl";
    public static final String PREDICTIONS_FILE = "predictions.csv.gz";
    /** Bars drawn at most; the table lists every column. */
    static final int CHART_COLUMNS = 30;

    private ExplanationOutputs() {
    }

    /**
     * Adds the explanations to {@code result} and writes their files.
     *
     * @param dataRows the data row (predictions.csv's {@code row}) of each evaluated row
     * @param classes  the evaluation's classes in score-column order; empty for regression
     * @return the document of {@code importance.json}, also put into {@code metrics.json}
     */
    public static Map<String, Object> publish(PermutationImportance.Result importance,
                                              Optional<LinearCoefficients.Coefficients> coefficients, long[] dataRows,
                                              List<String> classes, boolean charts, StepContext ctx, StepResult result) {
        for (PermutationImportance.Column c : importance.columns()) {
            String q = "[" + c.name() + "]";
            result.putMetric("importance" + q, c.mean());
            result.putMetric("importance_std" + q, c.std());
            result.putMetric("importance_low" + q, c.low());
            result.putMetric("importance_high" + q, c.high());
        }
        coefficients.ifPresent(k -> k.columns().forEach(c -> result.putMetric("coefficient_abs[" + c.name() + "]",
                c.total())));
        result.getTables().add(importanceTable(importance));
        coefficients.ifPresent(k -> result.getTables().add(coefficientTable(k)));
        if (charts) {
            result.getCharts().add(Charts.save(chart(importance), ctx.chartsDir(), "importance",
                    "Permutation importance", Charts.WIDTH,
                    Math.max(Charts.HEIGHT, 90 + 24 * Math.min(CHART_COLUMNS, importance.columns().size()))));
        }
        Map<String, Object> doc = document(importance, coefficients, dataRows);
        Path file = ctx.stepDir().resolve(IMPORTANCE_FILE);
        Json.write(file, doc);
        result.getOutputs().add(ctx.describeOutput("importance", file));
        if (importance.permutations() != null) {
            Path dir = ctx.stepDir().resolve(FILES_DIR);
            writeFiles(importance, dataRows, classes, dir);
            result.getOutputs().add(ctx.describeOutput("importance-sample", dir.resolve(SAMPLE_FILE)));
            result.getOutputs().add(ctx.describeOutput("importance-permutations", dir.resolve(PERMUTATIONS_FILE)));
            result.getOutputs().add(ctx.describeOutput("importance-predictions", dir.resolve(PREDICTIONS_FILE)));
        }
        result.getDetails().put("importance", summary(importance));
        coefficients.ifPresent(k -> result.getDetails().put("coefficients", k));
        return doc;
    }

    /** The log's and the details' short form: columns by importance. */
    private static Map<String, Object> summary(PermutationImportance.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("metric", r.settings().metric());
        m.put("baseline", finite(r.baseline()));
        m.put("rows", r.sample().length);
        m.put("repeats", r.settings().repeats());
        Map<String, Object> cols = new LinkedHashMap<>();
        r.columns().forEach(c -> cols.put(c.name(), finite(c.mean())));
        m.put("columns", cols);
        return m;
    }

    static Map<String, Object> document(PermutationImportance.Result r,
                                        Optional<LinearCoefficients.Coefficients> coefficients, long[] dataRows) {
        PermutationImportance.Settings s = r.settings();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("method", "permutation importance");
        doc.put("metric", s.metric());
        doc.put("direction", s.direction().name());
        doc.put("baseline", finite(r.baseline()));
        doc.put("repeats", s.repeats());
        doc.put("seed", s.seed());
        doc.put("level", s.level());
        doc.put("evaluatedRows", r.evaluatedRows());
        doc.put("rows", r.sample().length);
        doc.put("maxRows", s.maxRows());
        List<Map<String, Object>> cols = new ArrayList<>();
        for (PermutationImportance.Column c : r.columns()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("column", c.name());
            e.put("columnIndex", c.index());
            e.put("mean", finite(c.mean()));
            e.put("std", finite(c.std()));
            e.put("low", finite(c.low()));
            e.put("high", finite(c.high()));
            e.put("scores", finiteList(c.scores()));
            e.put("drops", finiteList(c.drops()));
            cols.add(e);
        }
        doc.put("columns", cols);
        coefficients.ifPresent(k -> doc.put("coefficients", k));
        return doc;
    }

    private static Object finite(double d) {
        return Double.isFinite(d) ? d : null;
    }

    private static List<Object> finiteList(double[] values) {
        List<Object> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(finite(v));
        }
        return out;
    }

    static ResultTable importanceTable(PermutationImportance.Result r) {
        int pct = (int) Math.round(r.settings().level() * 100);
        List<List<Object>> rows = new ArrayList<>();
        for (PermutationImportance.Column c : r.columns()) {
            rows.add(List.of(c.name(), round(c.mean()), round(c.std()), round(c.low()), round(c.high())));
        }
        return new ResultTable("importance", String.format(Locale.ROOT,
                "Permutation importance (worsening of %s from %.4f, %d repeats on %,d rows)", r.settings().metric(),
                r.baseline(), r.settings().repeats(), r.sample().length),
                List.of("column", "importance", "std", pct + "% low", pct + "% high"), rows);
    }

    static ResultTable coefficientTable(LinearCoefficients.Coefficients k) {
        List<String> header = new ArrayList<>(List.of("column", "kind", "features"));
        for (String o : k.outputs()) {
            header.add(k.outputs().size() == 1 ? "sum |w|" : "sum |w| " + o);
        }
        for (String o : k.outputs()) {
            header.add(k.outputs().size() == 1 ? "w (numeric)" : "w " + o + " (numeric)");
        }
        List<LinearCoefficients.Column> sorted = new ArrayList<>(k.columns());
        sorted.sort((a, b) -> Double.compare(b.total(), a.total()));
        List<List<Object>> rows = new ArrayList<>();
        for (LinearCoefficients.Column c : sorted) {
            List<Object> row = new ArrayList<>(List.of(c.name(), c.kind(), c.features()));
            k.outputs().forEach(o -> row.add(round(c.abs().get(o))));
            k.outputs().forEach(o -> row.add(c.signed() == null ? "" : round(c.signed().get(o))));
            rows.add(row);
        }
        return new ResultTable("coefficients", "Linear coefficients by column" + (k.standardized()
                ? " (numeric columns per standard deviation)" : ""), header, rows);
    }

    private static Object round(Double d) {
        if (d == null || d.isNaN()) {
            return "NaN";
        }
        return Math.round(d * 1e6) / 1e6;
    }

    /** Horizontal bars of the mean drop, largest first, with whiskers of one standard deviation over the repeats. */
    static JFreeChart chart(PermutationImportance.Result r) {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        String series = "importance";
        r.columns().stream().limit(CHART_COLUMNS).forEach(c -> data.add(Double.isNaN(c.mean()) ? 0 : c.mean(),
                Double.isNaN(c.std()) ? 0 : c.std(), series, c.name()));
        String title = String.format(Locale.ROOT, "Permutation importance on %s (%d repeats, %,d rows)",
                r.settings().metric(), r.settings().repeats(), r.sample().length);
        NumberAxis axis = new NumberAxis(String.format(Locale.ROOT, "mean worsening of %s from %.4f when the column is "
                + "permuted (whiskers: ± std)", r.settings().metric(), r.baseline()));
        StatisticalBarRenderer renderer = new StatisticalBarRenderer();
        renderer.setErrorIndicatorPaint(java.awt.Color.DARK_GRAY);
        CategoryPlot plot = new CategoryPlot(data, new org.jfree.chart.axis.CategoryAxis(null), axis, renderer);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        Charts.style(chart);
        renderer.setSeriesPaint(0, Charts.PRIMARY);
        renderer.setDrawBarOutline(false);
        axis.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.####",
                java.text.DecimalFormatSymbols.getInstance(Locale.ROOT)));
        return chart;
    }

    /** sample.csv, permutations.jsonl and predictions.csv.gz (docs/steps/evaluateModel.md). */
    static void writeFiles(PermutationImportance.Result r, long[] dataRows, List<String> classes, Path dir) {
        try {
            Files.createDirectories(dir);
            int[] sample = r.sample();
            try (CsvWriter csv = CsvWriter.builder().build(dir.resolve(SAMPLE_FILE))) {
                csv.writeRecord("position", "row");
                for (int p = 0; p < sample.length; p++) {
                    csv.writeRecord(Integer.toString(p), Long.toString(dataRows[sample[p]]));
                }
            }
            List<String> names = r.columns().stream().sorted((a, b) -> Integer.compare(a.index(), b.index()))
                    .map(PermutationImportance.Column::name).toList();
            int repeats = r.settings().repeats();
            try (Writer out = Files.newBufferedWriter(dir.resolve(PERMUTATIONS_FILE), StandardCharsets.UTF_8)) {
                for (int j = 0; j < names.size(); j++) {
                    for (int k = 0; k < repeats; k++) {
                        Map<String, Object> line = new LinkedHashMap<>();
                        line.put("column", names.get(j));
                        line.put("columnIndex", j);
                        line.put("repeat", k);
                        line.put("streamSeed", PermutationStream.permutationSeed(r.settings().seed(), j, k, repeats));
                        line.put("order", r.permutations()[j][k]);
                        out.write(Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT)
                                .writeValueAsString(line)); // one line per permutation
                        out.write('\n');
                    }
                }
            }
            try (Writer w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(dir.resolve(PREDICTIONS_FILE))),
                    StandardCharsets.UTF_8);
                 CsvWriter csv = CsvWriter.builder().build(w)) {
                List<String> header = new ArrayList<>(List.of("column", "repeat", "position", "row", "y_pred"));
                classes.forEach(c -> header.add("score:" + c));
                csv.writeRecord(header);
                for (int j = 0; j < names.size(); j++) {
                    for (int k = 0; k < repeats; k++) {
                        Prediction[] p = r.predictions()[j][k];
                        for (int i = 0; i < p.length; i++) {
                            List<String> rec = new ArrayList<>(header.size());
                            rec.add(names.get(j));
                            rec.add(Integer.toString(k));
                            rec.add(Integer.toString(i));
                            rec.add(Long.toString(dataRows[sample[i]]));
                            if (classes.isEmpty()) {
                                rec.add(Double.toString(p[i].value()));
                            } else {
                                rec.add(p[i].label());
                                for (String c : classes) {
                                    Double v = p[i].scores().get(c);
                                    rec.add(Double.toString(v == null ? 0.0 : v));
                                }
                            }
                            csv.writeRecord(rec);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the importance files in " + dir, e);
        }
    }
}
