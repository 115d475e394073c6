package io.mlsteps.dist;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.mlsteps.dist.ReleaseFixture.ROOT;
import static io.mlsteps.dist.ReleaseFixture.VERSION;
import static org.assertj.core.api.Assertions.assertThat;

/** The docs and the build agree on the version, and the CI examples install a checked release, not our sources. */
class ReleaseDocsIT {
    /** The version a snapshot build leads to (0.1.0 for 0.1.0-SNAPSHOT). */
    private static final String RELEASE = VERSION.replace("-SNAPSHOT", "");

    @Test
    void theDocsTheChangelogAndEveryPomNameTheBuildsVersion() throws Exception {
        assertThat(Files.readString(ROOT.resolve("README.md"))).contains("These docs describe mlsteps " + RELEASE + " ");
        assertThat(Files.readString(ROOT.resolve("docs/releasing.md"))).contains("These docs describe mlsteps " + RELEASE);
        String changelog = Files.readString(ROOT.resolve("CHANGELOG.md"));
        assertThat(changelog).contains("## [Unreleased]").containsPattern("(?m)^## \\[" + Pattern.quote(RELEASE) + "] - ");
        // a version bump must reach every POM, the plugin's (not in the reactor) too
        List<Path> poms;
        try (Stream<Path> s = Files.walk(ROOT)) {
            poms = s.filter(p -> p.getFileName().toString().equals("pom.xml"))
                    .filter(p -> !ROOT.relativize(p).toString().contains("target"))
                    .filter(p -> !ROOT.relativize(p).startsWith(".mvn")).toList();
        }
        assertThat(poms).hasSizeGreaterThanOrEqualTo(5);
        for (Path pom : poms) {
            assertThat(Files.readString(pom)).as(ROOT.relativize(pom).toString()).contains("<version>" + VERSION + "</version>");
        }
    }

    @Test
    void theCiExamplesInstallAPinnedReleaseCheckedAgainstItsChecksum() throws Exception {
        String doc = Files.readString(ROOT.resolve("docs/ci-integration.md"));
        assertThat(doc).doesNotContain("bin/mlsteps");
        List<String> yaml = new ArrayList<>();
        Matcher block = Pattern.compile("(?s)```yaml\\n(.*?)```").matcher(doc);
        while (block.find()) {
            yaml.add(block.group(1));
        }
        assertThat(yaml).hasSizeGreaterThanOrEqualTo(4);
        ObjectMapper parser = new ObjectMapper(new YAMLFactory());
        int installs = 0;
        for (String example : yaml) {
            if (!example.startsWith(" ")) {
                parser.readTree(example); // a whole workflow or job parses
            }
            if (example.contains("releases/download")) {
                assertThat(example).as(example).contains("sha256sum -c");
                installs++;
            }
            if (example.contains("uses: mlsteps/mlsteps@")) {
                assertThat(example).as(example).contains("version: '" + RELEASE + "'").contains("sha256: ");
                installs++;
            }
            assertThat(example).as(example).doesNotContain("mvnw").doesNotContain("apt-get install -y --no-install-recommends maven");
        }
        assertThat(installs).isGreaterThanOrEqualTo(3);
    }
}
