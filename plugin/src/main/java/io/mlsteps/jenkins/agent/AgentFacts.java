package io.mlsteps.jenkins.agent;

import hudson.remoting.VirtualChannel;
import jenkins.agents.ControllerToAgentFileCallable;

import java.io.File;
import java.io.Serializable;
import java.nio.file.Files;

/**
 * Runs on the agent (via {@code workspace.act(...)}) and reports the agent JVM's Java home and a writable
 * folder where engine jars are cached: {@code ~/.mlsteps/engines}, or the temporary folder when the home is
 * not writable.
 */
public record AgentFacts() implements ControllerToAgentFileCallable<AgentFacts.Facts> {
    private static final long serialVersionUID = 1L;

    /** What the agent told us. */
    public record Facts(String javaHome, String javaVersion, String cacheDir) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    @Override
    public Facts invoke(File workspace, VirtualChannel channel) {
        String javaHome = System.getProperty("java.home");
        File cache = new File(System.getProperty("user.home"), ".mlsteps" + File.separator + "engines");
        if (!(cache.isDirectory() || cache.mkdirs()) || !Files.isWritable(cache.toPath())) {
            cache = new File(System.getProperty("java.io.tmpdir"), "mlsteps-engines");
            cache.mkdirs();
        }
        return new Facts(javaHome, System.getProperty("java.specification.version"), cache.getAbsolutePath());
    }
}
