package io.mlsteps.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static io.mlsteps.dist.ReleaseFixture.NAME;
import static io.mlsteps.dist.ReleaseFixture.VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The distribution the build makes, used as a user would: checked against its SHA-256 file, unpacked into an empty
 * folder outside the repository, its {@code bin} put on the PATH, and the sample pipeline run from a third folder
 * that holds only a copy of {@code samples/}. Also: what it contains, and that the licences cover everything it
 * bundles.
 */
class DistributionIT {
    @TempDir
    Path tmp;

    @Test
    void theChecksumFilesAreWhatSha256sumChecks() throws Exception {
        for (Path archive : List.of(ReleaseFixture.tarball(), ReleaseFixture.zip())) {
            Path sumFile = archive.resolveSibling(archive.getFileName() + ".sha256");
            assertThat(sumFile).isRegularFile();
            assertThat(Files.readString(sumFile).strip())
                    .isEqualTo(sha256(archive) + "  " + archive.getFileName());
            ReleaseFixture.Run check = ReleaseFixture.run(archive.getParent(), Map.of(), 120, "sha256sum", "-c",
                    sumFile.getFileName().toString());
            assertThat(check.exit()).as(check.output()).isZero();
            assertThat(check.output()).contains(archive.getFileName() + ": OK");
        }
    }

    @Test
    void theTarballAndTheZipHoldTheSameFilesWithAnExecutableLauncher() throws Exception {
        Path home = ReleaseFixture.untar(ReleaseFixture.tarball(), tmp.resolve("tar"));
        List<String> files = ReleaseFixture.files(home);
        assertThat(files).contains("bin/mlsteps", "lib/mlsteps.jar", "lib/jvm-options.sh", "LICENSE", "NOTICE",
                "README.md", "CHANGELOG.md", "licenses/THIRD-PARTY.txt", "licenses/Apache-2.0.txt",
                "samples/Jenkinsfile", "samples/data/penguins.csv");
        // only the command is on the PATH; nothing of the source tree's build
        assertThat(files.stream().filter(f -> f.startsWith("bin/"))).containsExactly("bin/mlsteps");
        assertThat(files).noneMatch(f -> f.endsWith("pom.xml") || f.equals("mvnw") || f.endsWith(".java"));
        assertThat(Files.getPosixFilePermissions(home.resolve("bin/mlsteps"))).contains(PosixFilePermission.OWNER_EXECUTE,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
        assertThat(Files.readString(home.resolve("README.md"))).contains("# mlsteps " + VERSION)
                .contains("mlsteps-" + VERSION + "/bin");

        try (ZipFile zip = new ZipFile(ReleaseFixture.zip().toFile())) {
            List<String> zipFiles = zip.stream().filter(e -> !e.isDirectory()).map(ZipEntry::getName)
                    .map(n -> n.substring((NAME + "/").length())).sorted().toList();
            assertThat(zipFiles).isEqualTo(files);
        }
        Path unzipped = tmp.resolve("zip");
        Files.createDirectories(unzipped);
        ReleaseFixture.Run unzip = ReleaseFixture.run(unzipped, Map.of(), 120, "unzip", "-q",
                ReleaseFixture.zip().toString());
        assumeTrue(unzip.exit() != 127, "unzip is not installed");
        assertThat(unzip.exit()).as(unzip.output()).isZero();
        assertThat(Files.isExecutable(unzipped.resolve(NAME).resolve("bin/mlsteps"))).isTrue();
    }

    @Test
    @Timeout(900)
    void installedOutsideTheRepositoryTheLauncherRunsTheSamplePipelineToSuccess() throws Exception {
        // 1. unpack into an empty folder outside the repository, and make it read-only as a system-wide install is
        Path prefix = Files.createDirectories(tmp.resolve("opt"));
        Path home = ReleaseFixture.untar(ReleaseFixture.tarball(), prefix);
        assertThat(home.startsWith(ReleaseFixture.ROOT)).isFalse();
        ReleaseFixture.run(prefix, Map.of(), 60, "chmod", "-R", "a-w", prefix.toString());
        // 2. its bin on the PATH, through a link as package managers install commands
        Path userBin = Files.createDirectories(tmp.resolve("user-bin"));
        Files.createSymbolicLink(userBin.resolve("mlsteps"), home.resolve("bin/mlsteps"));
        Path userHome = Files.createDirectories(tmp.resolve("home"));
        Map<String, String> env = new HashMap<>();
        env.put("PATH", userBin + ":" + System.getenv("PATH"));
        env.put("HOME", userHome.toString());
        for (String unset : List.of("XDG_CACHE_HOME", "MLSTEPS_JAR", "MLSTEPS_CDS", "MLSTEPS_CDS_DIR", "MLSTEPS_JAVA_OPTS",
                "MLSTEPS_REGISTRY")) {
            env.put(unset, null);
        }
        // 3. a third folder with only a copy of samples/
        Path workspace = ReleaseFixture.workspaceWithSamples(Files.createDirectories(tmp.resolve("model-repo")));
        int port = ReleaseFixture.freePortPair();
        try {
            ReleaseFixture.Run version = ReleaseFixture.run(workspace, env, 120, onPath("mlsteps", "--version"));
            assertThat(version.exit()).as(version.output()).isZero();
            String head = ReleaseFixture.gitHead();
            assertThat(version.output()).startsWith("mlsteps " + VERSION + " (commit "
                    + (head == null ? "" : head.substring(0, 10) + ", built "));

            ReleaseFixture.Run run = ReleaseFixture.run(workspace, env, 840,
                    onPath("mlsteps", "run", "samples/Jenkinsfile", "-p", "PORT=" + port));
            assertThat(run.exit()).as(run.output()).isZero();
            assertThat(run.output()).doesNotContain("building the command line jar")
                    .contains("\"label\":\"Gentoo\"")
                    .contains("penguins@1 is in production at http://127.0.0.1:" + port)
                    .contains("Finished: SUCCESS");

            // the results name the engine that made them: this release
            JsonNode result = new ObjectMapper().readTree(
                    workspace.resolve(".mlsteps/builds/1/evaluateModel/result.json").toFile());
            assertThat(result.get("engine").get("version").asText()).isEqualTo(VERSION);
            if (head != null) {
                assertThat(result.get("engine").get("commit").asText()).isEqualTo(head);
            }
            // class archives live in the user's cache, the install folder is untouched
            assertThat(userHome.resolve(".cache/mlsteps/cds")).isDirectoryContaining("glob:**/run-*.jsa");
            assertThat(ReleaseFixture.files(home)).isEqualTo(ReleaseFixture.files(
                    ReleaseFixture.untar(ReleaseFixture.tarball(), tmp.resolve("fresh"))));
        } finally {
            ReleaseFixture.stopServers(workspace.resolve(".mlsteps/deployments"));
            ReleaseFixture.run(prefix, Map.of(), 60, "chmod", "-R", "u+w", prefix.toString());
        }
    }

    /** A command found on the PATH of the environment it runs in (as a shell finds it), not the test's PATH. */
    static List<String> onPath(String... command) {
        List<String> line = new ArrayList<>(List.of("sh", "-c", "exec \"$0\" \"$@\""));
        line.addAll(List.of(command));
        return line;
    }

    private static final Pattern THIRD_PARTY_LINE =
            Pattern.compile("^\\s+((?:\\([^)]*\\)\\s)+)(.*) \\(([^:\\s]+):([^:\\s]+):([^\\s]+) - .*\\)$");
    /** Licences whose terms ask for the library's own copyright notice to be shipped with it. */
    private static final Set<String> NOTICE_LICENCES = Set.of("MIT", "BSD-2-Clause", "BSD-3-Clause", "Bouncy-Castle");
    private static final Map<String, String> LICENCE_TEXTS = Map.of("Apache-2.0", "Apache-2.0.txt",
            "LGPL-2.1-or-later", "LGPL-2.1.txt", "CC0-1.0", "CC0-1.0.txt");

    @Test
    void theLicencesCoverEveryLibraryInTheJar() throws Exception {
        Path home = ReleaseFixture.untar(ReleaseFixture.tarball(), tmp.resolve("licences"));
        Path licenses = home.resolve("licenses");

        // every library, its version and licences, as the build listed them
        Map<String, List<String>> listed = new LinkedHashMap<>();
        Map<String, String> versions = new HashMap<>();
        for (String line : Files.readAllLines(licenses.resolve("THIRD-PARTY.txt"))) {
            Matcher m = THIRD_PARTY_LINE.matcher(line);
            if (m.matches()) {
                String ga = m.group(3) + ":" + m.group(4);
                listed.put(ga, List.of(m.group(1).trim().replaceAll("^\\(|\\)$", "").split("\\) \\(")));
                versions.put(ga, m.group(5));
            }
        }
        assertThat(listed).hasSizeGreaterThan(50).doesNotContainKey("io.mlsteps:mlsteps-core");

        // every library inside lib/mlsteps.jar is listed, or is inside a listed one
        Map<String, String> embedded = new HashMap<>();
        for (String line : meaningfulLines(licenses.resolve("embedded-libraries.txt"))) {
            String[] f = line.split("\\s+");
            assertThat(f).as(line).hasSize(4);
            assertThat(listed).as("the library %s is inside", f[0]).containsKey(f[2]);
            embedded.put(f[0], f[2]);
        }
        Set<String> inJar = librariesIn(home.resolve("lib/mlsteps.jar"));
        inJar.removeIf(ga -> ga.startsWith("io.mlsteps:"));
        Set<String> unaccounted = new TreeSet<>(inJar);
        unaccounted.removeAll(listed.keySet());
        unaccounted.removeAll(embedded.keySet());
        assertThat(unaccounted).as("libraries in lib/mlsteps.jar that licenses/THIRD-PARTY.txt does not list").isEmpty();

        // each has its licence's text, and its copyright notice where the licence asks for one
        Map<String, String> notices = new HashMap<>();
        for (String line : meaningfulLines(licenses.resolve("artifact-notices.txt"))) {
            String[] f = line.split("\\s+");
            assertThat(licenses.resolve("notices").resolve(f[1])).as(line).isRegularFile();
            notices.put(f[0], f[1]);
        }
        List<String> missing = new ArrayList<>();
        for (var e : listed.entrySet()) {
            String ga = e.getKey();
            String group = ga.substring(0, ga.indexOf(':'));
            boolean ownFiles = hasLicenceFile(licenses.resolve("bundled"), ga.substring(ga.indexOf(':') + 1) + "-"
                    + versions.get(ga));
            boolean notice = notices.containsKey(ga) || notices.containsKey(group + ":*");
            for (String licence : e.getValue()) {
                boolean text = LICENCE_TEXTS.containsKey(licence)
                        && Files.isRegularFile(licenses.resolve(LICENCE_TEXTS.get(licence)));
                boolean covered = NOTICE_LICENCES.contains(licence) ? ownFiles || notice : text || ownFiles || notice;
                if (!covered) {
                    missing.add(ga + " (" + licence + ")");
                }
            }
        }
        assertThat(missing).as("bundled libraries without their licence text or copyright notice in licenses/").isEmpty();
        // no stale lines: every library the notices name still ships
        for (String key : notices.keySet()) {
            assertThat(listed.keySet()).as("artifact-notices.txt names %s", key)
                    .anyMatch(ga -> key.endsWith(":*") ? ga.startsWith(key.substring(0, key.length() - 1)) : ga.equals(key));
        }
    }

    /** groupId:artifactId of every library whose Maven properties the shaded jar carries. */
    private static Set<String> librariesIn(Path jar) throws IOException {
        Set<String> libraries = new TreeSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : zip.stream().filter(e -> e.getName().matches("META-INF/maven/[^/]+/[^/]+/pom\\.properties")).toList()) {
                Properties p = new Properties();
                try (InputStream in = zip.getInputStream(entry)) {
                    p.load(in);
                }
                libraries.add(p.getProperty("groupId") + ":" + p.getProperty("artifactId"));
            }
        }
        return libraries;
    }

    private static boolean hasLicenceFile(Path bundled, String artifactAndVersion) throws IOException {
        Path dir = bundled.resolve(artifactAndVersion + "-jar");
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).anyMatch(p -> p.getFileName().toString().toUpperCase().startsWith("LICEN")
                    || p.toString().contains("/licenses/"));
        }
    }

    private static List<String> meaningfulLines(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
