package io.mlsteps.bench;

import io.mlsteps.evaluate.EvaluateModelStep;
import io.mlsteps.contract.steps.EvaluateModelRequest;
import io.mlsteps.contract.steps.TrainModelRequest;
import io.mlsteps.step.Requests;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.train.TrainModelStep;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mlsteps side of {@code bench/train.sh}: trains logistic regression, a random forest and XGBoost on a training file
 * with trainModel (all rows, no validation split), evaluates each on a test file with evaluateModel, and prints
 * one JSON line per algorithm: fit seconds (the Tribuo training call, as sklearn's fit) and the process CPU seconds
 * during it, total step seconds, accuracy and ROC AUC. Every algorithm runs with its defaults (one thread), only
 * the number of trees is set.
 *
 * <p>Usage: {@code TrainBench TRAIN.csv TEST.csv LABEL OUT_DIR [trees [algorithm,...]]}
 */
public final class TrainBench {
    private TrainBench() {
    }

    public static void main(String[] args) throws Exception {
        Path train = Path.of(args[0]).toAbsolutePath();
        Path test = Path.of(args[1]).toAbsolutePath();
        String label = args[2];
        Path out = Path.of(args[3]).toAbsolutePath();
        int trees = args.length > 4 ? Integer.parseInt(args[4]) : 100;
        StepLog log = new StepLog(System.err, "bench", false);
        List<String> algorithms = args.length > 5 ? List.of(args[5].split(","))
                : List.of("logistic_regression", "random_forest", "xgboost");
        for (String algorithm : algorithms) {
            Map<String, Object> trainArgs = new LinkedHashMap<>(Map.of("data", train.toString(), "labelColumn", label,
                    "algorithm", algorithm, "validationSplit", 0.0));
            if (!algorithm.equals("logistic_regression")) {
                trainArgs.put("params", Map.of("trees", trees));
            }
            TrainModelRequest t = Requests.bind(TrainModelRequest.class, trainArgs);
            Path dir = out.resolve(algorithm);
            long t0 = System.nanoTime();
            StepResult trained = new TrainModelStep().execute(t, new StepContext(out, dir.resolve("train"), log, Map.of()));
            double stepSeconds = (System.nanoTime() - t0) / 1e9;
            EvaluateModelRequest e = Requests.bind(EvaluateModelRequest.class, Map.of(
                    "model", dir.resolve("train/model.tribuo").toString(), "data", test.toString(), "bootstrap", 0,
                    "charts", false, "unseenCategories", "ignore"));
            long t1 = System.nanoTime();
            StepResult evaluated = new EvaluateModelStep().execute(e, new StepContext(out, dir.resolve("evaluate"), log,
                    Map.of()));
            double evalSeconds = (System.nanoTime() - t1) / 1e9;
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("tool", "mlsteps (Tribuo 4.3.2)");
            line.put("algorithm", algorithm);
            line.put("fit_seconds", trained.getMetrics().get("training_seconds"));
            line.put("fit_cpu_seconds", trained.getMetrics().get("training_cpu_seconds"));
            line.put("step_seconds", stepSeconds);
            line.put("evaluate_seconds", evalSeconds);
            line.put("accuracy", evaluated.getMetrics().get("accuracy"));
            line.put("roc_auc", evaluated.getMetrics().get("roc_auc"));
            line.put("params", trained.getDetails().get("params"));
            System.out.println(Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(line));
        }
    }
}
