package io.mlsteps.jenkins.results;

import hudson.model.Action;
import hudson.model.Run;
import io.mlsteps.jenkins.engine.EngineResult;
import io.mlsteps.jenkins.trend.Baselines;
import io.mlsteps.jenkins.trend.LineageView;
import io.mlsteps.jenkins.trend.StepRecord;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ML steps of one build: a summary on the build page (status per step, key metrics with their delta to
 * the baseline, gate table), its own page with every chart, the reports and the lineage. build.xml holds
 * only the small {@link StepRecord}s; the full result.json of each step lies in the build directory and is
 * read when the page asks for all checks.
 */
public class MlRunAction implements RunAction2 {
    static final String FILES_DIR = "mlsteps";
    /** How many earlier builds are searched for the same step, to compute deltas. */
    static final int PREVIOUS_BUILDS_SEARCHED = 20;
    /** Charts are immutable once the build finished: browsers may keep them a day. */
    static final long CHART_CACHE_MILLIS = 24L * 60 * 60 * 1000;
    private static final Object LOCK = new Object();

    private final List<StepRecord> records = new ArrayList<>();
    private int counter;
    /** When the last record was added (milliseconds, strictly increasing): the job's trends key their cache on it. */
    private long updated;
    private transient Run<?, ?> run;
    private transient Map<String, List<EngineResult.Check>> checksCache;
    /** The same step's metrics in an earlier build, by step; a page asks for every metric's delta. */
    private transient Map<String, Map<String, Double>> previousCache;

    /** The build's action, created and attached on first use. */
    static MlRunAction forRun(Run<?, ?> run) {
        synchronized (LOCK) {
            MlRunAction action = run.getAction(MlRunAction.class);
            if (action == null) {
                action = new MlRunAction();
                run.addAction(action);
            }
            return action;
        }
    }

    static File filesDir(Run<?, ?> run) {
        return new File(run.getRootDir(), FILES_DIR);
    }

    /** A new folder name for a step's files; parallel stages may run the same step twice. */
    synchronized String nextDir(String step) {
        counter++;
        return counter + "-" + step;
    }

    synchronized void add(StepRecord record) {
        records.add(record);
        updated = Math.max(System.currentTimeMillis(), updated + 1);
    }

    public synchronized long getUpdated() {
        return updated;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public String getIconFileName() {
        return "symbol-flask";
    }

    @Override
    public String getDisplayName() {
        return "ML steps";
    }

    @Override
    public String getUrlName() {
        return "mlsteps";
    }

    public synchronized List<StepRecord> getRecords() {
        return Collections.unmodifiableList(new ArrayList<>(records));
    }

    /** The file of the last run of {@code step} in this build, e.g. its result.json; null when none. */
    public File lastResultFile(String step) {
        List<StepRecord> all = getRecords();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).getStep().equals(step)) {
                File file = new File(new File(filesDir(run), all.get(i).getDir()), "result.json");
                return file.isFile() ? file : null;
            }
        }
        return null;
    }

    /** Lineage of this build, in columns data → model → evaluation → deployment. */
    public Map<String, List<StepRecord.LineageNode>> getLineageColumns() {
        return LineageView.columns(getRecords());
    }

    /** Up to eight metrics of a step for the summary, gated ones first. */
    public List<Map.Entry<String, Double>> getKeyMetrics(StepRecord record) {
        List<Map.Entry<String, Double>> entries = new ArrayList<>();
        for (Map.Entry<String, Double> e : record.getMetrics().entrySet()) {
            if (!e.getKey().startsWith("delta[") && !e.getKey().startsWith("baseline[") && entries.size() < 8) {
                entries.add(e);
            }
        }
        return entries;
    }

    /** The delta of a metric to its baseline, formatted with a sign, or an empty string when unknown. */
    public String getDelta(StepRecord record, String metric) {
        Double delta = Baselines.deltaOf(metric, record.getMetrics(), previousMetrics(record.getStep()));
        return delta == null ? "" : String.format(Locale.ROOT, "%+.4f", delta);
    }

    public static String format(Double value) {
        if (value == null) {
            return "";
        }
        if (value.isNaN() || value.isInfinite()) {
            return String.valueOf(value);
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.4f", value);
    }

    private Map<String, Double> previousMetrics(String step) {
        if (run == null) {
            return null;
        }
        if (previousCache == null) {
            previousCache = new ConcurrentHashMap<>();
        }
        return previousCache.computeIfAbsent(step, this::searchPreviousMetrics);
    }

    /** The metrics of the same step in the nearest earlier build that ran it; empty when none did. */
    private Map<String, Double> searchPreviousMetrics(String step) {
        Run<?, ?> previous = run.getPreviousBuild();
        for (int i = 0; previous != null && i < PREVIOUS_BUILDS_SEARCHED; i++, previous = previous.getPreviousBuild()) {
            MlRunAction action = previous.getAction(MlRunAction.class);
            if (action == null) {
                continue;
            }
            List<StepRecord> earlier = action.getRecords();
            for (int j = earlier.size() - 1; j >= 0; j--) {
                if (earlier.get(j).getStep().equals(step)) {
                    return earlier.get(j).getMetrics();
                }
            }
        }
        return Map.of();
    }

    /** Every check of a step, read lazily from its copied result.json. */
    public List<EngineResult.Check> getAllChecks(StepRecord record) {
        if (checksCache == null) {
            checksCache = new ConcurrentHashMap<>();
        }
        return checksCache.computeIfAbsent(record.getDir(), dir -> {
            File file = new File(new File(filesDir(run), dir), "result.json");
            try {
                return EngineResult.parse(Files.readString(file.toPath(), StandardCharsets.UTF_8)).getChecks();
            } catch (IOException | IllegalArgumentException e) {
                return List.of();
            }
        });
    }

    public boolean hasReport(StepRecord record) {
        return new File(new File(filesDir(run), record.getDir()), "report.html").isFile();
    }

    /**
     * Serves {@code chart/<dir>/<file>}: only files a step listed as charts, and only PNG images (by name and by
     * their first bytes), with the same Content Security Policy as the report. The list comes from result.json, which
     * anything running in the workspace can write: an SVG or HTML "chart" would run script on the Jenkins origin.
     */
    public void doChart(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException, ServletException {
        File file = resolve(req.getRestOfPath(), true);
        if (file == null || !isPng(file)) {
            rsp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        sandbox(rsp);
        rsp.setContentType("image/png");
        rsp.serveFile(req, file.toURI().toURL(), CHART_CACHE_MILLIS);
    }

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** A PNG by its name and its signature. */
    static boolean isPng(File file) throws IOException {
        if (!file.getName().toLowerCase(Locale.ROOT).endsWith(".png")) {
            return false;
        }
        try (java.io.InputStream in = Files.newInputStream(file.toPath())) {
            return java.util.Arrays.equals(in.readNBytes(PNG_SIGNATURE.length), PNG_SIGNATURE);
        }
    }

    /** No scripts, no requests, no content sniffing: what the build wrote is shown, never run. */
    private static void sandbox(StaplerResponse2 rsp) {
        rsp.setHeader("Content-Security-Policy",
                "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'");
        rsp.setHeader("X-Content-Type-Options", "nosniff");
    }

    /**
     * Serves {@code report/<dir>}: the step's self-contained report.html, sandboxed by its Content Security
     * Policy (no scripts, no requests), since it shows data the build read.
     */
    public void doReport(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException, ServletException {
        File file = resolve(req.getRestOfPath(), false);
        if (file == null) {
            rsp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        sandbox(rsp);
        rsp.serveFile(req, file.toURI().toURL(), CHART_CACHE_MILLIS);
    }

    /** A result.json could name {@code ../..}; only files inside the step's folder are served. */
    static boolean inside(File base, File file) {
        try {
            return file.getCanonicalFile().toPath().startsWith(base.getCanonicalFile().toPath());
        } catch (IOException e) {
            return false;
        }
    }

    private File resolve(String restOfPath, boolean chart) {
        String path = restOfPath == null ? "" : restOfPath.replaceFirst("^/+", "");
        for (StepRecord record : getRecords()) {
            File base = new File(filesDir(run), record.getDir());
            if (!chart && path.equals(record.getDir())) {
                File report = new File(base, "report.html");
                return report.isFile() ? report : null;
            }
            if (chart) {
                for (StepRecord.ChartFile c : record.getCharts()) {
                    if (path.equals(record.getDir() + "/" + c.getFile())) {
                        File file = new File(base, c.getFile());
                        return file.isFile() && inside(base, file) ? file : null;
                    }
                }
            }
        }
        return null;
    }
}
