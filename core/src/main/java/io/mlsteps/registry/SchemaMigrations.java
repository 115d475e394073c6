package io.mlsteps.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import io.mlsteps.lineage.DatasetRef;
import io.mlsteps.util.Json;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry's database schema and its forward upgrades. The database records its schema version in
 * {@code schema_info}; opening a registry applies the missing upgrades in order, each in one transaction
 * under a lock, so concurrent processes upgrade it once. A database newer than this code is refused.
 */
final class SchemaMigrations {
    /** The schema version this code writes. */
    static final int CURRENT = 2;

    private SchemaMigrations() {
    }

    interface Migration {
        void apply(Connection c, SqlDialect d) throws SQLException;
    }

    private static final List<Migration> MIGRATIONS = List.of(SchemaMigrations::v1, SchemaMigrations::v2);

    /** Brings the database to {@code target} (normally {@link #CURRENT}); returns the version it is at. */
    static int upgrade(Connection c, SqlDialect d, int target) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            d.lockForUpgrade(c);
            exec(c, "CREATE TABLE IF NOT EXISTS schema_info (version INTEGER NOT NULL)");
            int version = read(c);
            if (version > CURRENT) {
                c.rollback();
                throw new io.mlsteps.util.InputException("registry", "the registry's database is at schema version "
                        + version + ", newer than this mlsteps supports (" + CURRENT + "); upgrade mlsteps");
            }
            for (int v = version + 1; v <= target; v++) {
                MIGRATIONS.get(v - 1).apply(c, d);
            }
            if (version < target) {
                exec(c, "DELETE FROM schema_info");
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO schema_info (version) VALUES (?)")) {
                    ps.setInt(1, target);
                    ps.executeUpdate();
                }
            }
            c.commit();
            return Math.max(version, target);
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    static int read(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT max(version) FROM schema_info")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** Models, immutable versions, aliases with their audit trail, protected aliases, lineage events. */
    private static void v1(Connection c, SqlDialect d) throws SQLException {
        exec(c, "CREATE TABLE models (name VARCHAR(128) PRIMARY KEY, latest_version INTEGER NOT NULL,"
                + " created_at BIGINT NOT NULL)");
        exec(c, "CREATE TABLE versions (name VARCHAR(128) NOT NULL REFERENCES models(name),"
                + " version INTEGER NOT NULL, artifact_sha256 CHAR(64) NOT NULL, artifact_name TEXT NOT NULL,"
                + " artifact_size BIGINT NOT NULL, profile_sha256 CHAR(64), description TEXT, metrics TEXT NOT NULL,"
                + " tags TEXT NOT NULL, card TEXT, datasets TEXT NOT NULL, build TEXT, created_at BIGINT NOT NULL,"
                + " created_by TEXT NOT NULL, PRIMARY KEY (name, version))");
        exec(c, "CREATE TABLE aliases (name VARCHAR(128) NOT NULL, alias VARCHAR(64) NOT NULL,"
                + " version INTEGER NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (name, alias),"
                + " FOREIGN KEY (name, version) REFERENCES versions(name, version))");
        exec(c, "CREATE TABLE alias_events (id " + d.idColumn() + ", name VARCHAR(128) NOT NULL,"
                + " alias VARCHAR(64) NOT NULL, from_version INTEGER, to_version INTEGER, actor TEXT NOT NULL,"
                + " reason TEXT, at BIGINT NOT NULL, gate_checked INTEGER NOT NULL)");
        exec(c, "CREATE INDEX alias_events_by_model ON alias_events (name, alias)");
        exec(c, "CREATE TABLE protected_aliases (name VARCHAR(128) NOT NULL, alias VARCHAR(64) NOT NULL,"
                + " actor TEXT NOT NULL, at BIGINT NOT NULL, PRIMARY KEY (name, alias))");
        exec(c, "CREATE TABLE events (id " + d.idColumn() + ", kind VARCHAR(64) NOT NULL, name VARCHAR(128) NOT NULL,"
                + " version INTEGER NOT NULL, passed INTEGER, at BIGINT NOT NULL, actor TEXT NOT NULL,"
                + " body TEXT NOT NULL, FOREIGN KEY (name, version) REFERENCES versions(name, version))");
        exec(c, "CREATE INDEX events_by_version ON events (name, version)");
        for (String sql : d.immutableVersionsTriggers()) {
            exec(c, sql);
        }
    }

    /** An index of the datasets each version used, so lineage can walk down from a dataset's sha256. */
    private static void v2(Connection c, SqlDialect d) throws SQLException {
        exec(c, "CREATE TABLE version_datasets (name VARCHAR(128) NOT NULL, version INTEGER NOT NULL,"
                + " sha256 CHAR(64) NOT NULL, role VARCHAR(64) NOT NULL, PRIMARY KEY (name, version, sha256, role),"
                + " FOREIGN KEY (name, version) REFERENCES versions(name, version))");
        exec(c, "CREATE INDEX version_datasets_by_sha ON version_datasets (sha256)");
        List<Object[]> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, version, datasets FROM versions")) {
            while (rs.next()) {
                List<DatasetRef> datasets = Json.mapper().convertValue(Json.mapper().readTree(rs.getString(3)),
                        new TypeReference<List<DatasetRef>>() { });
                for (DatasetRef ds : datasets) {
                    rows.add(new Object[]{rs.getString(1), rs.getInt(2), ds.sha256(), ds.role() == null ? "" : ds.role()});
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("cannot read datasets of a stored version: " + e.getOriginalMessage(), e);
        }
        for (Object[] row : rows) {
            insertDataset(c, row);
        }
    }

    static void insertDataset(Connection c, Object[] row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO version_datasets (name, version, sha256, role)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            SqlDialect.bind(ps, row);
            ps.executeUpdate();
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
