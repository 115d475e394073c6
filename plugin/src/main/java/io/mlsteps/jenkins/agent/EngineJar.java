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
 *
 * <p>Steps running at the same time on one agent may install the same jar at once. Each copies into its own
 * part file; the first to link its part under the jar's name wins ({@link LinkIntoPlace}: a link, unlike a
 * rename, never replaces a file, even when two steps race), and a later one finds the complete jar there and
 * uses it.
 */
public final class EngineJar {
    /** Where the plugin build puts the CLI jar (see plugin/pom.xml). */
    public static final String RESOURCE = "/io/mlsteps/jenkins/engine/mlsteps-engine.jar";

    /** The jar embedded in this plugin. */
    static final Source EMBEDDED = new Resource(RESOURCE);

    private EngineJar() {
    }

    /** Where a jar's bytes come from, with its hash and size (a jar on the agent is complete when its size is). */
    interface Source {
        InputStream open() throws IOException;

        String sha256() throws IOException;

        long size() throws IOException;
    }

    /** A class-path resource; hash and size are computed once per controller start. */
    private static final class Resource implements Source {
        private final String name;
        private volatile String sha256;
        private volatile long size = -1;

        Resource(String name) {
            this.name = name;
        }

        @Override
        public InputStream open() throws AbortException {
            InputStream in = EngineJar.class.getResourceAsStream(name);
            if (in == null) {
                throw new AbortException("this mlsteps plugin was built without its engine jar (" + name
                        + "); build the CLI first (./mvnw -pl cli -am package) and then the plugin");
            }
            return in;
        }

        @Override
        public String sha256() throws IOException {
            if (sha256 == null) {
                try (InputStream in = open()) {
                    sha256 = Hashes.sha256(in);
                }
            }
            return sha256;
        }

        @Override
        public long size() throws IOException {
            if (size < 0) {
                try (InputStream in = open()) {
                    size = in.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
            return size;
        }
    }

    /**
     * Makes sure the engine jar is on the agent and returns it.
     *
     * @param workspace any path on the agent (used for its channel)
     * @param cacheDir  the agent's cache folder (from {@link AgentFacts})
     */
    public static FilePath install(FilePath workspace, String cacheDir, TaskListener listener)
            throws IOException, InterruptedException {
        return install(workspace, cacheDir, listener, EMBEDDED);
    }

    static FilePath install(FilePath workspace, String cacheDir, TaskListener listener, Source source)
            throws IOException, InterruptedException {
        String name = Hashes.engineJarName(source.sha256());
        FilePath dir = workspace.child(cacheDir);
        FilePath jar = dir.child(name);
        if (isComplete(jar, source)) {
            return jar;
        }
        dir.mkdirs();
        if (jar.exists() && !isComplete(jar, source)) {
            // a cut-off copy left by an older plugin that wrote in place; a complete jar (only a link makes one) may
            // have been installed by another step since the check above, and is never deleted
            jar.delete();
        }
        FilePath part = dir.child(name + "." + UUID.randomUUID() + ".part");
        try {
            try (InputStream in = source.open()) {
                part.copyFrom(in);
            }
            if (part.act(new LinkIntoPlace(jar.getRemote()))) {
                listener.getLogger().println("mlsteps: installed the engine on this agent: " + jar.getRemote());
            } else if (!isComplete(jar, source)) {
                throw new IOException("mlsteps: could not install the engine jar " + jar.getRemote()
                        + ": a file of another size is in the way");
            }
            // else another step on this agent installed the same jar a moment earlier
        } finally {
            if (part.exists()) {
                part.delete();
            }
        }
        return jar;
    }

    private static boolean isComplete(FilePath jar, Source source) throws IOException, InterruptedException {
        return jar.exists() && jar.length() == source.size();
    }
}
