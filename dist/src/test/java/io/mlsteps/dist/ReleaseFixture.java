package io.mlsteps.dist;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What the release tests share: where the build put the archives, running commands, ports, the sample's servers. */
final class ReleaseFixture {
    /** The repository (this module's parent folder). */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final String VERSION = property("mlsteps.version");
    static final String NAME = property("mlsteps.dist.name");
    static final Path DIST_DIR = Path.of(property("mlsteps.dist.dir"));

    private ReleaseFixture() {
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        assertThat(value).as("system property %s (set by the failsafe configuration in dist/pom.xml)", name).isNotBlank();
        return value;
    }

    static Path tarball() {
        return DIST_DIR.resolve(NAME + ".tar.gz");
    }

    static Path zip() {
        return DIST_DIR.resolve(NAME + ".zip");
    }

    /** A finished command: exit code and what it printed (standard output and error together). */
    record Run(int exit, String output) {
    }

    /** Runs a command in a folder with extra environment variables (a null value removes one); fails after the timeout. */
    static Run run(Path dir, Map<String, String> env, long timeoutSeconds, List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Path log = Files.createTempFile("mlsteps-release-", ".log");
        try {
            pb.redirectOutput(log.toFile());
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("timed out after " + timeoutSeconds + " s: " + command + "\n"
                        + Files.readString(log));
            }
            return new Run(p.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    static Run run(Path dir, Map<String, String> env, long timeoutSeconds, String... command) throws Exception {
        return run(dir, env, timeoutSeconds, List.of(command));
    }

    /** Unpacks the tar.gz into a folder with tar, as a user would. */
    static Path untar(Path archive, Path into) throws Exception {
        Files.createDirectories(into);
        Run tar = run(into, Map.of(), 120, "tar", "-xzf", archive.toString());
        assertThat(tar.exit()).as(tar.output()).isZero();
        return into.resolve(NAME);
    }

    /** A copy of the repository's samples/ folder (and nothing else) in a new workspace. */
    static Path workspaceWithSamples(Path workspace) throws IOException {
        Path source = ROOT.resolve("samples");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.filter(p -> !source.relativize(p).toString().startsWith(".mlsteps")).toList()) {
                Path target = workspace.resolve("samples").resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return workspace;
    }

    /** A free port whose neighbour is free too (the sample's blue/green deployment uses PORT and PORT+1). */
    static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            try (ServerSocket next = new ServerSocket(port + 1)) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no two free neighbouring ports");
    }

    /** Stops the model servers the sample started (their pids are in the deployment state files). */
    static void stopServers(Path deployDir) throws IOException {
        if (!Files.isDirectory(deployDir)) {
            return;
        }
        Pattern pid = Pattern.compile("\"pid\"\\s*:\\s*(\\d+)");
        try (Stream<Path> files = Files.walk(deployDir)) {
            for (Path state : files.filter(p -> p.getFileName().toString().equals("local.json")).toList()) {
                Matcher m = pid.matcher(Files.readString(state));
                while (m.find()) {
                    ProcessHandle.of(Long.parseLong(m.group(1))).ifPresent(ProcessHandle::destroy);
                }
            }
        }
    }

    /** HEAD of the repository, or null when it is not a git checkout or git is absent. */
    static String gitHead() {
        try {
            Process p = new ProcessBuilder("git", "-C", ROOT.toString(), "rev-parse", "HEAD")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("[0-9a-f]{40}") ? out : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    /** Every regular file under a folder, as paths relative to it with / separators, sorted. */
    static List<String> files(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> names.add(dir.relativize(p).toString().replace('\\', '/')));
        }
        names.sort(null);
        return names;
    }
}
