package org.jenkinsci.plugins.durabletask;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.TaskListener;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Signatures of durable-task's FileMonitoringTask and its controller. The bodies are this stand-in's own model of the
 * documented behaviour: a task runs detached from the launching JVM in a control folder beside the workspace
 * ({@code <workspace>@tmp/durable-<id>}), sends its output to {@code jenkins-log.txt} and finally writes its exit
 * code to {@code jenkins-result.txt}; the serializable controller remembers how much of the log it has copied
 * ({@code writeLog}), reads the exit code ({@code exitStatus}), kills the processes that carry its cookie
 * ({@code stop}) and removes the control folder ({@code cleanup}). The heartbeat check is not modelled.
 */
public abstract class FileMonitoringTask extends DurableTask {
    protected static final String COOKIE = "JENKINS_SERVER_COOKIE";

    @Override
    public final Controller launch(EnvVars env, FilePath workspace, Launcher launcher, TaskListener listener)
            throws IOException, InterruptedException {
        return launchWithCookie(workspace, launcher, listener, env, COOKIE, "durable-" + UUID.randomUUID());
    }

    protected FileMonitoringController launchWithCookie(FilePath workspace, Launcher launcher, TaskListener listener,
                                                        EnvVars envVars, String cookieVariable, String cookieValue)
            throws IOException, InterruptedException {
        envVars.put(cookieVariable, cookieValue);
        return doLaunch(workspace, launcher, listener, envVars);
    }

    protected FileMonitoringController doLaunch(FilePath workspace, Launcher launcher, TaskListener listener,
                                                EnvVars envVars) throws IOException, InterruptedException {
        throw new AbstractMethodError("override either doLaunch or launchWithCookie");
    }

    protected static class FileMonitoringController extends Controller {
        private static final long serialVersionUID = 1L;

        private final String id;
        final String cookieValue;
        private long lastLocation;

        protected FileMonitoringController(FilePath ws, String cookieValue) throws IOException, InterruptedException {
            this.id = UUID.randomUUID().toString().substring(0, 8);
            this.cookieValue = cookieValue;
            controlDir(ws).mkdirs();
        }

        public FilePath controlDir(FilePath ws) throws IOException, InterruptedException {
            return ws.getParent().child(ws.getName() + "@tmp").child("durable-" + id);
        }

        public FilePath getResultFile(FilePath workspace) throws IOException, InterruptedException {
            return controlDir(workspace).child("jenkins-result.txt");
        }

        public FilePath getLogFile(FilePath workspace) throws IOException, InterruptedException {
            return controlDir(workspace).child("jenkins-log.txt");
        }

        @Override
        public final boolean writeLog(FilePath workspace, OutputStream sink) throws IOException, InterruptedException {
            Path log = Path.of(getLogFile(workspace).getRemote());
            if (!Files.exists(log) || Files.size(log) <= lastLocation) {
                return false;
            }
            try (RandomAccessFile raf = new RandomAccessFile(log.toFile(), "r")) {
                raf.seek(lastLocation);
                byte[] buffer = new byte[8192];
                long written = 0;
                for (int n; (n = raf.read(buffer)) > 0; ) {
                    sink.write(buffer, 0, n);
                    written += n;
                }
                sink.flush();
                lastLocation += written;
                return written > 0;
            }
        }

        @Override
        public Integer exitStatus(FilePath workspace, Launcher launcher, TaskListener listener)
                throws IOException, InterruptedException {
            FilePath result = getResultFile(workspace);
            if (!result.exists()) {
                return null;
            }
            String text = Files.readString(Path.of(result.getRemote()), StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? null : Integer.valueOf(text);
        }

        @Override
        public void stop(FilePath workspace, Launcher launcher) throws IOException, InterruptedException {
            // as the real process-tree killer does on Linux: every process whose environment carries the cookie
            String mark = COOKIE + "=" + cookieValue;
            for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
                Path environ = Path.of("/proc", Long.toString(process.pid()), "environ");
                try {
                    String env = new String(Files.readAllBytes(environ), StandardCharsets.UTF_8);
                    if (("\0" + env).contains("\0" + mark + "\0")) {
                        process.destroyForcibly();
                    }
                } catch (IOException | SecurityException e) {
                    // not ours to read, or gone
                }
            }
        }

        @Override
        public void cleanup(FilePath workspace) throws IOException, InterruptedException {
            controlDir(workspace).deleteRecursive();
        }
    }
}
