package io.mlsteps.explain;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.steps.EvaluateModelRequest;
import io.mlsteps.contract.steps.TrainModelRequest;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.evaluate.EvaluateModelStep;
import io.mlsteps.model.Prediction;
import io.mlsteps.step.StepContext;
import io.mlsteps.run.StepRunner;
import io.mlsteps.testing.PythonOracle;
import io.mlsteps.testing.Req;
import io.mlsteps.testing.SharedData;
import io.mlsteps.data.Table;
import io.mlsteps.train.TrainModelStep;
import io.mlsteps.model.TribuoPredictor;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Permutation importance equals an independent Python script's to 1e-9. The script re-draws the row sample and
 * every permutation from the seed by the stream documented in docs/steps/evaluateModel.md (and checks they equal
 * the written ones), then computes the metric with scikit-learn on the tool's predictions: the original ones
 * (predictions.csv) for the baseline and the written predictions on permuted data for each column and repeat, and
 * the mean, standard deviation and percentile interval of the drops with numpy. The written predictions on permuted
 * data are checked here to be the model's own predictions on the permuted rows, so the script's numbers rest only
 * on the data, the model and the documented stream.
 */
class ImportanceOracleTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void oracle() {
        PythonOracle.assumeModules("sklearn", "pandas", "numpy");
    }

    static StepContext context(String name) {
        return new StepContext(dir, dir.resolve(name), new StepLog(System.out, name, false), Map.of());
    }

    static Path train(String name, Path data, String label, String algorithm) throws Exception {
        Req<TrainModelRequest> t = Req.of(TrainModelRequest.class).set("data", data.toString()).set("labelColumn", label)
                .set("algorithm", algorithm).set("validationSplit", 0.0);
        new StepRunner().run(new TrainModelStep(), t.build(), context(name + "-train"));
        return dir.resolve(name + "-train/model.tribuo");
    }

    @ParameterizedTest(name = "{0} {3} {4}")
    @CsvSource({
            "small/wine.csv,small/wine.csv,cultivar,logistic_regression,log_loss,0,5,7",
            "small/penguins.csv,small/penguins.csv,species,random_forest,accuracy,0,4,11",
            "adult/adult_train.csv,adult/adult_test.csv,income,logistic_regression,roc_auc,1500,3,42",
            "small/diabetes.csv,small/diabetes.csv,target,linear_sgd,rmse,300,4,-3",
            "small/diabetes.csv,small/diabetes.csv,target,cart,r2,0,3,5"})
    void importanceEqualsIndependentScript(String trainFile, String testFile, String label, String algorithm,
                                           String metric, int maxRows, int repeats, long seed) throws Exception {
        Path trainData = SharedData.require(trainFile);
        Path testData = SharedData.require(testFile);
        String name = trainFile.replaceAll("\\W", "_") + "_" + algorithm + "_" + metric;
        Path model = train(name, trainData, label, algorithm);
        Req<EvaluateModelRequest> r = Req.of(EvaluateModelRequest.class).set("model", model.toString())
                .set("data", testData.toString()).set("bootstrap", 0).set("unseenCategories", "ignore")
                .set("importance", true).set("importanceMetric", metric).set("importanceMaxRows", maxRows)
                .set("importanceRepeats", repeats).set("importanceSeed", seed).set("importanceFiles", true);
        StepResult result = new StepRunner().run(new EvaluateModelStep(), r.build(), context(name));
        Path stepDir = dir.resolve(name);
        JsonNode tool = Json.mapper().readTree(stepDir.resolve("importance.json").toFile());

        JsonNode oracle = PythonOracle.json(script(stepDir, metric, seed, maxRows, repeats,
                tool.get("evaluatedRows").asInt()));
        assertThat(oracle.get("sampleMatches").asBoolean()).as("sample re-drawn from the seed").isTrue();
        assertThat(oracle.get("permutationsMatch").asBoolean()).as("permutations re-drawn from the seed").isTrue();
        assertThat(tool.get("baseline").asDouble()).isCloseTo(oracle.get("baseline").asDouble(), within(1e-9));
        assertThat(tool.get("columns")).hasSize(oracle.get("columns").size());
        for (JsonNode c : tool.get("columns")) {
            String column = c.get("column").asText();
            JsonNode o = oracle.get("columns").get(column);
            for (String k : List.of("mean", "std", "low", "high")) {
                assertThat(c.get(k).asDouble()).as(column + " " + k).isCloseTo(o.get(k).asDouble(), within(1e-9));
            }
            assertThat(result.getMetrics().get("importance[" + column + "]")).isCloseTo(o.get("mean").asDouble(),
                    within(1e-9));
            assertThat(result.getMetrics().get("importance_high[" + column + "]")).isCloseTo(o.get("high").asDouble(),
                    within(1e-9));
        }
        // columns come largest first, and at least one matters
        assertThat(tool.get("columns").get(0).get("mean").asDouble()).isPositive();
        assertThat(stepDir.resolve("charts/importance.png")).isNotEmptyFile();
        assertPermutedPredictionsAreTheModels(model, testData, stepDir, repeats - 1);
    }

    /**
     * The written predictions on permuted data of the last repeat of every column equal the model's predictions
     * (through {@link TribuoPredictor#predictAll}, not the step's path) on the rows built from sample.csv and
     * permutations.jsonl.
     */
    static void assertPermutedPredictionsAreTheModels(Path model, Path data, Path stepDir, int repeat) throws Exception {
        TribuoPredictor predictor = TribuoPredictor.load(model);
        Table table = Table.read(data, ReadOptions.defaults(), StepLog.silent());
        List<Long> sample = new ArrayList<>();
        List<String> sampleLines = Files.readAllLines(stepDir.resolve("importance/sample.csv"));
        for (String line : sampleLines.subList(1, sampleLines.size())) {
            sample.add(Long.parseLong(line.split(",")[1]));
        }
        Map<String, List<String[]>> written = new HashMap<>();
        List<String> header;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(stepDir.resolve("importance/predictions.csv.gz"))), StandardCharsets.UTF_8))) {
            header = List.of(in.readLine().split(","));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split(",");
                if (Integer.parseInt(f[1]) == repeat) {
                    written.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f);
                }
            }
        }
        int checked = 0;
        for (String line : Files.readAllLines(stepDir.resolve("importance/permutations.jsonl"))) {
            JsonNode p = Json.mapper().readTree(line);
            if (p.get("repeat").asInt() != repeat) {
                continue;
            }
            String column = p.get("column").asText();
            List<Map<String, String>> rows = new ArrayList<>();
            for (int i = 0; i < sample.size(); i++) {
                Map<String, String> row = new LinkedHashMap<>();
                int source = p.get("order").get(i).asInt();
                for (String c : predictor.featureNames()) {
                    long dataRow = c.equals(column) ? sample.get(source) : sample.get(i);
                    row.put(c, table.cell((int) dataRow, table.column(c, "data")));
                }
                rows.add(row);
            }
            List<Prediction> expected = predictor.predictAll(rows);
            List<String[]> got = written.get(column);
            assertThat(got).hasSize(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                String[] f = got.get(i);
                assertThat(Long.parseLong(f[3])).isEqualTo(sample.get(i));
                Prediction e = expected.get(i);
                if (e.value() != null) {
                    assertThat(Double.parseDouble(f[4])).isEqualTo(e.value());
                } else {
                    assertThat(f[4]).isEqualTo(e.label());
                    for (int k = 5; k < header.size(); k++) {
                        assertThat(Double.parseDouble(f[k])).isEqualTo(e.scores().get(header.get(k).substring(6)));
                    }
                }
            }
            checked++;
        }
        assertThat(checked).isEqualTo(predictor.featureNames().size());
    }

    static String py(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    static String script(Path stepDir, String metric, long seed, int maxRows, int repeats, int evaluatedRows) {
        return """
                import json, math
                import numpy as np, pandas as pd
                from sklearn import metrics as M
                d, metric, seed, max_rows, repeats, n = %s, %s, %d, %d, %d, %d
                MASK, G = (1 << 64) - 1, 0x9E3779B97F4A7C15
                def mix(z):
                    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
                    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
                    return z ^ (z >> 31)
                class Stream:
                    def __init__(self, s): self.s = s & MASK
                    def draw(self):
                        self.s = (self.s + G) & MASK
                        return mix(self.s)
                    def index(self, n): return int(((self.draw() >> 11) * 2.0 ** -53) * n)
                def stream_seed(k): return Stream(seed + k * G).draw()
                def sample():
                    rows = list(range(n))
                    if max_rows <= 0 or max_rows >= n: return rows
                    r = Stream(stream_seed(0))
                    for i in range(max_rows):
                        k = i + r.index(n - i); rows[i], rows[k] = rows[k], rows[i]
                    return sorted(rows[:max_rows])
                def permutation(ss, m):
                    r, o = Stream(ss), list(range(m))
                    for i in range(m - 1, 0, -1):
                        k = r.index(i + 1); o[i], o[k] = o[k], o[i]
                    return o
                base = pd.read_csv(d + '/predictions.csv', dtype={'y_true': str, 'y_pred': str}, keep_default_na=False)
                assert len(base) == n
                classes = [c[len('score:'):] for c in base.columns if c.startswith('score:')]
                lower = metric in ('log_loss', 'rmse', 'mae', 'mse', 'mape')
                def score(y_true, y_pred, S):
                    if metric == 'accuracy': return M.accuracy_score(y_true, y_pred)
                    if metric == 'f1_macro': return M.f1_score(y_true, y_pred, labels=classes, average='macro', zero_division=0)
                    if metric == 'log_loss': return M.log_loss(y_true, S, labels=classes)
                    if metric == 'roc_auc':
                        if len(classes) == 2: return M.roc_auc_score(y_true == classes[1], S[:, 1])
                        return M.roc_auc_score(y_true, S, multi_class='ovr', average='macro', labels=classes)
                    yt, yp = y_true.astype(float), y_pred.astype(float)
                    if metric == 'rmse': return math.sqrt(M.mean_squared_error(yt, yp))
                    if metric == 'mae': return M.mean_absolute_error(yt, yp)
                    if metric == 'r2': return M.r2_score(yt, yp)
                    raise SystemExit('metric ' + metric)
                pos = sample()
                written_sample = pd.read_csv(d + '/importance/sample.csv')
                sub = base.iloc[pos]
                sample_ok = list(written_sample.position) == list(range(len(pos))) and \\
                    list(written_sample.row) == list(sub.row)
                y_true = sub.y_true.values
                S = sub[['score:' + c for c in classes]].values.astype(float) if classes else None
                baseline = score(y_true, sub.y_pred.values, S)
                perms = [json.loads(l) for l in open(d + '/importance/permutations.jsonl')]
                perms_ok = len(perms) > 0
                for p in perms:
                    k = 1 + p['columnIndex'] * repeats + p['repeat']
                    perms_ok = perms_ok and (p['streamSeed'] & MASK) == stream_seed(k) \\
                        and p['order'] == permutation(stream_seed(k), len(pos))
                pp = pd.read_csv(d + '/importance/predictions.csv.gz', dtype={'y_pred': str, 'column': str},
                                 keep_default_na=False)
                level = json.load(open(d + '/importance.json'))['level']
                out = {}
                for column, g in pp.groupby('column', sort=False):
                    drops = []
                    for rep in range(repeats):
                        q = g[g['repeat'] == rep].sort_values('position')
                        assert list(q.row) == list(sub.row)
                        Sq = q[['score:' + c for c in classes]].values.astype(float) if classes else None
                        s = score(y_true, q.y_pred.values, Sq)
                        drops.append(s - baseline if lower else baseline - s)
                    lo, hi = np.quantile(drops, [(1 - level) / 2, (1 + level) / 2])
                    out[column] = {'mean': float(np.mean(drops)), 'std': float(np.std(drops)), 'low': float(lo),
                                   'high': float(hi)}
                print(json.dumps({'sampleMatches': bool(sample_ok), 'permutationsMatch': bool(perms_ok),
                                  'baseline': baseline, 'columns': out}))
                """.formatted(py(stepDir.toString()), py(metric), seed, maxRows, repeats, evaluatedRows);
    }
}
