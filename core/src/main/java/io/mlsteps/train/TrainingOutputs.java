package io.mlsteps.train;

import io.mlsteps.model.FeatureEncoding;
import io.mlsteps.model.LibLinearModels;
import io.mlsteps.model.TribuoPredictor;
import io.mlsteps.contract.steps.TrainModelRequest;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.util.Pair;
import io.mlsteps.chart.Charts;
import io.mlsteps.data.DatasetProfile;
import io.mlsteps.contract.result.ResultTable;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.VariableInfo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static io.mlsteps.train.TrainModelStep.*;

/**
 * trainModel's outputs beside the model file: the model card, the feature table and the top-features chart.
 */
final class TrainingOutputs {
    private TrainingOutputs() {
    }

    static ModelCard card(TrainModelRequest req, StepContext ctx, Algorithms.Algorithm algorithm, String task,
                                  Map<String, Object> params, long seed, FeatureEncoding encoding,
                                  MutableDataset<?> dataset, DatasetProfile profile, int skipped, int rows,
                                  String validationSource, int validationRows, Map<String, Double> metrics,
                                  Instant startedAt, double seconds, Model<?> model, Path modelFile,
                                  TribuoPredictor predictor, Map<String, Object> search) {
        Map<String, Integer> categories = new TreeMap<>();
        for (VariableInfo info : dataset.getFeatureMap()) {
            int eq = info.getName().indexOf('=');
            if (eq > 0) {
                categories.merge(info.getName().substring(0, eq), 1, Integer::sum);
            }
        }
        List<Map<String, Object>> features = new ArrayList<>();
        for (FeatureEncoding.Column c : encoding.columns()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("name", c.name());
            f.put("type", c.kind().name().toLowerCase(Locale.ROOT));
            f.put("inferredType", profile.column(c.name()).type().name().toLowerCase(Locale.ROOT));
            if (c.kind() == FeatureEncoding.Kind.CATEGORICAL) {
                f.put("categories", categories.getOrDefault(c.name(), 0));
            }
            f.put("missingRatio", profile.column(c.name()).missingRatio());
            features.add(f);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("file", req.data());
        data.put("sha256", profile.sha256());
        data.put("bytes", profile.bytes());
        data.put("fileRows", profile.rows());
        data.put("rows", rows);
        data.put("rowsWithoutLabel", skipped);
        Map<String, Object> validation = new LinkedHashMap<>();
        validation.put("source", validationSource);
        validation.put("rows", validationRows);
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("name", modelFile.getFileName().toString());
        file.put("format", "tribuo-protobuf");
        file.put("sha256", io.mlsteps.util.Hashing.sha256(modelFile));
        Map<String, Object> tribuo = new LinkedHashMap<>();
        tribuo.put("version", org.tribuo.Tribuo.VERSION);
        tribuo.put("modelClass", model.getClass().getName());
        tribuo.put("provenance", ProvenanceUtil.convertToMap(model.getProvenance()));
        Map<String, String> ci = new LinkedHashMap<>();
        for (String v : ModelCard.CI_VARIABLES) {
            String value = ctx.env(v);
            if (value != null && !value.isBlank()) {
                ci.put(v, value);
            }
        }
        return new ModelCard(ModelCard.SCHEMA_VERSION, algorithm.name(), task, params, seed, req.labelColumn(),
                predictor.labels(), features, dataset.getFeatureMap().size(), data, validation, metrics, startedAt,
                seconds, file, tribuo, ci, io.mlsteps.util.EngineVersion.current().asMap(), search);
    }

    static ResultTable featureTable(ModelCard card) {
        List<List<Object>> rows = new ArrayList<>();
        for (Map<String, Object> f : card.features()) {
            rows.add(List.of(f.get("name"), f.get("type"), f.getOrDefault("categories", ""), f.get("missingRatio")));
        }
        return new ResultTable("features", "Features", List.of("column", "type", "categories", "missing ratio"), rows);
    }

    /** A bar chart of the model's most important features (weights or split importance), where Tribuo gives them. */
    static void topFeaturesChart(Model<?> model, StepContext ctx, StepResult result) {
        try {
            Map<String, List<Pair<String, Double>>> top = model.getTopFeatures(15);
            if (top == null || top.isEmpty()) {
                return;
            }
            // per-class weights: the first class (by name) with a non-zero weight; a two-class logistic regression
            // holds its weights on one class and zeros on the other (see LibLinearModels)
            String key = top.containsKey(Model.ALL_OUTPUTS) ? Model.ALL_OUTPUTS : new TreeMap<>(top).entrySet().stream()
                    .filter(e -> e.getValue().stream().anyMatch(p -> !p.getA().equals(Model.BIAS_FEATURE) && p.getB() != 0))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            if (key == null) {
                return;
            }
            List<Pair<String, Double>> list = top.get(key);
            String which = key.equals(Model.ALL_OUTPUTS) ? "" : " (class " + key + ")";
            Map<String, Double> values = new LinkedHashMap<>();
            for (Pair<String, Double> p : list) {
                if (!p.getA().equals(Model.BIAS_FEATURE)) {
                    values.put(p.getA(), p.getB());
                }
            }
            if (values.isEmpty()) {
                return;
            }
            String title = "Top features" + which;
            result.getCharts().add(Charts.save(Charts.bars(title, "importance / weight", values, null),
                    ctx.chartsDir(), "top-features", title));
        } catch (RuntimeException e) {
            ctx.log().info("no feature-importance chart: %s", e.getMessage());
        }
    }

}
