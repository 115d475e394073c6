package io.mlsteps.jenkins.agent;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.TaskListener;
import io.mlsteps.jenkins.engine.Hashes;

import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

/**
 * The engine jar (the {@code mlsteps} CLI) embedded in the plugin, and its installation on an agent: copied
 * once per content hash into the agent's cache folder, under a temporary name and then renamed, so that
 * builds running at the same time never start half a jar and a plugin update brings its own jar.
 */
public final class EngineJar {
    /** Where the plugin build puts the CLI jar (see plugin/pom.xml). */
    public static final String RESOURCE = "/io/mlsteps/jenkins/engine/mlsteps-engine.jar";

    private static volatile String sha256;

    private EngineJar() {
    }

    private static InputStream open() throws AbortException {
        InputStream in = EngineJar.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new AbortException("this mlsteps plugin was built without its engine jar (" + RESOURCE
                    + "); build the CLI first (mvn -pl cli -am package) and then the plugin");
        }
        return in;
    }

    /** SHA-256 of the embedded jar, computed once per controller start. */
    static String sha256() throws IOException {
        String value = sha256;
        if (value == null) {
            try (InputStream in = open()) {
                value = Hashes.sha256(in);
            }
            sha256 = value;
        }
        return value;
    }

    /**
     * Makes sure the engine jar is on the agent and returns it.
     *
     * @param workspace any path on the agent (used for its channel)
     * @param cacheDir  the agent's cache folder (from {@link AgentFacts})
     */
    public static FilePath install(FilePath workspace, String cacheDir, TaskListener listener)
            throws IOException, InterruptedException {
        String name = Hashes.engineJarName(sha256());
        FilePath dir = workspace.child(cacheDir);
        FilePath jar = dir.child(name);
        if (jar.exists()) {
            return jar;
        }
        dir.mkdirs();
        FilePath part = dir.child(name + "." + UUID.randomUUID() + ".part");
        try (InputStream in = open()) {
            part.copyFrom(in);
        }
        part.renameTo(jar);
        listener.getLogger().println("mlsteps: installed the engine on this agent: " + jar.getRemote());
        return jar;
    }
}
