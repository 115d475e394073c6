package io.mlsteps.registry;

import org.sqlite.SQLiteConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** The few places where SQLite and PostgreSQL differ; everything else is the same SQL. */
abstract class SqlDialect {

    abstract Connection connect(String jdbcUrl) throws SQLException;

    /** Column type of an auto-increment primary key. */
    abstract String idColumn();

    /** Suffix that locks the selected rows until commit (PostgreSQL), or nothing (SQLite locks the whole database). */
    abstract String forUpdate();

    /** Serialises schema upgrades across processes; called first in the upgrade transaction. */
    abstract void lockForUpgrade(Connection c) throws SQLException;

    /** Statements that make {@code versions} rows immutable (no UPDATE, no DELETE). */
    abstract String[] immutableVersionsTriggers();

    /** Whether an error is a transient conflict worth retrying (busy database, serialization failure, deadlock). */
    abstract boolean isTransient(SQLException e);

    /** Runs an INSERT and returns the generated {@code id}. */
    abstract long insertReturningId(Connection c, String sql, Object... params) throws SQLException;

    static SqlDialect of(RegistryUri.Store store) {
        return store == RegistryUri.Store.SQLITE ? new Sqlite() : new Postgres();
    }

    static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
    }

    static final class Sqlite extends SqlDialect {
        @Override
        Connection connect(String jdbcUrl) throws SQLException {
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            config.setBusyTimeout(120_000);
            config.enforceForeignKeys(true);
            // BEGIN IMMEDIATE: a writing transaction takes the write lock at its start, so two writers never
            // deadlock upgrading a read lock; the busy timeout makes the others wait their turn.
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            Properties props = config.toProperties();
            return DriverManager.getConnection(jdbcUrl, props);
        }

        @Override
        String idColumn() {
            return "INTEGER PRIMARY KEY AUTOINCREMENT";
        }

        @Override
        String forUpdate() {
            return "";
        }

        @Override
        void lockForUpgrade(Connection c) {
            // the IMMEDIATE transaction already holds the database's write lock
        }

        @Override
        String[] immutableVersionsTriggers() {
            return new String[]{
                    "CREATE TRIGGER IF NOT EXISTS versions_no_update BEFORE UPDATE ON versions "
                            + "BEGIN SELECT RAISE(ABORT, 'model versions are immutable'); END",
                    "CREATE TRIGGER IF NOT EXISTS versions_no_delete BEFORE DELETE ON versions "
                            + "BEGIN SELECT RAISE(ABORT, 'model versions are immutable'); END"};
        }

        @Override
        boolean isTransient(SQLException e) {
            String m = String.valueOf(e.getMessage());
            return m.contains("SQLITE_BUSY") || m.contains("database is locked");
        }

        @Override
        long insertReturningId(Connection c, String sql, Object... params) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, params);
                ps.executeUpdate();
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static final class Postgres extends SqlDialect {
        @Override
        Connection connect(String jdbcUrl) throws SQLException {
            return DriverManager.getConnection(jdbcUrl);
        }

        @Override
        String idColumn() {
            return "BIGSERIAL PRIMARY KEY";
        }

        @Override
        String forUpdate() {
            return " FOR UPDATE";
        }

        @Override
        void lockForUpgrade(Connection c) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(7275624669)");
            }
        }

        @Override
        String[] immutableVersionsTriggers() {
            return new String[]{
                    "CREATE OR REPLACE FUNCTION mlsteps_versions_immutable() RETURNS trigger AS $$ "
                            + "BEGIN RAISE EXCEPTION 'model versions are immutable'; END $$ LANGUAGE plpgsql",
                    "DROP TRIGGER IF EXISTS versions_immutable ON versions",
                    "CREATE TRIGGER versions_immutable BEFORE UPDATE OR DELETE ON versions "
                            + "FOR EACH ROW EXECUTE FUNCTION mlsteps_versions_immutable()"};
        }

        @Override
        boolean isTransient(SQLException e) {
            String state = e.getSQLState();
            return "40001".equals(state) || "40P01".equals(state);
        }

        @Override
        long insertReturningId(Connection c, String sql, Object... params) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql + " RETURNING id")) {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }
    }
}
