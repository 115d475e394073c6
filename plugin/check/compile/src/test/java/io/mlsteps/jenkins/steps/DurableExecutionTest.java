package io.mlsteps.jenkins.steps;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.ItemGroup;
import hudson.model.Job;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.mlsteps.jenkins.agent.EngineJar;
import io.mlsteps.jenkins.config.MlStepsConfiguration;
import io.mlsteps.jenkins.results.MlRunAction;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Serial;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A step whose controller restarts while the engine runs on the agent, modelled as Pipeline does it: the execution is
 * serialized when it saves its state (program.dat), the controller dies right after a save (its threads stop, its
 * writes are lost), and a new controller reads the execution back (transient state gone) and calls
 * {@code onResume()}. The engine, a durable task, went on running meanwhile; the resumed step must pick up its exit
 * code and result.json, and the build log must hold each line of its output once.
 */
class DurableExecutionTest {
    private static final String PREDICTIONS = "row,y_true,y_pred,score:yes,score:no\n"
            + "0,yes,yes,0.9,0.1\n1,no,no,0.2,0.8\n2,yes,no,0.4,0.6\n3,no,no,0.3,0.7\n";

    /** What outlives a controller restart: the workspace, the build's log and directory, by build id. */
    static final Map<String, Build> BUILDS = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    private Build build;

    @BeforeAll
    static void engineIsEmbedded() {
        assumeTrue(EngineJar.class.getResource(EngineJar.RESOURCE) != null,
                "the CLI jar is not built (cli/target/mlsteps.jar); run ./mvnw -pl cli -am package first");
    }

    @AfterEach
    void releaseTheDeadController() {
        if (build != null) {
            build.dead.countDown();
            BUILDS.remove(build.id);
        }
    }

    static final class Build {
        final String id = UUID.randomUUID().toString();
        final Path log;
        final FilePath workspace;
        final TestRun run;
        final FlowNode node = new FlowNode() {
        };
        final CompletableFuture<Object> outcome = new CompletableFuture<>();
        final List<byte[]> saves = new ArrayList<>();
        final CountDownLatch dead = new CountDownLatch(1);
        volatile int generation;
        volatile MlStepExecution execution;
        /** The save after which the controller dies (1-based; 0: never). */
        volatile int dieAfterSave;

        Build(Path dir) throws IOException {
            log = dir.resolve("log");
            Files.createFile(log);
            Path ws = dir.resolve("agent/workspace/p");
            Files.createDirectories(ws);
            workspace = new FilePath(ws.toFile());
            run = new TestRun(new TestJob(), dir.resolve("builds/1").toFile());
        }

        String log() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }
    }

    static final class TestJob extends Job<TestJob, TestRun> {
        TestJob() {
            super((ItemGroup) null, "p");
        }
    }

    static final class TestRun extends Run<TestJob, TestRun> {
        private final File root;

        TestRun(TestJob job, File root) throws IOException {
            super(job);
            this.root = root;
        }

        @Override
        public File getRootDir() {
            return root;
        }

        @Override
        public int getNumber() {
            return 1;
        }

        @Override
        public TestRun getPreviousBuild() {
            return null;
        }
    }

    /** A step context bound to one controller life (generation) of a build. */
    static final class Context extends StepContext {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String buildId;
        private final int generation;

        Context(String buildId, int generation) {
            this.buildId = buildId;
            this.generation = generation;
        }

        /** A resumed program talks to the new controller. */
        @Serial
        private Object readResolve() {
            return new Context(buildId, BUILDS.get(buildId).generation);
        }

        private Build build() {
            return BUILDS.get(buildId);
        }

        private boolean alive() {
            return build().generation == generation;
        }

        @Override
        public <T> T get(Class<T> key) throws IOException {
            if (!alive()) {
                throw new IOException("this controller is gone");
            }
            Build b = build();
            Object value = null;
            if (key == Run.class) {
                value = b.run;
            } else if (key == FilePath.class) {
                value = b.workspace;
            } else if (key == TaskListener.class) {
                value = listener();
            } else if (key == Launcher.class) {
                value = new Launcher.LocalLauncher(listener());
            } else if (key == EnvVars.class) {
                value = new EnvVars(System.getenv());
            } else if (key == FlowNode.class) {
                value = b.node;
            }
            return key.cast(value);
        }

        /** The build log; what a dead controller writes never reaches it. */
        private TaskListener listener() {
            Path log = build().log;
            OutputStream out = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public synchronized void write(byte[] b, int off, int len) throws IOException {
                    if (alive()) {
                        Files.write(log, Arrays.copyOfRange(b, off, off + len), StandardOpenOption.APPEND);
                    }
                }
            };
            PrintStream logger = new PrintStream(out, true, StandardCharsets.UTF_8);
            return () -> logger;
        }

        @Override
        public void onSuccess(Object result) {
            if (alive()) {
                build().outcome.complete(result);
            }
        }

        @Override
        public void onFailure(Throwable t) {
            if (alive()) {
                build().outcome.completeExceptionally(t);
            }
        }

        @Override
        public boolean isReady() {
            return true;
        }

        /** Writes program.dat; the controller may die right after it. */
        @Override
        public ListenableFuture<Void> saveState() {
            Build b = build();
            if (!alive()) {
                return Futures.immediateFailedFuture(new IOException("this controller is gone"));
            }
            int saves;
            synchronized (b.saves) {
                b.saves.add(serialize(b.execution));
                saves = b.saves.size();
            }
            if (saves == b.dieAfterSave) {
                b.generation++;
                try {
                    b.dead.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Futures.immediateFuture(null);
        }

        @Override
        public void setResult(Result r) {
            build().run.setResult(r);
        }

        @Override
        public BodyInvoker newBodyInvoker() {
            throw new IllegalStateException("no body");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Context other && other.buildId.equals(buildId) && other.generation == generation;
        }

        @Override
        public int hashCode() {
            return buildId.hashCode() * 31 + generation;
        }
    }

    private static byte[] serialize(Object o) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        } catch (IOException e) {
            throw new AssertionError("the execution must be serializable", e);
        }
        return bytes.toByteArray();
    }

    private static MlStepExecution deserialize(byte[] bytes) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (MlStepExecution) in.readObject();
        }
    }

    private MlStepExecution start(MlStep step) throws Exception {
        build = new Build(dir);
        return start(step, 0);
    }

    private MlStepExecution start(MlStep step, int generation) throws Exception {
        BUILDS.put(build.id, build);
        build.workspace.child("predictions.csv").write(PREDICTIONS, "UTF-8");
        MlStepExecution execution = new MlStepExecution(step, new Context(build.id, generation),
                new MlStepsConfiguration.Settings(null, null, null, "-Xmx256m", null));
        build.execution = execution;
        assertThat(execution.start()).as("asynchronous").isFalse();
        return execution;
    }

    private static EvaluateModelStep unstableGate() {
        EvaluateModelStep step = new EvaluateModelStep();
        step.setPredictions("predictions.csv");
        QualityGate gate = new QualityGate("accuracy");
        gate.setThreshold(0.9);
        gate.setCriticality("UNSTABLE");
        step.setQualityGates(List.of(gate));
        return step;
    }

    /** Lines of the engine's process (its shell's trace and the engine's own); the plugin's start with "mlsteps:". */
    private static List<String> engineLines(String log) {
        return log.lines().filter(l -> !l.startsWith("mlsteps:")).toList();
    }

    @Test
    void aStepRunsTheEngineAndReturnsItsResult() throws Exception {
        start(unstableGate());
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) build.outcome.get(3, TimeUnit.MINUTES);
        assertThat(result).containsEntry("status", "UNSTABLE").containsEntry("stageResult", "UNSTABLE");
        assertThat(build.run.getResult()).isEqualTo(Result.UNSTABLE);
        assertThat(build.node.getAction(WarningAction.class).getMessage()).contains("accuracy");
        assertThat(build.run.getAction(MlRunAction.class).getRecords()).hasSize(1);
        String log = build.log();
        assertThat(engineLines(log)).anySatisfy(l -> assertThat(l).contains("misses the gate"));
        assertThat(log).contains("mlsteps: evaluateModel: UNSTABLE");
        try (var left = Files.list(dir.resolve("agent/workspace/p@tmp"))) {
            assertThat(left.toList()).as("the durable task's control folder is removed").isEmpty();
        }
    }

    @Test
    void aControllerRestartWhileTheEngineRunsPicksUpItsExitCodeAndResultWithoutRepeatingOutput() throws Exception {
        // launch saves once; the next save follows the first output copied into the log: the controller dies then
        int dieAfter = 2;
        MlStepExecution before = start(unstableGate());
        build.dieAfterSave = dieAfter;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (build.generation == 0 && System.nanoTime() < deadline && !build.outcome.isDone()) {
            Thread.sleep(20);
        }
        assertThat(build.generation).as("the controller died after a save").isEqualTo(1);
        String beforeRestart = build.log();
        assertThat(engineLines(beforeRestart)).as("the process's output before the restart").isNotEmpty();

        byte[] programDat;
        synchronized (build.saves) {
            programDat = build.saves.get(dieAfter - 1);
        }
        MlStepExecution after = deserialize(programDat);
        assertThat(after).isNotSameAs(before);
        build.execution = after;
        after.onResume();

        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) build.outcome.get(3, TimeUnit.MINUTES);
        assertThat(result).containsEntry("status", "UNSTABLE");
        assertThat(build.run.getResult()).isEqualTo(Result.UNSTABLE);
        assertThat(build.run.getAction(MlRunAction.class).getRecords()).as("recorded once").hasSize(1);

        String log = build.log();
        List<String> lines = engineLines(log);
        assertThat(lines).as("each line of the engine's output once").doesNotHaveDuplicates();
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("misses the gate"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("report:"));
        assertThat(log).startsWith(beforeRestart).contains("mlsteps: evaluateModel: UNSTABLE");
    }

    @Test
    void aRestartBeforeTheEngineWasLaunchedLaunchesItOnResume() throws Exception {
        build = new Build(dir);
        // the controller dies as the step starts: its launch never gets to the agent
        build.generation = 1;
        MlStepExecution before = start(unstableGate(), 0);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!before.isCompleted() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(build.outcome).as("a dead controller ends nothing").isNotDone();
        byte[] programDat = serialize(before);
        MlStepExecution after = deserialize(programDat);
        build.execution = after;
        after.onResume();
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) build.outcome.get(3, TimeUnit.MINUTES);
        assertThat(result).containsEntry("status", "UNSTABLE");
    }
}
