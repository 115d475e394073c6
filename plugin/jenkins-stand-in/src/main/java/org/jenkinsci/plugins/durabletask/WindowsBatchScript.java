package org.jenkinsci.plugins.durabletask;

/** Signatures of durable-task's WindowsBatchScript; launching is not modelled (the stand-in runs on Unix). */
public final class WindowsBatchScript extends FileMonitoringTask {
    private final String script;

    public WindowsBatchScript(String script) {
        this.script = script == null ? "" : script;
    }

    public String getScript() {
        return script;
    }
}
