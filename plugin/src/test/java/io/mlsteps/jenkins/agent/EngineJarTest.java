package io.mlsteps.jenkins.agent;

import hudson.FilePath;
import hudson.model.TaskListener;
import io.mlsteps.jenkins.engine.Hashes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Installing the engine jar on an agent where two steps start at once. The stand-in's {@code FilePath.renameTo} is
 * {@code Files.move} without {@code REPLACE_EXISTING}, as the real one: the second rename of the same jar fails.
 */
class EngineJarTest {
    @TempDir
    Path agent;

    private static TaskListener listener(ByteArrayOutputStream log) {
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        return () -> out;
    }

    /** A jar of random bytes whose open() lets {@code parties} callers in together, so they all copy at once. */
    private static final class RacingSource implements EngineJar.Source {
        private final byte[] bytes;
        private final CyclicBarrier together;

        RacingSource(int size, int parties) {
            bytes = new byte[size];
            new Random(42).nextBytes(bytes);
            together = new CyclicBarrier(parties);
        }

        @Override
        public InputStream open() throws IOException {
            try {
                together.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                throw new IOException("the other installer never came", e);
            }
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public String sha256() throws IOException {
            return Hashes.sha256(new ByteArrayInputStream(bytes));
        }

        @Override
        public long size() {
            return bytes.length;
        }
    }

    @Test
    void twoStepsInstallingTheSameJarAtOnceBothGetTheCompleteJar() throws Exception {
        RacingSource source = new RacingSource(3 << 20, 2);
        FilePath workspace = new FilePath(agent.resolve("workspace").toFile());
        String cache = agent.resolve("cache").toString();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<FilePath>> installs = List.of(
                    threads.submit(() -> EngineJar.install(workspace, cache, listener(log), source)),
                    threads.submit(() -> EngineJar.install(workspace, cache, listener(log), source)));
            FilePath first = installs.get(0).get(60, TimeUnit.SECONDS);
            FilePath second = installs.get(1).get(60, TimeUnit.SECONDS);
            assertThat(first.getRemote()).isEqualTo(second.getRemote());
            assertThat(Files.readAllBytes(Path.of(first.getRemote()))).isEqualTo(source.bytes);
        } finally {
            threads.shutdownNow();
        }
        try (Stream<Path> files = Files.list(agent.resolve("cache"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .as("one jar and no part file left behind")
                    .containsExactly(Hashes.engineJarName(source.sha256()));
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).containsOnlyOnce("installed the engine");
    }

    @Test
    void anInstalledJarIsReusedAndACutOffOneReplaced() throws Exception {
        RacingSource source = new RacingSource(1 << 16, 1);
        FilePath workspace = new FilePath(agent.toFile());
        String cache = agent.resolve("cache").toString();
        Path jar = agent.resolve("cache").resolve(Hashes.engineJarName(source.sha256()));
        Files.createDirectories(jar.getParent());
        Files.write(jar, new byte[100]);

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        EngineJar.install(workspace, cache, listener(log), source);
        assertThat(Files.readAllBytes(jar)).isEqualTo(source.bytes);
        long modified = Files.getLastModifiedTime(jar).toMillis();

        EngineJar.install(workspace, cache, listener(log), source);
        assertThat(Files.getLastModifiedTime(jar).toMillis()).isEqualTo(modified);
        assertThat(log.toString(StandardCharsets.UTF_8)).containsOnlyOnce("installed the engine");
    }

    /** The part file gets the jar's name only when no file has it: by a link, or by the move where links fail. */
    @Test
    void aPartFileNeverReplacesAnInstalledJar() throws Exception {
        Path jar = agent.resolve("engine.jar");
        Path part = Files.write(agent.resolve("engine.jar.1.part"), new byte[]{1, 2, 3});
        assertThat(new LinkIntoPlace(jar.toString()).invoke(part.toFile(), null)).isTrue();
        assertThat(Files.readAllBytes(jar)).containsExactly(1, 2, 3);

        Path other = Files.write(agent.resolve("engine.jar.2.part"), new byte[]{9});
        assertThat(new LinkIntoPlace(jar.toString()).invoke(other.toFile(), null)).isFalse();
        assertThat(LinkIntoPlace.moveUnlessPresent(other, jar)).isFalse();
        assertThat(Files.readAllBytes(jar)).containsExactly(1, 2, 3);

        Path moved = agent.resolve("moved.jar");
        assertThat(LinkIntoPlace.moveUnlessPresent(other, moved)).isTrue();
        assertThat(Files.readAllBytes(moved)).containsExactly(9);
        assertThat(other).doesNotExist();
    }
}
