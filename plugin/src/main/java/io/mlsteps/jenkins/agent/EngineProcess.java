package io.mlsteps.jenkins.agent;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.TaskListener;
import io.mlsteps.jenkins.engine.JavaCommand;

import java.io.IOException;
import java.util.List;

/** Starts {@code java -jar ENGINE step NAME --request ... --out ...} on the agent and waits for it. */
public final class EngineProcess {
    private EngineProcess() {
    }

    /**
     * @return the engine's exit code (0 passed, 1 unstable, 2 failure, 3 input error, 4 internal error)
     */
    public static int run(Launcher launcher, FilePath workspace, EnvVars env, TaskListener listener, String java,
                          String jvmOptions, FilePath engineJar, String step, FilePath request, FilePath stepDir)
            throws IOException, InterruptedException {
        List<String> cmd = JavaCommand.build(java, jvmOptions, engineJar.getRemote(), step, request.getRemote(),
                stepDir.getRemote(), workspace.getRemote());
        return launcher.launch().cmds(cmd).envs(env).pwd(workspace).stdout(listener).join();
    }
}
