package io.mlsteps.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.lineage.BuildInfo;
import io.mlsteps.lineage.DatasetRef;
import io.mlsteps.lineage.LineageGraph;
import io.mlsteps.lineage.LineageNode;
import io.mlsteps.util.Hashing;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registry's behaviour, run against each store by a subclass: {@link SqliteRegistryTest} and
 * {@link PostgresRegistryTest}. Both must pass the same tests.
 */
abstract class RegistryContractTest {
    @TempDir
    Path tmp;
    String uri;
    Registry registry;

    /** A URI of a fresh, empty registry of the store under test. */
    abstract String newRegistryUri(Path dir);

    @BeforeEach
    void open() {
        uri = newRegistryUri(tmp);
        registry = Registry.open(uri, Map.of("USER", "alice"));
    }

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
        RegistryStores.dropCreatedSchemas();
    }

    Path file(String name, String content) throws IOException {
        Path p = tmp.resolve("files").resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    ModelVersion register(String name, String content) throws IOException {
        return registry.register(Registration.of(name, file(name + "-" + content.hashCode() + ".bin", content)));
    }

    @Test
    void registersNumberedVersionsAndResolvesReferences() throws IOException {
        Path model = file("model.onnx", "onnx bytes");
        JsonNode card = Json.mapper().readTree("{\"algorithm\":\"logistic\",\"data\":{\"path\":\"adult.csv\","
                + "\"sha256\":\"" + "a".repeat(64) + "\",\"rows\":100}}");
        ModelVersion v1 = registry.register(Registration.of("adult", model)
                .metrics(Map.of("accuracy", 0.85, "roc_auc", 0.9)).tags(Map.of("team", "risk"))
                .card(card).description("first"));
        ModelVersion v2 = register("adult", "second");

        assertThat(v1.version()).isEqualTo(1);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v1.artifactSha256()).isEqualTo(Hashing.sha256(model));
        assertThat(v1.artifactName()).isEqualTo("model.onnx");
        assertThat(v1.createdBy()).isEqualTo("user:alice");

        ModelVersion back = registry.resolve("adult@1");
        assertThat(back.metrics()).containsEntry("accuracy", 0.85).containsEntry("roc_auc", 0.9);
        assertThat(back.tags()).containsEntry("team", "risk");
        assertThat(back.card().get("algorithm").asText()).isEqualTo("logistic");
        assertThat(back.description()).isEqualTo("first");
        assertThat(back.datasets()).extracting(DatasetRef::sha256).containsExactly("a".repeat(64));
        assertThat(back.datasets().get(0).rows()).isEqualTo(100L);
        assertThat(registry.resolve("adult").version()).isEqualTo(2);
        assertThat(registry.resolve("adult@latest").version()).isEqualTo(2);
        assertThat(registry.models()).containsExactly("adult");
        assertThat(registry.versions("adult")).extracting(ModelVersion::version).containsExactly(1, 2);
        assertThat(registry.find("adult", Map.of("team", "risk"))).extracting(ModelVersion::version).containsExactly(1);
        assertThat(registry.versionsUsingDataset("a".repeat(64))).extracting(ModelVersion::ref).containsExactly("adult@1");
    }

    @Test
    void unknownReferencesAreInputErrorsThatSayWhatExists() throws IOException {
        register("adult", "x");
        assertThatThrownBy(() -> registry.resolve("nosuch")).isInstanceOf(InputException.class)
                .hasMessageContaining("no model named 'nosuch'").hasMessageContaining("adult");
        assertThatThrownBy(() -> registry.resolve("adult@7")).isInstanceOf(InputException.class)
                .hasMessageContaining("no version 7").hasMessageContaining("1 to 1");
        assertThatThrownBy(() -> registry.resolve("adult@production")).isInstanceOf(InputException.class)
                .hasMessageContaining("no alias 'production'");
        assertThat(registry.find("adult@production")).isEmpty();
    }

    @Test
    void modelNamesWithPathTricksAreRejected() throws IOException {
        Path model = file("m.bin", "m");
        for (String bad : List.of("../evil", "a/b", "a\\b", "..", "", " x", "x y", "-rf", "a@b", "a;drop")) {
            assertThatThrownBy(() -> registry.register(Registration.of(bad, model)))
                    .as(bad).isInstanceOf(InputException.class).hasMessageContaining("model name");
        }
        assertThatThrownBy(() -> registry.resolve("adult@../x")).isInstanceOf(InputException.class);
        assertThat(registry.models()).isEmpty();
    }

    /** An artifact name is what a download writes: '.', '..', hidden names, separators and 10 kB names are refused. */
    @Test
    void artifactNamesThatCannotBeDownloadedAreRejected() throws IOException {
        Path model = file("m.bin", "m");
        for (String bad : List.of(".", "..", ".hidden", "a/b", "a\\b", "tab\tname", "x".repeat(10_000), "é".repeat(101), " ")) {
            assertThatThrownBy(() -> registry.register(Registration.of("adult", model).artifactName(bad)))
                    .as(bad.length() > 20 ? bad.length() + " characters" : bad).isInstanceOf(InputException.class)
                    .hasMessageContaining("artifact name").hasMessageContaining("expected a plain file name");
        }
        assertThat(registry.models()).isEmpty();
        String longest = "m".repeat(ModelRef.MAX_ARTIFACT_NAME_BYTES - 7) + ".tribuo";
        ModelVersion v = registry.register(Registration.of("adult", model).artifactName(longest));
        Path downloaded = registry.fetchArtifact(v, tmp.resolve("download").resolve(v.artifactName()));
        assertThat(downloaded).hasContent("m");
        try (var left = Files.list(downloaded.getParent())) {
            assertThat(left).containsExactly(downloaded);
        }
    }

    @Test
    void missingArtifactIsAnInputErrorNamingTheFile() {
        assertThatThrownBy(() -> registry.register(Registration.of("adult", tmp.resolve("nope.bin"))))
                .isInstanceOf(InputException.class).hasMessageContaining("nope.bin").hasMessageContaining("not found");
        assertThat(registry.models()).isEmpty();
    }

    @Test
    void versionsAreImmutableInTheDatabase() throws Exception {
        register("adult", "x");
        try (Connection c = DriverManager.getConnection(RegistryUri.parse(uri, Map.of()).jdbcUrl());
             Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE versions SET artifact_name = 'other' WHERE name = 'adult'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("immutable");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM versions WHERE name = 'adult'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("immutable");
        }
        assertThat(registry.resolve("adult@1").artifactName()).endsWith(".bin");
    }

    @Test
    void fetchedArtifactsAreVerifiedAndTamperedBlobsRefused() throws IOException {
        Path model = file("model.bin", "the real model");
        ModelVersion v = registry.register(Registration.of("adult", model).profile(file("profile.json", "{}")));
        Path out = registry.fetchArtifact(v, tmp.resolve("out/model.bin"));
        assertThat(Files.readString(out)).isEqualTo("the real model");
        assertThat(Files.readString(registry.fetchProfile(v, tmp.resolve("out/profile.json")))).isEqualTo("{}");
        assertThat(registry.verify()).isEmpty();

        Path blob = ((JdbcRegistry) registry).uri().blobDir().resolve("sha256").resolve(v.artifactSha256().substring(0, 2))
                .resolve(v.artifactSha256());
        Files.writeString(blob, "the evil model");
        Path target = tmp.resolve("out2/model.bin");
        assertThatThrownBy(() -> registry.fetchArtifact(v, target)).isInstanceOf(BlobIntegrityException.class)
                .hasMessageContaining("sha256 mismatch");
        assertThat(target).doesNotExist();
        assertThat(registry.verify()).singleElement().asString().contains("changed on disk");

        Files.delete(blob);
        assertThatThrownBy(() -> registry.fetchArtifact(v, target)).isInstanceOf(BlobIntegrityException.class)
                .hasMessageContaining("missing");
    }

    @Test
    void versionWithoutProfileSaysSoOnFetchProfile() throws IOException {
        ModelVersion v = register("adult", "x");
        assertThatThrownBy(() -> registry.fetchProfile(v, tmp.resolve("p.json"))).isInstanceOf(InputException.class)
                .hasMessageContaining("no training data profile");
    }

    @Test
    void aliasMovesAreAtomicAndAudited() throws IOException {
        register("adult", "1");
        register("adult", "2");
        AliasEvent first = registry.moveAlias("adult", "production", 1, "build:job-7 http://ci/job/7", "initial release");
        AliasEvent second = registry.moveAlias("adult", "production", 2, null, "better recall");
        registry.moveAlias("adult", "staging", 2, null, null);

        assertThat(registry.resolve("adult@production").version()).isEqualTo(2);
        assertThat(registry.aliases("adult")).containsExactlyInAnyOrderEntriesOf(Map.of("production", 2, "staging", 2));
        assertThat(registry.resolve("adult@2").aliases()).containsExactlyInAnyOrder("production", "staging");
        assertThat(first.fromVersion()).isNull();
        assertThat(second.fromVersion()).isEqualTo(1);
        assertThat(second.toVersion()).isEqualTo(2);
        assertThat(second.actor()).isEqualTo("user:alice");

        List<AliasEvent> history = registry.aliasHistory("adult", "production");
        assertThat(history).extracting(AliasEvent::fromVersion, AliasEvent::toVersion, AliasEvent::actor, AliasEvent::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(null, 1, "build:job-7 http://ci/job/7", "initial release"),
                        org.assertj.core.groups.Tuple.tuple(1, 2, "user:alice", "better recall"));
        assertThat(history.get(0).at()).isBeforeOrEqualTo(history.get(1).at()).isAfter(Instant.now().minusSeconds(60));
        assertThat(registry.aliasHistory("adult", null)).hasSize(3);

        AliasEvent removed = registry.removeAlias("adult", "staging", null, "retired");
        assertThat(removed.fromVersion()).isEqualTo(2);
        assertThat(removed.toVersion()).isNull();
        assertThat(registry.aliases("adult")).containsOnlyKeys("production");

        assertThatThrownBy(() -> registry.moveAlias("adult", "production", 9, null, null))
                .isInstanceOf(InputException.class).hasMessageContaining("no version 9");
        assertThatThrownBy(() -> registry.moveAlias("adult", "latest", 1, null, null))
                .isInstanceOf(InputException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> registry.moveAlias("adult", "7", 1, null, null))
                .isInstanceOf(InputException.class).hasMessageContaining("invalid alias");
        assertThat(registry.resolve("adult@production").version()).isEqualTo(2);
    }

    @Test
    void concurrentAliasMovesFormOneUnbrokenAuditChain() throws Exception {
        for (int i = 0; i < 5; i++) {
            register("adult", "v" + i);
        }
        int threads = 4;
        int moves = 10;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            futures.add(pool.submit(() -> {
                // each thread is its own client with its own connection, like separate builds
                try (Registry own = Registry.open(uri, Map.of("USER", "t" + seed))) {
                    java.util.Random random = new java.util.Random(seed);
                    for (int m = 0; m < moves; m++) {
                        own.moveAlias("adult", "production", 1 + random.nextInt(5), null, "move " + seed + "." + m);
                    }
                }
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> f : futures) {
            f.get(3, java.util.concurrent.TimeUnit.MINUTES);
        }
        pool.shutdown();
        List<AliasEvent> history = registry.aliasHistory("adult", "production");
        assertThat(history).hasSize(threads * moves);
        assertThat(history.get(0).fromVersion()).isNull();
        for (int i = 1; i < history.size(); i++) {
            assertThat(history.get(i).fromVersion()).as("event %d starts where event %d ended", i, i - 1)
                    .isEqualTo(history.get(i - 1).toVersion());
        }
        assertThat(registry.resolve("adult@production").version()).isEqualTo(history.get(history.size() - 1).toVersion());
    }

    @Test
    void requireGateAdmitsOnlyVersionsWhoseLatestEvaluationPassed() throws IOException {
        ModelVersion v1 = register("adult", "1");
        ModelVersion v2 = register("adult", "2");
        assertThatThrownBy(() -> registry.moveAlias("adult", "production", 1, null, "no evidence", true))
                .isInstanceOf(GateNotPassedException.class).hasMessageContaining("no evaluation or comparison");

        registry.recordEvent(LineageEvent.of(LineageEvent.EVALUATION, v1, true).withMetrics(Map.of("accuracy", 0.9)));
        registry.recordEvent(LineageEvent.of(LineageEvent.EVALUATION, v2, true));
        registry.recordEvent(LineageEvent.of(LineageEvent.COMPARISON, v2, false).withRelated(List.of("adult@1")));
        assertThat(registry.gatePassed("adult", 1)).isTrue();
        assertThat(registry.gatePassed("adult", 2)).isFalse();

        AliasEvent ok = registry.moveAlias("adult", "production", 1, null, "passed", true);
        assertThat(ok.gateChecked()).isTrue();
        assertThatThrownBy(() -> registry.moveAlias("adult", "production", 2, null, "failed comparison", true))
                .isInstanceOf(GateNotPassedException.class).hasMessageContaining("comparison");
        assertThat(registry.resolve("adult@production").version()).isEqualTo(1);
        assertThat(registry.aliasHistory("adult", "production")).hasSize(1);

        // a protected alias requires the gate even when the caller does not ask for it
        registry.protectAlias("*", "production", null);
        assertThat(registry.isProtected("adult", "production")).isTrue();
        assertThatThrownBy(() -> registry.moveAlias("adult", "production", 2, null, null))
                .isInstanceOf(GateNotPassedException.class).hasMessageContaining("protected");
        registry.moveAlias("adult", "staging", 2, null, null);
    }

    @Test
    void lineageWalksFromProductionAliasBackToTheTrainingData() throws IOException {
        Path csv = file("adult_train.csv", "age,label\n30,yes\n");
        String csvSha = Hashing.sha256(csv);
        JsonNode card = Json.mapper().readTree("{\"algorithm\":\"LogisticRegression\",\"data\":{\"path\":\"" + csv
                + "\",\"sha256\":\"" + csvSha + "\",\"rows\":1}}");
        BuildInfo build = BuildInfo.fromEnv(Map.of("JOB_NAME", "adult-train", "BUILD_NUMBER", "12",
                "BUILD_URL", "http://ci/job/adult-train/12/", "GIT_COMMIT", "abc123", "BRANCH_NAME", "main"));
        ModelVersion v1 = registry.register(Registration.of("adult", file("m1.bin", "v1")).card(card).build(build));
        ModelVersion v2 = registry.register(Registration.of("adult", file("m2.bin", "v2")).card(card).build(build));
        Path evalCsv = file("adult_test.csv", "age,label\n40,no\n");
        registry.recordEvent(LineageEvent.of(LineageEvent.EVALUATION, v2, true)
                .withDatasets(List.of(DatasetRef.of("evaluation", Hashing.sha256(evalCsv), "adult_test.csv")))
                .withMetrics(Map.of("accuracy", 0.86)));
        registry.recordEvent(LineageEvent.of(LineageEvent.COMPARISON, v2, true).withRelated(List.of(v1.ref(), v2.ref())));
        registry.moveAlias("adult", "production", 2, null, "passed gates", true);
        LineageEvent deployment = registry.recordDeployment("adult@production", "docker", "http://localhost:8080", true,
                Map.of("strategy", "canary"));
        assertThat(deployment.id()).isPositive();
        assertThat(registry.events("adult", 2, LineageEvent.DEPLOYMENT)).singleElement()
                .satisfies(e -> assertThat(e.attributes()).containsEntry("target", "docker").containsEntry("strategy", "canary"));

        LineageGraph g = registry.lineage("adult@production");
        assertThat(g.getRoot()).isEqualTo("model:adult@2");
        List<LineageNode> up = g.upstream("model:adult@2");
        assertThat(up).extracting(LineageNode::id).contains("dataset:" + csvSha, "build:http://ci/job/adult-train/12/");
        assertThat(g.node("dataset:" + csvSha).orElseThrow().attributes()).containsEntry("rows", 1L);
        List<LineageNode> down = g.downstream("model:adult@2");
        assertThat(down).extracting(LineageNode::kind)
                .contains("evaluation", "comparison", "aliasMove", "deployment", "alias");
        assertThat(g.node("alias:adult@production")).isPresent();
        // the baseline of the comparison is part of the graph
        assertThat(g.incoming(down.stream().filter(n -> n.kind().equals("comparison")).findFirst().orElseThrow().id()))
                .extracting(e -> e.from() + " " + e.relation()).containsExactlyInAnyOrder("model:adult@1 baseline",
                        "model:adult@2 compared");

        LineageGraph fromData = registry.lineage("sha256:" + csvSha);
        assertThat(fromData.downstream("dataset:" + csvSha)).extracting(LineageNode::id)
                .contains("model:adult@1", "model:adult@2");
    }

    @Test
    void recordingAnEventForAnUnknownVersionFails() throws IOException {
        ModelVersion v = register("adult", "1");
        LineageEvent bad = new LineageEvent(0, "evaluation", "adult", 5, true, null, null, null, null, null, null, null);
        assertThatThrownBy(() -> registry.recordEvent(bad)).isInstanceOf(InputException.class)
                .hasMessageContaining("no version 5");
        assertThatThrownBy(() -> registry.recordEvent(LineageEvent.of("bad kind!", v, null)))
                .isInstanceOf(InputException.class);
        assertThat(registry.events("adult", 1, null)).isEmpty();
    }

    @Test
    void gcRemovesOnlyOldOrphanBlobs() throws IOException {
        ModelVersion kept = registry.register(Registration.of("adult", file("m.bin", "kept")).profile(file("p.json", "{}")));
        BlobStore store = new BlobStore(((JdbcRegistry) registry).uri().blobDir());
        BlobStore.Blob oldOrphan = store.put(file("o1.bin", "orphan from a crashed registration"));
        BlobStore.Blob youngOrphan = store.put(file("o2.bin", "registration in progress"));
        Files.setLastModifiedTime(store.path(oldOrphan.sha256()), FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Files.setLastModifiedTime(store.path(kept.artifactSha256()), FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        GcReport dry = registry.gc(Duration.ofHours(1), true);
        assertThat(dry.removed()).containsExactly(oldOrphan.sha256());
        assertThat(store.exists(oldOrphan.sha256())).isTrue();

        GcReport report = registry.gc(Duration.ofHours(1), false);
        assertThat(report.removed()).containsExactly(oldOrphan.sha256());
        assertThat(report.referenced()).isEqualTo(2);
        assertThat(report.tooYoung()).isEqualTo(1);
        assertThat(store.exists(oldOrphan.sha256())).isFalse();
        assertThat(store.exists(youngOrphan.sha256())).isTrue();
        assertThat(store.exists(kept.artifactSha256())).isTrue();
        assertThat(store.exists(kept.profileSha256())).isTrue();
        assertThat(registry.verify()).isEmpty();
    }

    @Test
    void reRegisteringStoredContentRefreshesTheBlobSoGcSparesIt() throws IOException {
        BlobStore store = new BlobStore(((JdbcRegistry) registry).uri().blobDir());
        Path content = file("same.bin", "same bytes");
        BlobStore.Blob orphan = store.put(content);
        Files.setLastModifiedTime(store.path(orphan.sha256()), FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        registry.register(Registration.of("adult", content));
        assertThat(registry.gc(Duration.ofHours(1), false).removed()).isEmpty();
        assertThat(registry.verify()).isEmpty();
    }

    @Test
    void schemaUpgradesRunForwardAndKeepData() throws Exception {
        registry.close();
        registry = null;
        String fresh = newRegistryUri(tmp.resolve("old"));
        RegistryUri parsed = RegistryUri.parse(fresh, Map.of());
        Path csvHash = file("data.csv", "a\n1\n");
        String sha = Hashing.sha256(csvHash);
        try (JdbcRegistry v1 = JdbcRegistry.open(parsed, Map.of(), 1)) {
            assertThat(v1.schemaVersion()).isEqualTo(1);
            // a version-1 database has no dataset index; register through SQL as version 1 code did
            try (Connection c = DriverManager.getConnection(parsed.jdbcUrl()); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO models (name, latest_version, created_at) VALUES ('old', 1, 0)");
                s.executeUpdate("INSERT INTO versions (name, version, artifact_sha256, artifact_name, artifact_size,"
                        + " metrics, tags, datasets, created_at, created_by) VALUES ('old', 1, '" + "b".repeat(64)
                        + "', 'm.bin', 1, '{}', '{}', '[{\"role\":\"training\",\"sha256\":\"" + sha + "\"}]', 0, 'user:x')");
            }
        }
        try (Registry upgraded = Registry.open(fresh, Map.of())) {
            assertThat(upgraded.schemaVersion()).isEqualTo(SchemaMigrations.CURRENT);
            assertThat(upgraded.resolve("old@1").datasets()).extracting(DatasetRef::sha256).containsExactly(sha);
            assertThat(upgraded.versionsUsingDataset(sha)).extracting(ModelVersion::ref).containsExactly("old@1");
        }
        try (Connection c = DriverManager.getConnection(parsed.jdbcUrl()); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE schema_info SET version = 99");
        }
        assertThatThrownBy(() -> Registry.open(fresh, Map.of())).isInstanceOf(InputException.class)
                .hasMessageContaining("schema version 99").hasMessageContaining("upgrade mlsteps");
    }

    @Test
    void metricsWithoutValueAreRejected() throws IOException {
        Path model = file("m.bin", "x");
        java.util.Map<String, Double> metrics = new java.util.HashMap<>();
        metrics.put("accuracy", null);
        assertThatThrownBy(() -> registry.register(Registration.of("adult", model).metrics(metrics)))
                .isInstanceOf(InputException.class).hasMessageContaining("accuracy");
        assertThat(new String(Files.readAllBytes(model), StandardCharsets.UTF_8)).isEqualTo("x");
    }

    // ---- reliability: separate processes ---------------------------------------------------------------

    static Process spawnWorker(String uri, String name, int count, Path dir, String worker, Long pauseMillis)
            throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        if (pauseMillis != null) {
            cmd.add("-D" + JdbcRegistry.PAUSE_BEFORE_COMMIT + "=" + pauseMillis);
        }
        cmd.addAll(List.of("-cp", classpath, RegistrationWorker.class.getName(), uri, name, String.valueOf(count),
                dir.toString(), worker));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    @Test
    void eightProcessesRegisteringFiftyVersionsEachGetFourHundredConsecutiveVersions() throws Exception {
        int processes = 8;
        int each = 50;
        List<Process> workers = new java.util.ArrayList<>();
        List<java.util.concurrent.CompletableFuture<String>> outputs = new java.util.ArrayList<>();
        for (int w = 0; w < processes; w++) {
            Process p = spawnWorker(uri, "concurrent", each, tmp.resolve("work"), String.valueOf(w), null);
            workers.add(p);
            outputs.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return e.toString();
                }
            }));
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        java.util.Set<Integer> reported = new java.util.TreeSet<>();
        for (int w = 0; w < processes; w++) {
            Process p = workers.get(w);
            long left = Math.max(1, deadline - System.nanoTime());
            boolean done = p.waitFor(left, java.util.concurrent.TimeUnit.NANOSECONDS);
            if (!done) {
                workers.forEach(Process::destroyForcibly);
            }
            String out = outputs.get(w).get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(done).as("worker %d finished in time; output:%n%s", w, out).isTrue();
            assertThat(p.exitValue()).as("worker %d exit; output:%n%s", w, out).isZero();
            for (String line : out.split("\\R")) {
                if (line.startsWith("registered ")) {
                    assertThat(reported.add(Integer.parseInt(line.split(" ")[1]))).as("version reported twice: " + line).isTrue();
                }
            }
        }
        List<ModelVersion> versions = registry.versions("concurrent");
        assertThat(versions).extracting(ModelVersion::version)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, processes * each).boxed().toList());
        assertThat(reported).hasSize(processes * each);
        // none lost: every worker's every file is a version, with its own content
        java.util.Set<String> expected = new java.util.HashSet<>();
        for (int w = 0; w < processes; w++) {
            for (int i = 0; i < each; i++) {
                expected.add(Hashing.sha256(("model of worker " + w + " number " + i).getBytes(StandardCharsets.UTF_8)));
            }
        }
        assertThat(versions).extracting(ModelVersion::artifactSha256).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(registry.verify()).isEmpty();
    }

    @Test
    void processesOpeningAFreshRegistryTogetherCreateItOnce() throws Exception {
        String fresh = newRegistryUri(tmp.resolve("fresh"));
        List<Process> workers = new java.util.ArrayList<>();
        for (int w = 0; w < 4; w++) {
            workers.add(spawnWorker(fresh, "fresh", 3, tmp.resolve("work-fresh"), "f" + w, null));
        }
        for (Process p : workers) {
            boolean done = p.waitFor(3, java.util.concurrent.TimeUnit.MINUTES);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(done).as(out).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
        }
        try (Registry r = Registry.open(fresh, Map.of())) {
            assertThat(r.schemaVersion()).isEqualTo(SchemaMigrations.CURRENT);
            assertThat(r.versions("fresh")).extracting(ModelVersion::version)
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 12).boxed().toList());
        }
    }

    @Test
    void processKilledMidRegistrationLeavesNoHalfWrittenVersion() throws Exception {
        register("crash", "before");
        Process p = spawnWorker(uri, "crash", 1, tmp.resolve("work"), "k", 60_000L);
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            java.util.concurrent.CompletableFuture<String> paused = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    String line;
                    StringBuilder all = new StringBuilder();
                    while ((line = reader.readLine()) != null) {
                        all.append(line).append('\n');
                        if (line.contains("paused before commit")) {
                            return "paused";
                        }
                    }
                    return all.toString();
                } catch (IOException e) {
                    return e.toString();
                }
            });
            assertThat(paused.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("paused");
            // the worker has stored its blob and inserted its version inside an open transaction: SIGKILL now
            new ProcessBuilder("kill", "-KILL", String.valueOf(p.pid())).start().waitFor();
            assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
        assertThat(p.exitValue()).isEqualTo(137);

        registry.close();
        registry = Registry.open(uri, Map.of("USER", "alice"));
        assertThat(registry.versions("crash")).extracting(ModelVersion::version).containsExactly(1);
        assertThat(registry.verify()).as("no version refers to a missing or damaged blob").isEmpty();
        String orphan = Hashing.sha256("model of worker k number 0".getBytes(StandardCharsets.UTF_8));
        BlobStore store = new BlobStore(((JdbcRegistry) registry).uri().blobDir());
        assertThat(store.exists(orphan)).as("the killed registration's blob is an orphan").isTrue();

        GcReport gc = registry.gc(Duration.ZERO, false);
        assertThat(gc.removed()).contains(orphan);
        assertThat(store.exists(orphan)).isFalse();
        assertThat(registry.verify()).isEmpty();
        assertThat(registry.fetchArtifact(registry.resolve("crash@1"), tmp.resolve("c1.bin"))).exists();
        assertThat(register("crash", "after").version()).isEqualTo(2);
    }
}
