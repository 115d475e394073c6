package hudson;

import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;

import java.io.File;

/** Signatures of core's Launcher; {@link #isUnix()} is modelled (the local operating system). */
public abstract class Launcher {
    protected Launcher(TaskListener listener, VirtualChannel channel) {
    }

    public boolean isUnix() {
        return File.pathSeparatorChar == ':';
    }

    public static class LocalLauncher extends Launcher {
        public LocalLauncher(TaskListener listener) {
            super(listener, null);
        }
    }
}
