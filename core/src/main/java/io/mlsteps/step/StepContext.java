package io.mlsteps.step;

import io.mlsteps.contract.result.OutputFile;
import io.mlsteps.contract.result.StepResult;

import io.mlsteps.util.StepLog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a step runs: the working directory that relative paths resolve against (the workspace), the
 * step folder it writes into, its log and the environment (CI variables such as GIT_COMMIT, BUILD_URL).
 */
public final class StepContext {
    private final Path workDir;
    private final Path stepDir;
    private final StepLog log;
    private final Map<String, String> env;

    public StepContext(Path workDir, Path stepDir, StepLog log, Map<String, String> env) {
        this.workDir = workDir.toAbsolutePath().normalize();
        this.stepDir = this.workDir.resolve(stepDir).normalize();
        this.log = log;
        this.env = Map.copyOf(env);
    }

    public Path workDir() {
        return workDir;
    }

    /** The folder this step writes into ({@code result.json}, {@code report.html}, {@code charts/}). */
    public Path stepDir() {
        return stepDir;
    }

    /** The folder for PNG charts, created on demand. */
    public Path chartsDir() {
        Path dir = stepDir.resolve("charts");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    public StepLog log() {
        return log;
    }

    public Map<String, String> env() {
        return env;
    }

    public String env(String name) {
        return env.get(name);
    }

    /** Resolves a user-given path against the working directory. */
    public Path resolve(String path) {
        return workDir.resolve(path).normalize();
    }

    /** Describes a produced file for {@link StepResult#getOutputs()}: relative path, sha256 and size. */
    public OutputFile describeOutput(String name, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        String shown = abs.startsWith(stepDir) ? stepDir.relativize(abs).toString()
                : abs.startsWith(workDir) ? workDir.relativize(abs).toString() : abs.toString();
        try {
            return new OutputFile(name, shown, io.mlsteps.util.Hashing.sha256(abs), Files.size(abs));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
