package io.mlsteps.cli.runner;

import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovyCodeSource;
import io.mlsteps.cli.runner.BuildRecord.StageRecord;
import io.mlsteps.util.InputException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.ImportCustomizer;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code mlsteps run}: compiles and checks a Jenkinsfile, allocates the next local build, runs it with the
 * Jenkins environment variables, prints the stage table and writes {@code build.json}, {@code log.txt}
 * and the history report.
 */
public final class JenkinsfileRunner {

    /** What a run produced. */
    public record Outcome(int number, Result result, Path buildDir, Path report) {
    }

    private JenkinsfileRunner() {
    }

    /** Compiles and checks a Jenkinsfile; syntax errors and unsupported steps are located errors. */
    static Class<? extends PipelineScript> compile(Path jenkinsfile, BuiltinSteps.StepLookup mlSteps) {
        String name = jenkinsfile.getFileName() == null ? jenkinsfile.toString() : jenkinsfile.getFileName().toString();
        String text;
        try {
            text = Files.readString(jenkinsfile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputException(jenkinsfile.toString(), "file not found");
        } catch (IOException e) {
            throw new InputException(jenkinsfile.toString(), "cannot read: " + e.getMessage());
        }
        CompilerConfiguration config = new CompilerConfiguration();
        config.setScriptBaseClass(PipelineScript.class.getName());
        // as in Jenkins, @NonCPS needs no import (com.cloudbees.groovy.cps.NonCPS there)
        config.addCompilationCustomizers(new ImportCustomizer().addImport("NonCPS", NonCPS.class.getName()),
                new DeclarativeValidator(jenkinsfile.toString(), mlSteps),
                new PipelineChecker(jenkinsfile.toString(), mlSteps));
        try (GroovyClassLoader loader = new GroovyClassLoader(PipelineScript.class.getClassLoader(), config)) {
            GroovyCodeSource source = new GroovyCodeSource(text, Lines.SCRIPT_CLASS, "/groovy/shell");
            source.setCachable(false);
            @SuppressWarnings("unchecked")
            Class<? extends PipelineScript> cls = (Class<? extends PipelineScript>) loader.parseClass(source, false);
            return cls;
        } catch (MultipleCompilationErrorsException e) {
            throw located(jenkinsfile.toString(), name, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputException located(String path, String name, MultipleCompilationErrorsException e) {
        List<? extends Message> errors = e.getErrorCollector().getErrors();
        for (Message m : errors) {
            if (m instanceof ExceptionMessage em && em.getCause() instanceof JenkinsfileException je) {
                return je;
            }
            if (m instanceof SyntaxErrorMessage sm) {
                SyntaxException s = sm.getCause();
                String text = s.getOriginalMessage();
                return new JenkinsfileException(path, s.getStartLine(), s.getStartColumn(), "syntax error: " + text);
            }
        }
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
            if (cause instanceof JenkinsfileException je) {
                return je;
            }
        }
        return new JenkinsfileException(path, -1, -1, "cannot compile: " + e.getMessage());
    }

    /** Runs a Jenkinsfile as the next local build and prints the log to {@code console}. */
    public static Outcome run(RunSettings settings, PrintStream console) {
        return run(settings, console, null);
    }

    static Outcome run(RunSettings settings, PrintStream console,
                       java.util.function.Function<String, java.util.Optional<io.mlsteps.step.MlStep<?>>> steps) {
        return run(settings, console, steps, Map.of());
    }

    /** {@code extraEnv}: variables the build sees besides this process' environment (tests isolate the registry so). */
    static Outcome run(RunSettings settings, PrintStream console,
                       java.util.function.Function<String, java.util.Optional<io.mlsteps.step.MlStep<?>>> steps,
                       Map<String, String> extraEnv) {
        Class<? extends PipelineScript> scriptClass = compile(settings.jenkinsfile(),
                steps == null ? BuiltinSteps.StepLookup.CATALOG : steps::apply);
        Path workspace = settings.workspace().toAbsolutePath().normalize();
        Path runDir = settings.runDir().toAbsolutePath().normalize();
        BuildHistory history = new BuildHistory(runDir);
        int number = history.allocate();
        Path buildDir = history.dir(number);
        BuildRecord record = new BuildRecord();
        record.number = number;
        record.job = settings.jobName();
        record.jenkinsfile = relative(workspace, settings.jenkinsfile().toAbsolutePath().normalize());
        Instant started = Instant.now();
        record.startedAt = started.toString();
        long t0 = System.nanoTime();
        Result result;
        try (OutputStream logFile = new FileOutputStream(buildDir.resolve(BuildHistory.LOG_FILE).toFile());
             PrintStream log = new PrintStream(new Tee(console, logFile), true, StandardCharsets.UTF_8)) {
            Map<String, String> env = environment(settings, workspace, history, number, record);
            env.putAll(extraEnv);
            PipelineExecutor executor = new PipelineExecutor(settings, workspace, history, number, env, log, record);
            if (steps != null) {
                executor.stepLookup = steps;
            }
            PrintStream originalOut = System.out;
            try {
                PipelineScript script = scriptClass.getDeclaredConstructor().newInstance();
                script.attach(executor);
                log.println("Started local build #" + number + " of " + settings.jobName() + " ("
                        + record.jenkinsfile + ")");
                System.setOut(log);
                try {
                    script.run();
                } catch (InputException e) {
                    if (!(e instanceof JenkinsfileException) && e.getMessage().startsWith("-p ")) {
                        throw e;
                    }
                    executor.endWith(e);
                } catch (RuntimeException e) {
                    executor.endWith(e);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot start the Jenkinsfile", e);
            } finally {
                System.setOut(originalOut);
                executor.shutdown();
            }
            result = executor.result();
            record.result = result.name();
            record.durationMillis = (System.nanoTime() - t0) / 1_000_000;
            history.save(record);
            deleteTmp(buildDir);
            printStageTable(log, record);
            log.println("Finished: " + result);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InputException e) {
            deleteQuietly(buildDir);
            throw e;
        }
        Path report = null;
        if (settings.writeReport()) {
            report = HistoryReport.write(runDir);
        }
        console.println("Build #" + number + ": " + shown(buildDir));
        if (report != null) {
            console.println("Report: " + shown(report));
        }
        return new Outcome(number, result, buildDir, report);
    }

    private static Map<String, String> environment(RunSettings settings, Path workspace, BuildHistory history,
                                                   int number, BuildRecord record) {
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        env.put("BUILD_NUMBER", Integer.toString(number));
        env.put("BUILD_ID", Integer.toString(number));
        env.put("BUILD_DISPLAY_NAME", "#" + number);
        env.put("JOB_NAME", settings.jobName());
        env.put("JOB_BASE_NAME", settings.jobName());
        env.put("BUILD_TAG", "mlsteps-" + settings.jobName() + "-" + number);
        env.put("WORKSPACE", workspace.toString());
        env.put("BUILD_URL", history.dir(number).toUri().toString());
        env.put("NODE_NAME", "built-in");
        env.put("MLSTEPS_BUILD_DIR", history.dir(number).toString());
        history.lastSuccessful(number, record.jenkinsfile).ifPresent(last -> {
            env.put("MLSTEPS_LAST_SUCCESSFUL_BUILD", Integer.toString(last.number));
            env.put("MLSTEPS_LAST_SUCCESSFUL_BUILD_DIR", history.dir(last.number).toString());
        });
        String commit = git(workspace, "rev-parse", "HEAD");
        if (commit != null) {
            env.put("GIT_COMMIT", commit);
            record.gitCommit = commit;
        }
        String branch = settings.branch();
        if (branch == null) {
            String gitBranch = git(workspace, "rev-parse", "--abbrev-ref", "HEAD");
            branch = gitBranch == null || gitBranch.equals("HEAD") ? null : gitBranch;
        }
        if (branch != null) {
            env.put("BRANCH_NAME", branch);
            env.put("GIT_BRANCH", branch);
            record.branch = branch;
        }
        return env;
    }

    /** Output of a git command in the workspace, or null when git or the repository is absent. */
    static String git(Path workspace, String... args) {
        try {
            List<String> command = new java.util.ArrayList<>(List.of("git", "-C", workspace.toString()));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 && !out.isEmpty() ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static void printStageTable(PrintStream out, BuildRecord record) {
        if (record.stages.isEmpty()) {
            return;
        }
        int width = Math.max(5, record.stages.stream().mapToInt(s -> s.name.length()).max().orElse(5));
        out.println();
        String format = "%-" + width + "s  %-8s  %8s  %s%n";
        out.printf(Locale.ROOT, format, "Stage", "Result", "Time", "Reason");
        for (StageRecord s : record.stages) {
            out.printf(Locale.ROOT, format, s.name, s.result,
                    "SKIPPED".equals(s.result) ? "" : String.format(Locale.ROOT, "%.1fs", s.durationMillis / 1000.0),
                    s.reason == null ? "" : s.reason);
        }
        out.println();
    }

    static String shown(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = path.toAbsolutePath().normalize();
        return abs.startsWith(cwd) && !abs.equals(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }

    private static String relative(Path base, Path file) {
        return file.startsWith(base) ? base.relativize(file).toString() : file.toString();
    }

    private static void deleteTmp(Path buildDir) {
        deleteQuietly(buildDir.resolve("tmp"));
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // leftovers of a temporary folder do no harm
        }
    }

    /** Writes the log to the console and to the build's log.txt. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public synchronized void flush() throws IOException {
            a.flush();
            b.flush();
        }

        @Override
        public void close() throws IOException {
            b.close(); // the console is not ours to close
            a.flush();
        }
    }
}
