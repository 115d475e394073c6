package io.mlsteps.drift;

import io.mlsteps.testing.Req;

import io.mlsteps.contract.steps.CheckDriftRequest;

import io.mlsteps.data.ReadOptions;
import io.mlsteps.step.StepContext;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.run.StepRunner;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * checkDrift keeps the reference data's profile between runs: an unchanged reference file is not profiled again,
 * a changed one is, and the cache never fails or misleads a run.
 */
class ReferenceProfileCacheTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

    /** 2,000 rows: x numeric (mean {@code shift}), c one of four categories. Fixed width, so a rewrite keeps the size. */
    private Path write(String name, double shift, long seed, long ageMillis) throws Exception {
        Random rnd = new Random(seed);
        List<String> lines = new ArrayList<>(List.of("x,c"));
        for (int i = 0; i < 2_000; i++) {
            lines.add(String.format(java.util.Locale.ROOT, "%+.4f,%s", rnd.nextGaussian() + shift,
                    "abcd".charAt(rnd.nextInt(4))));
        }
        Path file = dir.resolve(name);
        Files.write(file, lines);
        if (ageMillis > 0) {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - ageMillis));
        }
        return file;
    }

    private StepResult run(String reference, String out, boolean cache) throws Exception {
        Req<CheckDriftRequest> q = Req.of(CheckDriftRequest.class);
        q.set("reference", reference);
        q.set("current", "cur.csv");
        q.set("referenceCache", cache);
        q.set("charts", false);
        logged.reset();
        StepLog log = new StepLog(new PrintStream(logged, true, StandardCharsets.UTF_8), "checkDrift", false);
        return new StepRunner().run(new CheckDriftStep(), q.build(), new StepContext(dir, dir.resolve(out), log, Map.of()));
    }

    private String log() {
        return logged.toString(StandardCharsets.UTF_8);
    }

    private Path cacheDir() {
        return dir.resolve(CheckDriftStep.REFERENCE_CACHE_DIR);
    }

    private List<Path> entries() throws Exception {
        if (!Files.isDirectory(cacheDir())) {
            return List.of();
        }
        try (var s = Files.list(cacheDir())) {
            return s.toList();
        }
    }

    private static double wasserstein(StepResult r) {
        return r.getMetrics().get("wasserstein[x]");
    }

    @Test
    void anUnchangedReferenceIsTakenFromTheCacheAndAChangedOneIsProfiledAgain() throws Exception {
        Path ref = write("ref.csv", 0, 1, 3_600_000);
        write("cur.csv", 0.5, 2, 0);
        StepResult first = run("ref.csv", "first", true);
        assertThat(log()).contains("profiling reference data");
        assertThat(entries()).hasSize(1);

        StepResult second = run("ref.csv", "second", true);
        assertThat(log()).contains("reference profile from the cache").doesNotContain("profiling reference data");
        assertThat(Files.readString(dir.resolve("second/drift.json"))).isEqualTo(Files.readString(dir.resolve("first/drift.json")));
        assertThat(wasserstein(second)).isEqualTo(wasserstein(first));

        // The cache trusts size, modification time and file identity, not the bytes: other data of the same size
        // written in place with the old time still gives the cached profile, which shows the data is not read.
        FileTime time = Files.getLastModifiedTime(ref);
        byte[] shifted = Files.readAllBytes(write("shifted.csv", 0.5, 2, 0));
        assertThat(shifted.length).isEqualTo(Files.size(ref));
        Files.write(ref, shifted, StandardOpenOption.TRUNCATE_EXISTING);
        Files.setLastModifiedTime(ref, time);
        assertThat(wasserstein(run("ref.csv", "third", true))).isEqualTo(wasserstein(first));

        // Any change of the time is a new file: profiled again (reference = current now: no distance left).
        Files.setLastModifiedTime(ref, FileTime.fromMillis(time.toMillis() + 1_000));
        StepResult changed = run("ref.csv", "changed", true);
        assertThat(log()).contains("profiling reference data");
        assertThat(wasserstein(changed)).isZero();
        assertThat(entries()).hasSize(2);
    }

    @Test
    void theKeyTellsEveryReadOptionApart() throws Exception {
        List<Path> files = List.of(write("ref.csv", 0, 1, 3_600_000));
        ReadOptions defaults = ReadOptions.defaults();
        List<String> keys = List.of(ReferenceProfileCache.key(files, defaults),
                ReferenceProfileCache.key(files, defaults.withHeader(false)),
                ReferenceProfileCache.key(files, defaults.withColumnNames(List.of("x", "c"))),
                ReferenceProfileCache.key(files, defaults.withColumnNames(List.of("a", "b"))),
                ReferenceProfileCache.key(files, defaults.withDelimiter(';')),
                ReferenceProfileCache.key(files, defaults.withMissingMarkers(java.util.Set.of("-"))));
        assertThat(new java.util.HashSet<>(keys)).hasSize(keys.size());
        // names are trimmed before they count
        assertThat(ReferenceProfileCache.key(files, defaults.withColumnNames(List.of(" x", "c "))))
                .isEqualTo(keys.get(2));
    }

    @Test
    void aReferenceModifiedJustBeforeTheRunIsNotCached() throws Exception {
        write("ref.csv", 0, 1, 0);
        write("cur.csv", 0.5, 2, 0);
        run("ref.csv", "first", true);
        assertThat(entries()).isEmpty();
        run("ref.csv", "second", true);
        assertThat(log()).contains("profiling reference data");
    }

    @Test
    void referenceCacheFalseNeitherReadsNorWritesTheCache() throws Exception {
        write("ref.csv", 0, 1, 3_600_000);
        write("cur.csv", 0.5, 2, 0);
        run("ref.csv", "with", true);
        assertThat(entries()).hasSize(1);
        Files.writeString(entries().get(0), "{ not a profile");
        StepResult without = run("ref.csv", "without", false);
        assertThat(log()).contains("profiling reference data").doesNotContain("cache");
        assertThat(Files.readString(entries().get(0))).isEqualTo("{ not a profile");
        assertThat(wasserstein(without)).isPositive();
    }

    @Test
    void anUnreadableEntryIsReplacedAndTheRunGoesOn() throws Exception {
        write("ref.csv", 0, 1, 3_600_000);
        write("cur.csv", 0.5, 2, 0);
        StepResult first = run("ref.csv", "first", true);
        Path entry = entries().get(0);
        Files.writeString(entry, "{\"format\": \"mlsteps-drift-profile\", \"rows\": \"many\"");
        StepResult second = run("ref.csv", "second", true);
        assertThat(log()).contains("is unreadable").contains("profiling reference data");
        assertThat(wasserstein(second)).isEqualTo(wasserstein(first));
        assertThat(entries()).containsExactly(entry);
        run("ref.csv", "third", true);
        assertThat(log()).contains("reference profile from the cache");
    }

    @Test
    void theMostRecentlyUsedEntriesAreKept() throws Exception {
        write("cur.csv", 0.5, 2, 0);
        write("ref0.csv", 0, 100, 3_600_000);
        run("ref0.csv", "r0", true);
        Path kept = entries().get(0);
        for (int i = 1; i <= ReferenceProfileCache.MAX_ENTRIES + 2; i++) {
            write("ref" + i + ".csv", 0, 100 + i, 3_600_000);
            run("ref" + i + ".csv", "r" + i, true);
            if (i == ReferenceProfileCache.MAX_ENTRIES - 1) {
                run("ref0.csv", "hit", true); // a use makes ref0's entry the most recent one
                assertThat(log()).contains("reference profile from the cache");
            }
        }
        assertThat(entries()).hasSize(ReferenceProfileCache.MAX_ENTRIES).contains(kept);
        run("ref0.csv", "again", true);
        assertThat(log()).contains("reference profile from the cache");
        run("ref1.csv", "evicted", true); // the least recently used: gone
        assertThat(log()).contains("profiling reference data");
    }
}
