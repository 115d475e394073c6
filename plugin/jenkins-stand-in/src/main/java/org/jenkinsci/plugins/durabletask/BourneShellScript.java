package org.jenkinsci.plugins.durabletask;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.TaskListener;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Signatures of durable-task's BourneShellScript. Modelled (see {@link FileMonitoringTask}): the script is written
 * into the control folder and run with {@code nohup} in the background, so it outlives the JVM that started it.
 */
public final class BourneShellScript extends FileMonitoringTask {
    private final String script;

    public BourneShellScript(String script) {
        this.script = script == null ? "" : script;
    }

    public String getScript() {
        return script;
    }

    @Override
    protected FileMonitoringController launchWithCookie(FilePath ws, Launcher launcher, TaskListener listener,
                                                        EnvVars envVars, String cookieVariable, String cookieValue)
            throws IOException, InterruptedException {
        FileMonitoringController controller = new FileMonitoringController(ws, cookieValue);
        Path control = Path.of(controller.controlDir(ws).getRemote());
        Path file = control.resolve("script.sh");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        String run;
        if (script.startsWith("#!")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            run = quote(file.toString());
        } else {
            run = "sh -xe " + quote(file.toString());
        }
        String log = quote(controller.getLogFile(ws).getRemote());
        String result = controller.getResultFile(ws).getRemote();
        String wrapper = "(" + run + " > " + log + " 2>&1; echo $? > " + quote(result + ".tmp") + "; mv "
                + quote(result + ".tmp") + " " + quote(result) + ") > /dev/null 2>&1 &";
        ProcessBuilder pb = new ProcessBuilder(List.of("nohup", "sh", "-c", wrapper)).directory(new File(ws.getRemote()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(envVars);
        pb.environment().put(cookieVariable, cookieValue);
        pb.start().waitFor();
        return controller;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
