package io.mlsteps.util;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine version the build writes, and how a missing or unfiltered file reads. */
class EngineVersionTest {
    private static EngineVersion parse(String text) {
        return EngineVersion.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theBuildWritesThePomVersionTheCheckedOutCommitAndTheBuildDate() throws Exception {
        EngineVersion engine = EngineVersion.current();
        // the pom's version, read from the pom itself (the module's folder is the working directory of the tests)
        String pom = Files.readString(Path.of("pom.xml"));
        String parentVersion = pom.replaceAll("(?s).*?<parent>.*?<version>([^<]+)</version>.*", "$1");
        assertThat(engine.version()).isEqualTo(parentVersion);
        assertThat(engine.buildDate()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        String head = gitHead();
        if (head != null) {
            assertThat(engine.commit()).isEqualTo(head);
            assertThat(engine.describe()).isEqualTo(parentVersion + " (commit " + head.substring(0, 10) + ", built "
                    + engine.buildDate() + ")");
        } else {
            assertThat(engine.commit()).isEqualTo(EngineVersion.UNKNOWN);
        }
        assertThat(engine.asMap()).containsEntry("name", "mlsteps").containsEntry("version", parentVersion)
                .containsKeys("commit", "buildDate");
    }

    @Test
    void aFieldTheBuildCouldNotFillReadsAsUnknown() {
        EngineVersion unfiltered = parse("version=0.3.0\ncommit=${git.commit.id}\nbuildDate=\n");
        assertThat(unfiltered).isEqualTo(new EngineVersion("0.3.0", "unknown", "unknown"));
        assertThat(unfiltered.shortCommit()).isEqualTo("unknown");
        assertThat(unfiltered.describe()).isEqualTo("0.3.0 (commit unknown, built unknown)");
        assertThat(EngineVersion.read(null)).isEqualTo(new EngineVersion("unknown", "unknown", "unknown"));
        // what git prints in a repository without commits is no commit id
        assertThat(parse("version=0.3.0\ncommit=HEAD\n").commit()).isEqualTo("unknown");
    }

    @Test
    void theShortCommitIsTheFirstTenCharacters() {
        EngineVersion v = parse("version=1.0.0\ncommit=0123456789abcdef0123456789abcdef01234567\nbuildDate=2026-01-02T03:04:05Z");
        assertThat(v.shortCommit()).isEqualTo("0123456789");
        assertThat(v.describe()).isEqualTo("1.0.0 (commit 0123456789, built 2026-01-02T03:04:05Z)");
    }

    /** HEAD of the checkout the tests run in, or null outside a git checkout (e.g. a source archive). */
    private static String gitHead() throws Exception {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("[0-9a-f]{40}") ? out : null;
        } catch (java.io.IOException noGit) {
            return null;
        }
    }
}
