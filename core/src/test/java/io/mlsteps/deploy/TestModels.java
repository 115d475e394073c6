package io.mlsteps.deploy;

import io.mlsteps.testing.Req;

import io.mlsteps.step.StepContext;
import io.mlsteps.run.StepRunner;
import io.mlsteps.testing.SharedData;
import io.mlsteps.train.TrainModelStep;
import io.mlsteps.contract.steps.TrainModelRequest;
import io.mlsteps.util.StepLog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Real models for end-to-end tests, trained once per test JVM by the trainModel step on the adult data. */
public final class TestModels {
    private static final Map<String, Path> TRAINED = new ConcurrentHashMap<>();

    private TestModels() {
    }

    /**
     * Logistic regression trained by SGD ({@code linear_sgd} with log loss) on adult_train.csv for {@code epochs}
     * passes, so different epochs give different model versions; {@code excluded} columns are left out.
     */
    public static Path adultLogistic(int epochs, List<String> excluded) {
        Path data = SharedData.require("adult/adult_train.csv");
        String key = epochs + ":" + excluded;
        return TRAINED.computeIfAbsent(key, k -> {
            try {
                Path dir = Files.createTempDirectory("mlsteps-deploy-model");
                Req<TrainModelRequest> request = Req.of(TrainModelRequest.class);
                request.set("data", data.toString());
                request.set("labelColumn", "income");
                request.set("algorithm", "linear_sgd");
                request.put("params", "loss", "log");
                request.put("params", "epochs", epochs);
                request.add("excludeFeatures", excluded);
                request.set("validationSplit", 0.0);
                new StepRunner().run(new TrainModelStep(), request.build(),
                        new StepContext(dir, dir.resolve("train"), StepLog.silent(), Map.of()));
                return dir.resolve("train").resolve("model.tribuo");
            } catch (Exception e) {
                throw new IllegalStateException("training the test model failed", e);
            }
        });
    }

    /**
     * A schema change: logistic regression trained on adult_train.csv with column {@code from} renamed to {@code to},
     * so it needs a column the adult data lacks and refuses the requests a model of the original schema answers.
     */
    public static Path adultLogisticWithRenamedColumn(String from, String to) {
        Path data = SharedData.require("adult/adult_train.csv");
        return TRAINED.computeIfAbsent("renamed:" + from + ":" + to, k -> {
            try {
                Path dir = Files.createTempDirectory("mlsteps-deploy-model");
                List<String> lines = Files.readAllLines(data);
                lines.set(0, String.join(",", java.util.Arrays.stream(lines.get(0).split(","))
                        .map(c -> c.equals(from) ? to : c).toList()));
                Path renamed = Files.write(dir.resolve("adult_train_renamed.csv"), lines);
                Req<TrainModelRequest> request = Req.of(TrainModelRequest.class);
                request.set("data", renamed.toString());
                request.set("labelColumn", "income");
                request.set("algorithm", "linear_sgd");
                request.put("params", "loss", "log");
                request.put("params", "epochs", 5);
                request.set("validationSplit", 0.0);
                new StepRunner().run(new TrainModelStep(), request.build(),
                        new StepContext(dir, dir.resolve("train"), StepLog.silent(), Map.of()));
                return dir.resolve("train").resolve("model.tribuo");
            } catch (Exception e) {
                throw new IllegalStateException("training the test model failed", e);
            }
        });
    }

    /** A port p such that p and p + 1 are both free on loopback now. */
    public static int freePortPair() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int p = 20_000 + ThreadLocalRandom.current().nextInt(20_000);
            try (ServerSocket a = new ServerSocket(p, 1, java.net.InetAddress.getLoopbackAddress());
                 ServerSocket b = new ServerSocket(p + 1, 1, java.net.InetAddress.getLoopbackAddress())) {
                return p;
            } catch (IOException e) {
                // taken; try another
            }
        }
        throw new UncheckedIOException(new IOException("no free pair of ports found"));
    }
}
