package io.mlsteps.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A separate process for the reliability tests: registers {@code count} versions of one model, each with
 * distinct content, and prints {@code registered <version> <sha256>} after each commit.
 * Arguments: registry URI, model name, count, scratch folder, worker id.
 */
public final class RegistrationWorker {
    private RegistrationWorker() {
    }

    public static void main(String[] args) throws Exception {
        String uri = args[0];
        String name = args[1];
        int count = Integer.parseInt(args[2]);
        Path dir = Path.of(args[3]);
        String worker = args[4];
        Files.createDirectories(dir);
        try (Registry registry = Registry.open(uri, Map.of("USER", "worker-" + worker))) {
            for (int i = 0; i < count; i++) {
                Path file = dir.resolve("w" + worker + "-" + i + ".bin");
                Files.writeString(file, "model of worker " + worker + " number " + i);
                ModelVersion v = registry.register(Registration.of(name, file).tag("worker", worker)
                        .metrics(Map.of("accuracy", i / 100.0)));
                System.out.println("registered " + v.version() + " " + v.artifactSha256());
                System.out.flush();
            }
        }
    }
}
