package io.mlsteps.predict;

import io.mlsteps.contract.steps.PredictRequest;
import io.mlsteps.contract.steps.TrainModelRequest;
import io.mlsteps.step.StepContext;
import io.mlsteps.testing.CapturedLog;
import io.mlsteps.testing.Req;
import io.mlsteps.train.TrainModelStep;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/** Data and models the predict tests share: a noisy two-class problem with a numeric and a categorical feature. */
final class PredictFixtures {
    final Path dir;
    final CapturedLog logged = new CapturedLog();

    PredictFixtures(Path dir) {
        this.dir = dir;
    }

    StepContext ctx(String step) {
        return new StepContext(dir, dir.resolve(step), logged.of(step), Map.of());
    }

    /** {@code n} rows {@code id,x,color,size,risk}; the label depends on x, color and size. */
    Path data(String name, int n, long seed) throws IOException {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder("id,x,color,size,risk\n");
        for (int i = 0; i < n; i++) {
            double x = random.nextGaussian();
            String color = random.nextBoolean() ? "red" : random.nextBoolean() ? "blue" : "green";
            double size = 10 + 3 * random.nextGaussian();
            boolean bad = x + (color.equals("red") ? 0.5 : 0) + (size - 10) / 6 + random.nextGaussian() > 0.3;
            sb.append("id-").append(seed).append('-').append(i).append(',')
                    .append(String.format(Locale.ROOT, "%.4f", x)).append(',').append(color).append(',')
                    .append(String.format(Locale.ROOT, "%.2f", size)).append(',').append(bad ? "bad" : "good")
                    .append('\n');
        }
        return Files.writeString(dir.resolve(name), sb);
    }

    /** A model trained by trainModel on 600 rows ({@code algorithm} of the contract, e.g. logistic_regression). */
    Path model(String algorithm, String label) throws Exception {
        Path train = data("train.csv", 600, 1);
        String step = "train-" + algorithm + "-" + label;
        new TrainModelStep().execute(Req.of(TrainModelRequest.class).set("data", train.toString())
                .set("labelColumn", label).set("algorithm", algorithm).add("excludeFeatures", List.of("id"))
                .build(), ctx(step));
        return dir.resolve(step).resolve("model.tribuo");
    }

    static Req<PredictRequest> request(Path data, Path model) {
        return Req.of(PredictRequest.class).set("data", data.toString()).set("modelFile", model.toString());
    }

    /** The lines of a text file, gunzipped when it is compressed (all members). */
    static List<String> lines(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length > 1 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
                bytes = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes)).readAllBytes();
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            return new ArrayList<>(text.isEmpty() ? List.of() : List.of(text.split("\n", -1)).subList(0,
                    text.endsWith("\n") ? text.split("\n", -1).length - 1 : text.split("\n", -1).length));
        }
    }
}
