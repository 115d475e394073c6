package io.mlsteps.registry;

import java.nio.file.Path;

/** The registry contract on PostgreSQL ({@code MLSTEPS_TEST_PG_URL}; skipped with the reason when unset). */
class PostgresRegistryTest extends RegistryContractTest {
    @Override
    String newRegistryUri(Path dir) {
        return RegistryStores.postgresUri(dir);
    }
}
