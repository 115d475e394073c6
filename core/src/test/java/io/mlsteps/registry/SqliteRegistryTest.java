package io.mlsteps.registry;

import java.nio.file.Path;

/** The registry contract on the embedded SQLite store. */
class SqliteRegistryTest extends RegistryContractTest {
    @Override
    String newRegistryUri(Path dir) {
        return RegistryStores.sqliteUri(dir);
    }
}
