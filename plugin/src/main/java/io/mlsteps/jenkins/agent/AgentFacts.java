package io.mlsteps.jenkins.agent;

import hudson.remoting.VirtualChannel;
import jenkins.agents.ControllerToAgentFileCallable;

import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;

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
    public Facts invoke(File workspace, VirtualChannel channel) throws IOException {
        Path home = Path.of(System.getProperty("user.home"), ".mlsteps", "engines");
        Path cache = writableFolder(home);
        if (cache == null) {
            Path temp = Path.of(System.getProperty("java.io.tmpdir"), "mlsteps-engines");
            cache = writableFolder(temp);
            if (cache == null) {
                throw new IOException("mlsteps: neither " + home + " nor " + temp + " is a writable folder on this agent;"
                        + " the engine jar needs one of them");
            }
        }
        return new Facts(System.getProperty("java.home"), System.getProperty("java.specification.version"),
                cache.toAbsolutePath().toString());
    }

    /** The folder, created if needed, or null when it cannot be created or written. */
    static Path writableFolder(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException | SecurityException e) {
            return null;
        }
        return Files.isWritable(folder) ? folder : null;
    }
}
