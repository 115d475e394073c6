package io.mlsteps.registry;

import io.mlsteps.util.InputException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * References and aliases at their edges (the longest names, leading zeros, empty selectors, the reserved
 * {@code latest}), and a folder registry's answers where there is nothing yet: an empty registry, an alias never
 * set, the same artifact registered twice.
 */
class RegistryEdgeCasesTest {
    @TempDir
    Path tmp;
    private Registry registry;

    @BeforeEach
    void open() {
        registry = Registry.open(tmp.resolve("registry").toString(), Map.of("USER", "ana"));
    }

    @AfterEach
    void close() {
        registry.close();
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(Files.createDirectories(tmp.resolve("files")).resolve(name), content);
    }

    @Test
    void referencesAreTrimmedAndAVersionMayHaveLeadingZeros() {
        assertThat(ModelRef.parse("  adult@007 ")).isEqualTo(new ModelRef("adult", 7, null));
        assertThat(ModelRef.parse("adult@latest")).isEqualTo(new ModelRef("adult", null, ModelRef.LATEST));
        assertThat(ModelRef.parse("adult@latest")).hasToString("adult");
        assertThat(ModelRef.parse("adult@3")).hasToString("adult@3");
        assertThat(ModelRef.parse("adult@prod")).hasToString("adult@prod");
        assertThat(ModelRef.parse("a.b_c-1@v2")).isEqualTo(new ModelRef("a.b_c-1", null, "v2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"adult@", "@3", "adult@-1", "adult@1000000000", "adult@1@2", "adult@ prod", "  "})
    void malformedReferencesAreInputErrorsNamingTheReference(String ref) {
        assertThatThrownBy(() -> ModelRef.parse(ref)).as(ref).isInstanceOf(InputException.class)
                .hasMessageStartingWith("model reference");
    }

    @Test
    void namesAndAliasesHaveALengthLimit() {
        assertThat(ModelRef.checkName("n".repeat(128), "name")).hasSize(128);
        assertThatThrownBy(() -> ModelRef.checkName("n".repeat(129), "name")).isInstanceOf(InputException.class)
                .hasMessageContaining("at most 128 characters");
        assertThat(ModelRef.checkAlias("a".repeat(64), "alias")).hasSize(64);
        assertThatThrownBy(() -> ModelRef.checkAlias("a".repeat(65), "alias")).isInstanceOf(InputException.class);
        assertThatThrownBy(() -> ModelRef.checkAlias("7up", "alias")).isInstanceOf(InputException.class)
                .hasMessage("alias: invalid alias '7up': use a word of letters, digits, '.', '_' or '-' starting with "
                        + "a letter, at most 64 characters");
        assertThatThrownBy(() -> ModelRef.checkAlias(null, "alias")).isInstanceOf(InputException.class);
    }

    @Test
    void versionLabelsOfDeployedFiles() {
        assertThat(ModelRef.checkVersionLabel("2024-05-01", "version")).isEqualTo("2024-05-01");
        assertThat(ModelRef.checkVersionLabel("3", "version")).isEqualTo("3");
        for (String bad : List.of("", "-1", "a..b", "a/b", "v".repeat(65), ".hidden")) {
            assertThatThrownBy(() -> ModelRef.checkVersionLabel(bad, "version")).as(bad)
                    .isInstanceOf(InputException.class).hasMessageStartingWith("version: invalid version label");
        }
    }

    @Test
    void latestIsAReferenceButNeverAMovableAlias() throws IOException {
        ModelVersion v = registry.register(Registration.of("adult", file("m.bin", "1")));
        assertThatThrownBy(() -> ModelRef.checkMovableAlias("latest", "alias"))
                .hasMessage("alias: 'latest' is reserved: it always means the newest version");
        assertThatThrownBy(() -> registry.moveAlias("adult", "latest", v.version(), null, "try"))
                .isInstanceOf(InputException.class).hasMessageContaining("'latest' is reserved");
        assertThat(registry.aliases("adult")).isEmpty();
        assertThat(ModelRef.checkMovableAlias("latest2", "alias")).isEqualTo("latest2");
    }

    @Test
    void anEmptyRegistrySaysItIsEmpty() {
        assertThat(registry.models()).isEmpty();
        assertThat(registry.find("adult")).isEmpty();
        assertThat(registry.versions("adult")).isEmpty();
        assertThat(registry.aliases("adult")).isEmpty();
        assertThat(registry.aliasHistory("adult", null)).isEmpty();
        assertThatThrownBy(() -> registry.resolve("adult@production")).isInstanceOf(InputException.class)
                .hasMessageContaining("no model named 'adult'").hasMessageContaining("(it is empty)");
        assertThat(registry.verify()).isEmpty();
    }

    @Test
    void aModelWithoutAliasesSaysSo() throws IOException {
        registry.register(Registration.of("adult", file("m.bin", "1")));
        assertThatThrownBy(() -> registry.resolve("adult@production")).isInstanceOf(InputException.class)
                .hasMessage("model reference 'adult@production': model 'adult' has no alias 'production' "
                        + "(it has no aliases)");
        assertThatThrownBy(() -> registry.removeAlias("adult", "production", null, "cleanup"))
                .isInstanceOf(InputException.class).hasMessage("alias: model 'adult' has no alias 'production'");
    }

    @Test
    void anAliasToAVersionThatDoesNotExistIsRefusedAndNothingMoves() throws IOException {
        registry.register(Registration.of("adult", file("m.bin", "1")));
        assertThatThrownBy(() -> registry.moveAlias("adult", "production", 2, null, "typo"))
                .isInstanceOf(InputException.class);
        assertThatThrownBy(() -> registry.moveAlias("nosuch", "production", 1, null, "typo"))
                .isInstanceOf(InputException.class);
        assertThat(registry.aliases("adult")).isEmpty();
        assertThat(registry.aliasHistory("adult", "production")).isEmpty();
    }

    @Test
    void theSameArtifactTwiceIsTwoVersionsOfOneStoredBlob() throws IOException {
        Path model = file("m.bin", "same bytes");
        ModelVersion v1 = registry.register(Registration.of("adult", model));
        ModelVersion v2 = registry.register(Registration.of("adult", model));
        assertThat(v2.version()).isEqualTo(v1.version() + 1);
        assertThat(v2.artifactSha256()).isEqualTo(v1.artifactSha256());
        Path a = registry.fetchArtifact(v1, tmp.resolve("out/a.bin"));
        Path b = registry.fetchArtifact(v2, tmp.resolve("out/b.bin"));
        assertThat(a).hasContent("same bytes");
        assertThat(b).hasSameBinaryContentAs(a);
        assertThat(registry.verify()).isEmpty();
    }

    @Test
    void removingAnAliasKeepsItsHistoryAndTheVersion() throws IOException {
        ModelVersion v = registry.register(Registration.of("adult", file("m.bin", "1")));
        registry.moveAlias("adult", "staging", v.version(), "user:bo", "try it");
        AliasEvent removed = registry.removeAlias("adult", "staging", null, "done");
        assertThat(removed.fromVersion()).isEqualTo(1);
        assertThat(removed.toVersion()).isNull();
        assertThat(registry.aliases("adult")).isEmpty();
        assertThat(registry.aliasHistory("adult", "staging")).extracting(AliasEvent::toVersion)
                .containsExactly(1, null);
        assertThat(registry.aliasHistory("adult", "staging")).extracting(AliasEvent::actor)
                .containsExactly("user:bo", "user:ana");
        assertThat(registry.resolve("adult@1").version()).isEqualTo(1);
    }

    @Test
    void tagsThatMatchNothingFindNothing() throws IOException {
        registry.register(Registration.of("adult", file("m.bin", "1")).tags(Map.of("team", "risk")));
        assertThat(registry.find("adult", Map.of("team", "growth"))).isEmpty();
        assertThat(registry.find("adult", Map.of("team", "risk", "stage", "x"))).isEmpty();
        assertThat(registry.find("adult", Map.of())).hasSize(1);
    }

    @Test
    void aProtectedAliasIsProtectedForOneModelOrForAll() throws IOException {
        registry.register(Registration.of("adult", file("m.bin", "1")));
        registry.protectAlias("adult", "production", null);
        registry.protectAlias("*", "release", null);
        registry.protectAlias("adult", "production", null);  // again: no error, still once
        assertThat(registry.isProtected("adult", "production")).isTrue();
        assertThat(registry.isProtected("churn", "production")).isFalse();
        assertThat(registry.isProtected("churn", "release")).isTrue();
        assertThat(registry.gatePassed("adult", 1)).as("no evaluation recorded").isFalse();
    }
}
