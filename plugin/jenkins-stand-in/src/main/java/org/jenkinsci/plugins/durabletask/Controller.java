package org.jenkinsci.plugins.durabletask;

import hudson.FilePath;
import hudson.Launcher;
import hudson.model.TaskListener;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;

public abstract class Controller implements Serializable {
    private static final long serialVersionUID = 1L;

    public abstract boolean writeLog(FilePath workspace, OutputStream sink) throws IOException, InterruptedException;

    public Integer exitStatus(FilePath workspace, Launcher launcher, TaskListener logger)
            throws IOException, InterruptedException {
        throw new AbstractMethodError("implement exitStatus(FilePath, Launcher, TaskListener)");
    }

    public void stop(FilePath workspace, Launcher launcher) throws IOException, InterruptedException {
        throw new AbstractMethodError("implement stop(FilePath, Launcher)");
    }

    public abstract void cleanup(FilePath workspace) throws IOException, InterruptedException;

    public String getDiagnostics(FilePath workspace, Launcher launcher) throws IOException, InterruptedException {
        return toString();
    }
}
