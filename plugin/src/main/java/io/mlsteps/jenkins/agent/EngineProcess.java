package io.mlsteps.jenkins.agent;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.TaskListener;
import org.jenkinsci.plugins.durabletask.BourneShellScript;
import org.jenkinsci.plugins.durabletask.Controller;
import org.jenkinsci.plugins.durabletask.DurableTask;
import org.jenkinsci.plugins.durabletask.WindowsBatchScript;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Starts {@code java -jar ENGINE step NAME --request ... --out ...} on the agent as a durable task, the way the
 * {@code sh} and {@code bat} steps start their scripts: detached from the agent's JVM, with its output and exit code
 * written into a control folder beside the workspace. The returned {@link Controller} is serializable; the step keeps
 * it and polls it, also after a controller restart.
 */
public final class EngineProcess {
    private EngineProcess() {
    }

    public static Controller launch(Launcher launcher, FilePath workspace, EnvVars env, TaskListener listener,
                                    List<String> command) throws IOException, InterruptedException {
        DurableTask task = launcher.isUnix() ? new BourneShellScript(unixScript(command))
                : new WindowsBatchScript(batchScript(command));
        task.defaultCharset();
        return task.launch(env, workspace, launcher, listener);
    }

    /** A shell script that becomes the engine ({@code exec}), so stopping the task stops the JVM itself. */
    static String unixScript(List<String> command) {
        return "exec " + command.stream().map(EngineProcess::shellQuote).collect(Collectors.joining(" ")) + "\n";
    }

    static String batchScript(List<String> command) {
        return "@echo off\r\n" + command.stream().map(EngineProcess::batchQuote).collect(Collectors.joining(" "))
                + "\r\nexit /b %ERRORLEVEL%\r\n";
    }

    static String shellQuote(String argument) {
        return "'" + argument.replace("'", "'\\''") + "'";
    }

    static String batchQuote(String argument) {
        return "\"" + argument.replace("%", "%%").replace("\"", "\\\"") + "\"";
    }
}
