package hudson;

import hudson.model.TaskListener;

import java.io.IOException;
import java.util.List;
import java.util.Map;

public abstract class Launcher {
    public final ProcStarter launch() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public boolean isUnix() {
        throw new UnsupportedOperationException("compile-check stand-in");
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
}
