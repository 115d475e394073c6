package io.mlsteps.registry;

import io.mlsteps.util.InputException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which store a registry URI names, where its blobs go, and that passwords are never shown. */
class RegistryUriTest {
    @Test
    void foldersAndFileUrisAreSqliteWithBlobsInside() {
        RegistryUri plain = RegistryUri.parse("/srv/models", Map.of());
        assertThat(plain.store()).isEqualTo(RegistryUri.Store.SQLITE);
        assertThat(plain.jdbcUrl()).isEqualTo("jdbc:sqlite:" + Path.of("/srv/models/registry.db"));
        assertThat(plain.blobDir()).isEqualTo(Path.of("/srv/models/blobs"));
        assertThat(RegistryUri.parse("file:///srv/models", Map.of()).blobDir()).isEqualTo(Path.of("/srv/models/blobs"));
        assertThat(RegistryUri.parse("file:/srv/models", Map.of()).blobDir()).isEqualTo(Path.of("/srv/models/blobs"));
        assertThat(RegistryUri.parse("file:rel", Map.of()).blobDir())
                .isEqualTo(Path.of("rel").toAbsolutePath().resolve("blobs"));
        assertThat(RegistryUri.parse("models", Map.of(), Path.of("/ws")).blobDir()).isEqualTo(Path.of("/ws/models/blobs"));
    }

    @Test
    void nullMeansTheEnvironmentThenTheHomeFolder() {
        assertThat(RegistryUri.parse(null, Map.of("MLSTEPS_REGISTRY", "/team/reg")).shown()).isEqualTo("/team/reg");
        assertThat(RegistryUri.parse(" ", Map.of()).shown())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".mlsteps", "registry").toString());
    }

    @Test
    void postgresqlKeepsDriverParametersTakesBlobsAndHidesThePassword() {
        RegistryUri pg = RegistryUri.parse("jdbc:postgresql://db:5432/ml?user=ci&password=s3cret&blobs=/mnt/models"
                + "&currentSchema=reg", Map.of());
        assertThat(pg.store()).isEqualTo(RegistryUri.Store.POSTGRESQL);
        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/ml?user=ci&password=s3cret&currentSchema=reg");
        assertThat(pg.blobDir()).isEqualTo(Path.of("/mnt/models"));
        assertThat(pg.shown()).doesNotContain("s3cret").contains("db:5432/ml");
        assertThat(RegistryUri.parse("jdbc:postgresql://ci:pw@db/ml", Map.of("MLSTEPS_REGISTRY_BLOBS", "/b")).shown())
                .doesNotContain("pw");
        assertThat(RegistryUri.parse("jdbc:postgresql://db/ml", Map.of("MLSTEPS_REGISTRY_BLOBS", "/b")).blobDir())
                .isEqualTo(Path.of("/b"));
    }

    @Test
    void otherDatabasesAreRefusedWithTheChoices() {
        assertThatThrownBy(() -> RegistryUri.parse("jdbc:mysql://db/ml", Map.of())).isInstanceOf(InputException.class)
                .hasMessageContaining("jdbc:postgresql://");
    }

    @Test
    void referencesParseAndRejectTricks() {
        assertThat(ModelRef.parse("adult@3")).isEqualTo(new ModelRef("adult", 3, null));
        assertThat(ModelRef.parse("adult@production")).isEqualTo(new ModelRef("adult", null, "production"));
        assertThat(ModelRef.parse("adult")).isEqualTo(new ModelRef("adult", null, ModelRef.LATEST));
        assertThatThrownBy(() -> ModelRef.parse("adult@0")).isInstanceOf(InputException.class);
        assertThatThrownBy(() -> ModelRef.parse("a..b")).isInstanceOf(InputException.class);
        assertThatThrownBy(() -> ModelRef.parse("adult@prod/../x")).isInstanceOf(InputException.class);
        assertThatThrownBy(() -> ModelRef.parse("")).isInstanceOf(InputException.class);
    }
}
