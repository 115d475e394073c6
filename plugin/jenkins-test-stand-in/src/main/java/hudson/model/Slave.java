package hudson.model;

import hudson.FilePath;

import java.io.Serializable;

public abstract class Slave extends Node implements Serializable {
    public FilePath getWorkspaceFor(TopLevelItem item) {
        throw new UnsupportedOperationException("compile-check stand-in");
    }
}
