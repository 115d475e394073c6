package io.mlsteps.registry;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** Fresh, isolated registries for tests: a temporary SQLite folder, or a new schema in the test PostgreSQL. */
final class RegistryStores {
    static final String PG_ENV = "MLSTEPS_TEST_PG_URL";
    private static final java.util.List<String> CREATED = new java.util.ArrayList<>();

    private RegistryStores() {
    }

    static String sqliteUri(Path dir) {
        return dir.resolve("registry").toString();
    }

    /** A registry URI on a new, empty PostgreSQL schema (skips the test when no PostgreSQL is configured). */
    static String postgresUri(Path blobDir) {
        String base = System.getenv(PG_ENV);
        Assumptions.assumeTrue(base != null && !base.isBlank(),
                "skipped: PostgreSQL tests need " + PG_ENV + " (jdbc:postgresql://host/db?user=..&password=..);"
                        + " .ci/services.sh prints it");
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            synchronized (CREATED) {
                CREATED.add(schema);
            }
        } catch (SQLException e) {
            Assumptions.abort("skipped: cannot reach PostgreSQL at " + PG_ENV + ": " + e.getMessage());
        }
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema + "&blobs=" + blobDir.resolve("blobs");
    }

    /** Drops the PostgreSQL schemas this JVM created, so the test database does not fill up. */
    static void dropCreatedSchemas() {
        String base = System.getenv(PG_ENV);
        synchronized (CREATED) {
            if (base == null || CREATED.isEmpty()) {
                return;
            }
            try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
                for (String schema : CREATED) {
                    s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                }
                CREATED.clear();
            } catch (SQLException e) {
                System.err.println("could not drop test schemas " + CREATED + ": " + e.getMessage());
            }
        }
    }
}
