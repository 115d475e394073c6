package io.mlsteps.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** Creates or drops the PostgreSQL schema {@code bench/registry.sh} runs in. Usage: {@code URL SCHEMA create|drop}. */
public final class RegistryBenchSchema {
    private RegistryBenchSchema() {
    }

    public static void main(String[] args) throws Exception {
        if (!args[1].matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("schema name: " + args[1]);
        }
        try (Connection c = DriverManager.getConnection(args[0]); Statement s = c.createStatement()) {
            s.execute(args[2].equals("create") ? "CREATE SCHEMA " + args[1] : "DROP SCHEMA IF EXISTS " + args[1] + " CASCADE");
        }
    }
}
