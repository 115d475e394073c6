package io.mlsteps.train.search;

import io.mlsteps.util.OrderedMaps;
import io.mlsteps.chart.Charts;
import io.mlsteps.contract.gate.Direction;
import io.mlsteps.contract.result.ResultTable;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.step.StepContext;
import io.mlsteps.util.Json;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.StatisticalLineAndShapeRenderer;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ranked result of a search and its outputs: {@code leaderboard.csv} and {@code leaderboard.json} (every
 * candidate, its parameters, fold scores, mean, spread, fit time, status), {@code folds.csv} (the fold of every row
 * of the data file, so another tool can re-run the folds), the leaderboard chart and table, the gate metrics and
 * the model card's {@code search} section.
 */
public final class Leaderboard {
    public static final String CSV = "leaderboard.csv";
    public static final String JSON = "leaderboard.json";
    public static final String FOLDS = "folds.csv";

    private final ModelSearch search;
    private final List<ModelSearch.Score> ranked;

    public Leaderboard(ModelSearch search, List<ModelSearch.Score> scores) {
        this.search = search;
        // finished candidates first, best first; ties and the rest in the order they were tried
        this.ranked = scores.stream().sorted(Comparator.comparing((ModelSearch.Score s) -> !s.complete())
                .thenComparing(this::compare).thenComparingInt(s -> s.trial().index())).toList();
    }

    private int compare(ModelSearch.Score a, ModelSearch.Score b) {
        if (!a.complete() || !b.complete()) {
            return 0;
        }
        int c = Double.compare(a.mean(), b.mean());
        return search.direction() == Direction.HIGHER_IS_BETTER ? -c : c;
    }

    /** Candidates by rank: finished ones best first, then those that failed or were skipped. */
    public List<ModelSearch.Score> ranked() {
        return ranked;
    }

    public ModelSearch.Score winner() {
        return ranked.get(0);
    }

    /** The second best finished candidate, or null. */
    public ModelSearch.Score runnerUp() {
        return ranked.size() > 1 && ranked.get(1).complete() ? ranked.get(1) : null;
    }

    /** How much better the winner is than the runner-up, in the metric's improving direction (0 without one). */
    public double margin() {
        ModelSearch.Score second = runnerUp();
        if (second == null) {
            return 0;
        }
        double d = winner().mean() - second.mean();
        return search.direction() == Direction.HIGHER_IS_BETTER ? d : -d;
    }

    /** Writes the files, chart, table, metrics and details of the search into the step's result. */
    public void write(StepContext ctx, StepResult result, int folds) throws IOException {
        Path csv = ctx.stepDir().resolve(CSV);
        Files.writeString(csv, csv(folds), StandardCharsets.UTF_8);
        Path json = ctx.stepDir().resolve(JSON);
        Json.write(json, OrderedMaps.of("metric", search.metric(), "direction", search.direction().name(),
                "candidates", rows()));
        result.getOutputs().add(ctx.describeOutput("leaderboard", csv));
        result.getOutputs().add(ctx.describeOutput("leaderboardJson", json));
        result.getOutputs().add(ctx.describeOutput("folds", ctx.stepDir().resolve(FOLDS)));
        String m = search.metric();
        result.putMetric(m + "[search_best]", winner().mean());
        result.putMetric("search_spread[" + m + "]", winner().spread());
        if (runnerUp() != null) {
            result.putMetric(m + "[search_runner_up]", runnerUp().mean());
            result.putMetric("search_margin[" + m + "]", margin());
        }
        result.putMetric("search_candidates", (double) ranked.stream().filter(ModelSearch.Score::complete).count());
        result.getTables().add(table(folds));
        String title = "Leaderboard: " + m + " by candidate (mean ± spread over " + folds
                + (folds == 1 ? " validation split)" : " folds)");
        result.getCharts().add(Charts.save(chart(title), ctx.chartsDir(), "leaderboard", title, Charts.WIDTH,
                Math.max(Charts.HEIGHT, 120 + 22 * (int) Math.min(40, ranked.stream().filter(ModelSearch.Score::complete).count()))));
        result.getDetails().put("search", card(folds));
    }

    /** The model card's {@code search} section: space, budget, winner, runner-up, margin. */
    public Map<String, Object> card(int folds) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("space", search.space().describe());
        s.put("metric", search.metric());
        s.put("direction", search.direction().name());
        s.put("folds", folds);
        Map<String, Object> budget = new LinkedHashMap<>();
        budget.put("points", ranked.size());
        budget.put("finished", ranked.stream().filter(ModelSearch.Score::complete).count());
        budget.put("timeBudget", search.budget() == null ? null : search.budget().toString());
        budget.put("threads", search.threads());
        s.put("budget", budget);
        s.put("winner", row(winner(), 1));
        s.put("runnerUp", runnerUp() == null ? null : row(runnerUp(), 2));
        s.put("margin", margin());
        s.put("leaderboard", CSV);
        s.put("foldsFile", FOLDS);
        return s;
    }

    private List<Map<String, Object>> rows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            rows.add(row(ranked.get(i), i + 1));
        }
        return rows;
    }

    private Map<String, Object> row(ModelSearch.Score s, int rank) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("rank", s.complete() ? rank : null);
        r.put("candidate", s.trial().candidate());
        r.put("algorithm", s.trial().algorithm().name());
        r.put("params", s.trial().params());
        List<Double> folds = new ArrayList<>();
        for (double v : s.folds()) {
            folds.add(Double.isNaN(v) ? null : v);
        }
        r.put("foldScores", folds);
        r.put("mean", Double.isNaN(s.mean()) ? null : s.mean());
        r.put("spread", Double.isNaN(s.spread()) ? null : s.spread());
        r.put("fitSeconds", s.fitSeconds());
        r.put("status", s.status());
        return r;
    }

    private String csv(int folds) {
        StringBuilder sb = new StringBuilder("rank,candidate,algorithm,params");
        for (int f = 0; f < folds; f++) {
            sb.append(",fold").append(f);
        }
        sb.append(",mean,spread,fit_seconds,status\n");
        for (int i = 0; i < ranked.size(); i++) {
            ModelSearch.Score s = ranked.get(i);
            sb.append(s.complete() ? String.valueOf(i + 1) : "").append(',').append(s.trial().candidate()).append(',')
                    .append(s.trial().algorithm().name()).append(',').append(quote(params(s)));
            for (double v : s.folds()) {
                sb.append(',').append(number(v));
            }
            sb.append(',').append(number(s.mean())).append(',').append(number(s.spread())).append(',')
                    .append(String.format(Locale.ROOT, "%.3f", s.fitSeconds())).append(',').append(quote(s.status()))
                    .append('\n');
        }
        return sb.toString();
    }

    private static String params(ModelSearch.Score s) {
        StringBuilder sb = new StringBuilder();
        s.trial().params().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return sb.toString();
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private ResultTable table(int folds) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            ModelSearch.Score s = ranked.get(i);
            rows.add(List.of(s.complete() ? i + 1 : "", s.trial().algorithm().name(), params(s),
                    s.complete() ? s.mean() : "", s.complete() ? s.spread() : "",
                    String.format(Locale.ROOT, "%.2f", s.fitSeconds()), s.status()));
        }
        return new ResultTable("leaderboard", "Leaderboard (" + search.metric() + ", " + folds
                + (folds == 1 ? " validation split)" : " folds)"), List.of("rank", "algorithm", "params",
                search.metric() + " mean", "spread", "fit s", "status"), rows);
    }

    /**
     * Finished candidates best first, each a dot at its mean with its spread over the folds as the error bar, on an
     * axis that spans the scores (candidates often differ in the third decimal, which bars from zero would hide).
     */
    private JFreeChart chart(String title) {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int shown = 0;
        for (ModelSearch.Score s : ranked) {
            if (s.complete() && shown++ < 40) {
                data.add(s.mean(), s.spread(), search.metric(), shown + ". " + s.trial().label());
                lo = Math.min(lo, s.mean() - s.spread());
                hi = Math.max(hi, s.mean() + s.spread());
            }
        }
        CategoryAxis axis = new CategoryAxis(null);
        NumberAxis value = new NumberAxis(search.metric() + " (" + (search.direction() == Direction.HIGHER_IS_BETTER
                ? "higher" : "lower") + " is better)");
        StatisticalLineAndShapeRenderer renderer = new StatisticalLineAndShapeRenderer(false, true);
        renderer.setErrorIndicatorPaint(Charts.SECONDARY);
        renderer.setSeriesPaint(0, Charts.PRIMARY);
        renderer.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-5, -5, 10, 10));
        CategoryPlot plot = new CategoryPlot(data, axis, value, renderer);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        JFreeChart chart = Charts.style(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false));
        double pad = Math.max((hi - lo) * 0.1, Math.max(1e-4, Math.abs(hi) * 1e-4));
        value.setRange(lo - pad, hi + pad);
        return chart;
    }
}
