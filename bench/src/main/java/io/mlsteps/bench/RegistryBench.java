package io.mlsteps.bench;

import io.mlsteps.registry.LineageEvent;
import io.mlsteps.registry.ModelVersion;
import io.mlsteps.registry.Registration;
import io.mlsteps.registry.Registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Registry throughput on one store: registers {@code N} versions of one model (artifacts of {@code KB}
 * kilobytes of random bytes), records an evaluation for each, resolves every version by number and by
 * alias, fetches (and verifies) every artifact and walks the lineage of each; prints one JSON line with the
 * operations per second. {@code bench/registry.sh} runs it on SQLite and PostgreSQL side by side.
 *
 * <p>Usage: {@code RegistryBench URI N KB SCRATCH_DIR [MODEL_NAME]}.
 */
public final class RegistryBench {
    private RegistryBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: RegistryBench URI N KB SCRATCH_DIR [MODEL_NAME]");
            System.exit(3);
        }
        String uri = args[0];
        int n = Integer.parseInt(args[1]);
        int kb = Integer.parseInt(args[2]);
        Path scratch = Path.of(args[3]);
        String name = args.length > 4 ? args[4] : "bench";
        Files.createDirectories(scratch);
        Random random = new Random(42);
        byte[] bytes = new byte[kb * 1024];
        long t0 = System.nanoTime();
        try (Registry registry = Registry.open(uri, Map.of("USER", "bench"))) {
            double open = (System.nanoTime() - t0) / 1e9;
            long t = System.nanoTime();
            int first = -1;
            for (int i = 0; i < n; i++) {
                random.nextBytes(bytes);
                Path f = scratch.resolve(name + "-" + i + ".bin");
                Files.write(f, bytes);
                ModelVersion v = registry.register(Registration.of(name, f).metrics(Map.of("accuracy", 0.8 + i * 1e-4))
                        .tag("i", String.valueOf(i)));
                registry.recordEvent(LineageEvent.of(LineageEvent.EVALUATION, v, true));
                first = first < 0 ? v.version() : first;
                Files.delete(f);
            }
            double register = (System.nanoTime() - t) / 1e9;
            registry.moveAlias(name, "production", first, null, "bench", true);
            t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                registry.resolve(name + "@" + (first + i));
                registry.resolve(name + "@production");
            }
            double resolve = (System.nanoTime() - t) / 1e9;
            t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                ModelVersion v = registry.resolve(name + "@" + (first + i));
                Files.delete(registry.fetchArtifact(v, scratch.resolve("fetched.bin")));
            }
            double fetch = (System.nanoTime() - t) / 1e9;
            int walks = Math.min(n, 50);
            t = System.nanoTime();
            for (int i = 0; i < walks; i++) {
                registry.lineage(name + "@" + (first + i));
            }
            double lineage = (System.nanoTime() - t) / 1e9;
            System.out.println(String.format(Locale.ROOT, "{\"store\": \"%s\", \"versions\": %d, \"artifactKB\": %d, "
                            + "\"openSeconds\": %.3f, \"registerPerSecond\": %.1f, \"resolvePerSecond\": %.1f, "
                            + "\"fetchVerifiedPerSecond\": %.1f, \"fetchMBPerSecond\": %.1f, \"lineageWalksPerSecond\": %.1f}",
                    uri.startsWith("jdbc:") ? "postgresql" : "sqlite", n, kb, open, n / register, 2 * n / resolve,
                    n / fetch, n * kb / 1024.0 / fetch, walks / lineage));
        }
    }
}
