package io.mlsteps.cli.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import groovy.lang.Closure;
import groovy.lang.MissingPropertyException;
import groovy.lang.Script;
import io.mlsteps.cli.runner.PipelineExecutor.Scope;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The base class a Jenkinsfile is compiled to: its global variables ({@code env}, {@code params},
 * {@code currentBuild}) and the steps it may call. The seven ML steps are in {@link MlStepCall}.
 * Unknown names never reach here: {@link PipelineChecker} rejects them, with their line, before the run.
 */
public abstract class PipelineScript extends Script {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SCRIPTS = new AtomicInteger();

    PipelineExecutor executor;
    private GlobalVariables.Env env;
    private GlobalVariables.CurrentBuild currentBuild;

    void attach(PipelineExecutor executor) {
        this.executor = executor;
        this.env = new GlobalVariables.Env(executor);
        this.currentBuild = new GlobalVariables.CurrentBuild(executor);
        executor.script = this;
    }

    // ------------------------------------------------------------------ global variables

    public GlobalVariables.Env getEnv() {
        return env;
    }

    public Map<String, Object> getParams() {
        return executor.params();
    }

    public GlobalVariables.CurrentBuild getCurrentBuild() {
        return currentBuild;
    }

    public String getScm() {
        return "scm";
    }

    /** Unknown bare names fall back to environment variables, as in Jenkins ({@code BUILD_NUMBER}). */
    @Override
    public Object getProperty(String name) {
        switch (name) {
            case "env":
                return env;
            case "params":
                return getParams();
            case "currentBuild":
                return currentBuild;
            default:
                break;
        }
        try {
            return super.getProperty(name);
        } catch (MissingPropertyException e) {
            String value = executor.env(name);
            if (value != null) {
                return value;
            }
            throw e;
        }
    }

    // ------------------------------------------------------------------ structure

    public void pipeline(Closure<?> block) {
        Declarative.PipelineBuilder builder = new Declarative.PipelineBuilder();
        Declarative.configure(block, builder);
        DeclarativeRun.run(executor, builder.def);
    }

    public Object node(Closure<?> body) {
        return executor.callBody(body);
    }

    public Object node(Object label, Closure<?> body) {
        executor.note("node('" + label + "'): noted, not enforced (steps run on this machine)");
        return executor.callBody(body);
    }

    public Object stage(Object name, Closure<?> body) {
        return executor.runScriptedStage(String.valueOf(name), body);
    }

    public Object stage(Map<String, Object> args, Closure<?> body) {
        BuiltinSteps.noteNotApplied(executor, "stage", args);
        return stage(Steps.string(args, "name", "stage"), body);
    }

    public Object script(Closure<?> body) {
        return executor.callBody(body);
    }

    public Object parallel(Map<?, ?> branches) {
        return executor.runScriptedParallel(branches);
    }

    // ------------------------------------------------------------------ messages and results

    public void echo(Object message) {
        executor.log(String.valueOf(message));
    }

    public void println(Object message) {
        executor.log(String.valueOf(message));
    }

    public void print(Object message) {
        executor.log(String.valueOf(message));
    }

    public void error(Object message) {
        throw new PipelineError(String.valueOf(message));
    }

    /** Marks the stage and the build UNSTABLE and goes on, as Jenkins' unstable step. */
    public void unstable(Object message) {
        String text = message instanceof Map<?, ?> m ? String.valueOf(m.get("message")) : String.valueOf(message);
        executor.log("WARNING: " + text);
        executor.worsen(Result.UNSTABLE);
        executor.worsenStage(Result.UNSTABLE);
        Scope s = executor.scope();
        if (s.stage() != null && s.stage().reason == null) {
            s.stage().reason = text;
        }
    }

    /**
     * Jenkins' catchError: an error in the body sets the build result (default FAILURE) and the stage's
     * (default SUCCESS) and the pipeline goes on; an interruption (timeout, abort) sets both to its own
     * result (ABORTED), or passes through with {@code catchInterruptions: false}.
     */
    public void catchError(Map<String, Object> args, Closure<?> body) {
        Result build = Result.parse(args.getOrDefault("buildResult", "FAILURE"), "buildResult");
        Result stage = Result.parse(args.getOrDefault("stageResult", "SUCCESS"), "stageResult");
        boolean catchInterruptions = !args.containsKey("catchInterruptions") || Steps.flag(args, "catchInterruptions");
        try {
            executor.callBody(body);
        } catch (RuntimeException e) {
            if (e instanceof PipelineInterrupted i && i.isActualInterruption() && !catchInterruptions) {
                throw e;
            }
            Object message = args.get("message");
            if (message != null) {
                executor.log("ERROR: " + message);
            }
            executor.logError(e);
            if (e instanceof PipelineInterrupted i) {
                build = i.result();
                stage = i.result();
            }
            if (build.isWorseThan(executor.result())) {
                executor.log("Setting overall build result to " + build);
            }
            executor.worsen(build);
            if (stage != Result.SUCCESS) {
                executor.worsenStage(stage);
                Scope s = executor.scope();
                if (s.stage() != null && s.stage().reason == null) {
                    s.stage().reason = message != null ? String.valueOf(message) : executor.describe(e);
                }
            }
        }
    }

    public void catchError(Closure<?> body) {
        catchError(new LinkedHashMap<>(), body);
    }

    /** Jenkins' warnError: catchError with build and stage UNSTABLE; the message is required. */
    public void warnError(Object message, Closure<?> body) {
        Map<String, Object> args = new LinkedHashMap<>(message instanceof Map<?, ?> m ? Steps.stringKeys(m) : Map.of());
        Object text = message instanceof Map<?, ?> m ? m.get("message") : message;
        if (text == null || String.valueOf(text).isBlank()) {
            throw new PipelineError("warnError: A non-empty message is required");
        }
        args.put("message", text);
        args.put("buildResult", "UNSTABLE");
        args.put("stageResult", "UNSTABLE");
        catchError(args, body);
    }

    // ------------------------------------------------------------------ scopes

    public Object dir(Object path, Closure<?> body) {
        Scope s = executor.scope();
        Path target = s.cwd().resolve(String.valueOf(path)).normalize();
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new PipelineError("dir: cannot create " + target + ": " + e.getMessage());
        }
        return executor.inScope(s.withCwd(target), () -> executor.callBody(body));
    }

    public Object withEnv(List<?> assignments, Closure<?> body) {
        Map<String, String> extra = new LinkedHashMap<>();
        for (Object a : assignments) {
            String text = String.valueOf(a);
            int eq = text.indexOf('=');
            if (eq <= 0) {
                throw new PipelineError("withEnv: expected NAME=value, got '" + text + "'");
            }
            extra.put(text.substring(0, eq), text.substring(eq + 1));
        }
        return executor.inScope(executor.scope().with(extra), () -> executor.callBody(body));
    }

    public Object timeout(Map<String, Object> args, Closure<?> body) {
        BuiltinSteps.noteNotApplied(executor, "timeout", args);
        return executor.withTimeout(Steps.timeoutMillis(args), () -> executor.callBody(body));
    }

    public Object timeout(Number minutes, Closure<?> body) {
        return executor.withTimeout(minutes.longValue() * 60_000, () -> executor.callBody(body));
    }

    public Object retry(Number count, Closure<?> body) {
        return executor.runWithRetry(count.intValue(), () -> executor.callBody(body));
    }

    public Object retry(Map<String, Object> args, Closure<?> body) {
        BuiltinSteps.noteNotApplied(executor, "retry", args);
        Object count = args.get("count");
        if (!(count instanceof Number n)) {
            throw new PipelineError("retry: 'count' must be a number, got " + count);
        }
        return retry(n, body);
    }

    // ------------------------------------------------------------------ sh

    public Object sh(Object script) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("script", script);
        return sh(args);
    }

    /** Runs a shell script like Jenkins ({@code sh -xe}); non-zero exit fails unless returnStatus. */
    public Object sh(Map<String, Object> args) {
        executor.checkInterrupted();
        BuiltinSteps.noteNotApplied(executor, "sh", args);
        String script = Steps.string(args, "script", "sh");
        boolean returnStdout = Steps.flag(args, "returnStdout");
        boolean returnStatus = Steps.flag(args, "returnStatus");
        if (args.get("label") != null) {
            executor.log("[sh] " + args.get("label"));
        }
        Scope s = executor.scope();
        Path file;
        try {
            Files.createDirectories(s.cwd());
            Path tmp = executor.buildDir.resolve("tmp");
            Files.createDirectories(tmp);
            file = tmp.resolve("script-" + SCRIPTS.incrementAndGet() + ".sh");
            Files.writeString(file, script, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new PipelineError("sh: cannot prepare the script: " + e.getMessage());
        }
        List<String> command = script.startsWith("#!") ? List.of(file.toString())
                : List.of("/bin/sh", "-xe", file.toString());
        ProcessBuilder pb = new ProcessBuilder(command).directory(s.cwd().toFile());
        pb.environment().clear();
        pb.environment().putAll(executor.fullEnv());
        pb.redirectErrorStream(!returnStdout);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new PipelineError("sh: cannot start /bin/sh: " + e.getMessage());
        }
        StringBuilder stdout = new StringBuilder();
        Thread logReader = pump(returnStdout ? process.getErrorStream() : process.getInputStream(), null, s);
        Thread outReader = returnStdout ? pump(process.getInputStream(), stdout, s) : null;
        int code;
        try {
            code = process.waitFor();
            logReader.join();
            if (outReader != null) {
                outReader.join();
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw executor.interrupted();
        }
        if (code != 0 && !returnStatus) {
            throw new PipelineError("script returned exit code " + code);
        }
        return returnStatus ? (Object) code : returnStdout ? stdout.toString() : null;
    }

    private Thread pump(InputStream in, StringBuilder capture, Scope scope) {
        Thread t = new Thread(() -> executor.inScope(scope, () -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, Charset.defaultCharset()))) {
                if (capture != null) {
                    char[] buf = new char[8192];
                    int n;
                    while ((n = reader.read(buf)) >= 0) {
                        capture.append(buf, 0, n);
                    }
                } else {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        executor.log(line);
                    }
                }
            } catch (IOException e) {
                // the process ended; nothing left to read
            }
            return null;
        }), "sh-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    // ------------------------------------------------------------------ files

    private Path resolve(Object path) {
        return executor.scope().cwd().resolve(String.valueOf(path)).normalize();
    }

    public boolean fileExists(Object path) {
        Object p = path instanceof Map<?, ?> m ? m.get("file") : path;
        return Files.exists(resolve(p));
    }

    public String pwd() {
        return executor.scope().cwd().toString();
    }

    public String pwd(Map<String, Object> args) {
        if (Steps.flag(args, "tmp")) {
            Path tmp = executor.buildDir.resolve("tmp");
            try {
                Files.createDirectories(tmp);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return tmp.toString();
        }
        return pwd();
    }

    public boolean isUnix() {
        return !System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
    }

    public void deleteDir() {
        Path dir = executor.scope().cwd();
        if (dir.equals(executor.workspace) || executor.workspace.startsWith(dir)) {
            throw new PipelineError("deleteDir: refusing to delete the workspace itself in a local run; use it inside dir('...')");
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            throw new PipelineError("deleteDir: " + e.getMessage());
        }
    }

    public void checkout(Object scm) {
        if (scm instanceof Map<?, ?> args) {
            BuiltinSteps.noteNotApplied(executor, "checkout", args);
            scm = args.get("scm");
        }
        executor.note("checkout " + scm + ": the local run uses the working copy as it is");
    }

    public String readFile(Object path) {
        Map<?, ?> args = path instanceof Map<?, ?> m ? m : Map.of("file", path);
        Path file = resolve(Steps.string(args, "file", "readFile"));
        try {
            return Files.readString(file, args.get("encoding") == null ? StandardCharsets.UTF_8
                    : Charset.forName(String.valueOf(args.get("encoding"))));
        } catch (IOException e) {
            throw new PipelineError("readFile: cannot read " + file + ": " + e.getMessage());
        }
    }

    public void writeFile(Map<String, Object> args) {
        Path file = resolve(Steps.string(args, "file", "writeFile"));
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, Steps.string(args, "text", "writeFile"), args.get("encoding") == null
                    ? StandardCharsets.UTF_8 : Charset.forName(String.valueOf(args.get("encoding"))));
        } catch (IOException e) {
            throw new PipelineError("writeFile: cannot write " + file + ": " + e.getMessage());
        }
    }

    /** readJSON(file: 'x.json') or readJSON(text: '{...}'): maps and lists. */
    public Object readJSON(Map<String, Object> args) {
        try {
            if (args.get("text") != null) {
                return JSON.readValue(String.valueOf(args.get("text")), Object.class);
            }
            Path file = resolve(Steps.string(args, "file", "readJSON"));
            if (!Files.isRegularFile(file)) {
                throw new PipelineError("readJSON: file not found: " + file);
            }
            return JSON.readValue(file.toFile(), Object.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var loc = e.getLocation();
            throw new PipelineError("readJSON: malformed JSON" + (loc == null ? "" : " at line " + loc.getLineNr()
                    + ", column " + loc.getColumnNr()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new PipelineError("readJSON: " + e.getMessage());
        }
    }

    /** writeJSON(file: 'x.json', json: map, pretty: 2) or returnText: true. */
    public Object writeJSON(Map<String, Object> args) {
        Object value = MlStepCall.normalize(args.get("json"));
        try {
            boolean pretty = args.get("pretty") instanceof Number n && n.intValue() > 0;
            String text = pretty ? JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value)
                    : JSON.writeValueAsString(value);
            if (Steps.flag(args, "returnText")) {
                return text;
            }
            Path file = resolve(Steps.string(args, "file", "writeJSON"));
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return null;
        } catch (IOException e) {
            throw new PipelineError("writeJSON: " + e.getMessage());
        }
    }

    /** Copies matching files into the build folder's {@code archive/}, keeping their relative paths. */
    public void archiveArtifacts(Object patterns) {
        Map<?, ?> args = patterns instanceof Map<?, ?> m ? m : Map.of("artifacts", patterns);
        BuiltinSteps.noteNotApplied(executor, "archiveArtifacts", args);
        String includes = Steps.string(args, "artifacts", "archiveArtifacts");
        if (Steps.flag(args, "onlyIfSuccessful") && executor.result().isWorseThan(Result.SUCCESS)) {
            executor.log("Skipped archiving because build is not successful");
            return;
        }
        Object excludes = args.get("excludes");
        Path base = executor.scope().cwd();
        List<Path> files = Steps.findFiles(base, includes, excludes == null ? null : excludes.toString());
        if (files.isEmpty()) {
            if (Steps.flag(args, "allowEmptyArchive")) {
                executor.log("archiveArtifacts: no files match '" + includes + "'");
                return;
            }
            throw new PipelineError("archiveArtifacts: no artifacts found that match the file pattern '" + includes
                    + "' in " + base);
        }
        Path archive = executor.buildDir.resolve("archive");
        try {
            for (Path rel : files) {
                Path target = archive.resolve(rel.toString());
                Files.createDirectories(target.getParent());
                Files.copy(base.resolve(rel), target, StandardCopyOption.REPLACE_EXISTING);
                synchronized (executor.record) {
                    String shown = "archive/" + rel.toString().replace('\\', '/');
                    if (!executor.record.artifacts.contains(shown)) {
                        executor.record.artifacts.add(shown);
                    }
                }
            }
        } catch (IOException e) {
            throw new PipelineError("archiveArtifacts: " + e.getMessage());
        }
        executor.log("Archived " + files.size() + " artifact(s) into " + executor.workspace.relativize(archive));
    }

    /** Reads JUnit XML counts; failures make the build UNSTABLE, as Jenkins' junit step. */
    public Map<String, Object> junit(Object patterns) {
        Map<?, ?> args = patterns instanceof Map<?, ?> m ? m : Map.of("testResults", patterns);
        BuiltinSteps.noteNotApplied(executor, "junit", args);
        String includes = Steps.string(args, "testResults", "junit");
        Path base = executor.scope().cwd();
        List<Path> files = Steps.findFiles(base, includes, null);
        if (files.isEmpty()) {
            if (Steps.flag(args, "allowEmptyResults")) {
                executor.log("junit: no test report files match '" + includes + "'");
                return JunitCounts.EMPTY.asMap();
            }
            throw new PipelineError("junit: no test report files were found matching '" + includes + "' in " + base);
        }
        JunitCounts total = JunitCounts.EMPTY;
        List<Path> absolute = new ArrayList<>();
        for (Path rel : files) {
            absolute.add(base.resolve(rel));
        }
        for (Path file : absolute) {
            total = total.plus(JunitCounts.read(file));
        }
        executor.log(String.format("junit: %d tests, %d failed, %d skipped (%d file(s))", total.total(),
                total.failed(), total.skipped(), files.size()));
        synchronized (executor.record) {
            executor.record.tests.merge("total", total.total(), Integer::sum);
            executor.record.tests.merge("failed", total.failed(), Integer::sum);
            executor.record.tests.merge("skipped", total.skipped(), Integer::sum);
        }
        if (total.failed() > 0 && !Steps.flag(args, "skipMarkingBuildUnstable")) {
            executor.worsen(Result.UNSTABLE);
            executor.worsenStage(Result.UNSTABLE);
            Scope s = executor.scope();
            if (s.stage() != null && s.stage().reason == null) {
                s.stage().reason = total.failed() + " test(s) failed";
            }
        }
        return total.asMap();
    }

    /**
     * Jenkins' sleep step: {@code sleep 10} is ten seconds, {@code sleep time: 500, unit: 'MILLISECONDS'}.
     * The Jenkinsfile's {@code sleep(...)} calls are compiled to this (Groovy's own sleep takes milliseconds).
     */
    public void sleepStep(Object args) {
        Map<?, ?> map = args instanceof Map<?, ?> m ? m : Map.of("time", args);
        Object time = map.get("time");
        if (!(time instanceof Number n)) {
            throw new PipelineError("sleep: 'time' must be a number, got " + time);
        }
        TimeUnit unit = Steps.unit(map.containsKey("unit") ? map.get("unit") : "SECONDS", "sleep");
        long millis = unit.toMillis(n.longValue());
        executor.log("Sleeping for " + Steps.human(millis));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw executor.interrupted();
        }
    }

    // ------------------------------------------------------------------ ML steps

    public Map<String, Object> validateData(Map<String, Object> args) {
        return MlStepCall.run(executor, "validateData", args);
    }

    public Map<String, Object> trainModel(Map<String, Object> args) {
        return MlStepCall.run(executor, "trainModel", args);
    }

    public Map<String, Object> evaluateModel(Map<String, Object> args) {
        return MlStepCall.run(executor, "evaluateModel", args);
    }

    public Map<String, Object> compareToBaseline(Map<String, Object> args) {
        return MlStepCall.run(executor, "compareToBaseline", args);
    }

    public Map<String, Object> registerModel(Map<String, Object> args) {
        return MlStepCall.run(executor, "registerModel", args);
    }

    public Map<String, Object> deployModel(Map<String, Object> args) {
        return MlStepCall.run(executor, "deployModel", args);
    }

    public Map<String, Object> checkDrift(Map<String, Object> args) {
        return MlStepCall.run(executor, "checkDrift", args);
    }

    public Map<String, Object> predict(Map<String, Object> args) {
        return MlStepCall.run(executor, "predict", args);
    }
}
