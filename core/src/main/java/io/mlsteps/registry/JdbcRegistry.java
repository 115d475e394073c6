package io.mlsteps.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.lineage.BuildInfo;
import io.mlsteps.lineage.DatasetRef;
import io.mlsteps.lineage.LineageGraph;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The registry on a JDBC database (SQLite or PostgreSQL, same SQL but for {@link SqlDialect}) and a
 * {@link BlobStore}. One connection per instance; methods are synchronized, and processes coordinate
 * through the database's own locking (see {@link #register}).
 */
final class JdbcRegistry implements Registry {
    /** Test hook for crash tests: milliseconds to wait inside the registration transaction before commit. */
    static final String PAUSE_BEFORE_COMMIT = "mlsteps.registry.pauseBeforeCommitMillis";
    private static final int MAX_ATTEMPTS = 20;
    private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> TAGS = new TypeReference<>() { };
    private static final TypeReference<List<DatasetRef>> DATASETS = new TypeReference<>() { };
    private static final TypeReference<Map<String, Object>> BODY = new TypeReference<>() { };

    private final RegistryUri uri;
    private final SqlDialect dialect;
    private final Connection connection;
    private final BlobStore blobs;
    private final Map<String, String> env;
    private final int schemaVersion;

    private JdbcRegistry(RegistryUri uri, SqlDialect dialect, Connection connection, Map<String, String> env,
                         int schemaVersion) {
        this.uri = uri;
        this.dialect = dialect;
        this.connection = connection;
        this.blobs = new BlobStore(uri.blobDir());
        this.env = env;
        this.schemaVersion = schemaVersion;
    }

    static JdbcRegistry open(RegistryUri uri, Map<String, String> env, int targetSchema) {
        SqlDialect dialect = SqlDialect.of(uri.store());
        if (uri.store() == RegistryUri.Store.SQLITE) {
            createFolder(uri.blobDir().getParent());
        }
        Connection c;
        try {
            c = dialect.connect(uri.jdbcUrl());
        } catch (SQLException e) {
            throw new InputException("registry", "cannot open the registry at " + uri.shown() + ": " + e.getMessage());
        }
        try {
            createFolder(uri.blobDir());
        } catch (InputException e) {
            closeQuietly(c);
            throw e;
        }
        try {
            int version = SchemaMigrations.upgrade(c, dialect, targetSchema);
            return new JdbcRegistry(uri, dialect, c, env, version);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("cannot prepare the registry database at " + uri.shown() + ": " + e.getMessage(), e);
        }
    }

    private static void createFolder(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (java.io.IOException e) {
            throw new InputException("registry", "cannot create the registry folder " + folder + ": " + e);
        }
    }

    @Override
    public String location() {
        return uri.shown();
    }

    RegistryUri uri() {
        return uri;
    }

    @Override
    public int schemaVersion() {
        return schemaVersion;
    }

    // ---- versions ------------------------------------------------------------------------------------

    @Override
    public synchronized ModelVersion register(Registration r) {
        String name = ModelRef.checkName(r.name, "name");
        Path artifact = r.artifact;
        if (artifact == null) {
            throw new InputException("model", "is required: the model artifact file to register");
        }
        if (!Files.isRegularFile(artifact)) {
            throw new InputException(artifact.toString(), Files.isDirectory(artifact)
                    ? "is a folder; expected the model artifact file" : "file not found");
        }
        if (r.profile != null && !Files.isRegularFile(r.profile)) {
            throw new InputException(r.profile.toString(), "file not found (the profile to store with the model)");
        }
        for (Map.Entry<String, Double> m : r.metrics.entrySet()) {
            if (m.getValue() == null) {
                throw new InputException("metrics", "metric '" + m.getKey() + "' has no value");
            }
        }
        String artifactName = r.artifactName != null ? r.artifactName : artifact.getFileName().toString();
        ModelRef.checkArtifactName(artifactName, "artifactName");
        // blobs first: a crash after this point leaves orphans for gc, never a version without its blob
        BlobStore.Blob art = blobs.put(artifact);
        BlobStore.Blob prof = r.profile == null ? null : blobs.put(r.profile);

        List<DatasetRef> datasets = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<DatasetRef> all = new ArrayList<>(r.datasets);
        all.addAll(CardLineage.datasets(r.card));
        for (DatasetRef ds : all) {
            if (ds.sha256() == null || !ds.sha256().matches("[0-9a-f]{64}")) {
                throw new InputException("datasets", "dataset " + ds.uri() + " needs a lower-case hex sha256, got '"
                        + ds.sha256() + "'");
            }
            if (seen.add(ds.sha256() + "|" + ds.role())) {
                datasets.add(ds);
            }
        }
        BuildInfo build = r.build != null ? r.build : BuildInfo.fromEnv(env);
        if (build != null && build.isEmpty()) {
            build = CardLineage.build(r.card);
        }
        String actor = r.actor != null ? r.actor : BuildInfo.actorFromEnv(env);
        Instant now = Instant.now();
        Map<String, Double> metrics = new LinkedHashMap<>(r.metrics);
        Map<String, String> tags = new LinkedHashMap<>(r.tags);
        BuildInfo finalBuild = build;
        int version = inTransaction(c -> {
            exec(c, "INSERT INTO models (name, latest_version, created_at) VALUES (?, 0, ?) ON CONFLICT (name) DO NOTHING",
                    name, now.toEpochMilli());
            // the row lock (PostgreSQL) or the database write lock (SQLite) serialises numbering per model
            exec(c, "UPDATE models SET latest_version = latest_version + 1 WHERE name = ?", name);
            int v;
            try (PreparedStatement ps = c.prepareStatement("SELECT latest_version FROM models WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    v = rs.getInt(1);
                }
            }
            exec(c, "INSERT INTO versions (name, version, artifact_sha256, artifact_name, artifact_size, profile_sha256,"
                            + " description, metrics, tags, card, datasets, build, created_at, created_by)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    name, v, art.sha256(), artifactName, art.size(), prof == null ? null : prof.sha256(), r.description,
                    Json.toString(metrics), Json.toString(tags), r.card == null ? null : Json.toString(r.card),
                    Json.toString(datasets), finalBuild == null ? null : Json.toString(finalBuild), now.toEpochMilli(), actor);
            for (DatasetRef ds : datasets) {
                SchemaMigrations.insertDataset(c, new Object[]{name, v, ds.sha256(), ds.role() == null ? "" : ds.role()});
            }
            pauseForCrashTests();
            return v;
        });
        return new ModelVersion(name, version, art.sha256(), artifactName, art.size(), now, actor, r.description,
                metrics, tags, r.card, prof == null ? null : prof.sha256(), datasets, finalBuild, List.of());
    }

    private static void pauseForCrashTests() {
        String pause = System.getProperty(PAUSE_BEFORE_COMMIT);
        if (pause != null) {
            System.out.println("paused before commit");
            System.out.flush();
            try {
                Thread.sleep(Long.parseLong(pause));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public synchronized ModelVersion resolve(String ref) {
        ModelRef parsed = ModelRef.parse(ref);
        return lookup(parsed).orElseThrow(() -> notFound(parsed));
    }

    @Override
    public synchronized Optional<ModelVersion> find(String ref) {
        return lookup(ModelRef.parse(ref));
    }

    private Optional<ModelVersion> lookup(ModelRef ref) {
        if (ref.version() != null) {
            return one("SELECT * FROM versions WHERE name = ? AND version = ?", ref.name(), ref.version());
        }
        if (ModelRef.LATEST.equals(ref.alias())) {
            return one("SELECT * FROM versions WHERE name = ? ORDER BY version DESC LIMIT 1", ref.name());
        }
        return one("SELECT v.* FROM versions v JOIN aliases a ON a.name = v.name AND a.version = v.version"
                + " WHERE a.name = ? AND a.alias = ?", ref.name(), ref.alias());
    }

    private InputException notFound(ModelRef ref) {
        String where = "model reference '" + ref + "'";
        List<String> models = models();
        if (!models.contains(ref.name())) {
            return new InputException(where, "no model named '" + ref.name() + "' in the registry " + location()
                    + (models.isEmpty() ? " (it is empty)" : "; models: " + abbreviate(models)));
        }
        if (ref.version() != null) {
            int latest = latestVersion(ref.name());
            return new InputException(where, "model '" + ref.name() + "' has no version " + ref.version()
                    + " (versions 1 to " + latest + ")");
        }
        Map<String, Integer> aliases = aliases(ref.name());
        return new InputException(where, "model '" + ref.name() + "' has no alias '" + ref.alias() + "'"
                + (aliases.isEmpty() ? " (it has no aliases)" : "; aliases: " + aliases));
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 20 ? names.toString() : names.subList(0, 20) + " and " + (names.size() - 20) + " more";
    }

    private int latestVersion(String name) {
        return query("SELECT latest_version FROM models WHERE name = ?", rs -> rs.next() ? rs.getInt(1) : 0, name);
    }

    @Override
    public synchronized List<ModelVersion> versions(String name) {
        ModelRef.checkName(name, "name");
        return many("SELECT * FROM versions WHERE name = ? ORDER BY version", name);
    }

    @Override
    public synchronized List<ModelVersion> find(String name, Map<String, String> tags) {
        return versions(name).stream().filter(v -> v.tags().entrySet().containsAll(tags.entrySet())).toList();
    }

    @Override
    public synchronized List<String> models() {
        return query("SELECT name FROM models WHERE latest_version > 0 ORDER BY name", rs -> {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        });
    }

    @Override
    public Path fetchArtifact(ModelVersion version, Path target) {
        return blobs.copyTo(version.artifactSha256(), target);
    }

    @Override
    public Path fetchProfile(ModelVersion version, Path target) {
        if (version.profileSha256() == null) {
            throw new InputException(version.ref(), "has no training data profile stored with it"
                    + " (register it with a profile to enable drift checks against it)");
        }
        return blobs.copyTo(version.profileSha256(), target);
    }

    /** The content of a small blob, verified (used for the card and reports). */
    byte[] readBlob(String sha256) {
        return blobs.read(sha256);
    }

    // ---- aliases -------------------------------------------------------------------------------------

    @Override
    public AliasEvent moveAlias(String name, String alias, int version, String actor, String reason) {
        return moveAlias(name, alias, version, actor, reason, false);
    }

    @Override
    public synchronized AliasEvent moveAlias(String name, String alias, int version, String actor, String reason,
                                             boolean requireGate) {
        ModelRef.checkName(name, "name");
        ModelRef.checkMovableAlias(alias, "alias");
        String who = actor != null ? actor : BuildInfo.actorFromEnv(env);
        return inTransaction(c -> {
            lockModel(c, name);
            boolean exists = query(c, "SELECT 1 FROM versions WHERE name = ? AND version = ?", ResultSet::next, name, version);
            if (!exists) {
                throw notFound(new ModelRef(name, version, null));
            }
            boolean gate = requireGate || isProtected(c, name, alias);
            if (gate) {
                String problem = gateProblem(c, name, version);
                if (problem != null) {
                    throw new GateNotPassedException(name + "@" + version, "may not take the alias '" + alias + "': "
                            + problem + (requireGate ? " (requireGate)" : " ('" + alias + "' is a protected alias)"));
                }
            }
            Integer from = query(c, "SELECT version FROM aliases WHERE name = ? AND alias = ?",
                    rs -> rs.next() ? rs.getInt(1) : null, name, alias);
            long now = Instant.now().toEpochMilli();
            if (from == null) {
                exec(c, "INSERT INTO aliases (name, alias, version, updated_at) VALUES (?, ?, ?, ?)", name, alias, version, now);
            } else {
                exec(c, "UPDATE aliases SET version = ?, updated_at = ? WHERE name = ? AND alias = ?", version, now, name, alias);
            }
            long id = dialect.insertReturningId(c, "INSERT INTO alias_events (name, alias, from_version, to_version, actor,"
                    + " reason, at, gate_checked) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", name, alias, from, version, who, reason,
                    now, gate ? 1 : 0);
            return new AliasEvent(id, name, alias, from, version, who, reason, Instant.ofEpochMilli(now), gate);
        });
    }

    @Override
    public synchronized AliasEvent removeAlias(String name, String alias, String actor, String reason) {
        ModelRef.checkName(name, "name");
        ModelRef.checkMovableAlias(alias, "alias");
        String who = actor != null ? actor : BuildInfo.actorFromEnv(env);
        return inTransaction(c -> {
            lockModel(c, name);
            Integer from = query(c, "SELECT version FROM aliases WHERE name = ? AND alias = ?",
                    rs -> rs.next() ? rs.getInt(1) : null, name, alias);
            if (from == null) {
                throw new InputException("alias", "model '" + name + "' has no alias '" + alias + "'");
            }
            exec(c, "DELETE FROM aliases WHERE name = ? AND alias = ?", name, alias);
            long now = Instant.now().toEpochMilli();
            long id = dialect.insertReturningId(c, "INSERT INTO alias_events (name, alias, from_version, to_version, actor,"
                    + " reason, at, gate_checked) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", name, alias, from, null, who, reason, now, 0);
            return new AliasEvent(id, name, alias, from, null, who, reason, Instant.ofEpochMilli(now), false);
        });
    }

    private void lockModel(Connection c, String name) throws SQLException {
        query(c, "SELECT latest_version FROM models WHERE name = ?" + dialect.forUpdate(), ResultSet::next, name);
    }

    @Override
    public synchronized Map<String, Integer> aliases(String name) {
        return query("SELECT alias, version FROM aliases WHERE name = ? ORDER BY alias", rs -> {
            Map<String, Integer> result = new LinkedHashMap<>();
            while (rs.next()) {
                result.put(rs.getString(1), rs.getInt(2));
            }
            return result;
        }, name);
    }

    @Override
    public synchronized List<AliasEvent> aliasHistory(String name, String alias) {
        String sql = "SELECT * FROM alias_events WHERE name = ?" + (alias == null ? "" : " AND alias = ?") + " ORDER BY id";
        Object[] params = alias == null ? new Object[]{name} : new Object[]{name, alias};
        return query(sql, rs -> {
            List<AliasEvent> result = new ArrayList<>();
            while (rs.next()) {
                result.add(new AliasEvent(rs.getLong("id"), rs.getString("name"), rs.getString("alias"),
                        (Integer) intOrNull(rs, "from_version"), (Integer) intOrNull(rs, "to_version"), rs.getString("actor"),
                        rs.getString("reason"), Instant.ofEpochMilli(rs.getLong("at")), rs.getInt("gate_checked") == 1));
            }
            return result;
        }, params);
    }

    private static Integer intOrNull(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    @Override
    public synchronized void protectAlias(String name, String alias, String actor) {
        if (!"*".equals(name)) {
            ModelRef.checkName(name, "name");
        }
        ModelRef.checkMovableAlias(alias, "alias");
        String who = actor != null ? actor : BuildInfo.actorFromEnv(env);
        inTransaction(c -> {
            exec(c, "INSERT INTO protected_aliases (name, alias, actor, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    name, alias, who, Instant.now().toEpochMilli());
            return null;
        });
    }

    @Override
    public synchronized boolean isProtected(String name, String alias) {
        try {
            return isProtected(connection, name, alias);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private boolean isProtected(Connection c, String name, String alias) throws SQLException {
        return query(c, "SELECT 1 FROM protected_aliases WHERE (name = ? OR name = '*') AND alias = ?", ResultSet::next,
                name, alias);
    }

    @Override
    public synchronized boolean gatePassed(String name, int version) {
        try {
            return gateProblem(connection, name, version) == null;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Null when the latest evaluation/comparison of the version passed, else why the gate is closed. */
    private String gateProblem(Connection c, String name, int version) throws SQLException {
        return query(c, "SELECT id, kind, passed FROM events WHERE name = ? AND version = ? AND passed IS NOT NULL"
                + " AND kind IN ('" + LineageEvent.EVALUATION + "', '" + LineageEvent.COMPARISON + "') ORDER BY id DESC LIMIT 1",
                rs -> {
                    if (!rs.next()) {
                        return "no evaluation or comparison result is recorded for it";
                    }
                    return rs.getInt("passed") == 1 ? null
                            : "its latest " + rs.getString("kind") + " (event " + rs.getLong("id") + ") did not pass";
                }, name, version);
    }

    // ---- lineage -------------------------------------------------------------------------------------

    @Override
    public synchronized LineageEvent recordEvent(LineageEvent event) {
        if (event.kind() == null || !event.kind().matches("[A-Za-z][A-Za-z0-9_-]{0,63}")) {
            throw new InputException("kind", "event kind must be a word such as evaluation, comparison or deployment,"
                    + " got '" + event.kind() + "'");
        }
        ModelRef.checkName(event.name(), "name");
        for (String related : event.related()) {
            ModelRef.parse(related);
        }
        Instant at = event.at() != null ? event.at() : Instant.now();
        String actor = event.actor() != null ? event.actor() : BuildInfo.actorFromEnv(env);
        BuildInfo build = event.build() != null ? event.build() : BuildInfo.fromEnv(env);
        LineageEvent stored = new LineageEvent(0, event.kind(), event.name(), event.version(), event.passed(), at, actor,
                build.isEmpty() ? null : build, event.datasets(), event.related(), event.metrics(), event.attributes());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("build", stored.build());
        body.put("datasets", stored.datasets());
        body.put("related", stored.related());
        body.put("metrics", stored.metrics());
        body.put("attributes", stored.attributes());
        long id = inTransaction(c -> {
            boolean exists = query(c, "SELECT 1 FROM versions WHERE name = ? AND version = ?", ResultSet::next,
                    event.name(), event.version());
            if (!exists) {
                throw notFound(new ModelRef(event.name(), event.version(), null));
            }
            return dialect.insertReturningId(c, "INSERT INTO events (kind, name, version, passed, at, actor, body)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)", event.kind(), event.name(), event.version(),
                    event.passed() == null ? null : event.passed() ? 1 : 0, at.toEpochMilli(), actor, Json.toString(body));
        });
        return new LineageEvent(id, stored.kind(), stored.name(), stored.version(), stored.passed(), at, actor,
                stored.build(), stored.datasets(), stored.related(), stored.metrics(), stored.attributes());
    }

    @Override
    public synchronized List<LineageEvent> events(String name, int version, String kind) {
        String sql = "SELECT * FROM events WHERE name = ? AND version = ?" + (kind == null ? "" : " AND kind = ?")
                + " ORDER BY id";
        Object[] params = kind == null ? new Object[]{name, version} : new Object[]{name, version, kind};
        return query(sql, rs -> {
            List<LineageEvent> result = new ArrayList<>();
            while (rs.next()) {
                result.add(event(rs));
            }
            return result;
        }, params);
    }

    /** Events of other versions that name {@code ref} as related (e.g. comparisons that used it as the baseline). */
    synchronized List<LineageEvent> eventsRelatedTo(String ref) {
        return query("SELECT * FROM events WHERE body LIKE ? ORDER BY id", rs -> {
            List<LineageEvent> result = new ArrayList<>();
            while (rs.next()) {
                LineageEvent e = event(rs);
                if (e.related().contains(ref)) {
                    result.add(e);
                }
            }
            return result;
        }, "%\"" + ref + "\"%");
    }

    private static LineageEvent event(ResultSet rs) throws SQLException {
        Map<String, Object> body = parse(rs.getString("body"), BODY);
        Integer passed = intOrNull(rs, "passed");
        return new LineageEvent(rs.getLong("id"), rs.getString("kind"), rs.getString("name"), rs.getInt("version"),
                passed == null ? null : passed == 1, Instant.ofEpochMilli(rs.getLong("at")), rs.getString("actor"),
                body.get("build") == null ? null : Json.mapper().convertValue(body.get("build"), BuildInfo.class),
                Json.mapper().convertValue(body.getOrDefault("datasets", List.of()), DATASETS),
                Json.mapper().convertValue(body.getOrDefault("related", List.of()), new TypeReference<List<String>>() { }),
                Json.mapper().convertValue(body.getOrDefault("metrics", Map.of()), METRICS),
                Json.mapper().convertValue(body.getOrDefault("attributes", Map.of()), BODY));
    }

    @Override
    public synchronized List<ModelVersion> versionsUsingDataset(String sha256) {
        return many("SELECT v.* FROM versions v WHERE EXISTS (SELECT 1 FROM version_datasets d WHERE d.name = v.name"
                + " AND d.version = v.version AND d.sha256 = ?) ORDER BY v.name, v.version", sha256.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public synchronized LineageGraph lineage(String ref) {
        return new RegistryLineage(this).graph(ref);
    }

    // ---- maintenance ---------------------------------------------------------------------------------

    @Override
    public synchronized GcReport gc(Duration minAge, boolean dryRun) {
        Set<String> referenced = referencedBlobs();
        List<String> removed = new ArrayList<>();
        long freed = 0;
        int young = 0;
        int kept = 0;
        for (String sha : blobs.list()) {
            if (referenced.contains(sha)) {
                kept++;
                continue;
            }
            Path p = blobs.path(sha);
            if (!BlobStore.olderThan(p, minAge)) {
                young++;
                continue;
            }
            try {
                long size = Files.size(p);
                if (!dryRun) {
                    Files.deleteIfExists(p);
                }
                removed.add(sha);
                freed += size;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot remove orphan blob " + p, e);
            }
        }
        for (Path tmp : blobs.staleTemporaries(minAge)) {
            try {
                long size = Files.size(tmp);
                if (!dryRun) {
                    Files.deleteIfExists(tmp);
                }
                removed.add("tmp/" + tmp.getFileName());
                freed += size;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot remove " + tmp, e);
            }
        }
        return new GcReport(removed, freed, kept, young, dryRun);
    }

    private Set<String> referencedBlobs() {
        return query("SELECT artifact_sha256, profile_sha256 FROM versions", rs -> {
            Set<String> result = new LinkedHashSet<>();
            while (rs.next()) {
                result.add(rs.getString(1));
                if (rs.getString(2) != null) {
                    result.add(rs.getString(2));
                }
            }
            return result;
        });
    }

    @Override
    public synchronized List<String> verify() {
        List<String> problems = new ArrayList<>();
        for (String sha : referencedBlobs()) {
            String problem = blobs.check(sha);
            if (problem != null) {
                problems.add(problem);
            }
        }
        return problems;
    }

    @Override
    public synchronized void close() {
        closeQuietly(connection);
    }

    // ---- JDBC plumbing -------------------------------------------------------------------------------

    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    interface Rows<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Runs work in one transaction, retrying transient conflicts; input errors roll back and propagate. */
    private <T> T inTransaction(SqlWork<T> work) {
        SQLException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                connection.setAutoCommit(false);
                try {
                    T result = work.run(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly();
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            } catch (SQLException e) {
                if (!dialect.isTransient(e)) {
                    throw failure(e);
                }
                last = e;
                try {
                    Thread.sleep(Math.min(1000, 10L * attempt * attempt));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw failure(last);
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the original failure matters more
        }
    }

    private IllegalStateException failure(SQLException e) {
        return new IllegalStateException("registry " + location() + ": " + (e == null ? "gave up" : e.getMessage()), e);
    }

    private static void exec(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            SqlDialect.bind(ps, params);
            ps.executeUpdate();
        }
    }

    private static <T> T query(Connection c, String sql, Rows<T> rows, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            SqlDialect.bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                return rows.read(rs);
            }
        }
    }

    private <T> T query(String sql, Rows<T> rows, Object... params) {
        try {
            return query(connection, sql, rows, params);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private Optional<ModelVersion> one(String sql, Object... params) {
        List<ModelVersion> list = many(sql, params);
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    private List<ModelVersion> many(String sql, Object... params) {
        List<ModelVersion> result = query(sql, rs -> {
            List<ModelVersion> list = new ArrayList<>();
            while (rs.next()) {
                list.add(version(rs));
            }
            return list;
        }, params);
        if (result.isEmpty()) {
            return result;
        }
        // attach current aliases
        Map<String, Map<Integer, List<String>>> byModel = new LinkedHashMap<>();
        for (ModelVersion v : result) {
            byModel.computeIfAbsent(v.name(), n -> {
                Map<Integer, List<String>> m = new LinkedHashMap<>();
                aliases(n).forEach((alias, ver) -> m.computeIfAbsent(ver, k -> new ArrayList<>()).add(alias));
                return m;
            });
        }
        return result.stream().map(v -> new ModelVersion(v.name(), v.version(), v.artifactSha256(), v.artifactName(),
                v.artifactSize(), v.createdAt(), v.createdBy(), v.description(), v.metrics(), v.tags(), v.card(),
                v.profileSha256(), v.datasets(), v.build(),
                List.copyOf(byModel.get(v.name()).getOrDefault(v.version(), List.of())))).toList();
    }

    private static ModelVersion version(ResultSet rs) throws SQLException {
        String card = rs.getString("card");
        String build = rs.getString("build");
        return new ModelVersion(rs.getString("name"), rs.getInt("version"), rs.getString("artifact_sha256"),
                rs.getString("artifact_name"), rs.getLong("artifact_size"), Instant.ofEpochMilli(rs.getLong("created_at")),
                rs.getString("created_by"), rs.getString("description"), parse(rs.getString("metrics"), METRICS),
                parse(rs.getString("tags"), TAGS), card == null ? null : parse(card, new TypeReference<JsonNode>() { }),
                rs.getString("profile_sha256"), parse(rs.getString("datasets"), DATASETS),
                build == null ? null : parse(build, new TypeReference<BuildInfo>() { }), List.of());
    }

    private static <T> T parse(String json, TypeReference<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("damaged registry record: " + e.getOriginalMessage(), e);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing
        }
    }
}
