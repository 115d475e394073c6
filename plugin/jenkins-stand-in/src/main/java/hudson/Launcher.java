package hudson;

import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Signatures of core's Launcher; {@link #isUnix()} is modelled (the local operating system). */
public abstract class Launcher {
    protected Launcher(TaskListener listener, VirtualChannel channel) {
    }

    public final ProcStarter launch() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public boolean isUnix() {
        return File.pathSeparatorChar == ':';
    }

    public final class ProcStarter {
        public ProcStarter cmds(List<String> args) {
            throw new UnsupportedOperationException("compile-check stand-in");
        }

        public ProcStarter pwd(FilePath workDir) {
            throw new UnsupportedOperationException("compile-check stand-in");
        }

        public ProcStarter stdout(TaskListener out) {
            throw new UnsupportedOperationException("compile-check stand-in");
        }

        public ProcStarter envs(Map<String, String> overrides) {
            throw new UnsupportedOperationException("compile-check stand-in");
        }

        public int join() throws IOException, InterruptedException {
            throw new UnsupportedOperationException("compile-check stand-in");
        }
    }

    public static class LocalLauncher extends Launcher {
        public LocalLauncher(TaskListener listener) {
            super(listener, null);
        }
    }
}
